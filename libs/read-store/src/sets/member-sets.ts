/**
 * What every read store does with member sets, whatever it keeps them in: numbering members,
 * folding a batch's set writes into the chunks they touch, and answering an intersection page by
 * page. Adapters fetch and store; the rules live here once.
 *
 * Members of a universe (e.g. every target) get dense numbers 0, 1, 2, … in the order they are
 * first added to any of its sets, so a universe's sets are chunked bitmaps over the same numbers
 * and list their members in first-added order.
 */
import { Chunk, addToChunk, chunkOf, countIntersection, decodeChunk, encodeChunk, intersectChunks, lowOf, removeFromChunk, CHUNK_SIZE } from './posting-chunk';

export type SetWrite =
  | { readonly op: 'set-add'; readonly universe: string; readonly set: string; readonly member: string }
  | { readonly op: 'set-remove'; readonly universe: string; readonly set: string; readonly member: string };

export interface SetQueryOptions {
  readonly offset?: number;
  readonly limit?: number;
  /** Last-added first. */
  readonly reverse?: boolean;
}

export interface SetPage {
  /** Members in every one of the sets. */
  readonly total: number;
  readonly members: string[];
}

export const memberKey = (universe: string, member: string) => `${universe}\u0000${member}`;
export const chunkKey = (universe: string, set: string, chunk: number) => `${universe}\u0000${set}\u0000${chunk}`;

export interface NumberAssignment {
  readonly created: { universe: string; member: string; n: number }[];
  /** The next free number of each universe that numbered a member. */
  readonly next: Map<string, number>;
  /** The number of each write's member, by the write's place in the batch (-1: a member never added). */
  readonly byWrite: Int32Array;
}

/**
 * Calls `visit` with each write's member key, computing it once per run of writes naming the same
 * member: a projection names one member in many sets at once (a target in some twenty), and at a
 * million writes a batch the keys were a fifth of the work.
 */
function forEachMemberKey(writes: readonly SetWrite[], visit: (key: string, write: SetWrite, index: number) => void): void {
  let universe: string | null = null;
  let member: string | null = null;
  let key = '';
  for (let i = 0; i < writes.length; i++) {
    const w = writes[i];
    if (w.member !== member || w.universe !== universe) [universe, member, key] = [w.universe, w.member, memberKey(w.universe, w.member)];
    visit(key, w, i);
  }
}

/** Which (universe, member) pairs a batch names: what the adapter must look up first. */
export function namedMembers(writes: readonly SetWrite[]): { universe: string; member: string }[] {
  const seen = new Map<string, { universe: string; member: string }>();
  forEachMemberKey(writes, (key, w) => seen.has(key) || seen.set(key, { universe: w.universe, member: w.member }));
  return [...seen.values()];
}

/** Gives new members the next numbers in the order the batch first adds them. */
export function assignNumbers(writes: readonly SetWrite[], known: ReadonlyMap<string, number>, nextOf: (universe: string) => number): NumberAssignment {
  // memberKey → number of the members this batch numbers
  const numbered = new Map<string, number>();
  const next = new Map<string, number>();
  const created: NumberAssignment['created'] = [];
  const byWrite = new Int32Array(writes.length);
  forEachMemberKey(writes, (key, w, i) => {
    let n = numbered.get(key) ?? known.get(key);
    if (n === undefined && w.op === 'set-add') {
      n = next.get(w.universe) ?? nextOf(w.universe);
      next.set(w.universe, n + 1);
      created.push({ universe: w.universe, member: w.member, n });
      numbered.set(key, n);
    }
    byWrite[i] = n ?? -1;
  });
  return { created, next, byWrite };
}

export interface ChunkRef {
  readonly universe: string;
  readonly set: string;
  readonly chunk: number;
}

