/**
 * Benchmark of `cli verify-log` (issue 9 item 6) on the embedded event store: a store of
 * BENCH_TARGETS imported targets, with a signed tree head after every BENCH_HEAD_EVERY targets, is
 * built (or reused), then verified by a child process running the same code as the cli, so that its
 * peak resident memory is the verifier's alone.
 *
 * Building goes through the target import of `npm run cli -- import-targets` (synchronous=NORMAL,
 * in chunks of 100,000 rows); the heads are signed with the data directory's own key, as the
 * service's signer would. At 1,000,000 targets the store is about 1.1 GB and building took about
 * ten minutes on the shared 2-core machine: set BENCH_STORE to keep it and reuse it on the next run.
 *
 * The last line printed is `verify-log events=<n> events_per_s=<n> rss_mb=<n>`; the line before
 * it gives the CPU seconds too, the fairer figure on a machine other jobs share. Exits non-zero
 * when the log does not verify.
 *
 * Settings (environment):
 *   BENCH_TARGETS     targets imported                                    (default 1000000)
 *   BENCH_HEAD_EVERY  targets between two signed heads                    (default 100000)
 *   BENCH_STORE       data directory to build into, or reuse if it holds events.db
 *                     (default a temporary directory, removed at the end)
 *   BENCH_DIR         where the temporary directory goes                  (default the OS temp dir)
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '@app/event-store';
import { signingKeyFrom } from '@app/integrity';
import { LogTree, loadConfig, systemClock } from '@app/platform';
import { importTargets } from '../../apps/cli/src/commands/import-targets';
import { registerDepartment } from './bench-department';
import { appendSignedHead } from '../support/signed-heads';
import { formatLogVerification, runVerifyLog } from '../../apps/cli/src/commands/verify-log';
import { targetRows, targetsCsv } from '../fixtures/targets-xlsx';

const TARGETS = intFromEnv('BENCH_TARGETS', 1_000_000);
const HEAD_EVERY = intFromEnv('BENCH_HEAD_EVERY', 100_000);
const CHUNK = 100_000;

interface Measured {
  events: number;
  seconds: number;
  /** User and system CPU of all the child's threads: on a shared machine, what the run cost. */
  cpuSeconds: number;
  rssMb: number;
  ok: boolean;
  report: string;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--verify') return verifyInThisProcess(process.argv[3]);
  const reused = process.env.BENCH_STORE;
  const dir = reused ?? mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'dsr-verify-log-bench-'));
  try {
    if (reused && existsSync(join(reused, 'events.db'))) process.stdout.write(`reusing the store in ${reused}\n`);
    else await buildStore(dir);
    const measured = await verifyInChild(dir);
    process.stdout.write(`${measured.report}\n`);
    process.stdout.write(`verified ${measured.events} events in ${measured.seconds.toFixed(2)} s, ${measured.cpuSeconds.toFixed(2)} s of CPU\n`);
    if (!measured.ok) throw new Error('the log did not verify');
    process.stdout.write(`verify-log events=${measured.events} events_per_s=${Math.round(measured.events / measured.seconds)} rss_mb=${measured.rssMb}\n`);
  } finally {
    if (!reused) rmSync(dir, { recursive: true, force: true });
  }
}

/** Imports TARGETS targets in chunks and signs a head over the log after every HEAD_EVERY of them. */
async function buildStore(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const key = signingKeyFrom(loadConfig({ DATA_DIR: dir }).treeHeadSigningKey);
  const store = new SqliteEventStore({ file: join(dir, 'events.db'), synchronous: 'NORMAL' });
  const tree = new LogTree();
  let after = 0;
  const follow = () => {
    for (;;) {
      const page = store.readPageAfter(after, 10_000);
      for (const event of page) tree.add(event);
      if (page.length === 0) return;
      after = Number(page[page.length - 1].position.commit);
    }
  };
  const started = performance.now();
  try {
    await registerDepartment(store);
    let sinceHead = 0;
    const chunk = Math.min(CHUNK, HEAD_EVERY);
    for (let from = 0; from < TARGETS; from += chunk) {
      const count = Math.min(chunk, TARGETS - from);
      const csv = join(dir, 'targets.csv');
      writeFileSync(csv, targetsCsv(targetRows(count, from)));
      const report = await importTargets(store, systemClock, csv, 'hunan', { id: 'bench', role: 'staff', unit: 'hunan' }, { maxRows: count });
      rmSync(csv, { force: true });
      if (report.registered !== count) throw new Error(`expected ${count} targets registered, got ${report.registered}`);
      sinceHead += count;
      if (sinceHead >= HEAD_EVERY || from + count >= TARGETS) {
        follow();
        await appendHead(store, tree, key);
        sinceHead = 0;
      }
      process.stdout.write(`built ${from + count} targets in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    }
  } finally {
    await store.close();
  }
}

async function appendHead(store: SqliteEventStore, tree: LogTree, key: ReturnType<typeof signingKeyFrom>): Promise<void> {
  await appendSignedHead(store, { treeSize: tree.size, rootHash: tree.rootAt(tree.size) }, key, new Date().toISOString());
}


function verifyInChild(dir: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--verify', dir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let measured: Measured | null = null;
    child.on('message', (message: Measured) => (measured = message));
    child.on('error', reject);
    child.on('exit', (code) => (measured ? resolve(measured) : reject(new Error(`the verifying process exited with ${code}`))));
  });
}

/** The child: the cli's own verify-log, timed, with this process's peak resident memory. */
async function verifyInThisProcess(dir: string): Promise<void> {
  const config = loadConfig({ DATA_DIR: dir });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const verification = await runVerifyLog(config);
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  const measured: Measured = {
    events: verification.events,
    seconds,
    cpuSeconds: (user + system) / 1e6,
    rssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ok: verification.ok,
    report: formatLogVerification(verification),
  };
  process.send!(measured);
}

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
