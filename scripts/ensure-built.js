#!/usr/bin/env node
/**
 * Builds only when the build is missing or stale: `node scripts/ensure-built.js [entry …]` runs
 * `npm run build` when one of the given entry points of dist/ (default: the cli's) is missing, or
 * older than the newest source `tsconfig.build.json` compiles (apps/, libs/, test/bench/,
 * test/support/, test/esdb-test-server/, specs and fixtures aside) or than the tsconfig files.
 * The cli, the demo and the benches call it before they start, instead of rebuilding the whole
 * project every time; `npm test` still builds unconditionally.
 *
 * It writes nothing to stdout — the build's own output goes to stderr — so that
 * `TOKEN=$(npm run -s cli -- issue-token …)` captures the token alone.
 *
 * The decision compares modification times only: a checkout, a pull or an edit makes a source
 * newer than dist/ and so triggers a build; a source deleted since the last build does not (its
 * old output stays in dist/, unused). FORCE_BUILD=1 builds whatever the times say.
 */
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = resolve(__dirname, '..');
/** What tsconfig.build.json includes … */
const SOURCE_DIRS = ['apps', 'libs', 'test/bench', 'test/support', 'test/esdb-test-server'];
/** … and excludes. */
const EXCLUDED = /\.(spec|int-spec|e2e-spec|contract|fixtures)\.ts$|(^|\/)testing\.ts$/;
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json'];
const DEFAULT_ENTRIES = ['apps/cli/src/main.js'];

/** The newest file the build compiles or is configured by: { file, mtimeMs }, file '' when none. */
function newestSource(root = ROOT) {
  let newest = { file: '', mtimeMs: 0 };
  const consider = (file) => {
    const { mtimeMs } = statSync(file);
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !EXCLUDED.test(path)) consider(path);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) walk(join(root, dir));
  for (const file of CONFIG_FILES) if (existsSync(join(root, file))) consider(join(root, file));
  return newest;
}

/**
 * Whether to build: `{ build, reason }`. `entries` are paths inside dist/ (e.g.
 * `apps/cli/src/main.js`); the build is needed when one is missing or older than the newest source.
 */
function decide(root = ROOT, entries = DEFAULT_ENTRIES, env = process.env) {
  if (env.FORCE_BUILD === '1') return { build: true, reason: 'FORCE_BUILD=1' };
  let oldest = null;
  for (const entry of entries) {
    const file = join(root, 'dist', entry);
    if (!existsSync(file)) return { build: true, reason: `dist/${entry} is missing` };
    const { mtimeMs } = statSync(file);
    if (oldest === null || mtimeMs < oldest.mtimeMs) oldest = { entry, mtimeMs };
  }
  const newest = newestSource(root);
  if (oldest !== null && newest.mtimeMs > oldest.mtimeMs) {
    return { build: true, reason: `${relative(root, newest.file)} is newer than dist/${oldest.entry}` };
  }
  return { build: false, reason: 'dist/ is up to date' };
}

/** Runs `npm run build` when `decide` says so; the build's output goes to stderr. Returns an exit code. */
function ensureBuilt(root = ROOT, entries = DEFAULT_ENTRIES) {
  const { build, reason } = decide(root, entries);
  if (!build) return 0;
  process.stderr.write(`building first: ${reason}\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.error) {
    process.stderr.write(`could not run npm run build: ${result.error.message}\n`);
    return 1;
  }
  if (result.status !== 0) process.stderr.write('npm run build failed: see above\n');
  return result.status ?? 1;
}

module.exports = { decide, ensureBuilt, newestSource, DEFAULT_ENTRIES };

if (require.main === module) {
  const entries = process.argv.slice(2);
  process.exitCode = ensureBuilt(ROOT, entries.length > 0 ? entries : DEFAULT_ENTRIES);
}
