import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { eventStoreContract, proposed } from '../event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';
import { AppendTooLargeError, StoreUnavailableError } from '../errors';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'dsr-sqlite-'));
}

eventStoreContract('embedded SQLite adapter', async () => {
  const dir = tempDir();
  const store = new SqliteEventStore({ file: join(dir, 'events.db'), pollIntervalMs: 50 });
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('embedded SQLite adapter', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps acknowledged appends across a reopen of the file', async () => {
    const file = join(dir, 'events.db');
    const first = new SqliteEventStore({ file });
    await first.append('plan-1', proposed('PlanFiled', { year: 2026 }), 'no-stream');
    await first.close();
    const second = new SqliteEventStore({ file });
    expect((await second.readStream('plan-1')).map((e) => e.data)).toEqual([{ year: 2026 }]);
    await second.close();
  });

  it('sees appends made by another process-like handle on the same file through polling', async () => {
    const file = join(dir, 'events.db');
    const writer = new SqliteEventStore({ file });
    const reader = new SqliteEventStore({ file, pollIntervalMs: 20 });
    const subscription = reader.subscribeAll();
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ kind: 'caught-up' });
    await writer.append(`s-${randomUUID()}`, proposed('Written', {}), 'no-stream');
    const next = await iterator.next();
    expect(next.value).toMatchObject({ kind: 'event', event: { type: 'Written' } });
    await subscription.close();
    await writer.close();
    await reader.close();
  });

  it('says it is idle each time it has delivered every live event, so a projector commits at once', async () => {
    const store = new SqliteEventStore({ file: join(dir, 'events.db'), pollIntervalMs: 60_000 });
    const subscription = store.subscribeAll();
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ kind: 'caught-up' });
    await store.append('s-1', proposed('Written', {}, undefined, 2), 'no-stream');
    expect((await iterator.next()).value).toMatchObject({ kind: 'event', event: { revision: 0 } });
    expect((await iterator.next()).value).toMatchObject({ kind: 'event', event: { revision: 1 } });
    // woken by the append itself, not by the (minute-long) poll
    expect((await iterator.next()).value).toEqual({ kind: 'idle' });
    await subscription.close();
    await store.close();
  });

  it('group-commits concurrent appends while refusing only the conflicting one', async () => {
    const store = new SqliteEventStore({ file: join(dir, 'events.db') });
    await store.append('a', proposed('Opened', {}), 'no-stream');
    const results = await Promise.allSettled([
      store.append('b', proposed('Opened', {}), 'no-stream'),
      store.append('a', proposed('Changed', {}), 5),
      store.append('c', proposed('Opened', {}), 'no-stream'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.readAll()).map((e) => e.stream)).toEqual(['a', 'b', 'c']);
    await store.close();
  });

  it('takes the largest write it is configured with, refusing a larger one whole while the group commit goes on', async () => {
    const store = new SqliteEventStore({ file: ':memory:', maxAppendSize: 64 * 1024 });
    try {
      const [large, small] = await Promise.allSettled([
        store.append('large', proposed('Listed', { list: 'x'.repeat(70 * 1024) }), 'no-stream'),
        store.append('small', proposed('Listed', { list: 'x'.repeat(60 * 1024) }), 'no-stream'),
      ]);
      expect(large).toMatchObject({ status: 'rejected', reason: expect.any(AppendTooLargeError) });
      expect((large as PromiseRejectedResult).reason).toMatchObject({ stream: 'large', maxSize: 64 * 1024 });
      expect(small.status).toBe('fulfilled');
      expect((await store.readAll()).map((e) => e.stream)).toEqual(['small']);
    } finally {
      await store.close();
    }
  });

  it('reports StoreUnavailableError once closed', async () => {
    const store = new SqliteEventStore({ file: join(dir, 'events.db') });
    await store.close();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.append('x', proposed('Opened', {}), 'any')).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('fails to open a file it cannot create with StoreUnavailableError', () => {
    const notADirectory = join(dir, 'plain-file');
    writeFileSync(notADirectory, '');
    expect(() => new SqliteEventStore({ file: join(notADirectory, 'events.db') })).toThrow(StoreUnavailableError);
  });
});
