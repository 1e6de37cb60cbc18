/**
 * The read store port: where projections keep the documents, counters and sorted indexes that
 * queries read. Writes happen only through `commit`, which stores a batch together with the
 * projection checkpoint — both land or neither does — so a crash at any point leaves the read
 * models equal to some prefix of the log, and the runner resumes from exactly that prefix.
 */

import { SetPage, SetQueryOptions, SetWrite } from './sets/member-sets';
export { SetPage, SetQueryOptions, SetWrite } from './sets/member-sets';

/**
 * One write in a batch. Documents are JSON values; counters are integers; indexes order members
 * by score; member sets (set-add, set-remove) hold members of a universe as chunked bitmaps over
 * the universe's member numbers, for intersections over millions of members.
 */
export type ReadWrite =
  | SetWrite
  | { readonly op: 'put'; readonly collection: string; readonly id: string; readonly document: unknown }
  | { readonly op: 'delete'; readonly collection: string; readonly id: string }
  | { readonly op: 'incr'; readonly counter: string; readonly by: number }
  | { readonly op: 'index-add'; readonly index: string; readonly member: string; readonly score: number }
  | { readonly op: 'index-remove'; readonly index: string; readonly member: string };

export interface CheckpointUpdate {
  /** Name of the projection runner whose checkpoint this is. */
  readonly name: string;
  /** The checkpoint the batch was computed from (null before the first batch). The commit is
   *  refused with CheckpointConflictError when the stored checkpoint differs, so two runners
   *  can never interleave their batches. */
  readonly expected: string | null;
  readonly next: string;
  /** When set, the commit is refused with LeaseLostError unless `token` is the current fencing
   *  token of `lease` (held, not expired), checked in the same atomic step as the checkpoint, so
   *  a holder that lost its lease while paused cannot apply the batch it was working on. */
  readonly fence?: Fence;
}

export interface LeaseHolder {
  readonly owner: string;
  readonly token: number;
  readonly expiresInMs: number;
}

export interface Fence {
  readonly lease: string;
  readonly token: number;
}

export interface IndexRangeOptions {
  /** Inclusive score bounds; default -inf..+inf. */
  readonly min?: number;
  readonly max?: number;
  readonly offset?: number;
  readonly limit?: number;
  /** Highest score first. */
  readonly reverse?: boolean;
}

export interface IndexEntry {
  readonly member: string;
  readonly score: number;
}

export interface ReadStore {
  getDocument<T = unknown>(collection: string, id: string): Promise<T | null>;
  getDocuments<T = unknown>(collection: string, ids: readonly string[]): Promise<(T | null)[]>;
  getCounter(counter: string): Promise<number>;
  rangeIndex(index: string, options?: IndexRangeOptions): Promise<IndexEntry[]>;
  indexSize(index: string): Promise<number>;
  /** Members of the universe in every one of the sets (first-added order), one page and the total. */
  intersectSets(universe: string, sets: readonly string[], options?: SetQueryOptions): Promise<SetPage>;
  getCheckpoint(name: string): Promise<string | null>;
  /** Atomically applies the writes in order and moves the checkpoint. */
  commit(writes: readonly ReadWrite[], checkpoint: CheckpointUpdate): Promise<void>;
  /**
   * Takes the named lease for `owner` for `ttlMs` when it is free, expired, or already this
   * owner's, and returns its new fencing token, higher than every token handed out for the name
   * before; null while another owner holds it.
   */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<number | null>;
  /** Extends the lease by `ttlMs` from now; false when it expired or someone else holds it (with another token). */
  renewLease(name: string, owner: string, token: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up at once, if it is still this owner's with this token. */
  releaseLease(name: string, owner: string, token: number): Promise<void>;
  /** Who holds the named lease now, and for how much longer unless renewed; null when nobody does (free, released or expired). */
  leaseHolder(name: string): Promise<LeaseHolder | null>;
  /** Removes every document, counter, index and checkpoint: the start of a rebuild. Leases stay. */
  clear(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol('READ_STORE');

export class CheckpointConflictError extends Error {
  constructor(
    readonly checkpoint: string,
    readonly expected: string | null,
    readonly actual: string | null,
  ) {
    super(`checkpoint ${checkpoint}: expected ${expected ?? 'none'}, found ${actual ?? 'none'}`);
    this.name = 'CheckpointConflictError';
  }
}

/** A fenced commit whose token is no longer the lease's current one: another instance took over. */
export class LeaseLostError extends Error {
  constructor(
    readonly lease: string,
    readonly token: number,
    readonly current: number | null,
  ) {
    super(`lease ${lease}: fencing token ${token} is not the current one (${current ?? 'none held'})`);
    this.name = 'LeaseLostError';
  }
}

export class ReadStoreUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'ReadStoreUnavailableError';
  }
}
