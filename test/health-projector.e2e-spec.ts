/**
 * /health degrades when no projector keeps the read models current (docs/operations.md, "Health
 * and alerts"): an API process that runs no projector (RUN_PROJECTOR=false, as `npm run
 * start:api` and the container's `api` command) answers 503 while no process holds the
 * projection lease, and while the oldest unprojected event is older than
 * HEALTH_MAX_PROJECTION_LAG_SECONDS; the reason is in the body. Real stores: the embedded
 * SQLite files of one DATA_DIR, shared with a projector run beside the API as a separate runner.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { SqliteEventStore, eventIdFor } from '@app/event-store';
import { ProjectionRunner, SqliteReadStore } from '@app/read-store';
import { createRunner, loadConfig } from '@app/platform';
import { ApiHarness, startApi } from './support/api-harness';

jest.setTimeout(60_000);

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('/health and the projector', () => {
  let api: ApiHarness;
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  let projector: ProjectionRunner | null = null;

  beforeAll(async () => {
    api = await startApi({ RUN_PROJECTOR: 'false', HEALTH_MAX_PROJECTION_LAG_SECONDS: '2', PROJECTOR_LEASE_TTL_MS: '1000' });
    events = new SqliteEventStore({ file: join(api.config.dataDir, 'events.db'), synchronous: 'NORMAL' });
    reads = new SqliteReadStore({ file: join(api.config.dataDir, 'read.db') });
  });

  afterAll(async () => {
    await projector?.stop();
    await events.close();
    await reads.close();
    await api.close();
  });

  const health = async () => {
    const response = await api.app.inject({ method: 'GET', url: '/health' });
    return { status: response.statusCode, body: response.json() };
  };

  const startProjector = () => {
    projector = createRunner(events, reads, new Logger('test-projector'), undefined, { owner: `projector-${randomUUID().slice(0, 8)}`, ttlMs: 1000 });
    projector.start();
    return projector;
  };

  const appendNow = () => {
    const commandId = randomUUID();
    const metadata = { actorId: 'ops', role: 'admin', unit: 'ops', commandId, correlationId: commandId, causationId: commandId, recordedAt: new Date().toISOString() };
    return events.append(`health-probe-${commandId}`, [{ id: eventIdFor(commandId, 0), type: 'HealthProbeRecorded', schemaVersion: 1, data: {}, metadata }], 'no-stream');
  };

  it('validates its bound: a whole number of seconds from 1 to 86400, 60 by default', () => {
    expect(loadConfig({ DATA_DIR: api.config.dataDir }).healthMaxProjectionLagSeconds).toBe(60);
    expect(() => loadConfig({ DATA_DIR: api.config.dataDir, HEALTH_MAX_PROJECTION_LAG_SECONDS: '0' })).toThrow(/HEALTH_MAX_PROJECTION_LAG_SECONDS must be at least 1/);
    expect(() => loadConfig({ DATA_DIR: api.config.dataDir, HEALTH_MAX_PROJECTION_LAG_SECONDS: 'soon' })).toThrow(/HEALTH_MAX_PROJECTION_LAG_SECONDS must be a whole number/);
  });

  it('answers 503 naming the reason while no projector runs', async () => {
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.status).toBe('error');
    expect(body.detail).toMatch(/^projections: no projector is running/);
    expect(body.error.projections).toMatchObject({ status: 'down', running: false, reason: expect.stringMatching(/no projector is running/) });
    // the stores themselves are fine, and say so
    expect(body.info).toMatchObject({ eventStore: { status: 'up' }, readStore: { status: 'up' } });
  });

  it('turns green once a projector holds the lease, and names it', async () => {
    const runner = startProjector();
    await until('the projector holds the lease', async () => (await runner.status()).lease?.held === true);
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.info.projections).toMatchObject({ status: 'up', lagSeconds: 0, maxLagSeconds: 2, projector: { owner: (await runner.status()).lease!.owner } });
  });

  it('answers 503 again when the projector stops (a clean stop releases the lease at once)', async () => {
    await projector!.stop();
    projector = null;
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.error.projections.reason).toMatch(/no projector is running/);
  });

  it('answers 503 when a projector holds the lease but the read models fall behind the bound, and green again once it catches up', async () => {
    // a projector that holds the lease and applies nothing: hung, or stuck on an event it cannot project
    const stuck = (await reads.acquireLease('read-models', 'stuck-projector', 60_000))!;
    await appendNow();
    expect((await health()).status).toBe(200); // behind, but not yet by more than the bound
    await until('the lag passes the bound', async () => (await health()).status === 503, 10_000);
    const { body } = await health();
    expect(body.error.projections).toMatchObject({ status: 'down', projector: { owner: 'stuck-projector' }, reason: expect.stringMatching(/lag \d+ s behind the log, more than HEALTH_MAX_PROJECTION_LAG_SECONDS \(2 s\)/) });
    expect(body.error.projections.lagSeconds).toBeGreaterThan(2);

    await reads.releaseLease('read-models', 'stuck-projector', stuck);
    startProjector();
    await until('health is green again', async () => (await health()).status === 200);
    expect((await health()).body.info.projections).toMatchObject({ lagSeconds: 0, lag: 0 });
  });
});
