/**
 * The log's Merkle tree on disk (issue 9 item 2): its nodes, the leaf index of every event id and
 * the signed heads live in a SQLite file (DATA_DIR/state/log-tree.db), so a process holds only
 * what it folded since its last commit, whatever the length of the log. About 64 bytes of nodes a
 * leaf in memory would be 6.4 GB at 100,000,000 events, and the ids twice that; here the file
 * grows instead, and a start resumes at the position the file records.
 *
 * What a process folds goes to in-memory tails first and is committed in one transaction with the
 * position it reached (`commit`), so the file always holds a prefix of the log and nothing torn.
 * Everything in it follows from the log alone: rows of one (level, index) are the same whoever
 * computed them, so several processes sharing DATA_DIR (the API and the projector) commit to one
 * file — a row already there is kept, and the recorded position only moves forwards. Each process
 * reads rows below the size it committed or resumed from, and its own tails above.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MerkleNodes, SignedTreeHead } from '@app/integrity';
import { LogTreeStorage } from './log-tree';
import type { DurableFold, SnapshotHeader } from '../log/log-follower';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS nodes (
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB    NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS leaf_ids (
  id  BLOB    PRIMARY KEY,
  idx INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS heads (
  leaf      INTEGER PRIMARY KEY,
  tree_size INTEGER NOT NULL,
  head      TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS heads_by_size ON heads (tree_size);`;

/** The committed state of the file: the fold's header and where the tree stood at it. */
interface Committed {
  header: SnapshotHeader;
  size: number;
  lastContentIndex: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Event ids are UUIDs on both stores: 16 bytes a row instead of 36. Anything else is kept as text. */
const idKey = (id: string): Buffer | string => (UUID.test(id) ? Buffer.from(id.replace(/-/g, ''), 'hex') : id);

export class LogTreeFile implements LogTreeStorage, DurableFold {
  private readonly db: Database.Database;
  private readonly statements;
  /** Committed nodes per level (what this process reads from the file), then its own tail of each level. */
  private readonly base: number[] = [];
  private readonly tails: Uint8Array[][] = [];
  private readonly pendingIds = new Map<string, number>();
  private readonly pendingHeads: { leaf: number; head: SignedTreeHead }[] = [];
  private committedHeads = 0;
  private latest: SignedTreeHead | null = null;
  lastContentIndex = -1;
  /** What the last `committed()` read: `resume` takes up exactly that state. */
  private found: Committed | null = null;

  readonly nodes: MerkleNodes = {
    count: (level) => (this.base[level] ?? 0) + (this.tails[level]?.length ?? 0),
    at: (level, index) => {
      const base = this.base[level] ?? 0;
      if (index >= base) return this.tails[level][index - base];
      return this.statements.node.get(level, index) as Buffer;
    },
    push: (level, hash) => {
      while (this.tails.length <= level) {
        this.tails.push([]);
        this.base.push(0);
      }
      this.tails[level].push(hash);
    },
  };

  constructor(
    file: string,
    /** Changes whenever the rows change meaning: a file of another version is emptied and refolded. */
    readonly version = 'log-tree-file-1',
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // derived from the log: a power cut may lose the last commits, and the fold redoes them
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.statements = {
      meta: db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      node: db.prepare<[number, number], Buffer>('SELECT hash FROM nodes WHERE level = ? AND idx = ?').pluck(),
      putNode: db.prepare('INSERT OR IGNORE INTO nodes (level, idx, hash) VALUES (?, ?, ?)'),
      leafOf: db.prepare<[Buffer | string], number>('SELECT idx FROM leaf_ids WHERE id = ?').pluck(),
      putId: db.prepare('INSERT OR IGNORE INTO leaf_ids (id, idx) VALUES (?, ?)'),
      putHead: db.prepare('INSERT OR IGNORE INTO heads (leaf, tree_size, head) VALUES (?, ?, ?)'),
      headOfSize: db.prepare<[number, number], string>('SELECT head FROM heads WHERE tree_size = ? AND leaf < ? ORDER BY leaf LIMIT 1').pluck(),
      headsBefore: db.prepare<[number, number, number], string>('SELECT head FROM heads WHERE leaf < ? ORDER BY leaf DESC LIMIT ? OFFSET ?').pluck(),
      headCount: db.prepare<[number], number>('SELECT COUNT(*) FROM heads WHERE leaf < ?').pluck(),
    };
  }

  /** What the file holds: the fold's header and tree size, or null when it holds nothing yet. */
  stored(): Committed | null {
    const value = this.statements.meta.get('committed');
    return value ? (JSON.parse(value) as Committed) : null;
  }

