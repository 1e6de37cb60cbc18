/**
 * The projector is killed (SIGKILL) at random moments, many times, while events keep arriving;
 * each restart resumes from the checkpoint stored in Redis. Because a batch's writes and its
 * checkpoint commit in one MULTI/EXEC, a kill between writing a batch and its checkpoint
 * cannot leave one without the other. At the end the read models must equal a rebuild from zero.
 *
 * Runs the real projector process (dist/apps/projector) against a real redis-server.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { SqliteEventStore, formatPosition } from '@app/event-store';
import { proposed } from '@app/event-store/event-store.contract';
import { RedisReadStore } from '@app/read-store';
import { createRunner } from '@app/platform';
import { Logger } from '@nestjs/common';
import { requireTestRedisUrl } from './support/redis-server';

const PROJECTOR = resolve(__dirname, '../dist/apps/projector/src/main.js');
const KILLS = 25;

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

  function startProjector(): ChildProcess {
    return spawn(process.execPath, [PROJECTOR], {
      env: {
        ...process.env,
        DATA_DIR: dir,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: prefix,
        JWT_SECRET: 'crash-test-secret-crash-test-secret!',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
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

  async function dump(keyPrefix: string): Promise<Record<string, unknown>> {
    const keys = (await redis.keys(`${keyPrefix}*`)).sort();
    const snapshot: Record<string, unknown> = {};
    for (const key of keys) {
      const name = key.slice(keyPrefix.length);
      const type = await redis.type(key);
      if (type === 'string') snapshot[name] = await redis.get(key);
      else if (type === 'zset') snapshot[name] = await redis.zrange(key, 0, -1, 'WITHSCORES');
      else if (type === 'hash') snapshot[name] = await redis.hgetall(key);
      else throw new Error(`unexpected ${type} at ${key}`);
    }
    return snapshot;
  }

  it(`leaves read models equal to a rebuild from zero after ${KILLS} kills at random points`, async () => {
    await writeEvents(1500);
    let stderr = '';
    for (let round = 0; round < KILLS; round++) {
      const projector = startProjector();
      projector.stderr!.on('data', (chunk) => (stderr += chunk));
      const writing = writeEvents(100 + Math.floor(Math.random() * 200));
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 900));
      projector.kill('SIGKILL');
      await new Promise((r) => projector.once('exit', r));
      await writing;
    }

    const head = formatPosition((await events.headPosition())!);
    const last = startProjector();
    last.stderr!.on('data', (chunk) => (stderr += chunk));
    const deadline = Date.now() + 60_000;
    while ((await redis.get(`${prefix}checkpoint:read-models`)) !== head) {
      if (Date.now() > deadline) throw new Error(`projector did not catch up to ${head}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    last.kill('SIGTERM');
    await new Promise((r) => last.once('exit', r));

    const rebuilt = await RedisReadStore.connect(redisUrl, { keyPrefix: rebuildPrefix });
    await createRunner(events, rebuilt, new Logger('rebuild')).runUntilCaughtUp();
    await rebuilt.close();

    const afterCrashes = await dump(prefix);
    const fromZero = await dump(rebuildPrefix);
    expect(Object.keys(afterCrashes).length).toBeGreaterThan(400);
    expect(afterCrashes).toEqual(fromZero);
    expect(await redis.get(`${prefix}counter:departments:count:county`)).not.toBeNull();
  });
});
