/** Starts the whole API in-process on fresh embedded stores, for end-to-end tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { AppConfig, Clock, loadConfig } from '@app/platform';
import { Role } from '@app/domain';
import { createApiApp } from '../../apps/api/src/api.app';
import { issueToken } from '../../apps/cli/src/commands/issue-token';
import { QUIET_TREE_HEADS } from './signed-heads';
import { GENEROUS_RATE_LIMITS } from './rate-limits';

export { GENEROUS_RATE_LIMITS };

export interface ApiHarness {
  app: NestFastifyApplication;
  config: AppConfig;
  events: EventStore;
  tokenFor(sub: string, role: Role, unit: string): Promise<string>;
  /** With `listen`: the base URL the app answers on (127.0.0.1, a free port); null otherwise. */
  url: string | null;
  close(): Promise<void>;
}

/**
 * The service answers refusals in Chinese unless the request prefers English. Suites written
 * before that assert the English messages: the harness's inject() sends `Accept-Language: en`
 * unless the request names a language itself (or `acceptLanguage: null` sends none, as a browser
 * without the header would).
 */
function defaultAcceptLanguage(app: NestFastifyApplication, language: string | null): void {
  if (language === null) return;
  // Nest's app is a proxy that refuses new properties; its inject() calls the Fastify instance's
  const fastify = app.getHttpAdapter().getInstance() as unknown as { inject: (options?: unknown) => unknown };
  const inject = fastify.inject.bind(fastify);
  fastify.inject = (options?: unknown) => {
    if (options && typeof options === 'object') {
      const request = options as { headers?: Record<string, unknown> };
      const headers = request.headers ?? {};
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'accept-language')) return inject({ ...request, headers: { ...headers, 'accept-language': language } });
    }
    return inject(options);
  };
}

/**
 * `acceptLanguage` is what inject() sends when a request names no language ('en' unless given; null for none).
 * `clock` replaces the system clock, e.g. one the test moves forward to a date it needs; `listen`
 * serves real HTTP on a free port of 127.0.0.1, for clients outside the process's inject().
 */
export async function startApi(
  env: Record<string, string> = {},
  options: { clock?: Clock; listen?: boolean; acceptLanguage?: string | null } = {},
): Promise<ApiHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dsr-e2e-'));
  // no tree head signed on a timer or by count in the middle of a suite that counts appended events; suites sign with TreeHeadSigner.signNow()
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SQLITE_SYNCHRONOUS: 'NORMAL',
    ...QUIET_TREE_HEADS,
    // suites send thousands of requests from 127.0.0.1 within a minute, many of them refused on
    // purpose: limits a suite does not test are out of reach (test/rate-limits.e2e-spec.ts sets its own)
    ...GENEROUS_RATE_LIMITS,
    ...env,
  });
  const app = await createApiApp(config, { quiet: true, clock: options.clock });
  defaultAcceptLanguage(app, options.acceptLanguage === undefined ? 'en' : options.acceptLanguage);
  const url = options.listen ? await app.listen(0, '127.0.0.1').then(() => `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`) : null;
  return {
    app,
    config,
    events: app.get<EventStore>(EVENT_STORE),
    tokenFor: (sub, role, unit) => issueToken(config, { sub, role, unit, ttl: '1h' }),
    url,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
