/**
 * A worker thread of `verify-log`: reads and hashes the pages of stored rows the verifying thread
 * names (log-event-check.ts, hashPage) through its own read-only connection to the store's file, and
 * answers each with its HashedPage, the leaf hashes transferred rather than copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { StoredEventRows } from '@app/event-store/sqlite/stored-event-rows';
import { RowPage, hashPage } from './log-event-check';

const reader = new StoredEventRows((workerData as { file: string }).file);

parentPort!.on('message', ({ seq, page }: { seq: number; page: RowPage }) => {
  try {
    const hashed = hashPage(reader, page);
    parentPort!.postMessage({ seq, hashed }, [hashed.leafHashes.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ seq, error: (error as Error).message });
  }
});
