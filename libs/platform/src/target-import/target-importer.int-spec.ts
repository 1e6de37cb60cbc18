import { EventStore, SqliteEventStore } from '@app/event-store';
import { Actor } from '@app/domain';
import { TargetImporter } from './target-importer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TargetFileTooLarge, TargetImportRejected, targetFileAt, targetFileOf } from './target-file';
import { targetRows, targetsCsv, targetsXlsx, writeTargetsCsv, writeTargetsXlsx } from '../../../../test/fixtures/targets-xlsx';

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
      new TargetImporter(store, scope, clock, limits).import(
        targetFileOf(Buffer.from('名称,主体类型,行政区划,名录编号\n,企业,431102,\n'), 't.csv'),
        'lingling',
        actor,
      ),
    ).rejects.toBeInstanceOf(TargetImportRejected);
    expect(await store.readAll()).toEqual([]);
  });

  describe('a large file, read as a stream', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'dsr-import-spec-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    // row 70,000 as the spreadsheet numbers it: the header is row 1, so the 69,999th target
    const badAt = (row: number) => (n: number, target: Record<string, string>) =>
      n === row - 2 ? { ...target, 统一社会信用代码: target['统一社会信用代码'].slice(0, 17) + (target['统一社会信用代码'][17] === 'A' ? 'B' : 'A') } : target;

    it('refuses a CSV file whose row 70,000 of 80,000 is bad, naming that row, and appends nothing', async () => {
      const path = join(dir, 'bad-row.csv');
      await writeTargetsCsv(path, 80_000, badAt(70_000));
      const error = await new TargetImporter(store, scope, clock, { maxRows: 100_000 }).import(targetFileAt(path), 'lingling', actor).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TargetImportRejected);
      expect((error as TargetImportRejected).problems).toEqual([
        { field: 'row 70000, 统一社会信用代码', reason: expect.stringMatching(/check character is wrong/) },
      ]);
      expect(await store.readAll()).toEqual([]);
    }, 60_000);

    it('refuses an XLSX file whose row 7,000 of 8,000 is bad, and appends nothing', async () => {
      const path = join(dir, 'bad-row.xlsx');
      await writeTargetsXlsx(path, 8_000, badAt(7_000));
      const error = await new TargetImporter(store, scope, clock, { maxRows: 10_000 }).import(targetFileAt(path), 'lingling', actor).catch((e: unknown) => e);
      expect((error as TargetImportRejected).problems).toEqual([
        { field: 'row 7000, 统一社会信用代码', reason: expect.stringMatching(/check character is wrong/) },
      ]);
      expect(await store.readAll()).toEqual([]);
    }, 60_000);

    it('refuses a file with more rows than the limit, and appends nothing', async () => {
      const path = join(dir, 'too-many.csv');
      await writeTargetsCsv(path, 5_001);
      const error = await new TargetImporter(store, scope, clock, { maxRows: 5_000 }).import(targetFileAt(path), 'lingling', actor).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TargetFileTooLarge);
      expect(await store.readAll()).toEqual([]);
    });

    it('imports 5,000 rows in batches smaller than the file, one event per target stream, and the import record', async () => {
      const path = join(dir, 'good.csv');
      await writeTargetsCsv(path, 5_000);
      const report = await new TargetImporter(store, scope, clock, { maxRows: 5_000 }).import(targetFileAt(path), 'lingling', actor, { concurrency: 300 });
      expect(report).toMatchObject({ rows: 5_000, registered: 5_000, changed: 0, unchanged: 0 });
      const events = await store.readAll();
      expect(events).toHaveLength(5_001);
      expect(new Set(events.map((e) => e.stream)).size).toBe(5_001);
    });
  });

  it('appends the same events from CSV and from XLSX: one TargetRegistered per target stream, then the import record', async () => {
    const rows = targetRows(30);
    const fromCsv = store;
    const fromXlsx = new SqliteEventStore({ file: ':memory:' });
    try {
      const csv = await new TargetImporter(fromCsv, scope, clock, limits).import(targetFileOf(targetsCsv(rows), 'targets.csv'), 'lingling', actor);
      const xlsx = await new TargetImporter(fromXlsx, scope, clock, limits).import(targetFileOf(await targetsXlsx(rows), 'targets.xlsx'), 'lingling', actor);
      const shape = (events: Awaited<ReturnType<SqliteEventStore['readAll']>>) =>
        events.map((e) => ({ stream: e.stream, revision: e.revision, type: e.type, schemaVersion: e.schemaVersion, data: e.data }));
      const csvEvents = await fromCsv.readAll();
      const xlsxEvents = await fromXlsx.readAll();
      expect(shape(csvEvents.slice(0, 30))).toEqual(shape(xlsxEvents.slice(0, 30)));
      expect(csvEvents[0]).toMatchObject({
        stream: `target-${rows[0]['统一社会信用代码']}`,
        revision: 0,
        type: 'TargetRegistered',
        schemaVersion: 1,
        data: {
          targetId: rows[0]['统一社会信用代码'],
          departmentId: 'lingling',
          name: rows[0]['名称'],
          creditCode: rows[0]['统一社会信用代码'],
          registryId: null,
          subjectType: 'enterprise',
          scale: 'large',
          industry: 'C1391',
          areaCode: '431102',
          address: rows[0]['地址'],
          representative: '经营者0',
        },
        metadata: {
          actorId: 'staff-1',
          role: 'staff',
          unit: 'lingling',
          commandId: `import-${csv.fileHash}-1-row-2`,
          correlationId: `import-${csv.fileHash}-1`,
        },
      });
      expect(csvEvents[30]).toMatchObject({ stream: `import-${csv.fileHash}`, type: 'TargetsImported', data: { format: 'csv', rows: 30, registered: 30 } });
      expect(xlsxEvents[30]).toMatchObject({ stream: `import-${xlsx.fileHash}`, type: 'TargetsImported', data: { format: 'xlsx', rows: 30, registered: 30 } });
    } finally {
      await fromXlsx.close();
    }
  });
});
