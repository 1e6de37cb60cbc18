/**
 * Adapts the client's $all subscription (a Node stream plus `caughtUp` and checkpoint side
 * channels) to the port's AsyncIterable of subscription messages.
 */
import { AllStreamResolvedEvent, AllStreamSubscription, Position as EsdbPosition } from '@eventstore/db-client';
import { AllSubscription, SubscriptionFilter, SubscriptionMessage, matchesFilter } from '../event-store.port';
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

  constructor(
    open: OpenSubscription,
    private readonly filter?: SubscriptionFilter,
  ) {
    this.source = open((position) => this.onSideMessage({ kind: 'checkpoint', position: fromEsdbPosition(position) }));
    this.source.on('data', (resolved: AllStreamResolvedEvent) => this.onEvent(resolved));
    this.source.on('caughtUp', () => this.onSideMessage({ kind: 'caught-up' }));
    this.source.on('error', (error: Error) => this.queue.fail(asPortError(error)));
    this.source.on('end', () => this.queue.fail(new StoreUnavailableError('EventStoreDB ended the subscription')));
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
      if (matchesFilter(recorded, this.filter)) this.push({ kind: 'event', event: recorded });
    }
    while (this.deferred.length > 0 && this.deferred[0].dueAfter <= this.eventsSeen) this.push(this.deferred.shift()!.message);
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
    this.queue.push(message);
    if (this.queue.size >= HIGH_WATER_MARK && !this.source.isPaused()) this.source.pause();
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
