/**
 * The projection runner as a Nest provider. The API process runs it too on the embedded default
 * (RUN_PROJECTOR, default true); in production `apps/projector` runs it alone. Several may run
 * against one read store: each holds the read store's lease before applying (docs/operations.md).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore, Position, RecordedEvent, comparePositions, parsePosition } from '@app/event-store';
import { ProjectionRunner, READ_STORE, ReadStore, RunnerLeaseOptions } from '@app/read-store';
import { ALL_PROJECTIONS, PROJECTIONS_VERSION } from '@app/projections';
import { upcast } from '@app/domain';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics';

export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');

export function upcastRecorded(event: RecordedEvent): RecordedEvent {
  return { ...event, data: upcast(event.type, event.schemaVersion, event.data) };
}

/** This process among all projectors: the host and pid say where it runs, the random part tells restarts apart. */
export function leaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Without a lease (the CLI's rebuild and status) the runner applies at once, fenced by its checkpoint
 * only. `onCommitted` hears of every batch committed (the cli's progress bar).
 */
export function createRunner(
  eventStore: EventStore,
  readStore: ReadStore,
  logger: Logger,
  metrics?: Metrics,
  lease?: RunnerLeaseOptions,
  onCommitted?: (status: { checkpoint: Position; events: number }) => void,
): ProjectionRunner {
  return new ProjectionRunner(eventStore, readStore, ALL_PROJECTIONS, {
    lease,
    upcast: upcastRecorded,
    version: PROJECTIONS_VERSION,
    logger: {
      info: (message, context) => logger.log({ msg: message, ...context }),
      warn: (message, context) => logger.warn({ msg: message, ...context }),
      error: (message, context) => logger.error({ msg: message, ...context }),
    },
    onCommitted: (status) => {
      metrics?.projectedEvents.inc({ projection: 'read-models' }, status.events);
      onCommitted?.(status);
    },
  });
}

/** Lets a command wait until its events are visible to queries (read-your-writes). */
@Injectable()
export class ProjectionProgress {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async waitFor(position: string | null, timeoutMs = 2000): Promise<boolean> {
    if (position === null) return true;
    const target = parsePosition(position);
    // A standby applies nothing: it sees the holder's progress only through the stored checkpoint.
    if (this.runner.active) return this.runner.waitFor(target, timeoutMs);
    return this.pollCheckpoint(target, timeoutMs);
  }

  private async pollCheckpoint(target: Position, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stored = await this.readStore.getCheckpoint(this.runner.name);
      if (stored && comparePositions(parsePosition(stored), target) >= 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

@Injectable()
class RunnerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private lagTimer?: NodeJS.Timeout;

  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.runProjector) this.runner.start();
    this.lagTimer = setInterval(() => void this.exportLag(), 5000);
    this.lagTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.lagTimer);
    await this.runner.stop();
  }

  private async exportLag(): Promise<void> {
    const status = await this.runner.status().catch(() => null);
    if (status) this.metrics.projectionLag.set({ projection: status.name }, status.lag);
    if (status?.lease) this.metrics.projectionLeaseHeld.set({ projection: status.name }, status.lease.held ? 1 : 0);
  }
}

@Global()
@Module({
  providers: [
    {
      provide: PROJECTION_RUNNER,
      inject: [EVENT_STORE, READ_STORE, Metrics, APP_CONFIG],
      useFactory: (eventStore: EventStore, readStore: ReadStore, metrics: Metrics, config: AppConfig) =>
        createRunner(eventStore, readStore, new Logger('Projector'), metrics, { owner: leaseOwner(), ttlMs: config.projectorLeaseTtlMs }),
    },
    ProjectionProgress,
    RunnerLifecycle,
  ],
  exports: [PROJECTION_RUNNER, ProjectionProgress],
})
export class ProjectorModule {}
