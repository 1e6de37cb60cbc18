/**
 * Suites that run the built service (`dist/`) must not test stale code: `builtEntry` answers the
 * path of a built entry point, and refuses when it is missing or older than any source file of
 * apps/ and libs/ (specs aside) — run `npm run build` first (`npm test` does).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

function newestSource(dir: string): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = newestSource(path);
      if (inner.mtimeMs > newest.mtimeMs) newest = inner;
    } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) {
      const { mtimeMs } = statSync(path);
      if (mtimeMs > newest.mtimeMs) newest = { file: path, mtimeMs };
    }
  }
  return newest;
}

/** The absolute path of `dist/<relative>`, checked to be built from the current sources. */
export function builtEntry(relative: string): string {
  const entry = join(ROOT, 'dist', relative);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first (npm test does)`);
  const built = statSync(entry).mtimeMs;
  for (const dir of ['apps', 'libs']) {
    const newest = newestSource(join(ROOT, dir));
    if (newest.mtimeMs > built) {
      throw new Error(`${entry} is older than ${newest.file.slice(ROOT.length + 1)}: the suite would test stale code — run \`npm run build\` first (npm test does)`);
    }
  }
  return entry;
}
