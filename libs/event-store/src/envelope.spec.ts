/**
 * The worked example of docs/event-envelope.md, read from the page itself: the canonical bytes and
 * hashes published there must be what the code produces (and so what verify-log recomputes).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENESIS_HASH, HashedFields, canonicalBytes, hashEvent } from './envelope';

const page = readFileSync(join(__dirname, '../../../docs/event-envelope.md'), 'utf8');
const worked = [...page.matchAll(/```\n(\{"data".*\})\n```\n\nhash = `([0-9a-f]{64})`/g)].map(([, line, hash]) => ({ line, hash }));

describe('the envelope of docs/event-envelope.md', () => {
  it('should publish two worked events', () => {
    expect(worked).toHaveLength(2);
  });

  it.each([0, 1])('should give revision %i exactly the canonical bytes and hash on the page', (revision) => {
    const { line, hash } = worked[revision];
    const fields = JSON.parse(line) as HashedFields;
    expect(canonicalBytes(fields).toString('utf8')).toBe(line);
    expect(hashEvent(fields)).toBe(hash);
    expect(fields.metadata.prevHash).toBe(revision === 0 ? GENESIS_HASH : worked[0].hash);
  });
});
