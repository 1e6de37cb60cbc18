/**
 * RFC 8785 (JCS) canonical JSON, written exactly as the `canonicalize` package writes it — the
 * reference every hash in docs/event-envelope.md and docs/integrity.md is specified against — but
 * several times faster for plain JSON data: the object keys are put in order once, and the engine's
 * own JSON.stringify writes the rest (JCS takes its string and number forms from JSON.stringify).
 * Anything that is not plain JSON data goes to `canonicalize` itself, so the two never differ.
 */
import canonicalize from 'canonicalize';

/** Marks a value whose text `canonicalize` alone may write: the fast path steps aside. */
const UNUSUAL = Symbol('unusual');

export function canonicalJson(value: unknown): string | undefined {
  const ordered = inKeyOrder(value);
  return ordered === UNUSUAL ? canonicalize(value) : JSON.stringify(ordered);
}

/**
 * A copy of a JSON value whose objects have their keys inserted in sorted order, which
 * JSON.stringify then keeps. UNUSUAL where that would not give canonicalize's text: integer-like
 * keys (engines enumerate them first, whatever the insertion order), `__proto__`, toJSON,
 * functions, symbols, bigints and non-finite numbers.
 */
function inKeyOrder(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : UNUSUAL;
    case 'object':
      break;
    default:
      return UNUSUAL;
  }
  if (value === null) return null;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return UNUSUAL;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = inKeyOrder(value[i]);
      if (item === UNUSUAL) return UNUSUAL;
      copy[i] = item;
    }
    return copy;
  }
  const keys = Object.keys(value).sort();
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === '__proto__' || isArrayIndex(key)) return UNUSUAL;
    const item = inKeyOrder((value as Record<string, unknown>)[key]);
    if (item === UNUSUAL) return UNUSUAL;
    if (item !== undefined) copy[key] = item;
  }
  return copy;
}

/** Keys the engine orders numerically before all others: canonical integers below 2³² − 1. */
function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (!(first >= 48 && first <= 57)) return false;
  return String(Number(key)) === key && Number(key) < 4294967295;
}
