/**
 * The EventStore port on EventStoreDB, through @eventstore/db-client (gRPC).
 *
 * EventStoreDB knows nothing of our hash chain, so every append first reads the stream's tail,
 * chains onto it, and appends with that exact revision: of two racing appends only one can
 * land on a given tail. The caller's own expectation is checked against the tail we read.
 */
import {
  AllStreamResolvedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  Filter,
  NO_STREAM,
  Position as EsdbPosition,
  ReadPosition,
  START as ESDB_START,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
} from '@eventstore/db-client';
import { StreamTail, chainEvents } from '../envelope';
import { StreamNotFoundError, WrongExpectedRevisionError } from '../errors';
import {
  AllSubscription,
  AppendResult,
  Direction,
  EventStore,
  ExpectedRevision,
  Position,
  ProposedEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  START,
  SubscribeAllOptions,
  SubscriptionFilter,
  comparePositions,
} from '../event-store.port';
import { CheckpointListener, EsdbAllSubscription } from './esdb-all-subscription';
import { KeyedSerializer } from '../keyed-serializer';
import { fromEsdbEvent, fromEsdbPosition, isSystemEvent, isTransient, toEventData, translateError } from './esdb-mapping';

/** Attempts for an append that keeps losing the race for the stream's tail. */
const MAX_APPEND_ATTEMPTS = 10;
/** Events read at a time when a flexible append looks for an earlier append of its events. */
const RETRY_SEARCH_PAGE = 500;
const RETRY_BASE_DELAY_MS = 5;
const MAX_RETRY_DELAY_MS = 250;
/** Page size when scanning $all, which interleaves system events with ours. */
const READ_ALL_PAGE_SIZE = 500;
/** Extra events read per page so a few system events at the head do not cost a second round trip. */
const SYSTEM_EVENT_SLACK = 8;

interface Tail extends StreamTail {
  readonly position: Position;
}

const READS_IN_FLIGHT = 64;

export class EsdbEventStore implements EventStore {
  private readonly appendQueues = new KeyedSerializer();

  private constructor(private readonly client: EventStoreDBClient) {}

