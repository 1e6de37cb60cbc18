/**
 * The issue-14 bar for hostile uploads, over real HTTP: while each bomb is uploaded to
 * `POST /targets/import` — the XLSX zip bomb (3.9 MB, 270 MB unpacked), the same bomb lying about
 * its size in its zip directory, a single 400 MB cell (390 KB zipped), a CSV mixing GBK and
 * UTF-8 — a client asks `/health` every 10 ms, and the resident memory of the process is sampled.
 * Every upload must be refused (4xx); the bar is /health within 100 ms and RSS within 100 MB of
 * where it started.
 *
 * The service runs in a child process of its own (this file with the argument `serve`), so that the
 * client's work — encoding the uploads, timing /health — neither delays the service's event loop
 * nor counts in its memory; its resident memory is read from /proc/<pid>/status every 10 ms. The
 * /health client runs in a worker thread of its own: the main thread's work of sending a 4 MB
 * upload would otherwise delay the reading of /health's answer and be counted as the service's.
 *
 * The last line printed is `upload_bomb health_max_ms=<n> health_p99_ms=<n> rss_growth_mb=<n>`: the
 * slowest /health answer and the 99th percentile of its latency over all the uploads, and the largest
 * growth of resident memory above the level before the first upload. Exits non-zero when an upload is
 * not refused, or when the bar is missed: any /health answer slower than 100 ms (the bar holds
 * throughout, so the slowest answer is judged, not a percentile) or growth beyond 100 MB.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { startApi } from '../support/api-harness';
import { DEPARTMENTS } from '../fixtures/departments';
import { declaringSize, hugeCellXlsx, mixedEncodingCsv, zipBombXlsx } from '../fixtures/upload-bombs';

/** The child: the service with the default limits on fresh embedded stores, until its stdin closes. */
async function serve(): Promise<void> {
  const api = await startApi({}, { listen: true });
  const admin = await api.tokenFor('admin-1', 'admin', 'hunan');
  for (const department of DEPARTMENTS) {
    await fetch(`${api.url}/departments`, {
      method: 'POST',
      body: JSON.stringify(department),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    });
  }
  process.stdout.write(`${JSON.stringify({ url: api.url, staff: await api.tokenFor('staff-ll', 'staff', 'lingling') })}\n`);
  process.stdin.resume();
  await once(process.stdin, 'end');
  await api.close();
}

/** The bar: /health answers within this throughout, and resident memory stays within this of the start. */
const HEALTH_BAR_MS = 100;
const RSS_BAR_MB = 100;

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

async function main(): Promise<void> {
  // BENCH_CHILD_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the service
  const childArgs = process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...childArgs, __filename, 'serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const pid = child.pid!;
  try {
    const [first] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const { url, staff } = JSON.parse(first) as { url: string; staff: string };
    const api = { url };
    const bomb = await zipBombXlsx();
    const files: [string, Buffer][] = [
      ['bomb.xlsx', bomb],
      ['lying-bomb.xlsx', declaringSize(bomb, 'xl/worksheets/sheet1.xml', 100_000)],
      ['cell.xlsx', await hugeCellXlsx()],
      ['mixed.csv', mixedEncodingCsv()],
    ];
    // warm up, and the latency of /health with no upload, to compare
    const idle: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      await (await fetch(`${api.url}/health`)).arrayBuffer();
      idle.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    process.stdout.write(`/health with no upload: slowest of the last 40 ${Math.max(...idle.slice(10)).toFixed(1)} ms\n`);
    const startRss = rssOf(pid);
    let peakRss = startRss;
    const latencies: number[] = [];
    for (const [name, content] of files) {
      const phase: number[] = [];
      const health = healthPoller(url, phase);
      await health.ready;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(pid))), 10);
      const form = new FormData();
      form.append('file', new Blob([content]), name);
      const started = performance.now();
      const response = await fetch(`${api.url}/targets/import?departmentId=lingling`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${staff}` },
      });
      const body = await response.text();
      clearInterval(sampler);
      await health.stop();
      latencies.push(...phase);
      process.stdout.write(
        `${name}: ${(content.length / 2 ** 20).toFixed(2)} MiB answered ${response.status} in ${(performance.now() - started).toFixed(0)} ms; /health ${phase.map((ms) => ms.toFixed(0)).join(' ')} ms; RSS ${Math.round((peakRss - startRss) / 2 ** 20)} MB above the start so far\n`,
      );
      if (response.status < 400 || response.status >= 500) throw new Error(`${name} was not refused: ${response.status} ${body}`);
    }
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)];
    const slowest = latencies[latencies.length - 1];
    const growthMb = Math.round((peakRss - startRss) / 2 ** 20);
    process.stdout.write(`/health asked ${latencies.length} times; slowest ${slowest.toFixed(1)} ms\n`);
    const missed = [
      ...(slowest > HEALTH_BAR_MS ? [`/health took ${slowest.toFixed(1)} ms, over the bar of ${HEALTH_BAR_MS} ms`] : []),
      ...(growthMb > RSS_BAR_MB ? [`resident memory grew by ${growthMb} MB, over the bar of ${RSS_BAR_MB} MB`] : []),
    ];
    process.stdout.write(
      missed.length === 0 ? `bar met: /health within ${HEALTH_BAR_MS} ms throughout, memory within ${RSS_BAR_MB} MB\n` : `BAR MISSED: ${missed.join('; ')}\n`,
    );
    process.stdout.write(`upload_bomb health_max_ms=${slowest.toFixed(1)} health_p99_ms=${p99.toFixed(1)} rss_growth_mb=${growthMb}\n`);
    if (missed.length > 0) process.exitCode = 1;
  } finally {
    child.stdin!.end();
    await once(child, 'exit');
  }
}

/**
 * Asks /health every 10 ms from a worker thread until `stop()`, pushing each answer's latency after
 * the first (`ready`: the poller runs before the upload starts). A refusal of /health fails the bench.
 */
function healthPoller(url: string, into: number[]): { ready: Promise<void>; stop(): Promise<void> } {
  const worker = new Worker(__filename, { workerData: { url } });
  let answers = 0;
  let started: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (started = resolve));
  worker.on('message', (message: { ms?: number; status?: number }) => {
    if (message.status !== undefined && message.status !== 200) throw new Error(`/health answered ${message.status}`);
    // the first answer comes before the upload starts: it only says the poller is running
    if (answers++ === 0) started();
    else if (message.ms !== undefined) into.push(message.ms);
  });
  return {
    ready,
    async stop() {
      worker.postMessage('stop');
      await once(worker, 'exit');
    },
  };
}

async function pollHealth(url: string): Promise<void> {
  let stopping = false;
  parentPort!.on('message', () => (stopping = true));
  do {
    const started = performance.now();
    const answer = await fetch(`${url}/health`);
    await answer.arrayBuffer();
    parentPort!.postMessage({ ms: performance.now() - started, status: answer.status });
    await new Promise((resolve) => setTimeout(resolve, 10));
  } while (!stopping);
  parentPort!.close();
}

(!isMainThread ? pollHealth((workerData as { url: string }).url) : process.argv[2] === 'serve' ? serve() : main()).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