/** The chunks the writes change: what the adapter must load before `applySetWrites`. */
export function touchedChunks(writes: readonly SetWrite[], assignment: NumberAssignment): ChunkRef[] {
  const refs = new Map<string, ChunkRef>();
  for (let i = 0; i < writes.length; i++) {
    const n = assignment.byWrite[i];
    if (n < 0) continue;
    const w = writes[i];
    const chunk = chunkOf(n);
    const key = chunkKey(w.universe, w.set, chunk);
    if (!refs.has(key)) refs.set(key, { universe: w.universe, set: w.set, chunk });
  }
  return [...refs.values()];
}

/** Applies the writes in order to the loaded chunks; returns each touched chunk's new bytes (null: now empty). */
export function applySetWrites(
  writes: readonly SetWrite[],
  assignment: NumberAssignment,
  loaded: ReadonlyMap<string, Uint8Array | null>,
): Map<string, ChunkRef & { bytes: Buffer | null }> {
  const working = new Map<string, ChunkRef & { chunk_: Chunk }>();
  for (let i = 0; i < writes.length; i++) {
    const n = assignment.byWrite[i];
    if (n < 0) continue; // removing a member never added
    const w = writes[i];
    const chunk = chunkOf(n);
    const key = chunkKey(w.universe, w.set, chunk);
    let entry = working.get(key);
    if (!entry) working.set(key, (entry = { universe: w.universe, set: w.set, chunk, chunk_: decodeChunk(loaded.get(key)) }));
    entry.chunk_ = w.op === 'set-add' ? addToChunk(entry.chunk_, lowOf(n)) : removeFromChunk(entry.chunk_, lowOf(n));
  }
  const out = new Map<string, ChunkRef & { bytes: Buffer | null }>();
  for (const [key, { universe, set, chunk, chunk_ }] of working) out.set(key, { universe, set, chunk, bytes: encodeChunk(chunk_) });
  return out;
}

/** Storage for reading sets, as an adapter provides it. */
export interface SetSource {
  /** The set's stored chunk numbers with their bytes. */
  chunks(universe: string, set: string): Promise<Map<number, Uint8Array>>;
  /** Members by number, in the order asked. */
  members(universe: string, numbers: readonly number[]): Promise<string[]>;
}

export function validateSetQuery(sets: readonly string[], { offset, limit }: SetQueryOptions): void {
  if (sets.length === 0) throw new RangeError('a set intersection needs at least one set');
  if (offset !== undefined && !(Number.isSafeInteger(offset) && offset >= 0)) throw new RangeError(`set offset ${offset} must be a non-negative integer`);
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) throw new RangeError(`set limit ${limit} must be a non-negative integer`);
}

/** Members in all the sets, in number order (reversed on request), one page of them, and how many there are. */
export async function intersectSets(source: SetSource, universe: string, sets: readonly string[], options: SetQueryOptions = {}): Promise<SetPage> {
  validateSetQuery(sets, options);
  const { offset = 0, limit = Infinity, reverse = false } = options;
  const loaded = await Promise.all([...new Set(sets)].map((set) => source.chunks(universe, set)));
  loaded.sort((a, b) => a.size - b.size);
  const common = [...loaded[0].keys()].filter((chunk) => loaded.every((chunks) => chunks.has(chunk))).sort((a, b) => a - b);
  if (reverse) common.reverse();
  let total = 0;
  const page: number[] = [];
  for (const chunk of common) {
    const decoded = loaded.map((chunks) => decodeChunk(chunks.get(chunk)));
    const count = countIntersection(decoded);
    // members are listed only for the chunks the page falls in; the rest are only counted
    if (page.length < limit && total + count > offset) {
      const lows = intersectChunks(decoded);
      if (reverse) lows.reverse();
      for (let i = Math.max(0, offset - total); i < lows.length && page.length < limit; i++) page.push(chunk * CHUNK_SIZE + lows[i]);
    }
    total += count;
  }
  return { total, members: page.length === 0 ? [] : await source.members(universe, page) };
}
