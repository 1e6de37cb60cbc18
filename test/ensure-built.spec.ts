/**
 * scripts/ensure-built.js decides whether `npm run cli`, `npm run demo` and the benches must build
 * first: only when an entry point of dist/ is missing or older than a source the build compiles.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

interface Decision {
  build: boolean;
  reason: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { decide } = require('../scripts/ensure-built.js') as { decide: (root: string, entries?: string[], env?: NodeJS.ProcessEnv) => Decision };

describe('ensure-built', () => {
  let root: string;
  const T0 = new Date('2026-01-05T08:00:00Z').getTime() / 1000;

  /** Writes `path` under the fake checkout with its modification time `t` seconds after T0. */
  const file = (path: string, t: number) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, '// x\n');
    utimesSync(full, T0 + t, T0 + t);
  };
  const CLI = ['apps/cli/src/main.js'];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dsr-ensure-built-'));
    file('tsconfig.json', 0);
    file('tsconfig.build.json', 0);
    file('apps/cli/src/main.ts', 10);
    file('libs/domain/src/index.ts', 20);
    file('test/bench/store.bench.ts', 30);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds when the entry point is missing', () => {
    expect(decide(root, CLI, {})).toEqual({ build: true, reason: 'dist/apps/cli/src/main.js is missing' });
  });

  it('does not build when dist/ is newer than every source', () => {
    file('dist/apps/cli/src/main.js', 100);
    expect(decide(root, CLI, {})).toEqual({ build: false, reason: 'dist/ is up to date' });
  });

  it('builds when a source of apps/, libs/ or the benches is newer, and names it', () => {
    file('dist/apps/cli/src/main.js', 100);
    file('libs/platform/src/config/app-config.ts', 200);
    expect(decide(root, CLI, {})).toEqual({ build: true, reason: 'libs/platform/src/config/app-config.ts is newer than dist/apps/cli/src/main.js' });
    file('dist/apps/cli/src/main.js', 300);
    file('test/support/api-harness.ts', 400);
    expect(decide(root, CLI, {}).build).toBe(true);
  });

  it('builds when a tsconfig changed', () => {
    file('dist/apps/cli/src/main.js', 100);
    file('tsconfig.build.json', 200);
    expect(decide(root, CLI, {})).toMatchObject({ build: true, reason: 'tsconfig.build.json is newer than dist/apps/cli/src/main.js' });
  });

  it('ignores what the build does not compile: specs, fixtures, end-to-end suites, docs', () => {
    file('dist/apps/cli/src/main.js', 100);
    file('apps/cli/src/commands/verify-log.spec.ts', 200);
    file('libs/domain/src/matching/matching.fixtures.ts', 200);
    file('libs/event-store/src/event-store.contract.ts', 200);
    file('libs/read-store/src/testing.ts', 200);
    file('test/witness.e2e-spec.ts', 200);
    file('docs/operations.md', 200);
    file('README.md', 200);
    expect(decide(root, CLI, {}).build).toBe(false);
  });

  it('compares against the oldest of several entry points, and builds when any is missing', () => {
    file('dist/apps/cli/src/main.js', 100);
    file('dist/test/bench/store.bench.js', 15);
    expect(decide(root, ['apps/cli/src/main.js', 'test/bench/store.bench.js'], {})).toEqual({
      build: true,
      reason: 'test/bench/store.bench.ts is newer than dist/test/bench/store.bench.js',
    });
    expect(decide(root, ['apps/cli/src/main.js', 'test/bench/draw.bench.js'], {})).toMatchObject({ build: true, reason: 'dist/test/bench/draw.bench.js is missing' });
  });

  it('builds whatever the times say with FORCE_BUILD=1', () => {
    file('dist/apps/cli/src/main.js', 100);
    expect(decide(root, CLI, { FORCE_BUILD: '1' })).toEqual({ build: true, reason: 'FORCE_BUILD=1' });
  });
});
