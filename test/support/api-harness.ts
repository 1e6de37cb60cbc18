/** Starts the whole API in-process on fresh embedded stores, for end-to-end tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { AppConfig, Clock, loadConfig } from '@app/platform';
import { Role } from '@app/domain';
import { createApiApp } from '../../apps/api/src/api.app';
import { issueToken } from '../../apps/cli/src/commands/issue-token';

export interface ApiHarness {
  app: NestFastifyApplication;
  config: AppConfig;
  events: EventStore;
  tokenFor(sub: string, role: Role, unit: string): Promise<string>;
  close(): Promise<void>;
}

/** `clock` replaces the system clock, e.g. one the test moves forward to a date it needs. */
export async function startApi(env: Record<string, string> = {}, options: { clock?: Clock } = {}): Promise<ApiHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dsr-e2e-'));
  // no tree head signed on a timer in the middle of a suite that counts appended events; suites sign with TreeHeadSigner.signNow()
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'NORMAL', TREE_HEAD_INTERVAL_SECONDS: '86400', ...env });
  const app = await createApiApp(config, { quiet: true, clock: options.clock });
  return {
    app,
    config,
    events: app.get<EventStore>(EVENT_STORE),
    tokenFor: (sub, role, unit) => issueToken(config, { sub, role, unit, ttl: '1h' }),
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
