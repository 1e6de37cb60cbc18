import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, loadConfig } from './app-config';

describe('configuration', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dsr-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to the embedded stores on port 3000 with a generated local secret', () => {
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({ port: 3000, dataDir: dir, eventStoreUrl: null, redisUrl: null, sqliteSynchronous: 'FULL', runProjector: true });
    expect(config.jwtSecret).toBe(readFileSync(join(dir, 'jwt-secret'), 'utf8'));
    expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(config.jwtSecret);
  });

  it('names every bad setting', () => {
    const error = (() => {
      try {
        loadConfig({ DATA_DIR: dir, PORT: 'eighty', EVENTSTORE_URL: 'http://x', SQLITE_SYNCHRONOUS: 'OFF' });
      } catch (e) {
        return e as ConfigurationError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error!.problems.join('\n')).toMatch(/PORT/);
    expect(error!.problems.join('\n')).toMatch(/EVENTSTORE_URL must be an EventStoreDB connection string/);
    expect(error!.problems.join('\n')).toMatch(/SQLITE_SYNCHRONOUS/);
    expect(error!.problems.join('\n')).toMatch(/JWT_SECRET is required/);
  });

  it('switches to the servers when their connection strings are set', () => {
    const config = loadConfig({
      DATA_DIR: dir,
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      REDIS_URL: 'redis://localhost:6379',
      JWT_SECRET: 'x'.repeat(32),
      RUN_PROJECTOR: 'false',
    });
    expect(config).toMatchObject({ eventStoreUrl: 'esdb://localhost:2113?tls=false', redisUrl: 'redis://localhost:6379', runProjector: false });
  });
});
