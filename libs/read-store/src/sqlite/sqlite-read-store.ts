/**
 * The embedded read store: read models in their own SQLite file (WAL) next to the event store.
 * A batch and its projection checkpoint are one transaction, so a crash leaves the file at some
 * committed checkpoint and a restart continues from there instead of replaying the whole log.
 *
 * An index entry is one row keyed by (index name, member), with a second index by (name, score,
 * member) for ranges; members order like Redis sorted sets: by score, then by member bytes
 * (SQLite's BINARY collation compares UTF-8 bytes, as Redis does). Member sets are chunk rows
 * (see ../sets). The file's layout has a version (user_version): a file of another layout holds
 * nothing a rebuild cannot make again, so it is emptied and rebuilt from the log.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { dirname } from 'node:path';
import { CheckpointConflictError, CheckpointUpdate, IndexEntry, IndexRangeOptions, LeaseHolder, LeaseLostError, ReadStore, ReadStoreUnavailableError, ReadWrite } from '../read-store.port';
import { PreparedWrite, prepareWrites, validateRange } from '../prepared-writes';
import { SetPage, SetQueryOptions, SetWrite, applySetWrites, assignNumbers, chunkKey, intersectSets, memberKey, namedMembers, touchedChunks } from '../sets/member-sets';

export interface SqliteReadStoreOptions {
  /** Path of the database file, or ':memory:'. */
  readonly file: string;
  /**
   * How often a worker thread copies committed pages from the WAL into the file (default 1000 ms;
   * 0: SQLite's own checkpoint at the end of a commit). SQLite's automatic checkpoint runs inside
   * the commit that crosses 1,000 WAL pages, on the event loop: at a million targets it doubled
   * the time of projecting a draw's 5,000 history entries and stalled every request meanwhile.
   */
  readonly checkpointEveryMs?: number;
}

/**
 * The checkpointing thread: its own connection, passive checkpoints at every tick, then a RESTART.
 * Under a steady stream of commits a passive checkpoint never finds the WAL still at the frame it
 * copied up to, so SQLite never starts the WAL over and it grows without end (211 MB after 15 s of
 * bench:api, every page lookup slower for it). Two passive passes copy nearly everything without
 * holding anyone back; the RESTART then copies the few frames written meanwhile, holding writers
 * back only for that, and makes the next commit start the WAL from its beginning.
 */
const CHECKPOINTER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 10000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    if (passive && passive.log > 0) db.pragma('wal_checkpoint(RESTART)');
  } catch (error) { /* busy or closing: the next tick tries again */ }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) {}
  db.close();
  parentPort.close();
});
`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  json       TEXT NOT NULL,
  PRIMARY KEY (collection, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS index_entries (
  name   TEXT NOT NULL,
  member TEXT NOT NULL,
  score  REAL NOT NULL,
  PRIMARY KEY (name, member)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS index_entries_by_score ON index_entries (name, score, member);
CREATE TABLE IF NOT EXISTS set_members (
  universe TEXT    NOT NULL,
  member   TEXT    NOT NULL,
  n        INTEGER NOT NULL,
  PRIMARY KEY (universe, member)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS set_members_by_number ON set_members (universe, n);
CREATE TABLE IF NOT EXISTS set_chunks (
  universe TEXT    NOT NULL,
  name     TEXT    NOT NULL,
  chunk    INTEGER NOT NULL,
  bits     BLOB    NOT NULL,
  PRIMARY KEY (universe, name, chunk)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS leases (
  name       TEXT    PRIMARY KEY,
  owner      TEXT    NOT NULL,
  token      INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;`;

const LAYOUT_VERSION = 2;

/** SQLite has no infinite bound parameter that compares as expected everywhere; scores are finite. */
const lowest = -Number.MAX_VALUE;
const highest = Number.MAX_VALUE;

export class SqliteReadStore implements ReadStore {
  private readonly db: Database.Database;
  private readonly statements;
  private closed = false;
  private readonly checkpointer: Worker | null = null;
  private checkpointerExited: Promise<unknown> = Promise.resolve();

