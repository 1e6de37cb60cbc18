/**
 * A witness's own record, in a SQLite file only the witness writes: the log key it pinned, every
 * head it cosigned with its cosignature, and every alarm it raised. It is what the witness vouches
 * for, and what `verify-log --heads` can be given (`npm run cli -- witness export-heads`).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Cosignature, SignedTreeHead, WitnessAlarmReason, WitnessedHead } from '@app/integrity';

export interface WitnessAlarm {
  readonly raisedAt: string;
  readonly reason: WitnessAlarmReason | 'head-missing';
  readonly detail: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cosigned (
  tree_size   INTEGER PRIMARY KEY,
  root_hash   TEXT NOT NULL,
  head        TEXT NOT NULL,
  cosignature TEXT NOT NULL,
  -- when the service accepted the cosignature back (POST /integrity/cosignatures); null until then
  posted_at   TEXT
);
CREATE TABLE IF NOT EXISTS alarms (
  id        INTEGER PRIMARY KEY,
  raised_at TEXT NOT NULL,
  reason    TEXT NOT NULL,
  detail    TEXT NOT NULL UNIQUE
);`;

export class WitnessStore {
  private readonly db: Database.Database;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // what a witness vouched for must survive a power cut
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
  }

  /** The log's public key (SPKI PEM) the witness pinned at its first run; null before. */
  logKey(): string | null {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE name = ?').get('log-key')?.value ?? null;
  }

  pinLogKey(pem: string): void {
    this.db.prepare('INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)').run('log-key', pem);
  }

  /** The largest head cosigned. */
  last(): WitnessedHead | null {
    const row = this.db.prepare<[], { tree_size: number; root_hash: string }>('SELECT tree_size, root_hash FROM cosigned ORDER BY tree_size DESC LIMIT 1').get();
    return row ? { treeSize: row.tree_size, rootHash: row.root_hash } : null;
  }

  recordCosigned(head: SignedTreeHead, cosignature: Cosignature): void {
    this.db.prepare('INSERT OR IGNORE INTO cosigned (tree_size, root_hash, head, cosignature) VALUES (?, ?, ?, ?)').run(head.treeSize, head.rootHash, JSON.stringify(head), JSON.stringify(cosignature));
  }

  /** Every head cosigned, oldest first, each with its cosignature. */
  cosigned(): { head: SignedTreeHead; cosignature: Cosignature }[] {
    return this.db
      .prepare<[], { head: string; cosignature: string }>('SELECT head, cosignature FROM cosigned ORDER BY tree_size')
      .all()
      .map((row) => ({ head: JSON.parse(row.head) as SignedTreeHead, cosignature: JSON.parse(row.cosignature) as Cosignature }));
  }

  /** Cosignatures the service has not accepted yet, oldest first. */
  unposted(): Cosignature[] {
    return this.db
      .prepare<[], { cosignature: string }>('SELECT cosignature FROM cosigned WHERE posted_at IS NULL ORDER BY tree_size')
      .all()
      .map((row) => JSON.parse(row.cosignature) as Cosignature);
  }

  markPosted(treeSize: number, at: string): void {
    this.db.prepare('UPDATE cosigned SET posted_at = ? WHERE tree_size = ?').run(at, treeSize);
  }

  /** Records an alarm once (the same finding on every poll is one alarm); true when it is new. */
  raise(alarm: WitnessAlarm): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO alarms (raised_at, reason, detail) VALUES (?, ?, ?)').run(alarm.raisedAt, alarm.reason, alarm.detail).changes > 0;
  }

  alarms(): WitnessAlarm[] {
    return this.db
      .prepare<[], { raised_at: string; reason: WitnessAlarm['reason']; detail: string }>('SELECT raised_at, reason, detail FROM alarms ORDER BY id')
      .all()
      .map((row) => ({ raisedAt: row.raised_at, reason: row.reason, detail: row.detail }));
  }

  close(): void {
    this.db.close();
  }
}
