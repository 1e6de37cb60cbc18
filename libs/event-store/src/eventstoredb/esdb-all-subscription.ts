/**
 * Adapts the client's $all subscription (a Node stream plus `caughtUp`, `fellBehind` and
 * checkpoint side channels) to the port's AsyncIterable of subscription messages.
 *
 * Catching up is reported whatever the node's version: 23.10 and later send `caught_up` (and
 * `fell_behind` when a live subscriber is too slow, then `caught_up` again); older nodes send
 * neither, so the subscription also says it has caught up once it has come to the last event that
 * was in the log when it started (the `head` it is given): by delivering it, or, when its filter
 * skips that event, by a checkpoint past it.
 */
import { AllStreamResolvedEvent, AllStreamSubscription, Position as EsdbPosition } from '@eventstore/db-client';
import { AllSubscription, Position, SubscriptionFilter, SubscriptionMessage, comparePositions, matchesFilter } from '../event-store.port';
import { StoreUnavailableError } from '../errors';
import { fromEsdbEvent, fromEsdbPosition, isSystemEvent, translateError } from './esdb-mapping';

/** Messages buffered for a slow consumer before the gRPC stream is paused (flow control). */
const HIGH_WATER_MARK = 1_000;
const LOW_WATER_MARK = 100;

export type CheckpointListener = (position: EsdbPosition) => void;

/** Opens the client subscription, wiring its checkpoint callback to the listener given. */
export type OpenSubscription = (onCheckpoint: CheckpointListener) => AllStreamSubscription;

export class EsdbAllSubscription implements AllSubscription {
  private readonly queue = new MessageQueue<SubscriptionMessage>();
  private readonly source: AllStreamSubscription;
  /** Side-channel messages waiting for the stream events that the client buffered before them. */
  private readonly deferred: { dueAfter: number; message: SubscriptionMessage }[] = [];
  private eventsSeen = 0;
  private closed = false;
  /** Reading from the log rather than live: until the first caught-up, and after a fell-behind. */
  private behind = true;
  /** The last event the log held at the start, once read (null: none). */
  private head: Position | null | undefined = undefined;
  /** The last event delivered (at first: where the subscription starts after). */
  private reached: Position | null;
  /** The last checkpoint's position. */
  private checkpointed: Position | null = null;

  /**
   * @param head the position of the last event in the log as the subscription starts (null when
   *   there is none), for nodes that send no caught-up message
   * @param after the exclusive start of the subscription (null: the beginning of the log)
   */
  constructor(
    open: OpenSubscription,
    private readonly filter: SubscriptionFilter | undefined,
    head: Promise<Position | null>,
    after: Position | null,
  ) {
    this.reached = after;
    this.source = open((position) => this.onSideMessage({ kind: 'checkpoint', position: fromEsdbPosition(position) }));
    this.source.on('data', (resolved: AllStreamResolvedEvent) => this.onEvent(resolved));
    this.source.on('caughtUp', () => this.onSideMessage({ kind: 'caught-up' }));
    this.source.on('fellBehind', () => this.onSideMessage({ kind: 'fell-behind' }));
    this.source.on('error', (error: Error) => this.queue.fail(asPortError(error)));
    this.source.on('end', () => this.queue.fail(new StoreUnavailableError('EventStoreDB ended the subscription')));
    head.then(
      (position) => {
        this.head = position;
        if (this.headDelivered()) this.onSideMessage({ kind: 'caught-up' });
      },
      (error: unknown) => this.queue.fail(asPortError(error)),
    );
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.queue.end();
    await this.source.unsubscribe();
  }

  private async next(): Promise<IteratorResult<SubscriptionMessage>> {
    const result = this.queue.next();
    if (this.source.isPaused() && this.queue.size <= LOW_WATER_MARK) this.source.resume();
    return result;
  }

  private onEvent(resolved: AllStreamResolvedEvent): void {
    this.eventsSeen += 1;
    const event = resolved.event;
    if (event && !isSystemEvent(event)) {
      const recorded = fromEsdbEvent(event);
      if (matchesFilter(recorded, this.filter)) {
        this.push({ kind: 'event', event: recorded });
        this.reached = recorded.position;
        if (this.headDelivered()) this.push({ kind: 'caught-up' });
      }
    }
    while (this.deferred.length > 0 && this.deferred[0].dueAfter <= this.eventsSeen) this.push(this.deferred.shift()!.message);
  }

  /** Still catching up for the first time, on a node that has not said so, with the start's head delivered. */
  private headDelivered(): boolean {
    if (!this.behind || this.head === undefined) return false;
    if (this.head === null) return true;
    return (
      (this.reached !== null && comparePositions(this.reached, this.head) >= 0) ||
      // every event before a checkpoint's position has been delivered (or skipped by the filter)
      (this.checkpointed !== null && comparePositions(this.checkpointed, this.head) > 0)
    );
  }

  /**
   * `caughtUp` and checkpoints are emitted while the client's readable side may still hold
   * events that came before them on the wire; hold them back until those have been delivered.
   */
  private onSideMessage(message: SubscriptionMessage): void {
    const dueAfter = this.eventsSeen + this.source.readableLength;
    if (this.deferred.length === 0 && dueAfter === this.eventsSeen) this.push(message);
    else this.deferred.push({ dueAfter, message });
  }

  private push(message: SubscriptionMessage): void {
    // a caught-up while not behind (the node's own after the one made from the head) says nothing new
    if (message.kind === 'caught-up') {
      if (!this.behind) return;
      this.behind = false;
    } else if (message.kind === 'fell-behind') {
      if (this.behind) return;
      this.behind = true;
      this.head = undefined; // from here on only the node's caught-up ends it
    } else if (message.kind === 'checkpoint') {
      // every event before a checkpoint's position has been delivered; one at it may still come
      this.checkpointed = message.position;
    }
    this.queue.push(message);
    if (this.queue.size >= HIGH_WATER_MARK && !this.source.isPaused()) this.source.pause();
    if (message.kind === 'checkpoint' && this.headDelivered()) this.push({ kind: 'caught-up' });
  }
}

function asPortError(error: unknown): Error {
  const translated = translateError(error);
  return translated instanceof Error ? translated : new StoreUnavailableError('EventStoreDB subscription failed', error);
}

/** A single-consumer async queue: pushed values in order, then either the end or a failure. */
class MessageQueue<T> {
  private readonly buffered: T[] = [];
  private readonly waiting: { resolve(result: IteratorResult<T>): void; reject(error: unknown): void }[] = [];
  private failure: unknown = null;
  private finished = false;

  get size(): number {
    return this.buffered.length;
  }

  push(value: T): void {
    if (this.finished) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve({ done: false, value });
    else this.buffered.push(value);
  }

  /** Ends the iteration now, dropping what the consumer has not taken yet. */
  end(): void {
    this.finished = true;
    this.buffered.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter.resolve({ done: true, value: undefined });
  }

  /** Lets the consumer take what is buffered, then throws `error`. */
  fail(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.failure = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffered.length > 0) return Promise.resolve({ done: false, value: this.buffered.shift()! });
    if (this.failure !== null) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (this.finished) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
}
