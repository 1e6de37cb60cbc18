/**
 * The lottery itself (双随机: 随机抽取检查对象、随机选派执法检查人员), version `dsr-draw-v1`.
 * Deterministic: the same pool, entropy and count always select the same members in the same
 * order, so anyone can re-run a draw from what was published. docs/draw-algorithm.md specifies
 * every step so that an outsider can re-implement it; its test vectors are checked in the spec.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const DRAW_ALGORITHM = 'dsr-draw-v1';

/** One revealed source of randomness (witness input, public beacon value, or the server's committed value). */
export interface EntropyContribution {
  readonly kind: 'witness' | 'beacon' | 'server';
  /** Who or what supplied it, e.g. '公证员 张某' or 'beacon round 4412007'. */
  readonly label: string;
  readonly value: string;
}

/** Sorts member ids into the canonical order (by UTF-16 code units, which for ASCII ids is byte order) and refuses duplicates. */
export function canonicalPool(members: readonly string[]): string[] {
  // a pool computed from the registry comes in canonical order already: one pass proves it
  if (isStrictlyIncreasing(members)) return members.slice();
  const sorted = [...members].sort(compareCodeUnits);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw new Error(`pool member ${sorted[i]} appears twice`);
  }
  return sorted;
}

function isStrictlyIncreasing(members: readonly string[]): boolean {
  for (let i = 1; i < members.length; i++) if (!(members[i - 1] < members[i])) return false;
  return true;
}

/**
 * Hashes already taken, by the pool array itself: a freeze hashes its pools and the draw checks
 * the same arrays again (the command runner decides twice), a million ids each time. Pools are
 * never changed once computed (they are `readonly`); a pool rebuilt from the log is a new array
 * and is hashed afresh.
 */
const hashedPools = new WeakMap<readonly string[], string>();

/** SHA-256 (lowercase hex) of the canonical pool, each id followed by a line feed, UTF-8. */
export function poolHash(canonical: readonly string[]): string {
  const known = hashedPools.get(canonical);
  if (known !== undefined) return known;
  const digest = hashOf(canonical);
  hashedPools.set(canonical, digest);
  return digest;
}

function hashOf(canonical: readonly string[]): string {
  const hash = createHash('sha256');
  const CHUNK = 4096;
  for (let i = 0; i < canonical.length; i += CHUNK) hash.update(canonical.slice(i, i + CHUNK).join('\n') + '\n', 'utf8');
  return hash.digest('hex');
}

/**
 * SHA-256 (lowercase hex) of a stratum's exclusions in the order the pools computed them: each
 * as the JSON array `[targetId, reason, detail]` in canonical form (RFC 8785), followed by a line
 * feed, UTF-8. A freeze publishes this and the count instead of the list, so no freeze outgrows a
 * store's largest write however many targets it keeps out; the list itself follows from the log
 * at the freeze's eligibility position, and the hash binds it.
 */
export function exclusionsHash(excluded: readonly { readonly targetId: string; readonly reason: string; readonly detail: string }[]): string {
  const hash = createHash('sha256');
  const CHUNK = 1024;
  for (let i = 0; i < excluded.length; i += CHUNK) {
    const lines = excluded.slice(i, i + CHUNK).map((e) => `${canonicalize([e.targetId, e.reason, e.detail])}\n`);
    hash.update(lines.join(''), 'utf8');
  }
  return hash.digest('hex');
}

