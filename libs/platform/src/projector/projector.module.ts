/**
 * The projection runner as a Nest provider. The API process runs it too on the embedded default
 * (RUN_PROJECTOR, default true); in production `apps/projector` runs it alone.
 */
import { Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore, Position, RecordedEvent, comparePositions, parsePosition } from '@app/event-store';
import { ProjectionRunner, READ_STORE, ReadStore } from '@app/read-store';
import { ALL_PROJECTIONS, PROJECTIONS_VERSION } from '@app/projections';
import { upcast } from '@app/domain';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics';

export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');

export function upcastRecorded(event: RecordedEvent): RecordedEvent {
  return { ...event, data: upcast(event.type, event.schemaVersion, event.data) };
}

export function createRunner(eventStore: EventStore, readStore: ReadStore, logger: Logger, metrics?: Metrics): ProjectionRunner {
  return new ProjectionRunner(eventStore, readStore, ALL_PROJECTIONS, {
    upcast: upcastRecorded,
    version: PROJECTIONS_VERSION,
    logger: {
      info: (message, context) => logger.log({ msg: message, ...context }),
      warn: (message, context) => logger.warn({ msg: message, ...context }),
      error: (message, context) => logger.error({ msg: message, ...context }),
    },
    onCommitted: ({ events }) => metrics?.projectedEvents.inc({ projection: 'read-models' }, events),
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
    if (this.config.runProjector) return this.runner.waitFor(target, timeoutMs);
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
  }
}

@Global()
@Module({
  providers: [
    {
      provide: PROJECTION_RUNNER,
      inject: [EVENT_STORE, READ_STORE, Metrics],
      useFactory: (eventStore: EventStore, readStore: ReadStore, metrics: Metrics) => createRunner(eventStore, readStore, new Logger('Projector'), metrics),
    },
    ProjectionProgress,
    RunnerLifecycle,
  ],
  exports: [PROJECTION_RUNNER, ProjectionProgress],
})
export class ProjectorModule {}
