/**
 * The storage behind the protocol test server: one global log ($all) plus a per-stream index.
 * Positions are assigned as an EventStoreDB node assigns them: every event has its own prepare
 * position (the byte offset of its record in the log), and the events of one write share one
 * commit position — the position of the write's first record — so for a write of several events
 * commit ≠ prepare for all but the first, and $all is ordered by (commit, prepare). A client that
 * compares or resumes by commit position alone, or takes the position a write reports for its last
 * event's, is caught here as it would be by a real node.
 */

export interface ProposedRecord {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

/** A position in $all, as the server reports it. */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface StoredRecord extends ProposedRecord {
  readonly stream: string;
  readonly revision: bigint;
  readonly position: LogPosition;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB reports `created`. */
  readonly createdTicks: bigint;
}

/** Expected stream state, as the gRPC AppendReq.Options oneof expresses it. */
export type ExpectedState = { kind: 'any' } | { kind: 'no-stream' } | { kind: 'stream-exists' } | { kind: 'revision'; revision: bigint };

export type AppendOutcome =
  /** `position`: the write's, as a node reports it — its commit position, the first event's. */
  | { readonly ok: true; readonly currentRevision: bigint | null; readonly position: LogPosition | null }
  | { readonly ok: false; readonly currentRevision: bigint | null };

export type Direction = 'forwards' | 'backwards';

/** First log position handed out; real logs also start past a header, never at 0. */
const FIRST_POSITION = 1n;
/** Bytes a record takes in the log, near enough: positions are byte offsets, not counters. */
const RECORD_BYTES = 128n;
const TICKS_PER_MS = 10_000n;

export class InMemoryLog {
  private readonly all: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly listeners = new Set<() => void>();
  private nextOffset = FIRST_POSITION;

  append(stream: string, expected: ExpectedState, proposed: readonly ProposedRecord[]): AppendOutcome {
    const existing = this.streams.get(stream) ?? [];
    const currentRevision = existing.length > 0 ? BigInt(existing.length - 1) : null;
    if (!satisfies(expected, currentRevision)) return { ok: false, currentRevision };
    if (proposed.length === 0) return { ok: true, currentRevision, position: null };
    const createdTicks = BigInt(Date.now()) * TICKS_PER_MS;
    const commit = this.nextOffset;
    for (const record of proposed) {
      const stored: StoredRecord = {
        ...record,
        stream,
        revision: BigInt(existing.length),
        position: { commit, prepare: this.nextOffset },
        createdTicks,
      };
      this.nextOffset += RECORD_BYTES;
      existing.push(stored);
      this.all.push(stored);
    }
    this.streams.set(stream, existing);
    this.notify();
    const last = existing[existing.length - 1];
    return { ok: true, currentRevision: last.revision, position: { commit, prepare: commit } };
  }

  /** null when the stream has no events. `from` is inclusive. */
  readStream(stream: string, from: bigint | 'start' | 'end', direction: Direction, count: number): StoredRecord[] | null {
    const events = this.streams.get(stream);
    if (!events) return null;
    if (direction === 'forwards') {
      const start = from === 'start' ? 0 : from === 'end' ? events.length : Number(from);
      return events.slice(start, start + count);
    }
    const start = from === 'end' ? events.length - 1 : from === 'start' ? 0 : Math.min(Number(from), events.length - 1);
    return takeBackwards(events, start, count);
  }

  /**
   * Forwards reads are inclusive of `from`; backwards reads return the events *before* `from`,
   * as EventStoreDB's backward $all read takes a post-position (the end of the last record wanted).
   */
  readAll(from: LogPosition | 'start' | 'end', direction: Direction, count: number, predicate: (r: StoredRecord) => boolean): StoredRecord[] {
    const result: StoredRecord[] = [];
    if (direction === 'forwards') {
      for (let i = this.indexAtOrAfter(from); i < this.all.length && result.length < count; i++) {
        if (predicate(this.all[i])) result.push(this.all[i]);
      }
      return result;
    }
    for (let i = this.indexBefore(from); i >= 0 && result.length < count; i--) {
      if (predicate(this.all[i])) result.push(this.all[i]);
    }
    return result;
  }

  /** Index into the global log of the first event at or after `from`, by (commit, prepare). */
  indexAtOrAfter(from: LogPosition | 'start' | 'end'): number {
    if (from === 'start') return 0;
    if (from === 'end') return this.all.length;
    return this.firstIndex((position) => compare(position, from) >= 0);
  }

  /** Index into the global log of the first event strictly after `position`, by (commit, prepare). */
  indexAfter(position: LogPosition): number {
    return this.firstIndex((at) => compare(at, position) > 0);
  }

  /** Binary search: the log is ordered by position. */
  private firstIndex(isAtOrPast: (position: LogPosition) => boolean): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (isAtOrPast(this.all[middle].position)) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** The position the next write will take: where a node's reader stands at the end of the log. */
  endPosition(): LogPosition {
    return { commit: this.nextOffset, prepare: this.nextOffset };
  }

  at(index: number): StoredRecord | undefined {
    return this.all[index];
  }

  /** Calls `listener` after every successful append; returns the unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private indexBefore(from: LogPosition | 'start' | 'end'): number {
    if (from === 'end') return this.all.length - 1;
    if (from === 'start') return -1;
    return this.indexAtOrAfter(from) - 1;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function satisfies(expected: ExpectedState, currentRevision: bigint | null): boolean {
  switch (expected.kind) {
    case 'any':
      return true;
    case 'no-stream':
      return currentRevision === null;
    case 'stream-exists':
      return currentRevision !== null;
    case 'revision':
      return currentRevision === expected.revision;
  }
}

function takeBackwards(events: readonly StoredRecord[], start: number, count: number): StoredRecord[] {
  const result: StoredRecord[] = [];
  for (let i = start; i >= 0 && result.length < count; i--) result.push(events[i]);
  return result;
}

function compare(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
