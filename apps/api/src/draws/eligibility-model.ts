/**
 * The eligibility state folded live from the log, so a freeze can compute its pools at once
 * instead of replaying the whole log. It records the position it stands at; verification folds
 * the log afresh up to that position with the same code and must find the same pools. The state
 * is snapshotted in DATA_DIR/state, so a start resumes from there instead of folding again.
 */
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { EVENT_STORE, EventStore, Position, comparePositions } from '@app/event-store';
import { EligibilityColumns, EligibilityState, IllegalStateError, applyEvent, emptyEligibilityState, fromColumns, toColumns, upcast } from '@app/domain';
import { APP_CONFIG, AppConfig, LogFollower, readFoldSnapshot } from '@app/platform';

/** Change when EligibilityState or TargetFacts change shape: older snapshots are then ignored. */
const ELIGIBILITY_SNAPSHOT_VERSION = 'eligibility-4';

@Injectable()
export class EligibilityModel implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly state: EligibilityState = emptyEligibilityState();
  private readonly follower: LogFollower;
  private readonly snapshotFile: string;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(APP_CONFIG) config: AppConfig) {
    this.snapshotFile = join(config.dataDir, 'state', 'eligibility.snapshot');
    this.follower = new LogFollower(
      store,
      'EligibilityModel',
      (event) => applyEvent(this.state, { type: event.type, data: upcast(event.type, event.schemaVersion, event.data) }),
      {
        file: this.snapshotFile,
        version: ELIGIBILITY_SNAPSHOT_VERSION,
        // in columns: a tenth of the objects' size, restored in canonical order
        save: () => serialize(toColumns(this.state)),
        restore: (bytes) => Object.assign(this.state, fromColumns(deserialize(bytes) as EligibilityColumns)),
      },
    );
  }

  onApplicationBootstrap(): void {
    this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
  }

  /**
   * The saved state when it stands at or before `position` (and fits this log): where a check of
   * an earlier freeze can start folding instead of at the first event. Null when there is none.
   */
  async savedStateAtOrBefore(position: Position): Promise<{ state: EligibilityState; position: Position } | null> {
    const found = await readFoldSnapshot(this.store, this.snapshotFile, ELIGIBILITY_SNAPSHOT_VERSION).catch(() => null);
    if (!found || comparePositions(found.position, position) > 0) return null;
    return { state: fromColumns(deserialize(found.body) as EligibilityColumns), position: found.position };
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
