import { randomUUID } from 'node:crypto';
import { AddressInfo, Server, Socket, connect as tcpConnect, createServer } from 'node:net';
import Redis from 'ioredis';
import { requireTestRedisUrl } from '../../../../test/support/redis-server';
import { readStoreContract } from '../read-store.contract';
import { CheckpointConflictError, ReadStoreUnavailableError } from '../read-store.port';
import { RedisReadStore } from './redis-read-store';

const redisUrl = requireTestRedisUrl();
const uniquePrefix = () => `test:${randomUUID()}:`;

readStoreContract('RedisReadStore', async () => {
  const store = await RedisReadStore.connect(redisUrl, { keyPrefix: uniquePrefix() });
  return {
    store,
    dispose: async () => {
      await store.clear();
      await store.close();
    },
  };
});

describe('RedisReadStore on a real Redis', () => {
  let raw: Redis;
  const stores: RedisReadStore[] = [];
  const prefixes: string[] = [];
  const newPrefix = () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    return prefix;
  };
  const open = async (keyPrefix: string, url = redisUrl) => {
    const store = await RedisReadStore.connect(url, { keyPrefix });
    stores.push(store);
    return store;
  };
  const keysUnder = (prefix: string) => raw.keys(`${prefix}*`);

  beforeAll(() => {
    raw = new Redis(redisUrl);
  });
  // Cleans up through a direct connection, since some tests leave their store unable to reach Redis.
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    for (const prefix of prefixes.splice(0)) {
      const keys = await keysUnder(prefix);
      if (keys.length > 0) await raw.del(...keys);
    }
  });
  afterAll(async () => {
    await raw.quit();
  });

  it('keeps every key it writes under its prefix', async () => {
    const prefix = newPrefix();
    const store = await open(prefix);
    await store.commit(
      [
        { op: 'put', collection: 'cases', id: 'c1', document: {} },
        { op: 'incr', counter: 'n', by: 1 },
        { op: 'index-add', index: 'due', member: 'c1', score: 1 },
      ],
      { name: 'runner', expected: null, next: '1' },
    );
    expect((await keysUnder(prefix)).sort()).toEqual([`${prefix}checkpoint:runner`, `${prefix}counter:n`, `${prefix}doc:cases:c1`, `${prefix}index:due`]);
  });

  it('refuses an empty key prefix, which would let clear() wipe the database', async () => {
    await expect(RedisReadStore.connect(redisUrl, { keyPrefix: '' })).rejects.toThrow('non-empty key prefix');
  });

  it('lets exactly one of two stores racing from the same checkpoint land, round after round', async () => {
    const prefix = newPrefix();
    const [left, right] = [await open(prefix), await open(prefix)];
    for (let round = 0; round < 25; round++) {
      const expected = round === 0 ? null : `${round - 1}`;
      const racers = [left, right].map((store, i) =>
        store.commit(
          [
            { op: 'put', collection: 'rounds', id: `${round}`, document: i },
            { op: 'incr', counter: 'landed', by: 1 },
          ],
          { name: 'runner', expected, next: `${round}` },
        ),
      );
      const outcomes = await Promise.allSettled(racers);
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(refused).toHaveLength(1);
      expect(refused[0].reason).toBeInstanceOf(CheckpointConflictError);
      const winner = outcomes.findIndex((o) => o.status === 'fulfilled');
      expect(await left.getDocument('rounds', `${round}`)).toBe(winner);
    }
    expect(await left.getCheckpoint('runner')).toBe('24');
    expect(await left.getCounter('landed')).toBe(25);
  });

  it('clears only its own keys, even when its prefix holds glob characters', async () => {
    const base = newPrefix();
    const globbed = await open(`${base}*:`);
    const neighbour = await open(`${base}b:`);
    await raw.set(`${base}unrelated`, 'kept');
    for (const store of [globbed, neighbour]) {
      await store.commit(
        [
          { op: 'put', collection: 'cases', id: 'c1', document: 'mine' },
          { op: 'incr', counter: 'n', by: 1 },
        ],
        { name: 'runner', expected: null, next: '1' },
      );
    }
    await globbed.clear();
    expect(await globbed.getDocument('cases', 'c1')).toBeNull();
    expect(await globbed.getCheckpoint('runner')).toBeNull();
    expect(await neighbour.getDocument('cases', 'c1')).toBe('mine');
    expect(await neighbour.getCounter('n')).toBe(1);
    expect(await neighbour.getCheckpoint('runner')).toBe('1');
    expect(await raw.get(`${base}unrelated`)).toBe('kept');
  });

  describe('when the server is out of reach', () => {
    let proxy: TcpProxy;
    beforeEach(async () => {
      proxy = await TcpProxy.start(redisUrl);
    });
    afterEach(async () => {
      await proxy.stop();
    });

    it('refuses to connect to a closed port with ReadStoreUnavailableError', async () => {
      await proxy.stop();
      await expect(RedisReadStore.connect(proxy.url, { keyPrefix: newPrefix() })).rejects.toThrow(ReadStoreUnavailableError);
    });

    it('rejects ping with ReadStoreUnavailableError within 2 s once the port is closed', async () => {
      const store = await open(newPrefix(), proxy.url);
      await store.ping();
      await proxy.stop();
      const started = Date.now();
      await expect(store.ping()).rejects.toThrow(ReadStoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('fails reads and commits fast while the server is gone, and works again once it is back', async () => {
      const store = await open(newPrefix(), proxy.url);
      await store.commit([{ op: 'put', collection: 'cases', id: 'c1', document: 1 }], { name: 'runner', expected: null, next: '1' });
      await proxy.stop();
      await expect(store.getDocument('cases', 'c1')).rejects.toThrow(ReadStoreUnavailableError);
      await expect(store.commit([], { name: 'runner', expected: '1', next: '2' })).rejects.toThrow(ReadStoreUnavailableError);
      await proxy.restart();
      await eventually(() => store.ping());
      expect(await store.getDocument('cases', 'c1')).toBe(1);
      expect(await store.getCheckpoint('runner')).toBe('1');
    });
  });
});

async function eventually(attempt: () => Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** A TCP relay to the test Redis, so a test can take "the server" away and bring it back. */
class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private port = 0;

  private constructor(private readonly target: URL) {}

  static async start(redisUrl: string): Promise<TcpProxy> {
    const proxy = new TcpProxy(new URL(redisUrl));
    await proxy.restart();
    return proxy;
  }

  get url(): string {
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async restart(): Promise<void> {
    const server = createServer((client) => this.relay(client));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.sockets.forEach((socket) => socket.destroy());
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private relay(client: Socket): void {
    const upstream = tcpConnect(Number(this.target.port || 6379), this.target.hostname);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }
}
