/**
 * README.md's token example works when pasted: the fenced block that issues a token with
 * `npm run -s cli -- issue-token …` and registers the first department with it is taken from the
 * README and run by bash in the repository, against the built service started on the embedded
 * defaults with the same DATA_DIR — only the port is the test's own instead of 3000. Needs curl,
 * as the snippet does (.ci/run installs it), and a build (`npm test` builds first).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtEntry } from './support/built';
import { freePort } from './support/free-port';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..');

/** The README's ```sh block that issues a token. */
function tokenSnippet(markdown: string): string {
  const block = [...markdown.matchAll(/```sh\n([\s\S]*?)\n```/g)].map((m) => m[1]).find((text) => text.includes('issue-token'));
  if (!block) throw new Error('README.md has no ```sh block that issues a token');
  return block;
}

/** The environment of a newcomer's shell: no store servers, no secrets of another setup. */
function newcomerEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
  for (const name of ['EVENTSTORE_URL', 'REDIS_URL', 'JWT_SECRET', 'DRAW_SERVER_KEY', 'TREE_HEAD_SIGNING_KEY', 'LOG_LEVEL', 'RUN_PROJECTOR']) delete env[name];
  return env;
}

describe('the token example of README.md, pasted', () => {
  const snippet = tokenSnippet(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  let dir: string;
  let port: number;
  let service: ChildProcess;

  beforeAll(async () => {
    const main = builtEntry('apps/api/src/main.js');
    builtEntry('apps/cli/src/main.js');
    dir = mkdtempSync(join(tmpdir(), 'dsr-readme-'));
    port = await freePort();
    service = spawn(process.execPath, [main], { cwd: ROOT, env: newcomerEnv(join(dir, 'data'), port), stdio: 'ignore' });
    const deadline = Date.now() + 90_000;
    for (;;) {
      const healthy = await fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (healthy) break;
      if (Date.now() > deadline || service.exitCode !== null) throw new Error('the service did not become healthy');
      await new Promise((resolveWait) => setTimeout(resolveWait, 250));
    }
  });

  afterAll(async () => {
    if (service && service.exitCode === null) {
      const exited = new Promise((resolveExit) => service.once('exit', resolveExit));
      service.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('issues an admin token on the fresh store and registers the first department with it', async () => {
    expect(snippet).toContain('localhost:3000');
    const pasted = snippet.replaceAll('localhost:3000', `localhost:${port}`);
    const shell = spawn('bash', ['-e', '-u', '-o', 'pipefail', '-c', pasted], { cwd: ROOT, env: newcomerEnv(join(dir, 'data'), port) });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolveExit) => shell.once('exit', resolveExit));
    expect({ code, stderr: stderr.slice(0, 2000) }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(JSON.parse(stdout)).toMatchObject({ stream: 'department-hunan', events: ['DepartmentRegistered'] });
    const departments = (await (await fetch(`http://127.0.0.1:${port}/departments`)).json()) as
      { departmentId: string }[] | { items: { departmentId: string }[] };
    expect(JSON.stringify(departments)).toContain('"departmentId":"hunan"');
  });
});
