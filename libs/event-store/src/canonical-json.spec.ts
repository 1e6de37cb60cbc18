/**
 * canonicalJson must write exactly what the `canonicalize` package (the reference of
 * docs/event-envelope.md) writes, for every value: event hashes depend on every byte.
 */
import canonicalize from 'canonicalize';
import { canonicalJson } from './canonical-json';

/** A small deterministic generator, so that a failure replays. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const KEYS = [
  'a',
  'b',
  'B',
  'aa',
  '',
  '0',
  '1',
  '10',
  '2',
  '01',
  '-1',
  '1.5',
  '4294967295',
  '4294967294',
  '__proto__',
  'constructor',
  'é',
  '零陵',
  '\u0000',
  '"',
  '\\',
  '😀',
  '\ud800',
];
const STRINGS = ['', 'x', '零陵区测试路1号', 'tab\there', 'quote"', 'back\\slash', '\u2028', '\ud83d', '😀', '\u001f', '\u007f'];
const NUMBERS = [0, -0, 1, -1, 1.5, 1e21, 1e-7, 123456789012345680000, Number.MAX_SAFE_INTEGER, 5e-324, 0.1 + 0.2];

function value(next: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const kind = depth > 3 ? Math.floor(next() * 4) : Math.floor(next() * 6);
  switch (kind) {
    case 0:
      return pick(STRINGS);
    case 1:
      return pick(NUMBERS);
    case 2:
      return pick([true, false, null]);
    case 3:
      return pick([undefined, 'plain']);
    case 4:
      return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 6); i > 0; i--)
        Object.defineProperty(object, pick(KEYS), { value: value(next, depth + 1), enumerable: true, writable: true, configurable: true });
      return object;
    }
  }
}

describe('canonical JSON', () => {
  it('should equal canonicalize for 5,000 generated values, integer-like keys, __proto__ and lone surrogates included', () => {
    const next = random(20261202);
    for (let i = 0; i < 5000; i++) {
      const v = value(next, 0);
      expect(canonicalJson(v)).toBe(canonicalize(v));
    }
  });

  it('should equal canonicalize for values as JSON.parse returns them from stored text', () => {
    const next = random(7);
    for (let i = 0; i < 2000; i++) {
      const parsed = JSON.parse(JSON.stringify(value(next, 0)) ?? 'null');
      expect(canonicalJson(parsed)).toBe(canonicalize(parsed));
    }
  });

  it('should leave to canonicalize what is not plain JSON data: toJSON, symbols, functions', () => {
    const date = new Date('2026-03-02T08:00:00.000Z');
    for (const v of [{ at: date }, [date], { s: Symbol('x'), n: 1 }, { f: () => 1 }, [Symbol('x')], new String('ab')])
      expect(canonicalJson(v)).toBe(canonicalize(v));
  });

  it('should refuse what canonicalize refuses', () => {
    for (const v of [NaN, Infinity, { n: -Infinity }, [NaN]]) expect(() => canonicalJson(v)).toThrow();
    expect(() => canonicalJson({ n: 1n })).toThrow();
  });
});
