/**
 * A worker thread of `verify-log`: hashes the pages of stored rows the verifying thread sends it
 * (log-event-check.ts, hashPage) and answers each with its HashedPage, the leaf hashes transferred
 * rather than copied.
 */
import { parentPort } from 'node:worker_threads';
import { RowPage, hashPage } from './log-event-check';

parentPort!.on('message', ({ seq, page }: { seq: number; page: RowPage }) => {
  try {
    const hashed = hashPage(page);
    parentPort!.postMessage({ seq, hashed }, [hashed.leafHashes.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ seq, error: (error as Error).message });
  }
});
