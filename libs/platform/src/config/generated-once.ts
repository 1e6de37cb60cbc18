/**
 * A secret the embedded default generates on first start and keeps in DATA_DIR (the JWT secret,
 * the tree-head key, the draw server key). Two processes starting together on a fresh DATA_DIR
 * must end up with the same value: the new value is written to a file of its own and linked into
 * place, which fails when another process got there first, whose value is then read instead. A
 * reader never sees a half-written file.
 */
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function generatedOnce(file: string, generate: () => string): string {
  const existing = readIfPresent(file);
  if (existing !== null) return existing;
  mkdirSync(dirname(file), { recursive: true });
  const value = generate();
  const own = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(own, value, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(own, file);
    return value.trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFileSync(file, 'utf8').trim();
  } finally {
    rmSync(own, { force: true });
  }
}

function readIfPresent(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
