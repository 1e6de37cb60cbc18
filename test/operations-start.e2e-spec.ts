/**
 * docs/operations.md's production start works as written: the shell block marked
 * `<!-- production-start -->` is taken from the document and run unchanged by bash, in the
 * repository, against the embedded store (EVENTSTORE_URL unset, a fresh DATA_DIR, DSR_KEYS in a
 * temporary directory), until /health answers 200; then it is stopped with SIGTERM, as a service
 * manager would. Runs the built service: `npm run build` first (npm test does).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtEntry } from './support/built';
import { freePort } from './support/free-port';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..');

/** The fenced block right after the marker comment. */
function productionSnippet(markdown: string): string {
  const match = /<!-- production-start -->\s*\n```(?:sh|bash)\n([\s\S]*?)\n```/.exec(markdown);
  if (!match) throw new Error('docs/operations.md has no ```sh block after <!-- production-start -->');
  return match[1];
}

describe('the production start of docs/operations.md', () => {
  const snippet = productionSnippet(readFileSync(join(ROOT, 'docs/operations.md'), 'utf8'));
  let dir: string;
  let service: ChildProcess;
  let stdout = '';
  let stderr = '';
  let port: number;
  let exit: Promise<number | null>;

  beforeAll(async () => {
    builtEntry('apps/api/src/main.js');
    dir = mkdtempSync(join(tmpdir(), 'dsr-production-start-'));
    port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'data'), DSR_KEYS: join(dir, 'keys'), PORT: String(port), HOST: '127.0.0.1' };
    for (const name of ['EVENTSTORE_URL', 'REDIS_URL', 'JWT_SECRET', 'DRAW_SERVER_KEY', 'TREE_HEAD_SIGNING_KEY', 'LOG_LEVEL', 'RUN_PROJECTOR'])
      delete env[name];
    // as pasted into a shell: bash, errors stop it, in the repository
    service = spawn('bash', ['-e', '-u', '-o', 'pipefail', '-c', snippet], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    service.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    service.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    exit = new Promise((resolveExit) => service.once('exit', (code) => resolveExit(code)));
  });

  afterAll(async () => {
    if (service.exitCode === null && service.signalCode === null) {
      service.kill('SIGKILL');
      await exit;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('is a block the document marks, that generates its keys with openssl and execs the built API', () => {
    expect(snippet).toMatch(/openssl genpkey -algorithm ed25519/);
    expect(snippet).toMatch(/openssl rand -hex 32/);
    expect(snippet).toMatch(/exec node dist\/apps\/api\/src\/main\.js/);
  });

  it('starts the service: /health answers 200', async () => {
    const deadline = Date.now() + 90_000;
    let health: Response | null = null;
    while (!health?.ok) {
      if (Date.now() > deadline || service.exitCode !== null)
        throw new Error(`the service did not start (exit ${service.exitCode}):\n${stderr}\n${stdout.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
      health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
    }
    expect(await health.json()).toMatchObject({
      status: 'ok',
      info: { eventStore: { status: 'up' }, readStore: { status: 'up' }, projections: { status: 'up' } },
    });
  });

  it('keeps every key in DSR_KEYS, readable by the owner only, in the format the service expects — none in DATA_DIR', () => {
    const keys = join(dir, 'keys');
    for (const file of ['jwt-secret', 'draw-server-key', 'tree-head-key.pem']) expect(statSync(join(keys, file)).mode & 0o077).toBe(0);
    expect(readFileSync(join(keys, 'jwt-secret'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(keys, 'draw-server-key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(createPrivateKey(readFileSync(join(keys, 'tree-head-key.pem'))).asymmetricKeyType).toBe('ed25519');
    expect(existsSync(join(keys, 'tree-head-key.pub.pem'))).toBe(true);
    // the keys came from the environment: the service generated none next to the data
    const data = readdirSync(join(dir, 'data'));
    expect(data).toContain('events.db');
    for (const generated of ['jwt-secret', 'draw-server-key', 'tree-head-key']) expect(data).not.toContain(generated);
  });

  it('logs one JSON object per line with a numeric level and an epoch time, as the document says', () => {
    const lines = stdout.split('\n').filter((line) => line.trim());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ level: expect.any(Number), time: expect.any(Number) });
  });

  it('stops on SIGTERM', async () => {
    service.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exit, new Promise((r) => (timer = setTimeout(() => r('still running'), 20_000)))]);
    clearTimeout(timer);
    expect(code === 0 || service.signalCode === 'SIGTERM').toBe(true);
  });
});
