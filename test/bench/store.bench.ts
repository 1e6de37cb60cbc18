/**
 * Benchmark of the embedded event store (SqliteEventStore, WAL, synchronous=FULL by default) in
 * a temporary directory that is removed at the end.
 *
 *   1. Durable single-command appends: each append is one command's one event (a realistic
 *      payload with Chinese text and full metadata) with the exact expected revision, awaited.
 *      Measured one at a time (latency-bound) and with many commands in flight (which the store
 *      group-commits: one transaction and one fsync per batch).
 *   2. Replay: the store is filled to BENCH_REPLAY_EVENTS events, then read back from the start
 *      through subscribeAll until `caught-up` — the path a projector takes on start.
 *
 * The last line printed is `store appends_per_s=<n> replay_events_per_s=<n>`; `appends_per_s`
 * is the concurrent figure. Exits non-zero when the replay does not return exactly the events
 * written, in order.
 *
 * Settings (environment):
 *   BENCH_SEQUENTIAL_APPENDS  sequential appends timed            (default 1500)
 *   BENCH_APPENDS             concurrent appends timed            (default 20000)
 *   BENCH_CONCURRENCY         commands in flight                  (default 32)
 *   BENCH_REPLAY_EVENTS       events in the store for the replay  (default 100000)
 *   BENCH_SYNCHRONOUS         FULL | NORMAL                       (default FULL)
 *   BENCH_DIR                 where the temporary directory goes  (default the OS temp dir;
 *                             on a tmpfs fsync costs nothing, so put it on the data disk)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CommandMetadata, eventIdFor } from '@app/event-store/envelope';
import { ExpectedRevision, ProposedEvent } from '@app/event-store/event-store.port';
import { SqliteEventStore } from '@app/event-store/sqlite/sqlite-event-store';

const SEQUENTIAL_APPENDS = intFromEnv('BENCH_SEQUENTIAL_APPENDS', 1_500);
const CONCURRENT_APPENDS = intFromEnv('BENCH_APPENDS', 20_000);
const CONCURRENCY = intFromEnv('BENCH_CONCURRENCY', 32, 1);
const REPLAY_EVENTS = intFromEnv('BENCH_REPLAY_EVENTS', 100_000);
const SYNCHRONOUS = process.env.BENCH_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL';
const WARM_UP_APPENDS = 200;
/** Streams each concurrent worker appends to in turn; workers own disjoint streams. */
const STREAMS_PER_WORKER = 50;
/** Events per append, and appends in flight, while filling the store for the replay. */
const FILL_EVENTS_PER_APPEND = 100;
const FILL_CONCURRENCY = 8;

const UNITS = ['county-310115-market', 'county-310104-market', 'city-3101-credit', 'county-310112-legal'];
const ROLES = ['staff', 'unit-head', 'credit-lead'];

/** Appends to streams it owns, tracking each stream's revision so every append states it exactly. */
class StreamPool {
  private readonly revisions: (number | null)[];
  private next = 0;

  constructor(
    private readonly prefix: string,
    size: number,
  ) {
    this.revisions = Array.from({ length: size }, () => null);
  }

  /** The next stream in turn and the revision to expect on it. */
  take(): { stream: string; expected: ExpectedRevision; slot: number } {
    const slot = this.next;
    this.next = (this.next + 1) % this.revisions.length;
    const revision = this.revisions[slot];
    return { stream: `${this.prefix}-${slot}`, expected: revision === null ? 'no-stream' : revision, slot };
  }

  advance(slot: number, nextExpectedRevision: number): void {
    this.revisions[slot] = nextExpectedRevision;
  }
}

let commandCounter = 0;

/** One command's events: what an inspector's "record inspection result" command would append. */
function command(count = 1): ProposedEvent[] {
  const commandId = randomUUID();
  const n = commandCounter++;
  const metadata: CommandMetadata = {
    actorId: `inspector-${(n % 97).toString().padStart(4, '0')}`,
    role: ROLES[n % ROLES.length],
    unit: UNITS[n % UNITS.length],
    commandId,
    correlationId: randomUUID(),
    causationId: commandId,
    recordedAt: new Date().toISOString(),
  };
  const data = {
    taskId: `task-2026-${(n % 5000).toString().padStart(5, '0')}`,
    entity: {
      creditCode: `91310115MA1K${(n % 100000).toString().padStart(6, '0')}`,
      name: '上海某某食品贸易有限公司',
      address: '上海市浦东新区张江路 88 号',
    },
    checklistItems: [
      { itemId: 'SH-SC-001', title: '营业执照登记事项与实际经营是否一致', result: 'compliant' },
      { itemId: 'SH-SC-014', title: '食品经营许可证是否在有效期内', result: 'non-compliant' },
    ],
    finding: '食品经营许可证已过期，已责令限期整改。',
    inspectedOn: '2026-03-02',
  };
  return Array.from({ length: count }, (_, i) => ({ id: eventIdFor(commandId, i), type: 'InspectionResultRecorded', schemaVersion: 1, data, metadata }));
}

function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))];
}

