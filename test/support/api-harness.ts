/** Starts the whole API in-process on fresh embedded stores, for end-to-end tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { AppConfig, loadConfig } from '@app/platform';
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

export async function startApi(env: Record<string, string> = {}): Promise<ApiHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dsr-e2e-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'NORMAL', ...env });
  const app = await createApiApp(config, { quiet: true });
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
