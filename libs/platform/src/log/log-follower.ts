/**
 * Follows the whole log in order, in memory, from the very start: the mechanism behind every
 * in-process fold that must not wait for a replay on each request (the draw's eligibility state,
 * the Merkle tree). It resubscribes after the position it reached when the subscription drops
 * (the EventStoreDB client never does that itself), and lets callers wait until it has read up
 * to the head of the log.
 */
import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { AllSubscription, EventStore, Position, RecordedEvent, comparePositions } from '@app/event-store';

export class LogFollower {
  private position: Position | null = null;
  private subscription: AllSubscription | null = null;
  private stopped = false;
  private readonly advanced = new EventEmitter();
  private readonly logger: Logger;

  constructor(
    private readonly store: EventStore,
    name: string,
    private readonly apply: (event: RecordedEvent) => void,
  ) {
    this.logger = new Logger(name);
    this.advanced.setMaxListeners(0);
  }

  /** The position of the last event applied; null before the first. */
  get at(): Position | null {
    return this.position;
  }

  start(): void {
    void this.follow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
  }

  /** True once every event up to the head of the log as it is now has been applied; false after the timeout. */
  async caughtUp(timeoutMs: number): Promise<boolean> {
    const head = await this.store.headPosition();
    if (!head || (this.position && comparePositions(this.position, head) >= 0)) return true;
    return new Promise<boolean>((resolve) => {
      const finish = (reached: boolean) => {
        clearTimeout(timer);
        this.advanced.off('position', onAdvance);
        resolve(reached);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const onAdvance = (position: Position) => {
        if (comparePositions(position, head) >= 0) finish(true);
      };
      this.advanced.on('position', onAdvance);
    });
  }

  private async follow(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        // unfiltered: every event reaches the fold, so no checkpoint messages arrive
        this.subscription = this.store.subscribeAll(this.position ? { after: this.position } : {});
        for await (const message of this.subscription) {
          if (message.kind !== 'event') continue;
          this.apply(message.event);
          this.position = message.event.position;
          this.advanced.emit('position', message.event.position);
          failures = 0;
        }
      } catch (error) {
        failures += 1;
        this.logger.warn({ msg: 'lost the subscription to the log; resuming after the last event read', error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** failures, 5000)));
      }
    }
  }
}
