/**
 * The eligibility state folded live from the log, so a freeze can compute its pools at once
 * instead of replaying the whole log. It records the position it stands at; verification folds
 * the log afresh up to that position with the same code and must find the same pools.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { AllSubscription, EVENT_STORE, EventStore, Position, comparePositions } from '@app/event-store';
import { EligibilityState, IllegalStateError, applyEvent, emptyEligibilityState, upcast } from '@app/domain';

@Injectable()
export class EligibilityModel implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly state: EligibilityState = emptyEligibilityState();
  private position: Position | null = null;
  private subscription: AllSubscription | null = null;
  private stopped = false;
  private readonly advanced = new EventEmitter();
  private readonly logger = new Logger('EligibilityModel');

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

  /** The position the state stands at; null before the first event. */
  get at(): Position | null {
    return this.position;
  }

  /** Resolves once the state includes every event up to the current head of the log. */
  async caughtUp(timeoutMs = 10_000): Promise<void> {
    const head = await this.store.headPosition();
    if (!head || (this.position && comparePositions(this.position, head) >= 0)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.advanced.off('position', onAdvance);
        reject(new IllegalStateError('the draw rules are still reading the log; try again in a moment'));
      }, timeoutMs);
      const onAdvance = (position: Position) => {
        if (comparePositions(position, head) < 0) return;
        clearTimeout(timer);
        this.advanced.off('position', onAdvance);
        resolve();
      };
      this.advanced.on('position', onAdvance);
    });
  }

  private async follow(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        this.subscription = this.store.subscribeAll(this.position ? { after: this.position } : {});
        for await (const message of this.subscription) {
          if (message.kind === 'event') {
            const { event } = message;
            applyEvent(this.state, { type: event.type, data: upcast(event.type, event.schemaVersion, event.data) });
            this.position = event.position;
            this.advanced.emit('position', event.position);
          } else if (message.kind === 'checkpoint') {
            this.position = message.position;
            this.advanced.emit('position', message.position);
          }
          failures = 0;
        }
      } catch (error) {
        failures += 1;
        this.logger.warn({ msg: 'eligibility model lost its subscription; resuming', error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** failures, 5000)));
      }
    }
  }
}
