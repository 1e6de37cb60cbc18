/**
 * Benchmark of the target import (000 §13–14) on the embedded event store, through the same
 * code path as `npm run cli -- import-targets`: a file of generated rows with valid credit codes
 * is written to a temporary directory (as a stream, a row at a time), imported into a fresh
 * store, then imported again — which must append nothing.
 *
 * The last line printed is `import rows_per_s=<n> reimport_rows_per_s=<n> rows=<n> format=<csv|xlsx>
 * cpu_rows_per_s=<n> peak_rss_mb=<n>`: cpu_rows_per_s counts the first import's rows per second of
 * this process's CPU time (user + system), steadier than wall-clock time on a shared machine;
 * peak_rss_mb is the peak resident memory of the whole process (process.resourceUsage().maxRSS).
 * Exits non-zero when the first import does not register every row or the second appends anything.
 *
 * Settings (environment):
 *   BENCH_ROWS            rows in the file (BENCH_IMPORT_ROWS is read too)  (default 100000)
 *   BENCH_FORMAT          csv | xlsx                                        (default csv)
 *   BENCH_CONCURRENCY     appends in flight                                 (default 2048)
 *   BENCH_SYNCHRONOUS     FULL | NORMAL                                     (default FULL)
 *   BENCH_DIR             where the temporary directory goes                (default the OS temp dir)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '@app/event-store';
import { systemClock } from '@app/platform';
import { importTargets } from '../../apps/cli/src/commands/import-targets';
import { registerDepartment } from './bench-department';
import { writeTargetsCsv, writeTargetsXlsx } from '../fixtures/targets-xlsx';

const ROWS = Number(process.env.BENCH_ROWS ?? process.env.BENCH_IMPORT_ROWS ?? 100_000);
const FORMAT = process.env.BENCH_FORMAT === 'xlsx' ? 'xlsx' : 'csv';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2048);
const SYNCHRONOUS = process.env.BENCH_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'dsr-import-bench-'));
  try {
    const file = join(dir, `targets.${FORMAT}`);
    const writing = performance.now();
    await (FORMAT === 'xlsx' ? writeTargetsXlsx : writeTargetsCsv)(file, ROWS);
    process.stdout.write(
      `file: ${ROWS} rows, ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB ${FORMAT} written in ${((performance.now() - writing) / 1000).toFixed(2)} s\n`,
    );
    const store = new SqliteEventStore({ file: join(dir, 'events.db'), synchronous: SYNCHRONOUS });
    try {
      await registerDepartment(store);
      const run = async () => {
        const started = performance.now();
        const cpu = process.cpuUsage();
        const report = await importTargets(
          store,
          systemClock,
          file,
          'hunan',
          { id: 'bench', role: 'staff', unit: 'hunan' },
          { maxRows: ROWS },
          { concurrency: CONCURRENCY },
        );
        const { user, system } = process.cpuUsage(cpu);
        return { report, seconds: (performance.now() - started) / 1000, cpuSeconds: (user + system) / 1e6 };
      };
      const first = await run();
      process.stdout.write(`first import: ${first.report.registered} registered in ${first.seconds.toFixed(2)} s (${first.cpuSeconds.toFixed(2)} s of CPU)\n`);
      if (first.report.registered !== ROWS) throw new Error(`expected ${ROWS} targets registered, got ${first.report.registered}`);
      const head = await store.headPosition();
      const second = await run();
      process.stdout.write(`re-import: ${second.report.unchanged} unchanged in ${second.seconds.toFixed(2)} s (${second.cpuSeconds.toFixed(2)} s of CPU)\n`);
      const after = await store.headPosition();
      if (second.report.registered + second.report.changed !== 0 || after?.commit !== head?.commit) throw new Error('the re-import appended events');
      const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
      process.stdout.write(
        `import rows_per_s=${Math.round(ROWS / first.seconds)} reimport_rows_per_s=${Math.round(ROWS / second.seconds)} rows=${ROWS} format=${FORMAT} cpu_rows_per_s=${Math.round(ROWS / first.cpuSeconds)} peak_rss_mb=${peakRssMb}\n`,
      );
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}


main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