/** SHA-256 commitment to a secret value, published before the value is revealed. */
export function commitmentTo(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * The seed: SHA-256 of the RFC 8785 canonical JSON of
 * `{ algorithm, poolHash, stratum, contributions: [{kind, label, value}…] }` (contributions in recorded order).
 */
export function combineSeed(input: { poolHash: string; stratum: string; contributions: readonly EntropyContribution[] }): Buffer {
  const text = canonicalize({
    algorithm: DRAW_ALGORITHM,
    poolHash: input.poolHash,
    stratum: input.stratum,
    contributions: input.contributions.map(({ kind, label, value }) => ({ kind, label, value })),
  });
  return createHash('sha256').update(text!, 'utf8').digest();
}

/**
 * A stream of uniformly distributed 32-bit integers: SHA-256 in counter mode,
 * block i = SHA-256(seed ‖ uint32be(i)), each block read as eight big-endian uint32.
 */
export class SeededStream {
  private block = Buffer.alloc(0);
  private offset = 0;
  private counter = 0;

  constructor(private readonly seed: Buffer) {}

  nextUint32(): number {
    if (this.offset >= this.block.length) {
      const counter = Buffer.alloc(4);
      counter.writeUInt32BE(this.counter++);
      this.block = createHash('sha256').update(this.seed).update(counter).digest();
      this.offset = 0;
    }
    const value = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** Uniform integer in [0, bound) by rejection sampling: no modulo bias. */
  below(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) throw new Error(`bound ${bound} out of range`);
    const limit = Math.floor(2 ** 32 / bound) * bound;
    for (;;) {
      const value = this.nextUint32();
      if (value < limit) return value % bound;
    }
  }
}

/**
 * The members of the canonical pool in the order a Fisher–Yates shuffle of the index array
 * [0 … n−1], driven by the seeded stream, puts them: at step i = 0, 1, …, j = i + below(n − i),
 * swap A[i] and A[j], yield P[A[i]]. Lazy: taking 5,000 of 1,000,000 costs 5,000 steps, and only
 * swapped positions are stored.
 */
export function* shuffledOrder(canonical: readonly string[], seed: Buffer): Generator<string> {
  const n = canonical.length;
  const stream = new SeededStream(seed);
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  for (let i = 0; i < n; i++) {
    const j = i + stream.below(n - i);
    const picked = at(j);
    swapped.set(j, at(i));
    swapped.set(i, picked);
    yield canonical[picked];
  }
}

/** Selects `count` members of the canonical pool, in draw order: the first `count` of `shuffledOrder`. */
export function selectMembers(canonical: readonly string[], seed: Buffer, count: number): string[] {
  return drawWithSkips(canonical, seed, count, () => false).selected;
}

/**
 * Like `selectMembers`, but members for which `isSkipped` holds are passed over (and reported)
 * and the shuffle continues until `count` members are selected or the pool is exhausted. The
 * target draw skips members whose yearly quota another draw used up after the freeze.
 */
export function drawWithSkips(
  canonical: readonly string[],
  seed: Buffer,
  count: number,
  isSkipped: (member: string) => boolean,
): { selected: string[]; skipped: string[] } {
  const k = Math.min(Math.max(0, Math.floor(count)), canonical.length);
  const selected: string[] = [];
  const skipped: string[] = [];
  if (k === 0) return { selected, skipped };
  for (const member of shuffledOrder(canonical, seed)) {
    if (isSkipped(member)) skipped.push(member);
    else selected.push(member);
    if (selected.length === k) break;
  }
  return { selected, skipped };
}

/**
 * How many members a ratio selects from a pool: the ratio (a percentage with at most two
 * decimals) applied and rounded up, so a non-empty pool at a positive ratio yields at least one.
 * Integer arithmetic in basis points keeps 5.1 % of 1,000 at exactly 51.
 */
export function countForRatio(poolSize: number, ratioPercent: number): number {
  const basisPoints = Math.round(ratioPercent * 100);
  return Math.min(poolSize, Math.floor((poolSize * basisPoints + 9999) / 10000));
}

/** Whether a list is in canonical order, by the list itself: lists are not changed once computed (see hashedPools). */
const sortedLists = new WeakMap<readonly string[], boolean>();

/**
 * A membership test for a list of ids. A pool's exempt list can hold every member of a pool of a
 * million (a key-item task exempts them all), and a Set of it took a second to build where the draw
 * asks about a few thousand ids: a list in canonical order is searched instead.
 */
export function membershipOf(ids: readonly string[]): (id: string) => boolean {
  let sorted = sortedLists.get(ids);
  if (sorted === undefined) sortedLists.set(ids, (sorted = isSorted(ids)));
  if (!sorted) {
    const set = new Set(ids);
    return (id) => set.has(id);
  }
  return (id) => {
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ids[middle] < id) low = middle + 1;
      else high = middle;
    }
    return low < ids.length && ids[low] === id;
  };
}

function isSorted(members: readonly string[]): boolean {
  for (let i = 1; i < members.length; i++) if (members[i - 1] > members[i]) return false;
  return true;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