  /** DurableFold: the header of what the file holds, remembered for `resume` (another process may commit further meanwhile). */
  committed(): SnapshotHeader | null {
    this.found = this.stored();
    return this.found?.header ?? null;
  }

  /** DurableFold: takes up what `committed` found as this process's own; only before anything is folded. */
  resume(header: SnapshotHeader): void {
    const committed = this.found;
    if (!committed || committed.header.position !== header.position) throw new Error('resume the header that committed() found');
    if (this.size() > 0) throw new Error('a log tree file is resumed only before folding');
    for (let level = 0, count = committed.size; count > 0; level += 1, count = Math.floor(count / 2)) {
      this.base.push(count);
      this.tails.push([]);
    }
    this.lastContentIndex = committed.lastContentIndex;
    this.committedHeads = this.statements.headCount.get(committed.size) ?? 0;
    const newest = this.statements.headsBefore.get(committed.size, 1, 0);
    this.latest = newest ? (JSON.parse(newest) as SignedTreeHead) : null;
  }

  /** Empties the file and this process's tree: it was made from another log or by another version of the tree. */
  reset(): void {
    this.db.exec('BEGIN IMMEDIATE; DELETE FROM meta; DELETE FROM nodes; DELETE FROM leaf_ids; DELETE FROM heads; COMMIT;');
    this.base.length = 0;
    this.tails.length = 0;
    this.pendingIds.clear();
    this.pendingHeads.length = 0;
    this.committedHeads = 0;
    this.latest = null;
    this.lastContentIndex = -1;
  }

  /** Writes this process's tails and the header they reach in one transaction, then reads them from the file. */
  commit(header: SnapshotHeader): void {
    const s = this.statements;
    const size = this.size();
    const state: Committed = { header, size, lastContentIndex: this.lastContentIndex };
    this.db
      .transaction(() => {
        this.tails.forEach((tail, level) => tail.forEach((hash, i) => s.putNode.run(level, this.base[level] + i, hash)));
        for (const [id, index] of this.pendingIds) s.putId.run(idKey(id), index);
        for (const { leaf, head } of this.pendingHeads) s.putHead.run(leaf, head.treeSize, JSON.stringify(head));
        const stored = s.meta.get('committed');
        // another process may have committed further along the same log: its position stands
        if (!stored || (JSON.parse(stored) as Committed).size < size) s.setMeta.run('committed', JSON.stringify(state));
      })
      .immediate();
    this.tails.forEach((tail, level) => {
      this.base[level] += tail.length;
      tail.length = 0;
    });
    this.pendingIds.clear();
    this.committedHeads += this.pendingHeads.length;
    this.pendingHeads.length = 0;
  }

  close(): void {
    this.db.close();
  }

  leafIndexOf(eventId: string): number | undefined {
    const pending = this.pendingIds.get(eventId);
    if (pending !== undefined) return pending;
    const index = this.statements.leafOf.get(idKey(eventId));
    // a row another process committed beyond this one's tree is not in this tree yet
    return index !== undefined && index < (this.base[0] ?? 0) ? index : undefined;
  }

  recordLeaf(eventId: string, index: number): void {
    this.pendingIds.set(eventId, index);
  }

  recordHead(leaf: number, head: SignedTreeHead): void {
    this.pendingHeads.push({ leaf, head });
    this.latest = head;
  }

  headOfSize(treeSize: number): SignedTreeHead | null {
    const pending = this.pendingHeads.find((h) => h.head.treeSize === treeSize);
    if (pending) return pending.head;
    const stored = this.statements.headOfSize.get(treeSize, this.base[0] ?? 0);
    return stored ? (JSON.parse(stored) as SignedTreeHead) : null;
  }

  latestHead(): SignedTreeHead | null {
    return this.latest;
  }

  headCount(): number {
    return this.committedHeads + this.pendingHeads.length;
  }

  headsNewestFirst(offset: number, limit: number): SignedTreeHead[] {
    const pending = this.pendingHeads
      .slice()
      .reverse()
      .map((h) => h.head);
    const fromPending = pending.slice(offset, offset + limit);
    const rest = limit - fromPending.length;
    if (rest <= 0) return fromPending;
    const stored = this.statements.headsBefore.all(this.base[0] ?? 0, rest, Math.max(0, offset - pending.length));
    return [...fromPending, ...stored.map((json) => JSON.parse(json) as SignedTreeHead)];
  }

  private size(): number {
    return this.nodes.count(0);
  }
}
