/**
 * Read-only access to the embedded store's events table as stored, for a verifier: it must look at
 * what is there, not at what the port would make of it, and it reads from several threads, each
 * through its own connection (SQLite in WAL mode lets readers run beside each other and the writer).
 */
import Database from 'better-sqlite3';

/** A whole row in column order: position, id, stream, revision, type, schema_version, data (JSON text), metadata (JSON text). */
export type StoredEventRow = [
  position: number,
  id: string,
  stream: string,
  revision: number,
  type: string,
  schemaVersion: number,
  data: string,
  metadata: string,
];

const COLUMNS = 'position, id, stream, revision, type, schema_version, data, metadata';

export class StoredEventRows {
  private readonly db: Database.Database;
  private readonly rows: Database.Statement<[number, number], StoredEventRow>;
  private readonly last: Database.Statement<[], { position: number | null }>;
  private readonly next: Database.Statement<[number], { position: number | null }>;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.rows = this.db
      .prepare<[number, number], StoredEventRow>(`SELECT ${COLUMNS} FROM events WHERE position >= ? AND position <= ? ORDER BY position ASC`)
      .raw(true);
    this.last = this.db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM events');
    this.next = this.db.prepare<[number], { position: number | null }>('SELECT min(position) AS position FROM events WHERE position > ?');
  }

  /** The largest position, or null for an empty table. */
  lastPosition(): number | null {
    return this.last.get()?.position ?? null;
  }

  /** The first position after an exclusive one, or null: how to step over a gap. */
  positionAfter(after: number): number | null {
    return this.next.get(after)?.position ?? null;
  }

  /** Every row with from ≤ position ≤ to, in order. */
  rowsBetween(from: number, to: number): StoredEventRow[] {
    return this.rows.all(from, to) as unknown as StoredEventRow[];
  }

  close(): void {
    this.db.close();
  }
}
