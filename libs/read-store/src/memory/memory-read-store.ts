import { CheckpointConflictError, CheckpointUpdate, IndexEntry, IndexRangeOptions, LeaseHolder, LeaseLostError, ReadStore, ReadWrite } from '../read-store.port';
import { PreparedWrite, prepareWrites, validateRange } from '../prepared-writes';
import { SetPage, SetQueryOptions, SetWrite, applySetWrites, assignNumbers, chunkKey, intersectSets, memberKey, touchedChunks } from '../sets/member-sets';

/**
 * The embedded read store: everything lives in this process's memory. Documents are kept as JSON
 * text, so what callers get back is always a fresh copy and never shares objects with the store.
 */
export class MemoryReadStore implements ReadStore {
  private readonly documents = new Map<string, Map<string, string>>();
  private readonly counters = new Map<string, number>();
  private readonly indexes = new Map<string, SortedIndex>();
  private readonly checkpoints = new Map<string, string>();
  /** Member sets: numbers by memberKey, members by universe and number, chunk bytes by chunkKey. */
  private readonly memberNumbers = new Map<string, number>();
  private readonly membersByNumber = new Map<string, string[]>();
  private readonly setChunks = new Map<string, Map<number, Uint8Array>>();
  /** Kept after release or expiry (expiresAt in the past), so the next token is still higher. */
  private readonly leases = new Map<string, { owner: string; token: number; expiresAt: number }>();

  async getDocument<T = unknown>(collection: string, id: string): Promise<T | null> {
    return this.readDocument<T>(collection, id);
  }

  async getDocuments<T = unknown>(collection: string, ids: readonly string[]): Promise<(T | null)[]> {
    return ids.map((id) => this.readDocument<T>(collection, id));
  }

  async getCounter(counter: string): Promise<number> {
    return this.counters.get(counter) ?? 0;
  }

  async rangeIndex(index: string, options: IndexRangeOptions = {}): Promise<IndexEntry[]> {
    validateRange(options);
    return this.indexes.get(index)?.range(options) ?? [];
  }

  async indexSize(index: string): Promise<number> {
    return this.indexes.get(index)?.size ?? 0;
  }

  async intersectSets(universe: string, sets: readonly string[], options: SetQueryOptions = {}): Promise<SetPage> {
    return intersectSets(
      {
        chunks: async (u, set) => this.setChunks.get(setKey(u, set)) ?? new Map(),
        members: async (u, numbers) => numbers.map((n) => this.membersByNumber.get(u)![n]),
      },
      universe,
      sets,
      options,
    );
  }

