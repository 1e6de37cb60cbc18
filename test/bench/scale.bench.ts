/**
 * The whole service at registry scale (issue 9): a county built by the demo through the API, then
 * BENCH_TARGETS targets (default 1,000,000) imported into 零陵区's registry, then, through the
 * real service process on the embedded default (or on Redis when BENCH_REDIS_URL is set):
 *
 * - rebuild: the first start after the import projects the whole log into empty read models;
 * - start: a restart on the same data until /health answers, and the process's resident memory
 *   once a draw and searches have run (peak, VmHWM);
 * - search: public target search by parts of names and by credit code, p95;
 * - draw: freeze and execute of a 5,000-target draw of a new task, through the API;
 * - verify: GET /draws/:id/verification of that draw;
 * - import: rows per second of the import itself;
 * - verify-log: `cli verify-log` events per second.
 *
 * Last line:
 * `scale targets=<n> start_s=<n> rss_mb=<n> rebuild_events_per_s=<n> search_p95_ms=<n> draw_ms=<n> verify_ms=<n> import_rows_per_s=<n> verify_log_events_per_s=<n>`
 *
 * Settings (environment):
 *   BENCH_TARGETS     targets imported                                   (default 1000000)
 *   BENCH_DATA_DIR    keep the built store here and reuse it next time    (default a fresh temp dir)
 *   BENCH_REDIS_URL   run the service on this Redis instead of read.db
 *   BENCH_DRAW        targets drawn                                       (default 5000)
 *   EVENT_STORE_MAX_APPEND_BYTES  the service's largest write: by default one that takes the lock
 *                     and the matching of BENCH_DRAW targets (4 MiB for 5,000)
 *   BENCH_NODE_ARGS   extra node flags for the service processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
 *   BENCH_KEEP_READ_MODELS  reuse the read models and snapshots a previous run left in
 *                     BENCH_DATA_DIR instead of rebuilding them (no rebuild figure then): a first
 *                     start lets the folds catch up and save their snapshots, then the measured
 *                     start resumes from them
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '@app/event-store';
import { GENEROUS_RATE_LIMITS } from '../support/rate-limits';
import { loadConfig, systemClock } from '@app/platform';
import { runDemo } from '../../apps/cli/src/commands/demo';
import { targetRows } from '../../apps/cli/src/commands/demo-data';
import { importTargets } from '../../apps/cli/src/commands/import-targets';
import { issueToken } from '../../apps/cli/src/commands/issue-token';
import { TARGET_HEADERS } from '../fixtures/targets-xlsx';

const TARGETS = Number(process.env.BENCH_TARGETS ?? 1_000_000);
const DRAW = Number(process.env.BENCH_DRAW ?? 5_000);
const REDIS_URL = process.env.BENCH_REDIS_URL;
const ROOT = resolve(__dirname, '../../..');
const MAIN = join(ROOT, 'dist/apps/api/src/main.js');
const CLI = join(ROOT, 'dist/apps/cli/src/main.js');

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Built {
  targets: number;
  importRowsPerS: number;
  openTaskId: string;
}

async function main(): Promise<void> {
  const keep = process.env.BENCH_DATA_DIR;
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'dsr-scale-'));
  const port = 3900 + Math.floor(Math.random() * 90);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...GENEROUS_RATE_LIMITS,
    DATA_DIR: dir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    SQLITE_SYNCHRONOUS: 'NORMAL',
  };
  // the bench is one caller from one address sending thousands of commands: the service's rate limits would refuse it
  // a list of BENCH_DRAW targets is locked and matched in one write each: the store must take it
  // (1 MiB, EventStoreDB's default, takes about 2,800; docs/architecture.md, The largest write)
  env.EVENT_STORE_MAX_APPEND_BYTES ??= String(Math.min(16 * 1024 * 1024, Math.max(1024 * 1024, 2 ** Math.ceil(Math.log2(DRAW * 600)))));
  if (REDIS_URL) Object.assign(env, { REDIS_URL, REDIS_KEY_PREFIX: `scale-${TARGETS}:`, JWT_SECRET: 'scale-bench-secret-scale-bench-secret!!' });
  const config = loadConfig(env);
  const url = `http://127.0.0.1:${port}`;
  try {
    const built = await build(dir, env, url, config);
    say(`store: ${built.targets} targets imported at ${built.importRowsPerS} rows/s`);

    const events = await headOf(dir);
    let rebuildRate = 0;
    let service: ChildProcess;
    if (process.env.BENCH_KEEP_READ_MODELS) {
      // warm-up: the eligibility fold catches up (or resumes) and saves its snapshot at the end of
      // its replay; the Merkle tree's file commits as it goes and at the stop
      service = startService({ ...env, LOG_LEVEL: 'info' }, /saved the fold snapshot|resumed the fold from its snapshot/, 1);
      await untilHealthy(url, service, 900_000);
      await untilCaughtUp(url, service, 3_600_000);
      await (service as ChildProcess & { matched: Promise<void> }).matched;
      await stopService(service);
      say('warm-up: read models kept, fold snapshots saved');
    } else {
      // rebuild: read models from zero on the first start
      rmSync(join(dir, 'read.db'), { force: true });
      rmSync(join(dir, 'read.db-wal'), { force: true });
      rmSync(join(dir, 'read.db-shm'), { force: true });
      let rebuildStarted = performance.now();
      // A Redis read store survives restarts, so it is rebuilt by `cli rebuild` (clear, then replay
      // the whole log): that is the rebuild measured; the service then starts on current read models.
      if (REDIS_URL) spawnSync(process.execPath, [CLI, 'rebuild'], { env, stdio: 'ignore' });
      service = startService(env);
      if (!REDIS_URL) rebuildStarted = performance.now();
      await untilHealthy(url, service, 900_000);
      await untilCaughtUp(url, service, 3_600_000);
      const rebuildS = (performance.now() - rebuildStarted) / 1000;
      rebuildRate = Math.round(events / rebuildS);
      say(`rebuild: ${events} events in ${rebuildS.toFixed(1)} s (${rebuildRate} events/s)`);
      await stopService(service);
    }

    // cold start on the same data
    service = startService(env);
    const started = performance.now();
    await untilHealthy(url, service, 300_000);
    const startS = (performance.now() - started) / 1000;
    say(`start: healthy after ${startS.toFixed(1)} s`);

    const searchP95 = await searchLatency(url);
    const { drawMs, verifyMs } = await drawAndVerify(url, config, built.openTaskId);
    const rssMb = peakRssMb(service);
    say(`resident: ${rssMb} MB peak`);
    if (REDIS_URL) say(`redis: ${await redisUsedMb(REDIS_URL)} MB used by the read models (target: at most 1,000 MB per 1,000,000 targets)`);
    await stopService(service);

    const verifyLogRate = verifyLog(env, events);
    say(
      `scale targets=${built.targets} start_s=${startS.toFixed(1)} rss_mb=${rssMb} rebuild_events_per_s=${rebuildRate} search_p95_ms=${searchP95.toFixed(1)} ` +
        `draw_ms=${Math.round(drawMs)} verify_ms=${Math.round(verifyMs)} import_rows_per_s=${built.importRowsPerS} verify_log_events_per_s=${verifyLogRate}`,
    );
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** The demo county through the API, then the registry imported; remembered in scale.json for reuse. */
async function build(dir: string, env: NodeJS.ProcessEnv, url: string, config: ReturnType<typeof loadConfig>): Promise<Built> {
  const marker = join(dir, 'scale.json');
  if (existsSync(marker)) {
    const built = JSON.parse(readFileSync(marker, 'utf8')) as Built;
    if (built.targets === TARGETS) return built;
    throw new Error(`${dir} holds a store of ${built.targets} targets, not ${TARGETS}: choose another BENCH_DATA_DIR`);
  }
  const service = startService(env);
  let openTaskId: string;
  try {
    await untilHealthy(url, service, 120_000);
    const summary = await runDemo(config, { url, targets: 2000, seed: 'scale' });
    openTaskId = summary.openTaskId;
    say(`demo county built in ${(summary.millis / 1000).toFixed(1)} s`);
  } finally {
    await stopService(service);
  }
  // the registry as one CSV file, written row by row, imported as staff would with `cli import-targets`
  const file = join(dir, 'registry.csv');
  const out = createWriteStream(file);
  out.write(`${TARGET_HEADERS.join(',')}\n`);
  const rows = targetRows('scale-registry', TARGETS, '431102', '零陵区');
  const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  for (const row of rows) if (!out.write(`${TARGET_HEADERS.map((h) => cell(row[h] ?? '')).join(',')}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  const store = new SqliteEventStore({ file: join(dir, 'events.db'), synchronous: 'NORMAL' });
  const started = performance.now();
  try {
    const report = await importTargets(store, systemClock, file, 'lingling', { id: 'scale-bench', role: 'staff', unit: 'lingling' }, { maxRows: TARGETS });
    if (report.registered !== TARGETS) throw new Error(`the import registered ${report.registered} of ${TARGETS}`);
  } finally {
    await store.close();
    rmSync(file, { force: true });
  }
  const built: Built = { targets: TARGETS, importRowsPerS: Math.round(TARGETS / ((performance.now() - started) / 1000)), openTaskId };
  writeFileSync(marker, JSON.stringify(built));
  return built;
}

/** The service process; with `pattern`, `matched` resolves once its log has shown it `times` times. */
function startService(env: NodeJS.ProcessEnv, pattern?: RegExp, times = 1): ChildProcess {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, MAIN], { env, stdio: ['ignore', pattern ? 'pipe' : 'ignore', 'pipe'] });
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  if (pattern) {
    let seen = 0;
    (child as ChildProcess & { matched: Promise<void> }).matched = new Promise((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => pattern.test(line)).length;
        if (seen >= times) resolve();
      });
    });
  }
  return child;
}

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function untilHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error('the service did not become healthy');
    await sleep(100);
  }
}

async function untilCaughtUp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    const health = await fetch(`${url}/health`).then(
      (r) => r.json() as Promise<{ details?: { projections?: { caughtUp?: boolean; lag?: number } } }>,
      () => null,
    );
    const projections = health?.details?.projections;
    if (projections?.caughtUp && projections.lag === 0) return;
    if (Date.now() > deadline) throw new Error('the projections did not catch up');
    await sleep(500);
  }
}

async function headOf(dir: string): Promise<number> {
  const store = new SqliteEventStore({ file: join(dir, 'events.db') });
  try {
    return Number((await store.headPosition())?.commit ?? 0n);
  } finally {
    await store.close();
  }
}

/** Public search (anonymous, the most exposed path): parts of names of two to six characters and exact codes. */
async function searchLatency(url: string): Promise<number> {
  const rows = targetRows('scale-registry', Math.min(TARGETS, 5000), '431102', '零陵区');
  const queries: string[] = [];
  for (let i = 0; i < 200; i++) {
    const row = rows[(i * 7919) % rows.length];
    const chars = [...row['名称']];
    const length = 2 + (i % 5);
    const from = (i * 31) % Math.max(1, chars.length - length);
    queries.push(i % 10 === 9 ? row['统一社会信用代码'] : chars.slice(from, from + length).join(''));
  }
  const times: number[] = [];
  for (const q of queries) {
    const started = performance.now();
    const response = await fetch(`${url}/gs/targets?q=${encodeURIComponent(q)}`);
    await response.text();
    if (!response.ok) throw new Error(`search ${q} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  say(`search: p50 ${times[times.length >> 1].toFixed(1)} ms, p95 ${times[Math.floor(times.length * 0.95)].toFixed(1)} ms over ${times.length} queries`);
  return times[Math.floor(times.length * 0.95)];
}

/** A new task like the demo's open one, drawing DRAW targets of the whole registry. */
async function drawAndVerify(url: string, config: ReturnType<typeof loadConfig>, openTaskId: string): Promise<{ drawMs: number; verifyMs: number }> {
  const staff = await issueToken(config, { sub: 'll-staff-liu', role: 'staff', unit: 'lingling', ttl: '1h' });
  const notary = await issueToken(config, { sub: 'll-notary-wang', role: 'witness', unit: 'lingling', ttl: '1h' });
  let calls = 0;
  const call = async (method: string, path: string, body?: unknown, token = staff) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json', 'idempotency-key': `scale-${Date.now()}-${++calls}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status} ${text.slice(0, 400)}`);
    return text ? JSON.parse(text) : null;
  };
  const open = await call('GET', `/tasks/${openTaskId}`);
  const taskId = `scale-${Date.now()}`;
  await call('POST', '/tasks', {
    taskId,
    planId: open.planId,
    year: open.year,
    title: `${open.year}年零陵区规模测试抽查`,
    businessUnitId: open.businessUnitId,
    itemIds: open.items.map((item: { itemId: string }) => item.itemId),
    window: open.window,
    classes: [{ classId: 'all', label: '辖区内各类市场主体', count: DRAW }],
    setUpOn: open.setUpOn,
  });
  // the draw rules answer 409 until their fold has read the log up to its head: wait, and say how long
  const waitStarted = performance.now();
  let started = performance.now();
  for (;;) {
    started = performance.now();
    try {
      // a draw this large names a public beacon at its freeze (DRAW_BEACON_REQUIRED_ABOVE)
      await call('POST', `/tasks/${taskId}/draws`, { beacon: { source: 'drand', round: '4412007' } });
      break;
    } catch (error) {
      if (!/still reading the log/.test((error as Error).message) || performance.now() - waitStarted > 1_800_000) throw error;
      await sleep(1000);
    }
  }
  const freezeMs = performance.now() - started;
  say(`draw rules ready ${((started - waitStarted) / 1000).toFixed(1)} s after the task was set up`);
  const drawId = `${taskId}-d1`;
  await call('POST', `/draws/${drawId}/entropy`, { kind: 'witness', label: '公证员 王某', value: '3 1 4 1 5 9 2 6' }, notary);
  await call('POST', `/draws/${drawId}/entropy`, { kind: 'beacon', label: 'drand 4412007', value: '8f0e2c4a' });
  started = performance.now();
  await call('POST', `/draws/${drawId}/execute`, {});
  const executeMs = performance.now() - started;
  started = performance.now();
  const verification = await call('GET', `/draws/${drawId}/verification`);
  const verifyMs = performance.now() - started;
  if (!verification.ok) throw new Error(`the draw did not verify: ${JSON.stringify(verification).slice(0, 400)}`);
  say(`draw: freeze ${freezeMs.toFixed(0)} ms, execute ${executeMs.toFixed(0)} ms, verification ${verifyMs.toFixed(0)} ms`);
  return { drawMs: freezeMs + executeMs, verifyMs };
}

function peakRssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function verifyLog(env: NodeJS.ProcessEnv, events: number): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, 'verify-log'], { env, encoding: 'utf8' });
  // 2: nothing wrong, but the events after the newest head are not yet covered by one (a live log's usual state)
  if (result.status !== 0 && result.status !== 2) throw new Error(`verify-log failed: ${result.stdout}${result.stderr}`);
  const rate = Math.round(events / ((performance.now() - started) / 1000));
  say(`verify-log: ${rate} events/s`);
  return rate;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Redis's own count of the memory it uses (INFO memory, used_memory), in MB. */
async function redisUsedMb(url: string): Promise<number> {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true });
  try {
    await redis.connect();
    const used = /used_memory:(\d+)/.exec(await redis.info('memory'))?.[1];
    return Math.round(Number(used) / 1_048_576);
  } finally {
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
