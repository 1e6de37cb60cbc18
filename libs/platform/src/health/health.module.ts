/**
 * /health: green only when both stores answer and the read models are kept current. It reports
 * the projection lag alongside, and whether this process holds the projection lease. A standby
 * (lease not held) is healthy: it is ready to take over, and the lag it reports is the holder's.
 *
 * The projections degrade it (503, the reason in `error.projections.reason`) when
 * - no projector runs: this process does not run one (RUN_PROJECTOR=false, `npm run start:api`)
 *   and no process holds the projection lease in the read store — every projector is stopped, or
 *   the last one died more than a lease TTL ago;
 * - the oldest event not yet in the read models was recorded more than
 *   HEALTH_MAX_PROJECTION_LAG_SECONDS ago (default 60): a projector runs but does not keep up, or
 *   is stuck on an error (`lastError`).
 */
import { Controller, Get, Inject, Injectable, Module, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags, ApiOperation } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { EVENT_STORE, EventStore, comparePositions, parsePosition } from '@app/event-store';
import { ProjectionRunner, ProjectionStatus, READ_STORE, ReadStore } from '@app/read-store';
import { PROJECTION_RUNNER } from '../projector/projector.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CLOCK, Clock } from '../commands/clock';

@Injectable()
class StoreHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async eventStoreUp() {
    return this.probe('eventStore', () => this.eventStore.ping());
  }

  async readStoreUp() {
    return this.probe('readStore', () => this.readStore.ping());
  }

  async projections() {
    const indicator = this.indicators.check('projections');
    try {
      const status = await this.runner.status();
      const { lag, caughtUp, running, checkpoint, lease, lastError } = status;
      // this process's runner counts while it runs (holding the lease or standing by to take it over)
      const holder = running ? null : await this.readStore.leaseHolder(this.runner.name);
      const lagSeconds = await this.lagSeconds(status);
      const maxLagSeconds = this.config.healthMaxProjectionLagSeconds;
      const details = {
        lag,
        lagSeconds,
        maxLagSeconds,
        caughtUp,
        running,
        checkpoint,
        ...(lastError && { lastError }),
        ...(lease && { lease: { owner: lease.owner, held: lease.held } }),
        ...(holder && { projector: { owner: holder.owner, leaseExpiresInMs: holder.expiresInMs } }),
      };
      if (!running && !holder)
        return indicator.down({ reason: 'no projector is running: this process runs none (RUN_PROJECTOR=false) and no process holds the projection lease', ...details });
      if (lagSeconds > maxLagSeconds)
        return indicator.down({ reason: `the read models lag ${lagSeconds} s behind the log, more than HEALTH_MAX_PROJECTION_LAG_SECONDS (${maxLagSeconds} s)`, ...details });
      return indicator.up(details);
    } catch (error) {
      return indicator.down({ reason: (error as Error).message, message: (error as Error).message });
    }
  }

  /** How long ago the oldest event not yet in the read models was recorded, in whole seconds; 0 when none is missing. */
  private async lagSeconds(status: ProjectionStatus): Promise<number> {
    if (status.head === null || status.head === status.checkpoint) return 0;
    const from = status.checkpoint === null ? null : parsePosition(status.checkpoint);
    const next = await this.eventStore.readAll(from ? { fromPosition: from, maxCount: 2 } : { maxCount: 1 });
    const oldest = next.find((event) => !from || comparePositions(event.position, from) > 0);
    if (!oldest) return 0;
    const recordedAt = Date.parse(oldest.metadata.recordedAt);
    return Number.isNaN(recordedAt) ? 0 : Math.max(0, Math.floor((this.clock.now().getTime() - recordedAt) / 1000));
  }

  private async probe(key: string, ping: () => Promise<void>) {
    const indicator = this.indicators.check(key);
    try {
      await ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ reason: (error as Error).message, message: (error as Error).message });
    }
  }
}

@ApiTags('service')
@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly stores: StoreHealth,
  ) {}

  /**
   * Terminus throws its 503 as an exception, which the problem-details filter would reduce to a bare
   * "Service Unavailable": the body is answered here instead, Terminus's shape with the reasons in
   * `detail`, so a load balancer and a person both see what is wrong.
   */
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Whether the event store, the read store and the projections are up (for load balancers and monitoring)' })
  async check(@Res({ passthrough: true }) reply: { status(code: number): unknown }) {
    try {
      return await this.health.check([() => this.stores.eventStoreUp(), () => this.stores.readStoreUp(), () => this.stores.projections()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const body = error.getResponse() as { error?: Record<string, { reason?: string; message?: string }> };
      const reasons = Object.entries(body.error ?? {}).map(([key, down]) => `${key}: ${down.reason ?? down.message ?? 'down'}`);
      reply.status(503);
      return { ...body, detail: reasons.join('; ') };
    }
  }
}

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController], providers: [StoreHealth] })
export class HealthModule {}
