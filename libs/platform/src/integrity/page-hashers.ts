/**
 * Where `verify-log` hashes pages of stored rows: on worker threads, so that reading and folding the
 * log in one thread and hashing it in others use every core. Answers come back in the order asked.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { StoredEventRows } from '@app/event-store/sqlite/stored-event-rows';
import { HashedPage, RowPage, hashPage } from './log-event-check';

export interface PageHashers {
  hash(page: RowPage): Promise<HashedPage>;
  close(): Promise<void>;
}

/** Starts one worker running log-verification.worker with `workerData: { file }`, however the caller wants it started. */
export type SpawnHasher = (workerData: { file: string }) => Worker;

const COMPILED_WORKER = join(__dirname, 'log-verification.worker.js');
/**
 * Nearly everything a worker allocates is garbage by the end of its page: a young generation that
 * holds a few pages means far fewer scavenges, and nothing promoted to the old generation.
 */
const YOUNG_GENERATION_MB = 16;

/**
 * `count` worker threads reading the store `file`; none hashes in this thread. Run from TypeScript sources (under jest) there
 * is no compiled worker to start; without a `spawn` that knows how, this thread hashes, by the same code.
 */
export function pageHashers(file: string, count: number, spawn?: SpawnHasher): PageHashers {
  if (count < 1 || (!spawn && !existsSync(COMPILED_WORKER))) return inThisThread(file);
  const start = spawn ?? ((workerData) => new Worker(COMPILED_WORKER, { workerData, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }));
  return new WorkerHashers(Array.from({ length: count }, () => start({ file })));
}

function inThisThread(file: string): PageHashers {
  const reader = new StoredEventRows(file);
  return { hash: async (page) => hashPage(reader, page), close: async () => reader.close() };
}

interface Pending {
  resolve(hashed: HashedPage): void;
  reject(error: Error): void;
}

class WorkerHashers implements PageHashers {
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private failure: Error | null = null;

  constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', ({ seq, hashed, error }: { seq: number; hashed?: HashedPage; error?: string }) => {
        const waiting = this.pending.get(seq);
        this.pending.delete(seq);
        if (error !== undefined) waiting?.reject(new Error(error));
        else waiting?.resolve(hashed!);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`a verify-log worker stopped (exit code ${code})`)));
    }
  }

  hash(page: RowPage): Promise<HashedPage> {
    if (this.failure) return Promise.reject(this.failure);
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.workers[seq % this.workers.length].postMessage({ seq, page });
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the verify-log workers were closed');
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }
}
