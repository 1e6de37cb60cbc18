/**
 * Keeps the Merkle tree of the whole log in memory by following the store's ordered subscription
 * from the very start, so that proofs and tree heads cost O(log² n) instead of a replay. Every
 * process that serves proofs or signs heads runs one; they agree because they read the same order.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { AllSubscription, EVENT_STORE, EventStore, Position, comparePositions } from '@app/event-store';
import { LogTree } from './log-tree';

@Injectable()
export class IntegrityLog implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly tree = new LogTree();
  private position: Position | null = null;
  private subscription: AllSubscription | null = null;
  private stopped = false;
  private readonly advanced = new EventEmitter();
  private readonly logger = new Logger('IntegrityLog');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.advanced.setMaxListeners(0);
  }

  onApplicationBootstrap(): void {
    void this.follow();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
  }

  /**
   * Resolves once the tree holds every event up to the head of the log as it is now, or after the
   * timeout with what it holds: a smaller tree is still an honest prefix to prove against.
   */
  async caughtUp(timeoutMs = 5_000): Promise<void> {
    const head = await this.store.headPosition();
    if (!head || (this.position && comparePositions(this.position, head) >= 0)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.advanced.off('position', onAdvance);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const onAdvance = (position: Position) => {
        if (comparePositions(position, head) >= 0) done();
      };
      this.advanced.on('position', onAdvance);
    });
  }

  private async follow(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        // unfiltered: every event is a leaf, so checkpoints (skipped events) never arrive
        this.subscription = this.store.subscribeAll(this.position ? { after: this.position } : {});
        for await (const message of this.subscription) {
          if (message.kind !== 'event') continue;
          this.tree.add(message.event);
          this.position = message.event.position;
          this.advanced.emit('position', message.event.position);
          failures = 0;
        }
      } catch (error) {
        failures += 1;
        this.logger.warn({ msg: 'integrity log lost its subscription; resuming', error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** failures, 5000)));
      }
    }
  }
}