function latencySummary(latenciesMs: number[]): string {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted[sorted.length - 1]?.toFixed(2) ?? '0'} ms`;
}

async function sequentialAppends(store: SqliteEventStore, count: number): Promise<{ perSecond: number; latencies: number[] }> {
  const pool = new StreamPool(`inspection-task-seq-${randomUUID()}`, STREAMS_PER_WORKER);
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const { stream, expected, slot } = pool.take();
    const t0 = performance.now();
    const result = await store.append(stream, command(), expected);
    latencies.push(performance.now() - t0);
    pool.advance(slot, result.nextExpectedRevision);
  }
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: count / seconds, latencies };
}

async function concurrentAppends(store: SqliteEventStore, count: number, concurrency: number): Promise<{ perSecond: number; latencies: number[] }> {
  const latencies: number[] = [];
  let issued = 0;
  const worker = async (w: number) => {
    const pool = new StreamPool(`inspection-task-w${w}-${randomUUID()}`, STREAMS_PER_WORKER);
    while (issued < count) {
      issued++;
      const { stream, expected, slot } = pool.take();
      const t0 = performance.now();
      const result = await store.append(stream, command(), expected);
      latencies.push(performance.now() - t0);
      pool.advance(slot, result.nextExpectedRevision);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: count / seconds, latencies };
}

/** Appends `events` events quickly: many events per command, several commands in flight. */
async function fill(store: SqliteEventStore, events: number): Promise<number> {
  let remaining = events;
  const worker = async () => {
    const stream = `bulk-import-${randomUUID()}`;
    let expected: ExpectedRevision = 'no-stream';
    while (remaining > 0) {
      const n = Math.min(FILL_EVENTS_PER_APPEND, remaining);
      remaining -= n;
      expected = (await store.append(stream, command(n), expected)).nextExpectedRevision;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: FILL_CONCURRENCY }, () => worker()));
  return (performance.now() - started) / 1000;
}

/** Reads every event from the start as a projector does, until the subscription reports caught-up. */
async function replay(store: SqliteEventStore): Promise<{ count: number; seconds: number; ordered: boolean }> {
  const subscription = store.subscribeAll();
  let count = 0;
  let last = 0n;
  let ordered = true;
  const started = performance.now();
  try {
    for await (const message of subscription) {
      if (message.kind === 'caught-up') break;
      if (message.kind !== 'event') continue;
      if (message.event.position.commit <= last) ordered = false;
      last = message.event.position.commit;
      count++;
    }
  } finally {
    await subscription.close();
  }
  return { count, seconds: (performance.now() - started) / 1000, ordered };
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(process.env.BENCH_DIR || tmpdir(), 'dsr-store-bench-'));
  const file = join(dir, 'events.db');
  const store = new SqliteEventStore({ file, synchronous: SYNCHRONOUS });
  const out = (line = '') => process.stdout.write(`${line}\n`);
  try {
    const sample = command()[0];
    out(`Embedded event store benchmark (SQLite, WAL, synchronous=${SYNCHRONOUS})`);
    out(`  node ${process.version}, ${availableParallelism()} CPUs, database in ${dir}`);
    out(
      `  one event per command: data ${Buffer.byteLength(JSON.stringify(sample.data))} B, metadata ${Buffer.byteLength(JSON.stringify(sample.metadata))} B of JSON (plus prevHash and hash)`,
    );
    out();

    let written = 0;
    const warmUp = await sequentialAppends(store, WARM_UP_APPENDS);
    written += WARM_UP_APPENDS;
    out(`warm-up: ${WARM_UP_APPENDS} appends (${Math.round(warmUp.perSecond)}/s, not counted)`);

    const sequential = await sequentialAppends(store, SEQUENTIAL_APPENDS);
    written += SEQUENTIAL_APPENDS;
    out(
      `durable appends, sequential (1 in flight):   ${Math.round(sequential.perSecond).toString().padStart(7)} appends/s  over ${SEQUENTIAL_APPENDS} appends; latency ${latencySummary(sequential.latencies)}`,
    );

    const concurrent = await concurrentAppends(store, CONCURRENT_APPENDS, CONCURRENCY);
    written += CONCURRENT_APPENDS;
    out(
      `durable appends, concurrent (${CONCURRENCY} in flight):  ${Math.round(concurrent.perSecond).toString().padStart(7)} appends/s  over ${CONCURRENT_APPENDS} appends; latency ${latencySummary(concurrent.latencies)}`,
    );

    const toFill = Math.max(0, REPLAY_EVENTS - written);
    if (toFill > 0) {
      const seconds = await fill(store, toFill);
      written += toFill;
      out(
        `fill: ${toFill} more events in appends of ${FILL_EVENTS_PER_APPEND} (${FILL_CONCURRENCY} in flight) in ${seconds.toFixed(1)} s (${Math.round(toFill / seconds)} events/s)`,
      );
    }
    out(`store now holds ${written} events, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MiB in the database file`);

    const replayed = await replay(store);
    const replayPerSecond = replayed.count / replayed.seconds;
    out(
      `replay through subscribeAll until caught-up:  ${Math.round(replayPerSecond).toString().padStart(7)} events/s  (${replayed.count} events in ${replayed.seconds.toFixed(2)} s)`,
    );

    const ok = replayed.count === written && replayed.ordered;
    out(
      ok
        ? `check: replay returned all ${written} events in position order`
        : `check FAILED: wrote ${written} events, replay returned ${replayed.count}${replayed.ordered ? '' : ', out of order'}`,
    );
    out();
    out(`store appends_per_s=${Math.round(concurrent.perSecond)} replay_events_per_s=${Math.round(replayPerSecond)}`);
    return ok ? 0 : 1;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function intFromEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer of at least ${min}, got ${raw}`);
  return value;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`store bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
