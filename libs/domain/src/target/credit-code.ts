/**
 * 统一社会信用代码 — the unified social credit code of GB 32100-2015: 18 characters from a
 * 31-character alphabet (digits and capitals without I, O, Z, S, V):
 *   1      registration authority (登记管理部门代码, e.g. 9 = market regulation)
 *   2      organisation type (机构类别代码)
 *   3–8    administrative division of the registering authority (登记管理机关行政区划码)
 *   9–17   the subject's identification code (主体标识码, GB 11714 organisation code)
 *   18     check character, computed over the first 17 with weights 3^(i) mod 31
 * A registry keyed by the code must refuse a mistyped one (000 §13: the registry is the pool
 * every draw is made from), so the check character is verified, not just the length.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null when one of them is not in the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** Why the code is not a valid unified social credit code, or null when it is. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return `must be 18 characters, not ${code.length}`;
  const bad = [...code].findIndex((c) => !ALPHABET.includes(c));
  if (bad >= 0) return `character ${bad + 1} ('${code[bad]}') is not allowed: use digits and capital letters other than I, O, Z, S, V`;
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'characters 3–8 must be the six-digit administrative division code';
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (expected !== code[17]) return `check character is wrong: expected ${expected} for ${code.slice(0, 17)}, found ${code[17]} (GB 32100-2015)`;
  return null;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}

/** Appends the check character: how test fixtures and benchmarks make valid codes. */
export function withCreditCodeCheckCharacter(first17: string): string {
  const check = creditCodeCheckCharacter(first17);
  if (check === null) throw new Error(`${first17} is not 17 characters of the credit-code alphabet`);
  return first17 + check;
}
