import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readStoreContract } from '../read-store.contract';
import { SqliteReadStore } from './sqlite-read-store';

readStoreContract('SqliteReadStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dsr-read-'));
  const store = new SqliteReadStore({ file: join(dir, 'read.db') });
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteReadStore on disk', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dsr-read-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps documents, indexes and the checkpoint across a reopen, so a restart resumes instead of rebuilding', async () => {
    const file = join(dir, 'read.db');
    const first = new SqliteReadStore({ file });
    await first.commit(
      [
        { op: 'put', collection: 'targets', id: 't1', document: { name: '零陵区甲公司' } },
        { op: 'index-add', index: 'targets:all', member: 't1', score: 7 },
        { op: 'incr', counter: 'targets:count', by: 1 },
      ],
      { name: 'targets', expected: null, next: '7/7' },
    );
    await first.close();
    const second = new SqliteReadStore({ file });
    expect(await second.getCheckpoint('targets')).toBe('7/7');
    expect(await second.getDocument('targets', 't1')).toEqual({ name: '零陵区甲公司' });
    expect(await second.rangeIndex('targets:all')).toEqual([{ member: 't1', score: 7 }]);
    expect(await second.indexSize('targets:all')).toBe(1);
    expect(await second.getCounter('targets:count')).toBe(1);
    await second.close();
  });

  it('keeps its WAL small under a steady stream of commits: the checkpointer starts it over instead of letting it grow', async () => {
    const file = join(dir, 'read.db');
    const store = new SqliteReadStore({ file, checkpointEveryMs: 50 });
    const page = 'x'.repeat(2000);
    let written = 0;
    let previous: string | null = null;
    // by volume, not time: a loaded machine writes slower, and the finding needs the WAL to have had the chance to grow
    for (let i = 0; written < 24_000_000; i++) {
      const writes = Array.from({ length: 20 }, (_, j) => ({ op: 'put' as const, collection: 'c', id: `${i}-${j}`, document: page }));
      await store.commit(writes, { name: 'm', expected: previous, next: String(i) });
      previous = String(i);
      written += 20 * page.length;
      // commits arrive back to back, as under load, with only the event loop's turn in between
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Without a restart the WAL holds every page ever committed: at least as much as was written.
    const probe = new Database(file);
    const [{ log }] = probe.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    probe.close();
    // (the file's size is not asserted: when the WAL starts over it is cut back to 64 MB, but a
    // burst between two ticks on a loaded machine can make it larger at any one moment)
    expect(log * 4096).toBeLessThan(written / 3);
    await store.close();
  });

  it('empties a file of another layout, whose read models a rebuild makes again', async () => {
    const file = join(dir, 'read.db');
    const old = new Database(file);
    old.exec("CREATE TABLE documents (whatever TEXT); INSERT INTO documents VALUES ('stale');");
    old.close();
    const store = new SqliteReadStore({ file });
    expect(await store.getCheckpoint('read-models')).toBeNull();
    await store.commit([{ op: 'put', collection: 'c', id: 'a', document: 1 }], { name: 'read-models', expected: null, next: '1/1' });
    expect(await store.getDocument('c', 'a')).toBe(1);
    await store.close();
  });

  it('sees the commits of another process on the same file (an API beside a projector)', async () => {
    const file = join(dir, 'read.db');
    const writer = new SqliteReadStore({ file });
    const reader = new SqliteReadStore({ file });
    await writer.commit([{ op: 'index-add', index: 'i', member: 'a', score: 1 }], { name: 'p', expected: null, next: '1/1' });
    expect(await reader.rangeIndex('i')).toEqual([{ member: 'a', score: 1 }]);
    await reader.clear();
    await writer.commit([{ op: 'index-add', index: 'i', member: 'b', score: 2 }], { name: 'p', expected: null, next: '2/2' });
    expect(await reader.rangeIndex('i')).toEqual([{ member: 'b', score: 2 }]);
    expect(await reader.indexSize('i')).toBe(1);
    await Promise.all([writer.close(), reader.close()]);
  });
});
