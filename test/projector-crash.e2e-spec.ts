/**
 * The projector is killed (SIGKILL) at seeded random moments, many times, while events keep
 * arriving; each restart resumes from the checkpoint stored with the read models. Because a
 * batch's writes and its checkpoint commit together (one MULTI/EXEC in Redis, one transaction in
 * the embedded read.db), a kill between writing a batch and its checkpoint cannot leave one
 * without the other. At the end the read models must equal a rebuild from zero.
 *
 * Runs the real projector process (dist/apps/projector) against a real redis-server and against
 * the embedded SQLite read store. CRASH_SEED replays a failing run's kill points.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import Redis from 'ioredis';
import { SqliteEventStore, formatPosition } from '@app/event-store';
import { proposed } from '@app/event-store/event-store.contract';
import { SqliteReadStore } from '@app/read-store';
import { RedisReadStore } from '@app/read-store/redis/redis-read-store';
import { createRunner } from '@app/platform';
import { Logger } from '@nestjs/common';
import { requireTestRedisUrl } from './support/redis-server';
import { builtEntry } from './support/built';
import { dumpRedis, dumpSqlite, seededRandom } from './support/read-model-dumps';
import { QUIET_TREE_HEADS } from './support/signed-heads';

const PROJECTOR = resolve(__dirname, '../dist/apps/projector/src/main.js');
// the suite runs the built code: refuse a missing or stale build
beforeAll(() => builtEntry('apps/projector/src/main.js'));
const KILLS = 25;
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);



jest.setTimeout(180_000);

describe('projector crash recovery', () => {
  let dir: string;
  let redisUrl: string;
  let redis: Redis;
  let events: SqliteEventStore;
  const prefix = `crash-${randomUUID().slice(0, 8)}:`;
  const rebuildPrefix = `rebuild-${randomUUID().slice(0, 8)}:`;

  beforeAll(() => {
    if (!existsSync(PROJECTOR)) throw new Error(`${PROJECTOR} is missing: run \`npm run build\` first (npm test does)`);
    redisUrl = requireTestRedisUrl();
    redis = new Redis(redisUrl);
    dir = mkdtempSync(join(tmpdir(), 'dsr-crash-'));
    events = new SqliteEventStore({ file: join(dir, 'events.db'), synchronous: 'NORMAL' });
  });

  afterAll(async () => {
    await events.close();
    for (const p of [prefix, rebuildPrefix]) {
      const keys = await redis.keys(`${p}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  function startProjector(readStore: 'redis' | 'sqlite'): ChildProcess {
    // The shortest lease TTL: a restarted projector waits out the lease of the one just killed.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dir,
      JWT_SECRET: 'crash-test-secret-crash-test-secret!',
      LOG_LEVEL: 'silent',
      PROJECTOR_LEASE_TTL_MS: '500',
      // the test waits for the checkpoint to reach the head it read: no tree head appended behind its back
      ...QUIET_TREE_HEADS,
    };
    if (readStore === 'redis') Object.assign(env, { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix });
    else delete env.REDIS_URL;
    return spawn(process.execPath, [PROJECTOR], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  }

  let written = 0;
  /** Departments with units: documents that are updated across batches, counters and indexes. */
  async function writeEvents(count: number): Promise<void> {
    const appends: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const n = written++;
      const departmentId = `d${n % 400}`;
      const stream = `department-${departmentId}`;
      const event =
        n < 400
          ? proposed('DepartmentRegistered', { departmentId, name: `县局${n}`, level: n % 3 === 0 ? 'city' : 'county', parentId: 'p', areaCode: '431100' })
          : proposed('BusinessUnitAdded', { departmentId, unitId: `u${n}`, name: `科室${n}`, kind: 'business' });
      appends.push(events.append(stream, event, 'any'));
    }
    await Promise.all(appends);
  }


  /** Kills the projector KILLS times while events arrive, then lets it catch up; returns its stderr. */
  async function crashRepeatedly(readStore: 'redis' | 'sqlite', checkpoint: () => Promise<string | null>): Promise<void> {
    const random = seededRandom(SEED + (readStore === 'redis' ? 0 : 1));
    let stderr = '';
    for (let round = 0; round < KILLS; round++) {
      const projector = startProjector(readStore);
      projector.stderr!.on('data', (chunk) => (stderr += chunk));
      const writing = writeEvents(100 + Math.floor(random() * 200));
      await new Promise((r) => setTimeout(r, 150 + random() * 900));
      projector.kill('SIGKILL');
      await new Promise((r) => projector.once('exit', r));
      await writing;
    }
    const head = formatPosition((await events.headPosition())!);
    const last = startProjector(readStore);
    last.stderr!.on('data', (chunk) => (stderr += chunk));
    const deadline = Date.now() + 60_000;
    while ((await checkpoint()) !== head) {
      if (Date.now() > deadline) throw new Error(`projector did not catch up to ${head} (CRASH_SEED=${SEED}): ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    last.kill('SIGTERM');
    await new Promise((r) => last.once('exit', r));
  }

  it(`leaves Redis read models equal to a rebuild from zero after ${KILLS} kills at random points`, async () => {
    await writeEvents(1500);
    await crashRepeatedly('redis', () => redis.get(`${prefix}checkpoint:read-models`));

    const rebuilt = await RedisReadStore.connect(redisUrl, { keyPrefix: rebuildPrefix });
    await createRunner(events, rebuilt, new Logger('rebuild')).runUntilCaughtUp();
    await rebuilt.close();

    const afterCrashes = await dumpRedis(redis, prefix);
    const fromZero = await dumpRedis(redis, rebuildPrefix);
    expect(Object.keys(afterCrashes).length).toBeGreaterThan(400);
    expect(afterCrashes).toEqual(fromZero);
    expect(await redis.get(`${prefix}counter:departments:count:county`)).not.toBeNull();
  });

  it(`leaves the embedded read.db equal to a rebuild from zero after ${KILLS} kills at random points`, async () => {
    await writeEvents(500);
    const file = join(dir, 'read.db');
    const checkpointOf = (f: string) => async () => {
      if (!existsSync(f)) return null;
      const db = new Database(f, { readonly: true });
      try {
        return (db.prepare("SELECT value FROM checkpoints WHERE name = 'read-models'").get() as { value: string } | undefined)?.value ?? null;
      } catch {
        return null; // the projector has not created its tables yet
      } finally {
        db.close();
      }
    };
    await crashRepeatedly('sqlite', checkpointOf(file));

    const rebuiltFile = join(dir, 'rebuilt.db');
    const rebuilt = new SqliteReadStore({ file: rebuiltFile });
    await createRunner(events, rebuilt, new Logger('rebuild')).runUntilCaughtUp();
    await rebuilt.close();

    const afterCrashes = dumpSqlite(file);
    const fromZero = dumpSqlite(rebuiltFile);
    expect((afterCrashes.documents as unknown[]).length).toBeGreaterThan(400);
    expect(afterCrashes).toEqual(fromZero);
  });
});
