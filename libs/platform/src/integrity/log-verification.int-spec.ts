/**
 * `verifyLog` over an embedded store file (issue 9 item 6): the worker-thread path that reads the
 * stored rows, the same path hashing in one thread, and the ordinary port must give the very same
 * verification — for an honest log whose size is no multiple of the page size, for an empty log, and
 * for logs edited behind the store's back, each problem named at its own position.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { v5 as uuidv5 } from 'uuid';
import { EventRow, EventStore, SqliteEventStore, hashEvent } from '@app/event-store';
import { SigningKey, VerificationKey, generateTreeHeadKeyPair, signingKeyFrom } from '@app/integrity';
import { LogTree } from './log-tree';
import { appendSignedHead } from '../../../../test/support/signed-heads';
import { LogVerification, LogVerificationOptions, verifyLog } from './log-verification';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { tsWorker } = require('../../../../test/support/ts-worker.js') as { tsWorker: (file: string, options: object) => import('node:worker_threads').Worker };

const WORKER = join(__dirname, 'log-verification.worker.ts');
const NAMESPACE = '7d3c2b1a-0f9e-4d8c-b7a6-5e4f3a2b1c0d';
/** Small pages, so that a few hundred events span many, and the last one is partial. */
const PAGE = 64;
const STREAMS = 7;

type Row = EventRow;

const signing: SigningKey = signingKeyFrom(generateTreeHeadKeyPair().seedBase64);
const key: VerificationKey = { publicKey: signing.publicKey, keyId: signing.keyId };
const dirs: string[] = [];

afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** `events` events round-robin over STREAMS streams, a signed head after every `headEvery`. */
async function buildStore(events: number, headEvery: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'dsr-verify-log-'));
  dirs.push(dir);
  const file = join(dir, 'events.db');
  const store = new SqliteEventStore({ file, synchronous: 'NORMAL' });
  const tree = new LogTree();
  for (let n = 0; n < events; n++) {
    const commandId = `command-${n}`;
    await store.append(
      `target-${n % STREAMS}`,
      [
        {
          id: uuidv5(`${commandId}/0`, NAMESPACE),
          type: 'TargetRenamed',
          schemaVersion: 1,
          data: { targetId: `t${n % STREAMS}`, name: `零陵区测试企业${n}号`, scale: n % 2 ? 'small' : 'micro', n },
          metadata: metadataOf(commandId, 'staff-1', 'staff'),
        },
      ],
      'any',
    );
    if ((n + 1) % headEvery === 0) await appendHead(store, tree);
  }
  await store.close();
  return file;
}

function metadataOf(commandId: string, actorId: string, role: string) {
  return { actorId, role, unit: 'lingling', commandId, correlationId: commandId, causationId: commandId, recordedAt: '2026-03-02T08:00:00.000Z' };
}

async function appendHead(store: SqliteEventStore, tree: LogTree): Promise<void> {
  // a fresh store's positions are 1, 2, 3 …: leaf i is at position i + 1
  for (const event of store.readPageAfter(tree.size, 1_000_000)) tree.add(event);
  await appendSignedHead(store, { treeSize: tree.size, rootHash: tree.rootAt(tree.size) }, signing, '2026-03-02T08:01:00.000Z');
}

function rowsOf(file: string): Row[] {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare('SELECT * FROM events ORDER BY position').all() as Row[];
  db.close();
  return rows;
}

function tamper(file: string, change: (db: Database.Database) => void): void {
  const db = new Database(file);
  db.transaction(() => change(db))();
  db.close();
}

/** An edit of the payload with the event's hash recomputed, as docs/event-envelope.md describes an attacker could. */
function editWithRecomputedHash(file: string, row: Row): void {
  tamper(file, (db) => {
    const data = { ...JSON.parse(row.data), name: '零陵区测试企业（改）' };
    const { hash: _old, ...metadata } = JSON.parse(row.metadata);
    const hash = hashEvent({ stream: row.stream, revision: row.revision, id: row.id, type: row.type, schemaVersion: row.schema_version, data, metadata });
    db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(JSON.stringify(data), JSON.stringify({ ...metadata, hash }), row.position);
  });
}

