/**
 * /health: green only when both stores answer; reports the projection lag alongside, and whether
 * this process holds the projection lease. A standby (lease not held) is healthy: it is ready to
 * take over, and the lag it reports is the holder's.
 */
import { Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import { ApiTags, ApiOperation } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { ProjectionRunner, READ_STORE, ReadStore } from '@app/read-store';
import { PROJECTION_RUNNER } from '../projector/projector.module';

@Injectable()
class StoreHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
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
      const { lag, caughtUp, running, checkpoint, lease } = await this.runner.status();
      return indicator.up({ lag, caughtUp, running, checkpoint, ...(lease && { lease: { owner: lease.owner, held: lease.held } }) });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async probe(key: string, ping: () => Promise<void>) {
    const indicator = this.indicators.check(key);
    try {
      await ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
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

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Whether the event store, the read store and the projections are up (for load balancers and monitoring)' })
  check() {
    return this.health.check([() => this.stores.eventStoreUp(), () => this.stores.readStoreUp(), () => this.stores.projections()]);
  }
}

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController], providers: [StoreHealth] })
export class HealthModule {}
