/** Everything every app needs: configuration, stores, logging, metrics, auth, the projector. */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { StoresModule } from './stores/stores.module';
import { MetricsModule } from './metrics/metrics';
import { ProjectorModule } from './projector/projector.module';
import { CLOCK, Clock, systemClock } from './commands/clock';
import { DRAW_SERVER_KEY, loadDrawServerKey } from './draw-server-key';

@Global()
@Module({})
class ClockModule {
  static forRoot(clock: Clock): DynamicModule {
    return {
      module: ClockModule,
      providers: [
        { provide: CLOCK, useValue: clock },
        { provide: DRAW_SERVER_KEY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadDrawServerKey(config) },
      ],
      exports: [CLOCK, DRAW_SERVER_KEY],
    };
  }
}

export interface PlatformOptions {
  /** The system clock unless given: end-to-end tests fix the date (e.g. to open a year's annual summary). */
  readonly clock?: Clock;
}

@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, options: PlatformOptions = {}): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              level: config.logLevel,
              redact: ['req.headers.authorization'],
              customProps: (req: object) => {
                const actor = (req as { actor?: { id: string } }).actor;
                return actor ? { actor: actor.id } : {};
              },
            },
          }),
        }),
        ClockModule.forRoot(options.clock ?? systemClock),
        MetricsModule,
        StoresModule,
        ProjectorModule,
      ],
      exports: [AppConfigModule, StoresModule, MetricsModule, ProjectorModule, ClockModule],
    };
  }
}
