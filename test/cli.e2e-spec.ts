/**
 * The operator cli as an operator runs it (the built `dist/apps/cli/src/main.js`, against a
 * harness's DATA_DIR): every command's --help names the settings it reads; issue-token signs for
 * a registered department only (an admin may bootstrap an empty registry; --no-check skips it)
 * and prints the token alone; rebuild and verify-log end with a readable summary and, not being
 * on a terminal here, draw no progress bar.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TreeHeadSigner } from '@app/platform';
import { builtEntry } from './support/built';
import { copyDataDir } from './support/data-copy';
import { ApiHarness, startApi } from './support/api-harness';
import { DEPARTMENTS } from './fixtures/departments';

const run = promisify(execFile);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the operator cli (built)', () => {
  let cli: string;
  let api: ApiHarness;
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  /** Runs the built cli with DATA_DIR and nothing of the store servers' settings. */
  const dsr = (dataDir: string, ...args: string[]): Promise<Ran> => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    for (const name of ['EVENTSTORE_URL', 'REDIS_URL', 'JWT_SECRET', 'TREE_HEAD_SIGNING_KEY']) delete env[name];
    return run(process.execPath, [cli, ...args], { env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  };

  /** A consistent copy of the harness's DATA_DIR (VACUUM INTO reads through the WAL), with its keys. */
  const copyOfData = (): string => copyDataDir(api.config.dataDir, tempDir('dsr-cli-copy-'));

  beforeAll(async () => {
    cli = builtEntry('apps/cli/src/main.js');
    api = await startApi();
    const admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    for (const department of DEPARTMENTS) {
      const response = await api.app.inject({ method: 'POST', url: '/departments', payload: department, headers: { authorization: `Bearer ${admin}` } });
      expect(response.statusCode).toBe(201);
    }
    expect(await api.app.get(TreeHeadSigner).signNow()).not.toBeNull();
  });

  afterAll(async () => {
    await api?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  describe('--help names the settings each command reads', () => {
    const COMMANDS: [string[], string[]][] = [
      [['issue-token'], ['JWT_SECRET', 'DATA_DIR', 'EVENTSTORE_URL']],
      [['rebuild'], ['DATA_DIR', 'EVENTSTORE_URL', 'REDIS_URL', 'REDIS_KEY_PREFIX']],
      [['status'], ['DATA_DIR', 'EVENTSTORE_URL', 'REDIS_URL', 'REDIS_KEY_PREFIX']],
      [['import-targets'], ['DATA_DIR', 'EVENTSTORE_URL', 'JWT_SECRET', 'IMPORT_MAX_ROWS', 'IMPORT_MAX_UNPACKED_BYTES', 'IMPORT_MAX_CELL_CHARS']],
      [['verify-draw'], ['DATA_DIR', 'EVENTSTORE_URL']],
      [['verify-matching'], ['DATA_DIR', 'EVENTSTORE_URL']],
      [['verify-log'], ['DATA_DIR', 'EVENTSTORE_URL', 'TREE_HEAD_SIGNING_KEY']],
      [['witness', 'check'], ['WITNESS_DATA_DIR']],
      [['witness', 'export-heads'], ['WITNESS_DATA_DIR']],
      [['demo'], ['PORT', 'JWT_SECRET', 'DATA_DIR']],
    ];

    it.each(COMMANDS)('%s', async (command, settings) => {
      const { code, stdout } = await dsr(tempDir('dsr-cli-help-'), ...command, '--help');
      expect(code).toBe(0);
      const listed = stdout.slice(stdout.indexOf('Settings read (environment):'));
      expect(listed).toMatch(/^Settings read \(environment\):\n/);
      for (const setting of settings) expect(listed).toMatch(new RegExp(`^  ${setting} +\\S`, 'm'));
    });

    it('covers every command the cli has', async () => {
      const { stdout } = await dsr(tempDir('dsr-cli-help-'), '--help');
      const listed = [...stdout.slice(stdout.indexOf('Commands:')).matchAll(/^  ([a-z-]+)/gm)].map((m) => m[1]).filter((c) => c !== 'help');
      expect(listed.sort()).toEqual([...new Set(COMMANDS.map(([c]) => c[0]))].sort());
      expect(stdout).toMatch(/--help`?\s+lists the settings that command reads/);
    });
  });

  describe('issue-token', () => {
    const JWT = /^[\w-]+\.[\w-]+\.[\w-]+\n$/;
    const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

    it('signs for a registered department, prints the token alone, and the service takes it', async () => {
      const { code, stdout, stderr } = await dsr(api.config.dataDir, 'issue-token', '--sub', 'll-staff-liu', '--role', 'staff', '--unit', 'lingling');
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toMatch(JWT);
      expect(claimsOf(stdout.trim())).toMatchObject({ sub: 'll-staff-liu', role: 'staff', unit: 'lingling' });
      const response = await api.app.inject({ method: 'GET', url: '/departments/lingling', headers: { authorization: `Bearer ${stdout.trim()}` } });
      expect(response.statusCode).toBe(200);
    });

    it('refuses a unit no department of the store has, naming the unit and the store, and prints no token', async () => {
      const { code, stdout, stderr } = await dsr(api.config.dataDir, 'issue-token', '--sub', 'll-staff-liu', '--role', 'staff', '--unit', 'linling');
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain(`unknown unit "linling": no department linling is registered in the embedded store in DATA_DIR=${api.config.dataDir}`);
      expect(stderr).toContain('--no-check');
    });

    it.each([
      ['--sub', '=cmd|"/C calc"!A0'],
      ['--sub', 'staff\tliu'],
      ['--unit', 'lingling\nforged log line'],
    ])('refuses %s %j, which is no record id and would reach event metadata, logs and spreadsheets, and prints no token', async (option, value) => {
      const args = { '--sub': 'll-staff-liu', '--unit': 'lingling', [option]: value };
      const { code, stdout, stderr } = await dsr(api.config.dataDir, 'issue-token', '--sub', args['--sub'], '--role', 'staff', '--unit', args['--unit']);
      expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
      expect(stderr).toContain(`option '${option} <`);
      expect(stderr).toContain('must be 2–64 lowercase letters, digits or hyphens');
    });

    it('is what the package installs as `dsr`: the bin, executable, runs the same cli', async () => {
      const root = join(__dirname, '..');
      const bin = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin as Record<string, string>;
      expect(bin).toEqual({ dsr: 'scripts/dsr.js' });
      expect(statSync(join(root, bin.dsr)).mode & 0o111).not.toBe(0);
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: api.config.dataDir, LOG_LEVEL: 'silent' };
      for (const name of ['EVENTSTORE_URL', 'REDIS_URL', 'JWT_SECRET', 'TREE_HEAD_SIGNING_KEY']) delete env[name];
      const viaBin = await run(join(root, bin.dsr), ['issue-token', '--sub', 'll-staff-liu', '--role', 'staff', '--unit', 'lingling'], { env });
      expect(viaBin.stdout).toMatch(JWT);
      const refused = await run(join(root, bin.dsr), ['issue-token', '--sub', 'll-staff-liu', '--role', 'staff', '--unit', 'linling'], { env }).catch(
        (error: Ran) => error,
      );
      expect(refused).toMatchObject({ code: 1, stdout: '' });
      expect(refused.stderr).toContain('unknown unit "linling"');
    });

    it('refuses an admin of an unknown unit once departments exist', async () => {
      const { code, stdout, stderr } = await dsr(api.config.dataDir, 'issue-token', '--sub', 'admin-2', '--role', 'admin', '--unit', 'hubei');
      expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
      expect(stderr).toMatch(/^unknown unit "hubei"/);
    });

    it('issues the first admin token of an empty store, with a note on stderr, and nothing else there', async () => {
      const empty = tempDir('dsr-cli-empty-');
      const admin = await dsr(empty, 'issue-token', '--sub', 'admin-1', '--role', 'admin', '--unit', 'hunan');
      expect(admin.code).toBe(0);
      expect(admin.stdout).toMatch(JWT);
      expect(admin.stderr).toMatch(/^note: no department is registered in the embedded store in DATA_DIR=.* yet: issuing an admin token for hunan/);

      const staff = await dsr(empty, 'issue-token', '--sub', 'll-staff-liu', '--role', 'staff', '--unit', 'lingling');
      expect({ code: staff.code, stdout: staff.stdout }).toEqual({ code: 1, stdout: '' });
      expect(staff.stderr).toMatch(/^unknown unit "lingling": .*the store has no department yet: issue an admin token first \(--role admin\)/);
    });

    it('signs for any unit with --no-check', async () => {
      const { code, stdout, stderr } = await dsr(api.config.dataDir, 'issue-token', '--sub', 'x-1', '--role', 'staff', '--unit', 'linling', '--no-check');
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(claimsOf(stdout.trim())).toMatchObject({ unit: 'linling' });
    });
  });

  describe('summaries', () => {
    it('verify-log ends with a summary and draws no bar when stderr is not a terminal', async () => {
      const { code, stdout, stderr } = await dsr(copyOfData(), 'verify-log');
      expect(code).toBe(0);
      expect(stdout).toMatch(/^read \d+ events in \d+ streams/);
      expect(stdout).toMatch(/^log verified: /m);
      const summary = stdout.slice(stdout.indexOf('\nsummary\n'));
      expect(summary).toMatch(/^ {2}events +\d+ in \d+ streams, checked in [\d.]+ m?s \([\d,–]+ events\/s\)$/m);
      expect(summary).toMatch(/^ {2}tree heads +1 checked: 1 verify; key \S+$/m);
      expect(summary).toMatch(/^ {2}signed over +leaves 0–\d+ of \d+$/m);
      expect(summary).toMatch(/^ {2}verdict +VERIFIED: every event is covered by a signed tree head \(exit 0\)$/m);
      expect(stderr).toBe('');
    });

    it('verify-log says NOT VERIFIABLE in its summary when events follow the last head', async () => {
      const token = await api.tokenFor('admin-1', 'admin', 'hunan');
      const response = await api.app.inject({
        method: 'POST',
        url: '/departments',
        payload: { departmentId: 'dongan', name: '东安县市场监督管理局', level: 'county', parentId: 'yongzhou', areaCode: '431122' },
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(201);
      const { code, stdout } = await dsr(copyOfData(), 'verify-log');
      expect(code).toBe(2);
      expect(stdout).toMatch(/^ {2}verdict +NOT VERIFIABLE past leaf \d+: \d+ events? no signed head covers yet \(exit 2\)$/m);
      expect(await api.app.get(TreeHeadSigner).signNow()).not.toBeNull();
    });

    it('rebuild replays the log into fresh read models and says what it did', async () => {
      const copy = copyOfData();
      const { code, stdout, stderr } = await dsr(copy, 'rebuild');
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      const [, position] = /^rebuilt read models up to log position (\d+\/\d+) in \d+ ms$/m.exec(stdout) ?? [];
      expect(position).toBeDefined();
      expect(stdout).toMatch(/^ {2}events applied +\d+ in [\d.]+ m?s \([\d,–]+ events\/s\)$/m);
      expect(stdout).toContain(`  log read from   ${copy}/events.db`);
      expect(stdout).toContain(`  read models in  ${copy}/read.db`);
      expect(stdout).toContain(`  caught up to    log position ${position}`);
      const status = await dsr(copy, 'status');
      expect(JSON.parse(status.stdout)).toMatchObject({ checkpoint: position, head: position, lag: 0 });
    });
  });
});
