/**
 * What a citizen reads on a public page, checked for English words and internal ids (issue 13
 * item 5: "no English words or internal ids on public pages").
 *
 * Every run of ASCII letters and digits in the visible text that holds a letter is a token; a
 * token is allowed only as one of these, and anything else — `quota-reached`, `witness`, `all`,
 * `grade-D`, a class, task, item or department id, an English exclusion detail — is a leak:
 *
 * - anywhere: a unified social credit code (18 capitals and digits); a single capital A–D (a
 *   credit-risk grade, 信用风险 A 类); the standard names `SHA-256` and `Ed25519` (what a
 *   verifier must know to recompute a hash or check a signature); an acronym of two to five
 *   capitals as Chinese official text writes it (CCC 获证产品, GB/T 4754) — departments write
 *   these in their checklists and task titles, and no internal id is in capitals;
 * - inside an element marked `hash` (values shown as machine values, in monospace): hexadecimal
 *   of 16 digits or more (hashes, commitments, key ids), base64 of 40 characters or more
 *   (signatures, the public key), the armour of a PEM public key, and a versioned algorithm name
 *   (`dsr-draw-v1`, which `docs/draw-algorithm.md` defines and a verifier must follow);
 * - inside an element marked `ref`: the draw's own reference, given to the function by the test —
 *   the draw page shows it once, labelled 抽取编号（核验时引用）, because it is what a citizen
 *   types into `cli verify-draw` or the JSON route to verify the draw. Everywhere else a draw is
 *   named by its ordinal (第 2 次抽取) and a task by its title.
 *
 * Text in attributes (links, anchors, `data-label`) and hidden elements is not read; nor are the
 * `registered` texts the test names — what a company or department wrote into its own record (a
 * registered name holding markup, say), which the pages show as written.
 */
import type { Page } from 'playwright-core';

export async function asciiLeaks(page: Page, references: readonly string[], registered: readonly string[] = []): Promise<string[]> {
  // run in the page (written as text: the project compiles without the DOM's types)
  const texts = await page.evaluate<{ text: string; hash: boolean; ref: boolean; pre: boolean }[]>(`(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.textContent.trim()) continue;
      if (parent.closest('script,style,template') || !parent.checkVisibility()) continue;
      out.push({ text: node.textContent, hash: !!parent.closest('.hash'), ref: !!parent.closest('.ref'), pre: !!parent.closest('pre') });
    }
    return out;
  })()`);
  const leaks: string[] = [];
  for (const { text, hash, ref, pre } of texts) {
    let plain = pre ? text.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, ' ') : text;
    for (const own of registered) plain = plain.split(own).join(' ');
    for (const token of plain.match(/[A-Za-z0-9][A-Za-z0-9+/=._-]*/g) ?? []) {
      if (!/[A-Za-z]/.test(token)) continue;
      const word = token.replace(/[._-]+$/, '');
      if (/^[0-9A-Z]{18}$/.test(word) || /^[A-D]$/.test(word) || word === 'SHA-256' || word === 'Ed25519') continue;
      if (/^[A-Z]{2,5}(\/[A-Z])?$/.test(word)) continue;
      if (hash && (/^[0-9a-f]{16,}$/i.test(word) || /^[A-Za-z0-9+/]{40,}={0,2}$/.test(word) || /^dsr-[a-z]+-v\d+$/.test(word))) continue;
      if (ref && references.includes(word)) continue;
      leaks.push(`${word} in “${text.trim().slice(0, 80)}”`);
    }
  }
  return leaks;
}