  /** Connects lazily: the first call opens the channel, and a failing call makes the next one reconnect. */
  static fromConnectionString(url: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(url));
  }

  /** Connects and checks the server answers; throws StoreUnavailableError when it does not. */
  static async connect(url: string): Promise<EsdbEventStore> {
    const store = EsdbEventStore.fromConnectionString(url);
    try {
      await store.ping();
      return store;
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  /** Appends from this process are serialised per stream; retries only cover other processes. */
  append(stream: string, events: readonly ProposedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.appendQueues.run(stream, () => this.appendWithRetries(stream, events, expected));
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision === undefined ? (backwards ? END : ESDB_START) : BigInt(options.fromRevision),
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) if (resolved.event) events.push(fromEsdbEvent(resolved.event));
    } catch (error) {
      throw translateError(error, stream);
    }
    return events;
  }

  /** One read per stream, a few dozen in flight: EventStoreDB has no read of many streams at once. */
  async readStreams(streams: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const read = new Map<string, RecordedEvent[]>();
    for (let i = 0; i < streams.length; i += READS_IN_FLIGHT) {
      const chunk = streams.slice(i, i + READS_IN_FLIGHT);
      const events = await Promise.all(
        chunk.map((stream) =>
          this.readStream(stream).catch((error: unknown) => {
            if (error instanceof StreamNotFoundError) return [];
            throw error;
          }),
        ),
      );
      chunk.forEach((stream, j) => read.set(stream, events[j]));
    }
    return read;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    if (maxCount <= 0) return events;
    for await (const event of this.scanAll(options.direction ?? 'forwards', options.fromPosition, maxCount)) {
      events.push(event);
      if (events.length >= maxCount) break;
    }
    return events;
  }

  subscribeAll(options: SubscribeAllOptions = {}): AllSubscription {
    const fromPosition: ReadPosition = !options.after || comparePositions(options.after, START) === 0 ? ESDB_START : options.after;
    return new EsdbAllSubscription(
      (onCheckpoint) => this.client.subscribeToAll({ fromPosition, filter: serverSideFilter(options.filter, onCheckpoint) }),
      options.filter,
      // a node before 23.10 never says it has caught up: the subscription tells by the head. With a
      // filter, the head may be an event the filter skips; a checkpoint past it then tells instead.
      this.headPosition(),
      options.after ?? null,
    );
  }

  async headPosition(): Promise<Position | null> {
    const [last] = await this.readAll({ direction: 'backwards', maxCount: 1 });
    return last?.position ?? null;
  }

  async ping(): Promise<void> {
    await this.collectAll(BACKWARDS, END, 1);
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async appendWithRetries(stream: string, events: readonly ProposedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    // where an attempt that may have landed would have put the events (the revision after its tail)
    let mayHaveLandedAt: number | null = null;
    for (let attempt = 1; ; attempt++) {
      const tail = await this.readTail(stream);
      // 'any' and 'stream-exists' would chain onto whatever tail there is now — onto our own
      // events, had the attempt landed: look for them where that attempt put them first
      const landed =
        mayHaveLandedAt !== null && isFlexible(expected) && tail && tail.revision >= mayHaveLandedAt + events.length - 1
          ? await this.findAppended(stream, events, mayHaveLandedAt)
          : undefined;
      if (landed) return landed;
      const settled = await this.settleExpectation(stream, events, expected, tail);
      if (settled) return settled;
      try {
        return await this.appendOnto(stream, tail, events);
      } catch (error) {
        // a leader change, a deadline or a node away: the write may have landed. The next pass
        // re-reads the tail, so a write that did is recognised by its event ids (derived from the
        // command id) and not repeated, whatever the expectation
        if (isTransient(error) && attempt < MAX_APPEND_ATTEMPTS) {
          mayHaveLandedAt = (tail?.revision ?? -1) + 1;
          await delay(Math.min(MAX_RETRY_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** attempt));
          continue;
        }
        if (!(error instanceof WrongExpectedVersionError)) throw translateError(error, stream, appendSizeOf(events));
        if (attempt >= MAX_APPEND_ATTEMPTS) throw new WrongExpectedRevisionError(stream, expected, actualOf(error));
        // The next pass re-checks an exact expectation against the new tail (an idempotent retry
        // or WrongExpectedRevisionError); 'any' and 'stream-exists' chain onto the new tail.
        if (isFlexible(expected)) await delay(Math.random() * Math.min(MAX_RETRY_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** attempt));
      }
    }
  }

  /**
   * Checks the caller's expectation against the tail. Returns the original result when the same
   * events were already appended right after the expected revision (a retried command), nothing
   * when the append may go ahead, and throws when the expectation does not hold.
   */
  private async settleExpectation(
    stream: string,
    events: readonly ProposedEvent[],
    expected: ExpectedRevision,
    tail: Tail | null,
  ): Promise<AppendResult | undefined> {
    // a node keeps no lasting index of event ids (its idempotency check covers the expected
    // revision only), so under 'any' or 'stream-exists' a retried command would be written twice:
    // look for its first event in the stream. The service itself appends at exact revisions.
    if (expected === 'any' || (expected === 'stream-exists' && tail)) return tail ? this.findAnywhere(stream, events) : undefined;
    if (expected === 'stream-exists') throw new WrongExpectedRevisionError(stream, expected, 'no-stream');
    const expectedRevision = expected === 'no-stream' ? -1 : expected;
    const currentRevision = tail?.revision ?? -1;
    if (currentRevision === expectedRevision) return undefined;
    const original = currentRevision > expectedRevision ? await this.findAppended(stream, events, expectedRevision + 1) : undefined;
    if (original) return original;
    throw new WrongExpectedRevisionError(stream, expected, tail?.revision ?? 'no-stream');
  }

  /** The result of an earlier append of these same events anywhere in the stream, newest first. */
  private async findAnywhere(stream: string, events: readonly ProposedEvent[]): Promise<AppendResult | undefined> {
    const first = events[0]?.id;
    if (first === undefined) return undefined;
    for (let from: number | undefined; from === undefined || from >= 0;) {
      const page = await this.readStream(stream, { direction: 'backwards', fromRevision: from, maxCount: RETRY_SEARCH_PAGE });
      const found = page.find((event) => event.id === first);
      if (found) return this.findAppended(stream, events, found.revision);
      if (page.length < RETRY_SEARCH_PAGE) return undefined;
      from = page[page.length - 1].revision - 1;
    }
    return undefined;
  }

  private async findAppended(stream: string, events: readonly ProposedEvent[], fromRevision: number): Promise<AppendResult | undefined> {
    if (events.length === 0) return undefined;
    const stored = await this.readStream(stream, { fromRevision, maxCount: events.length });
    const same = stored.length === events.length && stored.every((event, i) => event.id === events[i].id);
    if (!same) return undefined;
    const last = stored[stored.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private async appendOnto(stream: string, tail: Tail | null, events: readonly ProposedEvent[]): Promise<AppendResult> {
    if (events.length === 0) return { nextExpectedRevision: tail?.revision ?? -1, position: tail?.position ?? START };
    const chained = chainEvents(stream, tail, events);
    const result = await this.client.appendToStream(stream, chained.map(toEventData), {
      expectedRevision: tail ? BigInt(tail.revision) : NO_STREAM,
    });
    const nextExpectedRevision = Number(result.nextExpectedRevision);
    // For a multi-event write the server reports the write's position, which need not be the
    // last event's (events of one write share a commit position); read that event's back.
    const position = chained.length === 1 && result.position ? fromEsdbPosition(result.position) : await this.positionOf(stream, nextExpectedRevision);
    return { nextExpectedRevision, position };
  }

  private async readTail(stream: string): Promise<Tail | null> {
    try {
      const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
      return last ? { revision: last.revision, hash: last.metadata.hash, position: last.position } : null;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
  }

  private async positionOf(stream: string, revision: number): Promise<Position> {
    const [event] = await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
    return event.position;
  }

  /**
   * Our events of $all in order, without system events, read page by page. Forward reads are
   * inclusive of their start; a backward read from a position excludes it (EventStoreDB takes
   * it as the end of the last record wanted), so that event is fetched separately.
   */
  private async *scanAll(direction: Direction, from: Position | undefined, maxCount: number): AsyncGenerator<RecordedEvent> {
    const pageSize = Math.min(READ_ALL_PAGE_SIZE, maxCount + SYSTEM_EVENT_SLACK);
    let cursor: ReadPosition = from ?? (direction === 'forwards' ? ESDB_START : END);
    let alreadySeen: Position | undefined;
    if (direction === 'backwards' && from) {
      const [atFrom] = await this.collectAll(FORWARDS, from, 1);
      if (atFrom?.event && comparePositions(fromEsdbPosition(atFrom.event.position), from) === 0) {
        alreadySeen = from;
        if (!isSystemEvent(atFrom.event)) yield fromEsdbEvent(atFrom.event);
      }
    }
    for (;;) {
      const page = await this.collectAll(direction === 'forwards' ? FORWARDS : BACKWARDS, cursor, pageSize);
      for (const { event } of page) {
        if (!event || isSystemEvent(event)) continue;
        const recorded = fromEsdbEvent(event);
        if (!alreadySeen || comparePositions(recorded.position, alreadySeen) !== 0) yield recorded;
      }
      const last = page[page.length - 1]?.event;
      if (page.length < pageSize || !last) return;
      cursor = fromEsdbPosition(last.position);
      alreadySeen = cursor;
    }
  }

  private async collectAll(direction: typeof FORWARDS | typeof BACKWARDS, fromPosition: ReadPosition, maxCount: number): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    try {
      for await (const resolved of this.client.readAll({ direction, fromPosition, maxCount })) page.push(resolved);
    } catch (error) {
      throw translateError(error);
    }
    return page;
  }
}

/**
 * EventStoreDB filters on one property server-side: the stream name when stream prefixes are
 * given, else the event type; the full filter is applied again client-side. Without a filter,
 * system events are excluded server-side.
 */
function serverSideFilter(filter: SubscriptionFilter | undefined, checkpointReached: CheckpointListener): Filter {
  const onCheckpoint = (_subscription: unknown, position: EsdbPosition): void => checkpointReached(position);
  if (filter?.streamPrefixes) return streamNameFilter({ prefixes: [...filter.streamPrefixes], checkpointReached: onCheckpoint });
  if (filter?.eventTypePrefixes) return eventTypeFilter({ prefixes: [...filter.eventTypePrefixes], checkpointReached: onCheckpoint });
  return excludeSystemEvents({ checkpointReached: onCheckpoint });
}

function isFlexible(expected: ExpectedRevision): boolean {
  return expected === 'any' || expected === 'stream-exists';
}

function actualOf(error: WrongExpectedVersionError): number | 'no-stream' {
  return typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : 'no-stream';
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The write's size as the store counts it, near enough: the JSON of every event's data and metadata. */
function appendSizeOf(events: readonly ProposedEvent[]): number {
  return events.reduce((sum, event) => sum + Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata)), 0);
}