/** The store behind the port only: not the SQLite class, so verifyLog cannot take its own path. */
function portOnly(store: EventStore): EventStore {
  return {
    append: (...args) => store.append(...args),
    readStream: (...args) => store.readStream(...args),
    readStreams: (...args) => store.readStreams(...args),
    readAll: (...args) => store.readAll(...args),
    subscribeAll: (...args) => store.subscribeAll(...args),
    headPosition: () => store.headPosition(),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}

/** The three ways of reading the same file; each must give the same verification. */
async function verifyEveryWay(file: string): Promise<LogVerification> {
  const run = async (options: LogVerificationOptions | 'port') => {
    const store = new SqliteEventStore({ file });
    try {
      return options === 'port' ? await verifyLog(portOnly(store), key) : await verifyLog(store, key, [], options);
    } finally {
      await store.close();
    }
  };
  const workers = await run({ workers: 2, pageSize: PAGE, spawnWorker: (workerData) => tsWorker(WORKER, { workerData }) });
  expect(await run({ workers: 0, pageSize: PAGE })).toEqual(workers);
  expect(await run('port')).toEqual(workers);
  return workers;
}

const at = (row: Row) => `${row.position}/${row.position}`;

describe('verify-log over the embedded store, on worker threads and through the port', () => {
  let honest: string;

  beforeAll(async () => {
    // 4 heads: 420 content events + 4 head events = 424 leaves, not a multiple of the page
    honest = await buildStore(420, 100);
  }, 60_000);

  const copyOf = (file: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'dsr-verify-log-'));
    dirs.push(dir);
    const db = new Database(file, { readonly: true });
    db.exec(`VACUUM INTO '${join(dir, 'events.db')}'`);
    db.close();
    return join(dir, 'events.db');
  };

  describe('when the log is honest', () => {
    it('should verify every event, every chain and every head, whatever the page boundaries', async () => {
      const verification = await verifyEveryWay(honest);
      expect(verification).toMatchObject({ ok: true, events: 424, streams: STREAMS + 1, coveredSize: 403, uncovered: 21, findings: [] });
      expect(verification.heads.map((h) => [h.head.treeSize, h.rootMatches, h.signatureValid])).toEqual([
        [100, true, true],
        [201, true, true],
        [302, true, true],
        [403, true, true],
      ]);
    });
  });

  describe('when the positions leave gaps', () => {
    it('should read across them, a wide one included, and still verify the log', async () => {
      const file = copyOf(honest);
      const last = rowsOf(file).at(-1)!;
      // the newest event, after every head, moved far on: the order, and so the log, is unchanged
      tamper(file, (db) => db.prepare('UPDATE events SET position = ? WHERE position = ?').run(50_000_000, last.position));
      const verification = await verifyEveryWay(file);
      expect(verification).toMatchObject({ ok: true, events: 424, uncovered: 21 });
    });
  });

  describe('when the log is empty', () => {
    it('should verify nothing and find nothing', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dsr-verify-log-'));
      dirs.push(dir);
      const file = join(dir, 'events.db');
      await new SqliteEventStore({ file }).close();
      expect(await verifyEveryWay(file)).toMatchObject({ ok: true, events: 0, streams: 0, heads: [], first: null, coveredSize: 0, uncovered: 0 });
    });
  });

  describe('when an event was edited and its hash recomputed', () => {
    it('should name the edited event, the last of a page, by the next event of its stream in the next page', async () => {
      const file = copyOf(honest);
      const rows = rowsOf(file);
      // leaf 63 ends the first page; the next event of its stream is leaf 70, in the second
      const edited = rows[PAGE - 1];
      expect(rows.findIndex((r, i) => i > PAGE - 1 && r.stream === edited.stream)).toBeGreaterThanOrEqual(PAGE);
      editWithRecomputedHash(file, edited);
      const verification = await verifyEveryWay(file);
      expect(verification.ok).toBe(false);
      expect(verification.first).toMatchObject({
        kind: 'edited',
        leafIndex: PAGE - 1,
        event: { position: at(edited), leafIndex: PAGE - 1, stream: edited.stream, revision: edited.revision, id: edited.id },
      });
      expect(verification.first!.detail).toMatch(/^the next event of target-\d \(revision \d+ at position \d+\/\d+\) was chained onto a different event/);
      expect(verification.heads[0]).toMatchObject({ rootMatches: false, signatureValid: true });
    });
  });

  describe('when an edit left the stored hash alone', () => {
    it('should find the content no longer gives the hash, in the last, partial page', async () => {
      const file = copyOf(honest);
      const rows = rowsOf(file);
      const edited = rows[rows.length - 2];
      tamper(file, (db) =>
        db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify({ ...JSON.parse(edited.data), scale: 'large' }), edited.position),
      );
      const verification = await verifyEveryWay(file);
      expect(verification.first).toMatchObject({ kind: 'edited', leafIndex: rows.length - 2, event: { position: at(edited), id: edited.id } });
      expect(verification.first!.detail).toMatch(/^its content no longer gives its stored hash \(stored [0-9a-f]{64}, recomputed [0-9a-f]{64}\)$/);
    });
  });

  describe('when a row\'s data was written out again in another key order, its content unchanged', () => {
    it('should still verify: what is hashed is the parsed content, not the stored text', async () => {
      const file = copyOf(honest);
      const rows = rowsOf(file);
      const rewritten = rows[PAGE + 3];
      const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(rewritten.data) as Record<string, unknown>).reverse()));
      expect(reordered).not.toBe(rewritten.data);
      tamper(file, (db) => db.prepare('UPDATE events SET data = ? WHERE position = ?').run(reordered, rewritten.position));
      const verification = await verifyEveryWay(file);
      expect(verification.ok).toBe(true);
      expect(verification.events).toBe(rows.length);
    });
  });

  describe('when the chain is broken by a deleted event', () => {
    it('should name the next event of its stream, which finds its revision missing', async () => {
      const file = copyOf(honest);
      const rows = rowsOf(file);
      const deleted = rows[250];
      const next = rows.find((r, i) => i > 250 && r.stream === deleted.stream)!;
      tamper(file, (db) => db.prepare('DELETE FROM events WHERE position = ?').run(deleted.position));
      const verification = await verifyEveryWay(file);
      expect(verification.first).toMatchObject({
        kind: 'deleted',
        event: { position: at(next), leafIndex: next.position - 2, stream: deleted.stream, revision: deleted.revision + 1 },
        detail: `revision ${deleted.revision} of ${deleted.stream} is missing before it`,
      });
      expect(verification.events).toBe(rows.length - 1);
    });
  });

  describe('when two events of different streams were swapped before a head', () => {
    it('should locate the swap through the head, among leaves kept for the search', async () => {
      const file = copyOf(honest);
      const rows = rowsOf(file);
      // within the first head's 100 leaves, a stretch short enough for the swap search
      const [a, b] = [rows[50], rows[51]];
      tamper(file, (db) => {
        db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a.position);
        db.prepare('UPDATE events SET position = ? WHERE position = ?').run(a.position, b.position);
        db.prepare('UPDATE events SET position = ? WHERE position = -1').run(b.position);
      });
      const verification = await verifyEveryWay(file);
      expect(verification.first).toMatchObject({ kind: 'reordered', leafIndex: 50, event: { position: at(a), id: b.id } });
      expect(verification.first!.detail).toContain(`with this event and the one at position ${at(b)} swapped back it does`);
    });
  });
});
