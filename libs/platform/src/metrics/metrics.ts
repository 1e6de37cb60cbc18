/** Prometheus metrics, served at /metrics. */
import { Controller, Get, Header, Injectable, Module, Global } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly commandDuration = new Histogram({
    name: 'dsr_command_duration_seconds',
    help: 'Time from receiving a command to its events being appended (or refused)',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly projectionLag = new Gauge({
    name: 'dsr_projection_lag',
    help: 'Log positions between the head of the event log and the projection checkpoint (events, on the embedded store)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly projectionLeaseHeld = new Gauge({
    name: 'dsr_projection_lease_held',
    help: 'Whether this process holds the projection lease and applies the read models (1) or stands by (0)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly projectedEvents = new Counter({
    name: 'dsr_projected_events_total',
    help: 'Events applied to the read models',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
