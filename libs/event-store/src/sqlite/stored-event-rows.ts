/**
 * Read-only access to the embedded store's events table as stored, for a verifier: it must look at
 * what is there, not at what the port would make of it, and it reads from several threads, each
 * through its own connection (SQLite in WAL mode lets readers run beside each other and the writer).
 */
import Database from 'better-sqlite3';

/** Where an event is and which leaf fields it has: position, id, stream, revision. */
export type StoredEventKey = [position: number, id: string, stream: string, revision: number];

/** A whole row in column order: position, id, stream, revision, type, schema_version, data (JSON text), metadata (JSON text). */
export type StoredEventRow = [...StoredEventKey, type: string, schemaVersion: number, data: string, metadata: string];

const COLUMNS = 'position, id, stream, revision, type, schema_version, data, metadata';

export class StoredEventRows {
  private readonly db: Database.Database;
  private readonly keys: Database.Statement<[number, number], StoredEventKey>;
  private readonly rows: Database.Statement<[number, number], StoredEventRow>;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.keys = this.db
      .prepare<[number, number], StoredEventKey>('SELECT position, id, stream, revision FROM events WHERE position > ? ORDER BY position ASC LIMIT ?')
      .raw(true);
    this.rows = this.db
      .prepare<[number, number], StoredEventRow>(`SELECT ${COLUMNS} FROM events WHERE position >= ? AND position <= ? ORDER BY position ASC`)
      .raw(true);
  }

  /** The keys of up to `limit` rows after an exclusive position, in order. */
  keysAfter(after: number, limit: number): StoredEventKey[] {
    return this.keys.all(after, limit) as unknown as StoredEventKey[];
  }

  /** Every row with from ≤ position ≤ to, in order. */
  rowsBetween(from: number, to: number): StoredEventRow[] {
    return this.rows.all(from, to) as unknown as StoredEventRow[];
  }

  close(): void {
    this.db.close();
  }
}
