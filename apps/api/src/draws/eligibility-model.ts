/**
 * The eligibility state folded live from the log, so a freeze can compute its pools at once
 * instead of replaying the whole log. It records the position it stands at; verification folds
 * the log afresh up to that position with the same code and must find the same pools. The state
 * is snapshotted in DATA_DIR/state, so a start resumes from there instead of folding again.
 */
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { EVENT_STORE, EventStore, Position } from '@app/event-store';
import { EligibilityState, IllegalStateError, applyEvent, emptyEligibilityState, upcast } from '@app/domain';
import { APP_CONFIG, AppConfig, LogFollower } from '@app/platform';

/** Change when EligibilityState or TargetFacts change shape: older snapshots are then ignored. */
const ELIGIBILITY_SNAPSHOT_VERSION = 'eligibility-1';

@Injectable()
export class EligibilityModel implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly state: EligibilityState = emptyEligibilityState();
  private readonly follower: LogFollower;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(APP_CONFIG) config: AppConfig) {
    this.follower = new LogFollower(
      store,
      'EligibilityModel',
      (event) => applyEvent(this.state, { type: event.type, data: upcast(event.type, event.schemaVersion, event.data) }),
      {
        file: join(config.dataDir, 'state', 'eligibility.snapshot'),
        version: ELIGIBILITY_SNAPSHOT_VERSION,
        // the canonical order is rebuilt on demand; structured clone keeps shared references
        save: () => serialize({ ...this.state, sorted: null }),
        restore: (bytes) => Object.assign(this.state, deserialize(bytes) as EligibilityState),
      },
    );
  }

  onApplicationBootstrap(): void {
    this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
  }

  /** The position the state stands at; null before the first event. */
  get at(): Position | null {
    return this.follower.at;
  }

  /** Resolves once the state includes every event up to the current head of the log. */
  async caughtUp(timeoutMs = 10_000): Promise<void> {
    if (!(await this.follower.caughtUp(timeoutMs))) throw new IllegalStateError('the draw rules are still reading the log; try again in a moment');
  }
}
