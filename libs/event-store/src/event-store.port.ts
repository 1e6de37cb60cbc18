/**
 * The event store port. Every capability appends and reads through this interface; the
 * adapters (embedded SQLite, EventStoreDB) differ only below it.
 *
 * Revisions count a stream's events from 0. Global positions order every event of the store;
 * a subscription starts *after* the position it is given (exclusive), a read starts *at* it
 * (inclusive) — the same convention EventStoreDB uses.
 */
import { EventMetadata, CommandMetadata } from './envelope';

/** Where the caller expects the stream to be before its events are appended. */
export type ExpectedRevision = 'no-stream' | 'any' | 'stream-exists' | number;

/** A position in the global order. The embedded store uses commit = prepare = sequence number. */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** An event as a command handler proposes it: the store adds revision, position and hash chain. */
export interface ProposedEvent<Data = unknown> {
  /** Derived from the command id (see `eventIdFor`), so a retried command appends nothing twice. */
  readonly id: string;
  /** Stable stored name, independent of any class name. */
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

/** An event as the store holds it. */
export interface RecordedEvent<Data = unknown> {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: Position;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly nextExpectedRevision: number;
  /** Global position of the last appended event. */
  readonly position: Position;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: Direction;
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  readonly direction?: Direction;
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  readonly fromPosition?: Position;
  readonly maxCount?: number;
}

export interface SubscriptionFilter {
  /** Deliver only events whose type starts with one of these. */
  readonly eventTypePrefixes?: readonly string[];
  /** Deliver only events whose stream name starts with one of these. */
  readonly streamPrefixes?: readonly string[];
}

export interface SubscribeAllOptions {
  /** Exclusive start; omitted means from the very beginning. */
  readonly after?: Position;
  readonly filter?: SubscriptionFilter;
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** Every event that existed when the subscription caught up has been delivered. Comes again after a `fell-behind`. */
  | { readonly kind: 'caught-up' }
  /**
   * A live subscription could not keep up (the consumer was too slow for the writes) and is
   * reading from the log again: a `caught-up` follows once it has caught up again. Nothing is
   * lost or repeated; only the pace changes (EventStoreDB 23.10 and later say so; older nodes
   * switch silently).
   */
  | { readonly kind: 'fell-behind' }
  /** Nothing more to deliver right now (the embedded store says so each time it has read to the
   *  end): a consumer holding a partial batch can commit it at once instead of waiting a fixed time. */
  | { readonly kind: 'idle' }
  /**
   * Filtered subscriptions report progress through skipped events: every event before `position`
   * that the filter takes has been delivered. An event *at* `position` may still come —
   * EventStoreDB may name the position it reads next, even the end of the log, which the next
   * write then takes — so a checkpoint is never a place to resume `after`; resume after the
   * last event delivered.
   */
  | { readonly kind: 'checkpoint'; readonly position: Position };

/** A catch-up-then-live subscription. Iterate it; `close()` ends the iteration. */
export interface AllSubscription extends AsyncIterable<SubscriptionMessage> {
  close(): Promise<void>;
}

export interface EventStore {
  append(stream: string, events: readonly ProposedEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Every event of each of the streams, forwards; a stream with no events maps to an empty array.
   * For bulk work such as an import: the embedded store reads them all in one transaction, far
   * cheaper than one read each.
   */
  readStreams(streams: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeAll(options?: SubscribeAllOptions): AllSubscription;
  /** Position of the last event in the store, or null for an empty store. */
  headPosition(): Promise<Position | null>;
  /** Cheap liveness probe for health checks; throws StoreUnavailableError. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Injection token for the configured adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');

export const START: Position = Object.freeze({ commit: 0n, prepare: 0n });

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** `"<commit>/<prepare>"` — how positions are written into checkpoints and JSON. */
export function formatPosition(position: Position): string {
  return `${position.commit}/${position.prepare}`;
}

export function parsePosition(text: string): Position {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new Error(`not a position: ${text}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

export function matchesFilter(event: Pick<RecordedEvent, 'type' | 'stream'>, filter?: SubscriptionFilter): boolean {
  if (!filter) return true;
  if (filter.eventTypePrefixes && !filter.eventTypePrefixes.some((p) => event.type.startsWith(p))) return false;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((p) => event.stream.startsWith(p))) return false;
  return true;
}
