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

/** What the request log says of a request (pino-http hands over its standard serialisation). */
export function requestForLog(req: { id?: unknown; method?: string; url?: string; remoteAddress?: string; headers?: Record<string, unknown> }) {
  return { id: req.id, method: req.method, url: urlForLog(req.url), remoteAddress: req.remoteAddress, userAgent: req.headers?.['user-agent'] };
}

/** Query parameters whose value is a credential: named like one, or holding a JWT (three base64url parts). */
const CREDENTIAL_PARAMETER = /^(?:.*token.*|jwt|.*secret.*|password|passwd|api[-_]?key|session)$/i;
const JWT = /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$/;

/** The URL as logged: a credential in the query (`?token=…`, a JWT anywhere) is replaced by `[redacted]`. */
export function urlForLog(url: string | undefined): string | undefined {
  const at = url?.indexOf('?') ?? -1;
  if (url === undefined || at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = safeDecode(pair.slice(0, eq));
      const value = safeDecode(pair.slice(eq + 1));
      return CREDENTIAL_PARAMETER.test(name) || JWT.test(value) || /^Bearer\s/i.test(value) ? `${pair.slice(0, eq)}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, at)}?${query}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * Whatever carries a credential, wherever a serialiser or a log call might put it: the request's
 * Authorization and Cookie headers, the dashboard's Set-Cookie on the response (its token).
 */
export const LOG_REDACTIONS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
];

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
              // Every request's logger is made with its request already serialised, whatever the
              // level: with all headers that cost 6 % of the CPU of a command under load (bench:api
              // profile), and it wrote the dashboard's session cookie to the log in clear. The
              // request line keeps what identifies a request; no header that carries a credential.
              serializers: { req: requestForLog },
              // the response's headers are logged as they are, the dashboard sign-in's Set-Cookie with them
              redact: { paths: LOG_REDACTIONS, censor: '[redacted]' },
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
