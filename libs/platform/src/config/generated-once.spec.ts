import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedOnce } from './generated-once';

describe('a secret generated once in DATA_DIR', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dsr-secret-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated on first start, readable by its owner only, and read back afterwards', () => {
    const file = join(dir, 'nested', 'jwt-secret');
    expect(generatedOnce(file, () => 'first\n')).toBe('first');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(generatedOnce(file, () => 'second')).toBe('first');
    expect(readdirSync(join(dir, 'nested'))).toEqual(['jwt-secret']);
  });

  it('gives a process that lost the race to create it the winner’s value, so both sign alike', () => {
    const file = join(dir, 'tree-head-key');
    // another process writes the file while this one is generating its own
    const mine = generatedOnce(file, () => {
      writeFileSync(file, 'theirs');
      return 'mine';
    });
    expect(mine).toBe('theirs');
    expect(readFileSync(file, 'utf8')).toBe('theirs');
    expect(readdirSync(dir)).toEqual(['tree-head-key']);
  });
});
