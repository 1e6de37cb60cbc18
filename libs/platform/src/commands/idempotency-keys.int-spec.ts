/**
 * Both stores of Idempotency-Key bindings keep the same promises (issue 14 item 2): the first
 * request binds a free key; any later one learns the binding the key already has, whoever asks;
 * a key is freed only by the binding it holds (a refused command gives its key back, and nobody
 * else's); bindings outlive the process that made them; and of many requests racing for one key,
 * exactly one binds it. The SQLite store runs on a file, the Redis store on the real redis-server
 * the test setup starts.
 */
import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTestRedisUrl } from '../../../../test/support/redis-server';
import { IdempotencyKeyStore, KeyBinding, RedisIdempotencyKeys, SqliteIdempotencyKeys, requestHash } from './idempotency-keys';

const creating: KeyBinding = {
  requestHash: requestHash({ method: 'POST', route: '/targets', body: { targetId: '91431102MA4L000001' } }),
  actorId: 'staff-ll-1',
  unit: 'lingling',
};
const otherBody: KeyBinding = { ...creating, requestHash: requestHash({ method: 'POST', route: '/targets', body: { targetId: '91431102MA4L000002' } }) };
const otherCaller: KeyBinding = { ...creating, actorId: 'staff-ll-2' };

interface Adapter {
  readonly name: string;
  /** A store over the same storage each time it is called within one test. */
  open(): IdempotencyKeyStore;
  cleanUp(): Promise<void>;
}

function sqliteAdapter(): Adapter {
  const dir = mkdtempSync(join(tmpdir(), 'dsr-idempotency-'));
  return {
    name: 'SQLite file',
    open: () => new SqliteIdempotencyKeys(join(dir, 'idempotency-keys.db')),
    cleanUp: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function redisAdapter(): Adapter {
  const url = requireTestRedisUrl();
  const prefix = `idempotency-test-${randomUUID()}:`;
  return { name: 'Redis', open: () => new RedisIdempotencyKeys(url, prefix), cleanUp: async () => undefined };
}

describe.each([
  ['SQLite file', sqliteAdapter],
  ['Redis', redisAdapter],
])('Idempotency-Key bindings in %s', (_name, makeAdapter) => {
  let adapter: Adapter;
  const opened: IdempotencyKeyStore[] = [];
  const open = () => {
    const store = adapter.open();
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    adapter = makeAdapter();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await adapter.cleanUp();
  });

  it('binds a free key to the first request, and tells every later request the binding it has', async () => {
    const keys = open();
    expect(await keys.bind('key-1', creating)).toBeNull();
    expect(await keys.bind('key-1', creating)).toEqual(creating);
    expect(await keys.bind('key-1', otherBody)).toEqual(creating);
    expect(await keys.bind('key-1', otherCaller)).toEqual(creating);
  });

  it('keeps keys apart: binding one leaves another free', async () => {
    const keys = open();
    expect(await keys.bind('key-1', creating)).toBeNull();
    expect(await keys.bind('key-2', otherBody)).toBeNull();
    expect(await keys.bind('key-2', creating)).toEqual(otherBody);
  });

  it('frees a key only for the binding it holds: a refused command gives its key back, and nobody else can take it away', async () => {
    const keys = open();
    await keys.bind('key-1', creating);
    await keys.release('key-1', otherCaller);
    await keys.release('key-1', otherBody);
    expect(await keys.bind('key-1', otherBody)).toEqual(creating);
    await keys.release('key-1', creating);
    expect(await keys.bind('key-1', otherBody)).toBeNull();
    expect(await keys.bind('key-1', creating)).toEqual(otherBody);
  });

  it('keeps its bindings when the process that made them closes: a replay after a restart is still recognised', async () => {
    const first = open();
    await first.bind('key-1', creating);
    await first.close();
    const second = open();
    expect(await second.bind('key-1', otherCaller)).toEqual(creating);
  });

  it('of 50 requests racing for one key through two connections, exactly one binds it and all the others see its binding', async () => {
    const [a, b] = [open(), open()];
    const contenders = Array.from({ length: 50 }, (_, i): KeyBinding => ({ ...creating, actorId: `staff-${i}` }));
    const answers = await Promise.all(contenders.map((binding, i) => (i % 2 === 0 ? a : b).bind('contested', binding)));
    const winners = contenders.filter((_, i) => answers[i] === null);
    expect(winners).toHaveLength(1);
    expect(answers.filter((answer) => answer !== null).every((answer) => answer!.actorId === winners[0].actorId)).toBe(true);
  });
});

describe('Idempotency-Key bindings in Redis, at start', () => {
  /** This process's open sockets to the test Redis. */
  const socketsToRedis = (port: number): Socket[] =>
    (process as unknown as { _getActiveHandles(): unknown[] })
      ._getActiveHandles()
      .filter((handle): handle is Socket => handle instanceof Socket && handle.remotePort === port && !handle.destroyed);

  it('opens one connection however many commands arrive together, and closes it', async () => {
    const url = requireTestRedisUrl();
    const port = Number(new URL(url).port);
    const before = new Set(socketsToRedis(port));
    const opened = () => socketsToRedis(port).filter((socket) => !before.has(socket));
    const keys = new RedisIdempotencyKeys(url, `idempotency-test-${randomUUID()}:`);
    await Promise.all(Array.from({ length: 20 }, (_, i) => keys.bind(`key-${i}`, creating)));
    expect(opened().length).toBe(1);
    await keys.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(opened().length).toBe(0);
  });
});
