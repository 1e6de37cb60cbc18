/**
 * A consistent copy of a service's DATA_DIR for the cli to work on while the service runs:
 * `VACUUM INTO` reads the event store through its WAL, and the keys the cli needs are copied beside.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export function copyDataDir(dataDir: string, into: string): string {
  const source = new Database(join(dataDir, 'events.db'), { readonly: true });
  try {
    source.exec(`VACUUM INTO '${join(into, 'events.db')}'`);
  } finally {
    source.close();
  }
  for (const file of ['jwt-secret', 'tree-head-key']) copyFileSync(join(dataDir, file), join(into, file));
  return into;
}
