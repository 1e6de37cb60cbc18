import { EventStore, SqliteEventStore } from '@app/event-store';
import { Actor } from '@app/domain';
import { TargetImporter } from './target-importer';
import { TargetImportRejected, targetFileOf } from './target-file';
import { targetRows, targetsCsv } from '../../../../test/fixtures/targets-xlsx';

const actor: Actor = { id: 'staff-1', role: 'staff', unit: 'lingling' };
const clock = { now: () => new Date('2025-03-01T02:00:00.000Z') };
const scope = { assertActsFor: async () => undefined };

/** A store that dies after a number of appends, like a process killed part-way through an import. */
function crashingAfter(store: EventStore, appends: number): EventStore {
  let left = appends;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'append') {
        return (...args: Parameters<EventStore['append']>) => (left-- > 0 ? target.append(...args) : Promise.reject(new Error('killed')));
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

describe('target importer on the embedded store (000 §13–14)', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = new SqliteEventStore({ file: ':memory:' });
  });
  afterEach(() => store.close());

  const file = targetFileOf(targetsCsv(targetRows(50)), 't.csv');
  const limits = { maxRows: 1000 };

  it('completes an import that crashed part-way when run again, without duplicates, and records it once', async () => {
    await expect(new TargetImporter(crashingAfter(store, 20), scope, clock, limits).import(file, 'lingling', actor, { concurrency: 4 })).rejects.toThrow(
      'killed',
    );
    const partial = (await store.readAll()).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(50);

    const report = await new TargetImporter(store, scope, clock, limits).import(file, 'lingling', actor, { concurrency: 4 });
    expect(report).toMatchObject({ rows: 50, registered: 50, changed: 0, unchanged: 0, replayed: false });
    const events = await store.readAll();
    expect(events.filter((e) => e.type === 'TargetRegistered')).toHaveLength(50);
    expect(events.filter((e) => e.type === 'TargetsImported')).toHaveLength(1);
    expect(new Set(events.map((e) => e.stream)).size).toBe(51);
  });

  it('derives event ids from the file and the row, so the same import always proposes the same ids', async () => {
    const report = await new TargetImporter(store, scope, clock, limits).import(file, 'lingling', actor);
    const first = (await store.readAll()).find((e) => e.type === 'TargetRegistered');
    expect(first?.metadata.commandId).toBe(`import-${report.fileHash}-1-row-2`);
    expect(first?.metadata.correlationId).toBe(`import-${report.fileHash}-1`);
  });

  it('checks scope before reading the file, and refuses a bad file without appending', async () => {
    const refusing = { assertActsFor: async () => Promise.reject(new Error('403')) };
    await expect(new TargetImporter(store, refusing, clock, limits).import(file, 'lingling', actor)).rejects.toThrow('403');
    await expect(
      new TargetImporter(store, scope, clock, limits).import(targetFileOf(Buffer.from('名称,主体类型,行政区划,名录编号\n,企业,431102,\n'), 't.csv'), 'lingling', actor),
    ).rejects.toBeInstanceOf(TargetImportRejected);
    expect(await store.readAll()).toEqual([]);
  });
});
