/**
 * The request log says which request was served, not what credentials came with it: a log file is
 * read by more people than the tokens were given to. Runs the built service, as operators do.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '@app/platform';
import { issueToken } from '../apps/cli/src/commands/issue-token';
import { builtEntry } from './support/built';

const MAIN = resolve(__dirname, '../dist/apps/api/src/main.js');
// the suite runs the built code: refuse a missing or stale build
beforeAll(() => builtEntry('apps/api/src/main.js'));

describe('the request log', () => {
  let dir: string;
  let service: ChildProcess;
  let output = '';
  const port = 3900 + Math.floor(Math.random() * 90);
  const url = `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsr-request-log-'));
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'info' };
    delete env.EVENTSTORE_URL;
    delete env.REDIS_URL;
    service = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    service.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const deadline = Date.now() + 60_000;
    while (!(await fetch(`${url}/health`).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline || service.exitCode !== null) throw new Error('the service did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 90_000);

  afterAll(async () => {
    if (service.exitCode === null) {
      const exited = new Promise((r) => service.once('exit', r));
      service.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the method, path and client of each request and leaves out its bearer token and session cookie', async () => {
    const token = await issueToken(loadConfig({ ...process.env, DATA_DIR: dir }), { sub: 'll-staff-liu', role: 'staff', unit: 'lingling', ttl: '1h' });
    const response = await fetch(`${url}/targets?limit=1&marker=request-log-test`, {
      headers: { authorization: `Bearer ${token}`, cookie: `dsr_dashboard=${token}`, 'user-agent': 'request-log-test' },
    });
    expect(response.status).toBeLessThan(500);
    const deadline = Date.now() + 5000;
    while (!output.includes('marker=request-log-test') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const line = output.split('\n').find((l) => l.includes('marker=request-log-test'))!;
    expect(JSON.parse(line)).toMatchObject({ req: { method: 'GET', url: '/targets?limit=1&marker=request-log-test', userAgent: 'request-log-test' } });
    expect(output).not.toContain(token);
    expect(output).not.toContain(token.split('.')[2]);
  });

  it('leaves out the token of a dashboard sign-in, its Set-Cookie and a token sent in the query', async () => {
    const token = await issueToken(loadConfig({ ...process.env, DATA_DIR: dir }), { sub: 'll-staff-zhao', role: 'oversight', unit: 'lingling', ttl: '1h' });
    const signIn = await fetch(`${url}/dashboard/login?marker=sign-in-test`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': 'sign-in-test' },
      body: `token=${token}`,
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('set-cookie')).toContain(token);
    const page = await fetch(`${url}/dashboard?marker=cookie-test`, { headers: { cookie: `dsr_dashboard=${token}` } });
    expect(page.status).toBeLessThan(500);
    const query = await fetch(`${url}/public/targets?limit=1&token=${token}&access_token=${token}&marker=query-test`);
    expect(query.status).toBeLessThan(500);
    const deadline = Date.now() + 5000;
    while (!['sign-in-test', 'cookie-test', 'query-test'].every((m) => output.includes(m)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const lines = output.split('\n').filter((l) => /marker=(sign-in|cookie|query)-test/.test(l));
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines.find((l) => l.includes('query-test'))!)).toMatchObject({
      req: { url: '/public/targets?limit=1&token=[redacted]&access_token=[redacted]&marker=query-test' },
    });
    expect(output).not.toContain(token);
    expect(output).not.toContain(token.split('.')[1]);
    expect(output).not.toContain(token.split('.')[2]);
  });
});
