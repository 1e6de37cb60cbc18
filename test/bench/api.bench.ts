/**
 * Commands through the whole service (issue 10): the service on the embedded default in a fresh
 * data directory, the demo county filled through its API, then — from this separate process —
 * POST commands as agency staff would send them: new targets (`POST /targets`) and status changes
 * of those targets (`POST /targets/:id/status-changes`), each with its own Idempotency-Key, first
 * one at a time, then BENCH_CONCURRENCY in flight. Every acknowledged command must be in the log
 * exactly once (its events found by their command id), or the bench fails. Finally GET /health at
 * the same concurrency. Before the last line it prints what the service wrote to disk over its
 * whole run (Linux's /proc/<pid>/io) and the largest size read.db's WAL reached while commands
 * were in flight.
 *
 * Last line: `api commands_per_s=<n> p50_ms=<n> p99_ms=<n> sequential_p50_ms=<n> health_per_s=<n>`
 * (the concurrent run's throughput and latencies; the one-at-a-time run's median).
 *
 * Settings (environment):
 *   BENCH_COMMANDS      commands in the concurrent run   (default 4000)
 *   BENCH_SEQUENTIAL    commands one at a time           (default 300)
 *   BENCH_CONCURRENCY   commands in flight               (default 32)
 *   BENCH_TARGETS       targets of the demo county       (default 2000)
 *   BENCH_NODE_ARGS     extra node flags for the service, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
 *                       to profile it (node refuses --cpu-prof in NODE_OPTIONS)
 */
import { ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '@app/event-store';
import { GENEROUS_RATE_LIMITS } from '../support/rate-limits';
import { loadConfig } from '@app/platform';
import { runDemo } from '../../apps/cli/src/commands/demo';
import { issueToken } from '../../apps/cli/src/commands/issue-token';
import { creditCodeFor } from '../fixtures/targets-xlsx';

const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 4000);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const TARGETS = Number(process.env.BENCH_TARGETS ?? 2000);
const MAIN = resolve(__dirname, '../../apps/api/src/main.js');

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Sent {
  key: string;
  millis: number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dsr-api-bench-'));
  const port = 3800 + Math.floor(Math.random() * 90);
  const env: NodeJS.ProcessEnv = { ...process.env, ...GENEROUS_RATE_LIMITS, DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn' };
  // the bench is one caller from one address sending thousands of commands: the service's rate limits would refuse it
  delete env.EVENTSTORE_URL;
  delete env.REDIS_URL;
  const config = loadConfig(env);
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const service = spawn(process.execPath, [...nodeArgs, MAIN], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await untilHealthy(url, service);
    const demo = await runDemo(config, { url, targets: TARGETS, seed: 'api-bench' });
    say(`demo county: ${TARGETS} targets in ${(demo.millis / 1000).toFixed(1)} s`);
    const token = await issueToken(config, { sub: 'll-staff-liu', role: 'staff', unit: 'lingling', ttl: '2h' });

    let n = 0;
    /** Targets whose registration was acknowledged and that no command has changed yet. */
    const registered: string[] = [];
    /** Every other command registers a target; the rest record a penalty of one registered before (each target once, so commands do not contend for one stream). */
    const nextCommand = (): { path: string; body: unknown; registers?: string } => {
      const i = n++;
      if (i % 2 === 0 || registered.length === 0) {
        const code = creditCodeFor(900_000 + i, '431102', '91');
        return {
          path: '/targets',
          body: { departmentId: 'lingling', creditCode: code, name: `零陵区压测${i}号有限公司`, subjectType: 'enterprise', scale: 'small', industry: 'F5211', areaCode: '431102' },
          registers: code,
        };
      }
      const code = registered.shift()!;
      return {
        path: `/targets/${code}/status-changes`,
        body: { change: 'penalised', decisionNumber: `零市监罚〔2026〕${i}号`, reason: '未按规定公示年度报告', effectiveDate: '2026-06-01', source: '零陵区市场监督管理局' },
      };
    };
    const send = async (): Promise<Sent> => {
      const { path, body, registers } = nextCommand();
      const key = `api-bench-${n}-${Math.random().toString(36).slice(2, 10)}`;
      const started = performance.now();
      const response = await call(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      if (response.status !== 201 && response.status !== 200) throw new Error(`POST ${path} answered ${response.status} ${response.text.slice(0, 300)}`);
      if (registers) registered.push(registers);
      return { key, millis: performance.now() - started };
    };

    const sequential: Sent[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) sequential.push(await send());
    const sequentialP50 = percentile(sequential.map((s) => s.millis), 50);
    say(`one at a time: ${SEQUENTIAL} commands, p50 ${sequentialP50.toFixed(1)} ms`);

    // the WAL of read.db must start over under load instead of growing (docs/architecture.md)
    let walPeak = 0;
    const walWatch = setInterval(() => (walPeak = Math.max(walPeak, sizeOf(join(dir, 'read.db-wal')))), 250);
    const concurrent: Sent[] = [];
    const started = performance.now();
    let left = COMMANDS;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (left-- > 0) concurrent.push(await send());
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round(concurrent.length / seconds);
    const times = concurrent.map((s) => s.millis);
    clearInterval(walWatch);
    say(`${CONCURRENCY} in flight: ${concurrent.length} commands in ${seconds.toFixed(1)} s, p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`);
    // what the service wrote to disk over its whole run (Linux): the write amplification of its commits
    const written = bytesWrittenBy(service.pid);
    say(`service: ${written === null ? 'bytes written unknown here' : `wrote ${(written / 1e6).toFixed(0)} MB`}; read.db WAL at most ${(walPeak / 1e6).toFixed(1)} MB during the run in flight`);

    const health = await healthRate(url);
    await stop(service);
    await checkExactlyOnce(dir, [...sequential, ...concurrent]);
    say(
      `api commands_per_s=${rate} p50_ms=${percentile(times, 50).toFixed(1)} p99_ms=${percentile(times, 99).toFixed(1)} ` +
        `sequential_p50_ms=${sequentialP50.toFixed(1)} health_per_s=${health}`,
    );
  } finally {
    agent.destroy();
    await stop(service);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each acknowledged command's events are in the log, under its command id, exactly once. */
async function checkExactlyOnce(dir: string, sent: readonly Sent[]): Promise<void> {
  const store = new SqliteEventStore({ file: join(dir, 'events.db') });
  try {
    const byCommand = new Map<string, number>();
    let after = 0;
    for (;;) {
      const page = store.readPageAfter(after, 5000);
      for (const event of page) byCommand.set(event.metadata.commandId, (byCommand.get(event.metadata.commandId) ?? 0) + 1);
      if (page.length < 5000) break;
      after = Number(page[page.length - 1].position.commit);
    }
    const missing = sent.filter((s) => !byCommand.has(s.key));
    const twice = sent.filter((s) => (byCommand.get(s.key) ?? 0) !== 1);
    if (missing.length > 0 || twice.length > 0)
      throw new Error(`${missing.length} acknowledged commands are not in the log, ${twice.length} not exactly once (e.g. ${[...missing, ...twice][0]?.key})`);
    say(`log: all ${sent.length} acknowledged commands recorded exactly once`);
  } finally {
    await store.close();
  }
}

async function healthRate(url: string): Promise<number> {
  const count = 4000;
  let left = count;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) {
        const response = await call(`${url}/health`, { method: 'GET', headers: {} });
        if (response.status !== 200) throw new Error(`GET /health answered ${response.status}`);
      }
    }),
  );
  return Math.round(count / ((performance.now() - started) / 1000));
}

/**
 * One request over a kept-alive connection. node:http rather than fetch: on a 2-core machine the
 * load generator shares the CPU with the service, and fetch spent about twice the CPU per request,
 * which the bench would have counted against the service.
 */
const agent = new Agent({ keepAlive: true, maxSockets: Math.max(CONCURRENCY, 1) });
function call(target: string, options: { method: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(target, { method: options.method, headers: options.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function bytesWrittenBy(pid: number | undefined): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/io`, 'utf8').split('\n').find((l) => l.startsWith('write_bytes:'));
    return line ? Number(line.split(':')[1]) : null;
  } catch {
    return null;
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function untilHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return;
    if (Date.now() > deadline) throw new Error('the service did not become healthy');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
