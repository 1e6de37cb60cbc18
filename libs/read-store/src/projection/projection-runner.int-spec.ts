import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, formatPosition } from '@app/event-store';
import { proposed } from '@app/event-store/event-store.contract';
import { useEsdbTestNode } from '../../../../test/support/esdb-node';
import { MemoryReadStore } from '../memory/memory-read-store';
import { ProjectionRunner } from './projection-runner';
import { Projection, incr, indexAdd, update } from './projection';

/** Counts orders per customer: enough to see batching, checkpoints and rebuilds. */
const ordersProjection: Projection = {
  name: 'orders',
  eventTypes: ['OrderPlaced'],
  project: (event) => {
    const { customer, amount } = event.data as { customer: string; amount: number };
    return [
      update<{ total: number; orders: number }>('customers', customer, (c) => ({ total: (c?.total ?? 0) + amount, orders: (c?.orders ?? 0) + 1 })),
      incr('orders:count'),
      indexAdd('customers:by-total', customer, amount),
    ];
  },
};

describe('projection runner', () => {
  let dir: string;
  let events: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dsr-runner-'));
    events = new SqliteEventStore({ file: join(dir, 'events.db'), pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function placeOrders(count: number, offset = 0) {
    for (let i = offset; i < offset + count; i++) {
      await events.append(`order-${i}`, proposed('OrderPlaced', { customer: `c${i % 7}`, amount: i }), 'no-stream');
    }
    await events.append(`note-${offset}`, proposed('Unrelated', {}), 'no-stream');
  }

  it('projects the whole log in batches and stores the checkpoint of the last event', async () => {
    await placeOrders(120);
    const reads = new MemoryReadStore();
    const runner = new ProjectionRunner(events, reads, [ordersProjection], { batchSize: 25 });
    await runner.runUntilCaughtUp();
    expect(await reads.getCounter('orders:count')).toBe(120);
    expect(await reads.getDocument('customers', 'c0')).toEqual({
      total: [0, 7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 91, 98, 105, 112, 119].reduce((a, b) => a + b),
      orders: 18,
    });
    const head = await events.headPosition();
    expect(await reads.getCheckpoint('read-models')).toBe(formatPosition(head!));
    expect((await runner.status()).lag).toBe(0);
  });

  it('resumes after its checkpoint without applying any event twice', async () => {
    const reads = new MemoryReadStore();
    await placeOrders(30);
    await new ProjectionRunner(events, reads, [ordersProjection]).runUntilCaughtUp();
    await placeOrders(20, 30);
    await new ProjectionRunner(events, reads, [ordersProjection]).runUntilCaughtUp();
    expect(await reads.getCounter('orders:count')).toBe(50);
  });

  it('follows live appends and lets a caller wait for a position', async () => {
    const reads = new MemoryReadStore();
    const runner = new ProjectionRunner(events, reads, [ordersProjection]);
    runner.start();
    await runner.untilCaughtUp();
    const appended = await events.append('order-live', proposed('OrderPlaced', { customer: 'live', amount: 5 }), 'no-stream');
    expect(await runner.waitFor(appended.position, 5000)).toBe(true);
    expect(await reads.getDocument('customers', 'live')).toEqual({ total: 5, orders: 1 });
    await runner.stop();
  });

  it('rebuilds from zero to the same read models', async () => {
    const reads = new MemoryReadStore();
    await placeOrders(40);
    const runner = new ProjectionRunner(events, reads, [ordersProjection], { batchSize: 7 });
    await runner.runUntilCaughtUp();
    const before = await Promise.all(['c0', 'c3', 'c6'].map((c) => reads.getDocument('customers', c)));
    await runner.rebuild();
    expect(await Promise.all(['c0', 'c3', 'c6'].map((c) => reads.getDocument('customers', c)))).toEqual(before);
    expect(await reads.getCounter('orders:count')).toBe(40);
  });

  describe('under a lease', () => {
    const lease = (owner: string) => ({ owner, ttlMs: 300, renewEveryMs: 60 });
    const runners: ProjectionRunner[] = [];
    const started = (runner: ProjectionRunner) => {
      runners.push(runner);
      runner.start();
      return runner;
    };
    afterEach(async () => {
      await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    });
    const until = async (condition: () => Promise<boolean>, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error('condition not met in time');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const caughtUpTo = (reads: MemoryReadStore) => async () => (await reads.getCheckpoint('read-models')) === formatPosition((await events.headPosition())!);

    it('lets one of two instances apply while the other stands by, and hands over at once on a clean stop', async () => {
      const reads = new MemoryReadStore();
      await placeOrders(30);
      // A TTL long enough that taking over at once cannot be confused with waiting for expiry.
      const longLease = (owner: string) => ({ owner, ttlMs: 5000, renewEveryMs: 60 });
      const a = started(new ProjectionRunner(events, reads, [ordersProjection], { lease: longLease('a') }));
      await a.untilCaughtUp();
      const b = started(new ProjectionRunner(events, reads, [ordersProjection], { lease: longLease('b') }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await a.status()).lease).toEqual({ owner: 'a', held: true, token: 1 });
      expect(await b.status()).toMatchObject({ running: true, caughtUp: false, lease: { owner: 'b', held: false, token: null } });
      expect([a.active, b.active]).toEqual([true, false]);

      const stopped = Date.now();
      await a.stop();
      await until(async () => b.active);
      expect(Date.now() - stopped).toBeLessThan(2000);
      await placeOrders(20, 30);
      await until(caughtUpTo(reads));
      expect((await b.status()).lease).toEqual({ owner: 'b', held: true, token: 2 });
      expect(await reads.getCounter('orders:count')).toBe(50);
    });

    it('stops applying when its renewal fails, and another instance takes over after the TTL without applying anything twice', async () => {
      const reads = new MemoryReadStore();
      let partitioned = false;
      // A network partition between instance a and the store: nothing a sends arrives any more.
      const cutOff = <K extends 'acquireLease' | 'renewLease' | 'commit'>(method: K) => ({
        value: (...args: unknown[]) =>
          partitioned ? Promise.reject(new Error('partitioned')) : (reads[method] as (...a: unknown[]) => Promise<unknown>).apply(reads, args),
      });
      const seenByA = Object.create(reads, {
        acquireLease: cutOff('acquireLease'),
        renewLease: cutOff('renewLease'),
        commit: cutOff('commit'),
      }) as MemoryReadStore;
      await placeOrders(30);
      const a = started(new ProjectionRunner(events, seenByA, [ordersProjection], { lease: lease('a') }));
      await a.untilCaughtUp();
      const b = started(new ProjectionRunner(events, reads, [ordersProjection], { lease: lease('b') }));
      partitioned = true;
      await until(async () => (await b.status()).lease?.held === true);
      expect(a.active).toBe(false);
      await placeOrders(20, 30);
      await until(caughtUpTo(reads));
      expect(await reads.getCounter('orders:count')).toBe(50);
      expect((await a.status()).lease).toMatchObject({ held: false });
    });

    it('goes back to standing by when a commit is fenced off, leaving the batch to the new holder', async () => {
      const reads = new MemoryReadStore();
      await placeOrders(10);
      const a = started(new ProjectionRunner(events, reads, [ordersProjection], { lease: { owner: 'a', ttlMs: 60_000, renewEveryMs: 30_000 } }));
      await a.untilCaughtUp();
      // Another owner takes the lease over while a still believes it holds it (as after a long pause).
      await reads.releaseLease('read-models', 'a', 1);
      expect(await reads.acquireLease('read-models', 'usurper', 60_000)).toBe(2);
      await placeOrders(5, 10);
      await until(async () => !a.active);
      expect(await reads.getCounter('orders:count')).toBe(10);
      expect((await a.status()).lastError).toBeNull();
    });
  });
});

describe('projection runner on EventStoreDB (the protocol test server as a 24.x node)', () => {
  const node = useEsdbTestNode();

  it('resumes after the last event it applied, not after a checkpoint that names the position the next write takes', async () => {
    const reads = new MemoryReadStore();
    for (let i = 0; i < 10; i++) await node.store.append(`order-${i}`, proposed('OrderPlaced', { customer: 'c', amount: 1 }), 'no-stream');
    // going live, the node's checkpoint names the end of the log; the runner must not store it
    const first = new ProjectionRunner(node.store, reads, [ordersProjection]);
    first.start();
    await first.untilCaughtUp();
    await new Promise((resolve) => setTimeout(resolve, 300)); // live, past the node's checkpoint
    await first.stop();
    const next = await node.store.append('order-next', proposed('OrderPlaced', { customer: 'c', amount: 1 }), 'no-stream');
    expect(await reads.getCheckpoint('read-models')).not.toBe(formatPosition(next.position));
    await new ProjectionRunner(node.store, reads, [ordersProjection]).runUntilCaughtUp();
    expect(await reads.getCounter('orders:count')).toBe(11);
  });
});