  constructor(options: SqliteReadStoreOptions) {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    // Read models are rebuilt from the log: a power cut may roll back the last commits, never
    // tear one, and the runner then resumes from the older checkpoint.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('cache_size = -65536');
    // a WAL that a burst made large is cut back to this when it starts over
    this.db.pragma('journal_size_limit = 67108864');
    const everyMs = options.checkpointEveryMs ?? 1000;
    if (options.file !== ':memory:' && everyMs > 0) {
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new Worker(CHECKPOINTER, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), file: options.file, everyMs } });
      this.checkpointer.unref();
      // a failed checkpointer only means the WAL is copied into the file at the next start
      this.checkpointer.on('error', () => undefined);
      this.checkpointerExited = new Promise((resolve) => this.checkpointer!.once('exit', resolve));
    }
    if (this.db.pragma('user_version', { simple: true }) !== LAYOUT_VERSION) {
      const tables = this.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
      this.db.transaction(() => {
        for (const { name } of tables) this.db.exec(`DROP TABLE IF EXISTS "${name}"`);
        this.db.pragma(`user_version = ${LAYOUT_VERSION}`);
      }).immediate();
    }
    // tables added within a layout (leases) are created in older files of the same layout
    this.db.exec(SCHEMA);
    const db = this.db;
    this.statements = {
      getDocument: db.prepare<[string, string], { json: string }>('SELECT json FROM documents WHERE collection = ? AND id = ?'),
      putDocument: db.prepare('INSERT INTO documents (collection, id, json) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET json = excluded.json'),
      deleteDocument: db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?'),
      getCounter: db.prepare<[string], { value: number }>('SELECT value FROM counters WHERE name = ?'),
      incr: db.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value'),
      indexSize: db.prepare<[string], { size: number }>('SELECT COUNT(*) AS size FROM index_entries WHERE name = ?'),
      putEntry: db.prepare('INSERT INTO index_entries (name, member, score) VALUES (?, ?, ?) ON CONFLICT (name, member) DO UPDATE SET score = excluded.score'),
      deleteEntry: db.prepare('DELETE FROM index_entries WHERE name = ? AND member = ?'),
      range: db.prepare<[string, number, number, number, number], IndexEntry>(
        'SELECT member, score FROM index_entries WHERE name = ? AND score >= ? AND score <= ? ORDER BY score, member LIMIT ? OFFSET ?',
      ),
      rangeReverse: db.prepare<[string, number, number, number, number], IndexEntry>(
        'SELECT member, score FROM index_entries WHERE name = ? AND score >= ? AND score <= ? ORDER BY score DESC, member DESC LIMIT ? OFFSET ?',
      ),
      memberNumber: db.prepare<[string, string], { n: number }>('SELECT n FROM set_members WHERE universe = ? AND member = ?'),
      memberOf: db.prepare<[string, number], { member: string }>('SELECT member FROM set_members WHERE universe = ? AND n = ?'),
      nextNumber: db.prepare<[string], { next: number | null }>('SELECT MAX(n) + 1 AS next FROM set_members WHERE universe = ?'),
      addMember: db.prepare('INSERT INTO set_members (universe, member, n) VALUES (?, ?, ?)'),
      setChunk: db.prepare<[string, string, number], { bits: Buffer }>('SELECT bits FROM set_chunks WHERE universe = ? AND name = ? AND chunk = ?'),
      setChunks: db.prepare<[string, string], { chunk: number; bits: Buffer }>('SELECT chunk, bits FROM set_chunks WHERE universe = ? AND name = ?'),
      putChunk: db.prepare('INSERT INTO set_chunks (universe, name, chunk, bits) VALUES (?, ?, ?, ?) ON CONFLICT (universe, name, chunk) DO UPDATE SET bits = excluded.bits'),
      deleteChunk: db.prepare('DELETE FROM set_chunks WHERE universe = ? AND name = ? AND chunk = ?'),
      getCheckpoint: db.prepare<[string], { value: string }>('SELECT value FROM checkpoints WHERE name = ?'),
      setCheckpoint: db.prepare('INSERT INTO checkpoints (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
      getLease: db.prepare<[string], { owner: string; token: number; expires_at: number }>('SELECT owner, token, expires_at FROM leases WHERE name = ?'),
      putLease: db.prepare(
        'INSERT INTO leases (name, owner, token, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, token = excluded.token, expires_at = excluded.expires_at',
      ),
      // The row stays after release, expired, so the next acquisition still gets a higher token.
      extendLease: db.prepare('UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ? AND token = ? AND expires_at > ?'),
    };
  }

  async getDocument<T = unknown>(collection: string, id: string): Promise<T | null> {
    const row = this.read(() => this.statements.getDocument.get(collection, id));
    return row ? (JSON.parse(row.json) as T) : null;
  }

  async getDocuments<T = unknown>(collection: string, ids: readonly string[]): Promise<(T | null)[]> {
    return this.read(() =>
      ids.map((id) => {
        const row = this.statements.getDocument.get(collection, id);
        return row ? (JSON.parse(row.json) as T) : null;
      }),
    );
  }

  async getCounter(counter: string): Promise<number> {
    return this.read(() => this.statements.getCounter.get(counter)?.value ?? 0);
  }

  async rangeIndex(index: string, options: IndexRangeOptions = {}): Promise<IndexEntry[]> {
    validateRange(options);
    const { min = lowest, max = highest, offset = 0, limit, reverse = false } = options;
    const statement = reverse ? this.statements.rangeReverse : this.statements.range;
    // LIMIT -1 is SQLite's "no limit".
    return this.read(() => statement.all(index, Math.max(min, lowest), Math.min(max, highest), limit ?? -1, offset));
  }

  async indexSize(index: string): Promise<number> {
    return this.read(() => this.statements.indexSize.get(index)?.size ?? 0);
  }

  async intersectSets(universe: string, sets: readonly string[], options: SetQueryOptions = {}): Promise<SetPage> {
    const s = this.statements;
    return intersectSets(
      {
        chunks: async (u, set) => this.read(() => new Map(s.setChunks.all(u, set).map((row) => [row.chunk, row.bits] as const))),
        members: async (u, numbers) => this.read(() => numbers.map((n) => s.memberOf.get(u, n)!.member)),
      },
      universe,
      sets,
      options,
    );
  }

  async getCheckpoint(name: string): Promise<string | null> {
    return this.read(() => this.statements.getCheckpoint.get(name)?.value ?? null);
  }

  // Expiry uses this machine's clock: every process sharing a SQLite file runs on the same machine.
  async acquireLease(name: string, owner: string, ttlMs: number): Promise<number | null> {
    const s = this.statements;
    const acquire = this.db.transaction(() => {
      const now = Date.now();
      const lease = s.getLease.get(name);
      if (lease && lease.expires_at > now && lease.owner !== owner) return null;
      const token = (lease?.token ?? 0) + 1;
      s.putLease.run(name, owner, token, now + ttlMs);
      return token;
    });
    // IMMEDIATE: two processes must not both read the lease as free before either writes.
    return this.write(() => acquire.immediate());
  }

  async renewLease(name: string, owner: string, token: number, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    return this.write(() => this.statements.extendLease.run(now + ttlMs, name, owner, token, now).changes > 0);
  }

  async releaseLease(name: string, owner: string, token: number): Promise<void> {
    const now = Date.now();
    this.write(() => this.statements.extendLease.run(0, name, owner, token, now));
  }

  async leaseHolder(name: string): Promise<LeaseHolder | null> {
    return this.read(() => {
      const lease = this.statements.getLease.get(name);
      const now = Date.now();
      return lease && lease.expires_at > now ? { owner: lease.owner, token: lease.token, expiresInMs: lease.expires_at - now } : null;
    });
  }

  async commit(writes: readonly ReadWrite[], checkpoint: CheckpointUpdate): Promise<void> {
    const prepared = prepareWrites(writes);
    const s = this.statements;
    const apply = this.db.transaction(() => {
      if (checkpoint.fence) {
        const { lease: name, token } = checkpoint.fence;
        const lease = s.getLease.get(name);
        const current = lease && lease.expires_at > Date.now() ? lease.token : null;
        if (current !== token) throw new LeaseLostError(name, token, current);
      }
      const actual = s.getCheckpoint.get(checkpoint.name)?.value ?? null;
      if (actual !== checkpoint.expected) throw new CheckpointConflictError(checkpoint.name, checkpoint.expected, actual);
      this.applySets(prepared.filter((w): w is SetWrite & PreparedWrite => w.op === 'set-add' || w.op === 'set-remove'));
      for (const write of inKeyOrder(prepared)) {
        switch (write.op) {
          case 'put':
            s.putDocument.run(write.collection, write.id, write.json);
            break;
          case 'delete':
            s.deleteDocument.run(write.collection, write.id);
            break;
          case 'incr':
            s.incr.run(write.counter, write.by);
            break;
          case 'index-add':
            s.putEntry.run(write.index, write.member, write.score);
            break;
          case 'index-remove':
            s.deleteEntry.run(write.index, write.member);
            break;
          case 'set-add':
          case 'set-remove':
            break; // applied by applySets
        }
      }
      s.setCheckpoint.run(checkpoint.name, checkpoint.next);
    });
    try {
      apply.immediate();
    } catch (error) {
      if (error instanceof CheckpointConflictError || error instanceof LeaseLostError) throw error;
      throw new ReadStoreUnavailableError(`read store commit failed: ${(error as Error).message}`, error);
    }
  }

  async clear(): Promise<void> {
    this.db.exec(
      'BEGIN IMMEDIATE; DELETE FROM documents; DELETE FROM counters; DELETE FROM index_entries; ' +
        'DELETE FROM set_members; DELETE FROM set_chunks; DELETE FROM checkpoints; COMMIT;',
    );
  }

  async ping(): Promise<void> {
    if (this.closed) throw new ReadStoreUnavailableError('read store is closed');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.checkpointer) {
      // unref'd, the worker would not keep a process alive that has nothing else left to do (the
      // cli's rebuild and status): its exit would never come and close() never return
      this.checkpointer.ref();
      this.checkpointer.postMessage('close');
      await this.checkpointerExited;
    }
    this.db.close();
  }

  /** Inside the commit's transaction: numbers new members, then rewrites each touched chunk once. */
  private applySets(writes: readonly SetWrite[]): void {
    if (writes.length === 0) return;
    const s = this.statements;
    const known = new Map<string, number>();
    for (const { universe, member } of namedMembers(writes)) {
      const row = s.memberNumber.get(universe, member);
      if (row) known.set(memberKey(universe, member), row.n);
    }
    const assignment = assignNumbers(writes, known, (universe) => s.nextNumber.get(universe)?.next ?? 0);
    for (const { universe, member, n } of assignment.created) s.addMember.run(universe, member, n);
    const loaded = new Map<string, Uint8Array | null>();
    for (const { universe, set, chunk } of touchedChunks(writes, assignment))
      loaded.set(chunkKey(universe, set, chunk), s.setChunk.get(universe, set, chunk)?.bits ?? null);
    for (const { universe, set, chunk, bytes } of applySetWrites(writes, assignment, loaded).values()) {
      if (bytes) s.putChunk.run(universe, set, chunk, bytes);
      else s.deleteChunk.run(universe, set, chunk);
    }
  }

  private write<T>(change: () => T): T {
    if (this.closed) throw new ReadStoreUnavailableError('read store is closed');
    return change();
  }

  private read<T>(query: () => T): T {
    if (this.closed) throw new ReadStoreUnavailableError('read store is closed');
    return query();
  }
}

/** Batches of fewer writes are applied in the order given. */
const KEY_ORDER_FROM = 256;

/**
 * The writes of a batch in the order of the rows they touch, table by table: a draw's thousands of
 * history entries and quota counters land on pages all over a large file, and visiting the
 * B-trees in key order finds each page once, in cache, instead of at random (measured on a
 * 1,000,000-target read.db: 15,000 writes took 54–113 ms in key order, 128–291 ms at random).
 * Writes to one row keep their order (the sort is stable); writes to different rows do not
 * depend on each other. Small batches are left as they are.
 */
function inKeyOrder(writes: readonly PreparedWrite[]): readonly PreparedWrite[] {
  if (writes.length < KEY_ORDER_FROM) return writes;
  const keyed = writes.map((write) => ({ key: rowKey(write), write }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ write }) => write);
}

function rowKey(write: PreparedWrite): string {
  switch (write.op) {
    case 'put':
    case 'delete':
      return `d\u0000${write.collection}\u0000${write.id}`;
    case 'incr':
      return `c\u0000${write.counter}`;
    case 'index-add':
    case 'index-remove':
      return `i\u0000${write.index}\u0000${write.member}`;
    default:
      return 's';
  }
}
