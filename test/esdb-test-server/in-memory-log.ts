/**
 * The storage behind the protocol test server: one global log ($all) plus a per-stream index.
 * Each event gets its own log position, used as both commit and prepare position.
 */

export interface ProposedRecord {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export interface StoredRecord extends ProposedRecord {
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB reports `created`. */
  readonly createdTicks: bigint;
}

/** Expected stream state, as the gRPC AppendReq.Options oneof expresses it. */
export type ExpectedState = { kind: 'any' } | { kind: 'no-stream' } | { kind: 'stream-exists' } | { kind: 'revision'; revision: bigint };

export type AppendOutcome =
  | { readonly ok: true; readonly currentRevision: bigint | null; readonly position: bigint | null }
  | { readonly ok: false; readonly currentRevision: bigint | null };

export type Direction = 'forwards' | 'backwards';

/** First log position handed out; real logs also start past a header, never at 0. */
const FIRST_POSITION = 1n;
const TICKS_PER_MS = 10_000n;

export class InMemoryLog {
  private readonly all: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly listeners = new Set<() => void>();

  append(stream: string, expected: ExpectedState, proposed: readonly ProposedRecord[]): AppendOutcome {
    const existing = this.streams.get(stream) ?? [];
    const currentRevision = existing.length > 0 ? BigInt(existing.length - 1) : null;
    if (!satisfies(expected, currentRevision)) return { ok: false, currentRevision };
    if (proposed.length === 0) return { ok: true, currentRevision, position: null };
    const createdTicks = BigInt(Date.now()) * TICKS_PER_MS;
    for (const record of proposed) {
      const stored: StoredRecord = {
        ...record,
        stream,
        revision: BigInt(existing.length),
        position: FIRST_POSITION + BigInt(this.all.length),
        createdTicks,
      };
      existing.push(stored);
      this.all.push(stored);
    }
    this.streams.set(stream, existing);
    this.notify();
    const last = existing[existing.length - 1];
    return { ok: true, currentRevision: last.revision, position: last.position };
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
  readAll(from: bigint | 'start' | 'end', direction: Direction, count: number, predicate: (r: StoredRecord) => boolean): StoredRecord[] {
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

  /** Index into the global log of the first event at or after `from`. */
  indexAtOrAfter(from: bigint | 'start' | 'end'): number {
    if (from === 'start') return 0;
    if (from === 'end') return this.all.length;
    return clampIndex(from - FIRST_POSITION, this.all.length);
  }

  /** Index into the global log of the first event strictly after `position`. */
  indexAfter(position: bigint): number {
    return clampIndex(position - FIRST_POSITION + 1n, this.all.length);
  }

  at(index: number): StoredRecord | undefined {
    return this.all[index];
  }

  /** Calls `listener` after every successful append; returns the unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private indexBefore(from: bigint | 'start' | 'end'): number {
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

function clampIndex(index: bigint, length: number): number {
  if (index < 0n) return 0;
  return index > BigInt(length) ? length : Number(index);
}