  async getCheckpoint(name: string): Promise<string | null> {
    return this.checkpoints.get(name) ?? null;
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<number | null> {
    const lease = this.leases.get(name);
    const now = Date.now();
    if (lease && lease.expiresAt > now && lease.owner !== owner) return null;
    const token = (lease?.token ?? 0) + 1;
    this.leases.set(name, { owner, token, expiresAt: now + ttlMs });
    return token;
  }

  async renewLease(name: string, owner: string, token: number, ttlMs: number): Promise<boolean> {
    const lease = this.heldLease(name);
    if (!lease || lease.owner !== owner || lease.token !== token) return false;
    lease.expiresAt = Date.now() + ttlMs;
    return true;
  }

  async releaseLease(name: string, owner: string, token: number): Promise<void> {
    const lease = this.leases.get(name);
    if (lease && lease.owner === owner && lease.token === token) lease.expiresAt = 0;
  }

  async leaseHolder(name: string): Promise<LeaseHolder | null> {
    const lease = this.heldLease(name);
    return lease ? { owner: lease.owner, token: lease.token, expiresInMs: lease.expiresAt - Date.now() } : null;
  }

  async commit(writes: readonly ReadWrite[], checkpoint: CheckpointUpdate): Promise<void> {
    const prepared = prepareWrites(writes);
    if (checkpoint.fence) {
      const current = this.heldLease(checkpoint.fence.lease)?.token ?? null;
      if (current !== checkpoint.fence.token) throw new LeaseLostError(checkpoint.fence.lease, checkpoint.fence.token, current);
    }
    const actual = this.checkpoints.get(checkpoint.name) ?? null;
    if (actual !== checkpoint.expected) {
      throw new CheckpointConflictError(checkpoint.name, checkpoint.expected, actual);
    }
    // Nothing below can throw, so the batch and the checkpoint land together.
    this.applySets(prepared.filter((w): w is SetWrite & PreparedWrite => w.op === 'set-add' || w.op === 'set-remove'));
    prepared.forEach((write) => this.apply(write));
    this.checkpoints.set(checkpoint.name, checkpoint.next);
  }

  async clear(): Promise<void> {
    this.documents.clear();
    this.counters.clear();
    this.indexes.clear();
    this.checkpoints.clear();
    this.memberNumbers.clear();
    this.membersByNumber.clear();
    this.setChunks.clear();
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  private heldLease(name: string) {
    const lease = this.leases.get(name);
    return lease && lease.expiresAt > Date.now() ? lease : undefined;
  }

  private readDocument<T>(collection: string, id: string): T | null {
    const json = this.documents.get(collection)?.get(id);
    return json === undefined ? null : (JSON.parse(json) as T);
  }

  private applySets(writes: readonly SetWrite[]): void {
    if (writes.length === 0) return;
    const assignment = assignNumbers(writes, this.memberNumbers, (universe) => this.membersByNumber.get(universe)?.length ?? 0);
    for (const { universe, member, n } of assignment.created) {
      this.memberNumbers.set(memberKey(universe, member), n);
      let members = this.membersByNumber.get(universe);
      if (!members) this.membersByNumber.set(universe, (members = []));
      members[n] = member;
    }
    const loaded = new Map<string, Uint8Array | null>();
    for (const ref of touchedChunks(writes, assignment)) loaded.set(chunkKey(ref.universe, ref.set, ref.chunk), this.setChunks.get(setKey(ref.universe, ref.set))?.get(ref.chunk) ?? null);
    for (const { universe, set, chunk, bytes } of applySetWrites(writes, assignment, loaded).values()) {
      let chunks = this.setChunks.get(setKey(universe, set));
      if (!chunks) this.setChunks.set(setKey(universe, set), (chunks = new Map()));
      if (bytes) chunks.set(chunk, bytes);
      else chunks.delete(chunk);
    }
  }

  private apply(write: PreparedWrite): void {
    switch (write.op) {
      case 'put':
        this.collection(write.collection).set(write.id, write.json);
        break;
      case 'delete':
        this.documents.get(write.collection)?.delete(write.id);
        break;
      case 'incr':
        this.counters.set(write.counter, (this.counters.get(write.counter) ?? 0) + write.by);
        break;
      case 'index-add':
        this.index(write.index).add(write.member, write.score);
        break;
      case 'index-remove':
        this.indexes.get(write.index)?.remove(write.member);
        break;
      case 'set-add':
      case 'set-remove':
        break; // applied by applySets
    }
  }

  private collection(name: string): Map<string, string> {
    let collection = this.documents.get(name);
    if (!collection) this.documents.set(name, (collection = new Map()));
    return collection;
  }

  private index(name: string): SortedIndex {
    let index = this.indexes.get(name);
    if (!index) this.indexes.set(name, (index = new SortedIndex()));
    return index;
  }
}

const setKey = (universe: string, set: string) => `${universe}\u0000${set}`;

/** Members ordered by score, ties by member, kept sorted so ranges are binary searches. */
class SortedIndex {
  private readonly scores = new Map<string, number>();
  private readonly entries: IndexEntry[] = [];

  get size(): number {
    return this.entries.length;
  }

  add(member: string, score: number): void {
    this.remove(member);
    const entry = { member, score };
    this.entries.splice(
      this.firstAtOrAfter((e) => compareEntries(e, entry) >= 0),
      0,
      entry,
    );
    this.scores.set(member, score);
  }

  remove(member: string): void {
    const score = this.scores.get(member);
    if (score === undefined) return;
    this.entries.splice(
      this.firstAtOrAfter((e) => compareEntries(e, { member, score }) >= 0),
      1,
    );
    this.scores.delete(member);
  }

  range({ min = -Infinity, max = Infinity, offset = 0, limit = Infinity, reverse = false }: IndexRangeOptions): IndexEntry[] {
    const from = this.firstAtOrAfter((e) => e.score >= min);
    const to = Math.max(
      from,
      this.firstAtOrAfter((e) => e.score > max),
    );
    const count = Math.max(0, Math.min(limit, to - from - offset));
    const slice = reverse ? this.entries.slice(to - offset - count, to - offset).reverse() : this.entries.slice(from + offset, from + offset + count);
    return slice.map((e) => ({ ...e }));
  }

  /** Index of the first entry satisfying `reached`, which must be false then true along the array. */
  private firstAtOrAfter(reached: (entry: IndexEntry) => boolean): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (reached(this.entries[middle])) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}

function compareEntries(a: IndexEntry, b: IndexEntry): number {
  return a.score - b.score || compareMembers(a.member, b.member);
}

/**
 * Redis breaks score ties by comparing members' UTF-8 bytes. That is code point order, which plain
 * `<` on UTF-16 strings gets wrong only where a surrogate meets a unit in U+E000..U+FFFF; shifting
 * those two ranges past each other fixes it.
 */
function compareMembers(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointOrder(x) - codePointOrder(y);
  }
  return a.length - b.length;
}

function codePointOrder(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
