import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { proposed } from '@app/event-store/event-store.contract';
import { DurableFold, FoldSnapshot, LogFollower, SnapshotHeader } from './log-follower';

/** A fold that remembers the ids it saw, and how many events it was handed itself. */
class IdFold {
  ids: string[] = [];
  applied = 0;
  apply = (event: { id: string }) => {
    this.ids.push(event.id);
    this.applied += 1;
  };
  snapshot(file: string, version = 'v1'): FoldSnapshot {
    return {
      file,
      version,
      everyEvents: 1,
      save: () => Buffer.from(JSON.stringify(this.ids)),
      restore: (bytes) => (this.ids = JSON.parse(bytes.toString('utf8')) as string[]),
    };
  }
}

/** A fresh log in a temporary directory for each test, and the follower started on it until caught up. */
let dir: string;
let store: SqliteEventStore;
const append = async (n: number) => {
  for (let i = 0; i < n; i++) await store.append(`s-${i % 3}`, proposed('Something', { i }), 'any');
};
async function caughtUp(follower: LogFollower): Promise<LogFollower> {
  follower.start();
  expect(await follower.caughtUp(5000)).toBe(true);
  return follower;
}
/** The same directory, another log: a restored backup, a rebuilt store. */
async function replaceLog(): Promise<void> {
  await store.close();
  rmSync(join(dir, 'events.db'));
  store = new SqliteEventStore({ file: join(dir, 'events.db') });
}
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsr-follower-'));
  store = new SqliteEventStore({ file: join(dir, 'events.db') });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a log fold resumed from its snapshot (issue 9 item 2: no full-log fold at start)', () => {
  const follow = (fold: IdFold, snapshot?: FoldSnapshot) => caughtUp(new LogFollower(store, 'test', fold.apply, snapshot));

  it('given a snapshot of the first events, folds only the events after it and ends where a full fold ends', async () => {
    const file = join(dir, 'state', 'ids.snapshot');
    await append(20);
    const first = new IdFold();
    await (await follow(first, first.snapshot(file))).stop();
    await append(5);

    const resumed = new IdFold();
    const follower = await follow(resumed, resumed.snapshot(file));
    const full = new IdFold();
    await (await follow(full)).stop();
    expect(resumed.applied).toBe(5);
    expect(resumed.ids).toEqual(full.ids);
    expect(resumed.ids).toHaveLength(25);
    await follower.stop();
  });

  it('ignores a snapshot made by another version of the fold', async () => {
    const file = join(dir, 'ids.snapshot');
    await append(4);
    const first = new IdFold();
    await (await follow(first, first.snapshot(file, 'v1'))).stop();
    const next = new IdFold();
    await (await follow(next, next.snapshot(file, 'v2'))).stop();
    expect(next.applied).toBe(4);
  });

  it('ignores a snapshot made from another log', async () => {
    const file = join(dir, 'ids.snapshot');
    await append(4);
    const first = new IdFold();
    await (await follow(first, first.snapshot(file))).stop();
    await replaceLog();
    await append(6);
    const other = new IdFold();
    await (await follow(other, other.snapshot(file))).stop();
    expect(other.applied).toBe(6);
    expect(other.ids).toHaveLength(6);
  });

  it('ignores a damaged snapshot', async () => {
    const file = join(dir, 'ids.snapshot');
    await append(3);
    writeFileSync(file, 'not a snapshot');
    const fold = new IdFold();
    await (await follow(fold, fold.snapshot(file))).stop();
    expect(fold.applied).toBe(3);
  });
});

/** A fold that keeps its ids "on disk" (a shared object standing for the file) as it goes. */
class DurableIdFold implements DurableFold {
  readonly version = 'v1';
  everyEvents = 4;
  applied = 0;
  private tail: string[] = [];
  constructor(private readonly disk: { header: SnapshotHeader | null; ids: string[] }) {}
  get ids(): string[] {
    return [...this.disk.ids, ...this.tail];
  }
  apply = (event: { id: string }) => {
    this.tail.push(event.id);
    this.applied += 1;
  };
  committed = () => this.disk.header;
  resume = () => undefined;
  commit = (header: SnapshotHeader) => {
    this.disk.ids.push(...this.tail);
    this.tail = [];
    this.disk.header = header;
  };
  reset = () => {
    this.disk.header = null;
    this.disk.ids = [];
  };
}

describe("a fold that keeps its state on disk as it goes (the Merkle tree's file)", () => {
  const follow = (fold: DurableIdFold) => caughtUp(new LogFollower(store, 'test', fold.apply, undefined, fold));

  it('commits every few events while folding, and a restart folds only what came after the last commit', async () => {
    const disk = { header: null as SnapshotHeader | null, ids: [] as string[] };
    await append(10);
    const first = new DurableIdFold(disk);
    const follower = await follow(first);
    // committed along the way (every 4 events), not only at the end
    expect(disk.ids.length).toBeGreaterThanOrEqual(8);
    await follower.stop(); // and at a stop
    expect(disk.ids).toHaveLength(10);
    await append(3);

    const resumed = new DurableIdFold(disk);
    await (await follow(resumed)).stop();
    expect(resumed.applied).toBe(3);
    expect(resumed.ids).toEqual((await store.readAll()).map((event) => event.id));
  });

  it('given a file made from another log, empties it and folds the log from the start', async () => {
    const disk = { header: null as SnapshotHeader | null, ids: [] as string[] };
    await append(4);
    await (await follow(new DurableIdFold(disk))).stop();
    await replaceLog();
    await append(6);
    const other = new DurableIdFold(disk);
    await (await follow(other)).stop();
    expect(other.applied).toBe(6);
    expect(disk.ids).toHaveLength(6);
  });
});
