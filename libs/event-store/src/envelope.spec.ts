/**
 * The worked example of docs/event-envelope.md, read from the page itself: the canonical bytes and
 * hashes published there must be what the code produces (and so what verify-log recomputes).
 */
import { readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import { join } from 'node:path';
import { GENESIS_HASH, HashedFields, canonicalBytes, chainEvents, hashEvent } from './envelope';

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

describe('the envelope written from its parts', () => {
  const metadata = {
    actorId: 'll-staff-liu',
    role: 'staff',
    unit: 'lingling',
    commandId: 'c1',
    correlationId: 'c1',
    causationId: 'c0',
    recordedAt: '2026-03-01T08:00:00.000Z',
    prevHash: GENESIS_HASH,
  };
  const fields = (data: unknown): HashedFields => ({
    stream: 'target-91431102MA4L000001',
    revision: 0,
    id: '0b9e5c1e-4f1a-5b7e-8a61-3b1f0d2c9e11',
    type: 'TargetRegistered',
    schemaVersion: 1,
    data,
    metadata,
  });
  const samples: unknown[] = [
    { targetId: 'T1', name: '零陵区甲公司', scale: null, nested: { z: 1, a: [true, 2.5, 'x'] } },
    { '10': 'integer-like keys come first in JCS', b: 1, a: 2 },
    { text: 'quotes " and \\ and \u2028 and emoji 😀', n: -0, big: 1e21 },
    [],
  ];

  it.each(samples.map((data, i) => [i, data]))('sample %i: is the canonical text of the whole event, as the canonicalize package writes it', (_, data) => {
    expect(canonicalBytes(fields(data)).toString('utf8')).toBe(canonicalize(fields(data)));
    const [chained] = chainEvents('target-91431102MA4L000001', null, [{ id: fields(data).id, type: 'TargetRegistered', schemaVersion: 1, data, metadata }]);
    expect(chained.metadata.hash).toBe(hashEvent(fields(data)));
  });

  it('changes with every hashed field, stream and type included', () => {
    const base = hashEvent(fields({ a: 1 }));
    const variants: Partial<HashedFields>[] = [
      { stream: 'target-other' },
      { type: 'TargetRevoked' },
      { revision: 1 },
      { id: '0b9e5c1e-4f1a-5b7e-8a61-3b1f0d2c9e12' },
      { schemaVersion: 2 },
      { data: { a: 2 } },
    ];
    for (const change of variants) expect(hashEvent({ ...fields({ a: 1 }), ...change })).not.toBe(base);
    expect(hashEvent({ ...fields({ a: 1 }), metadata: { ...metadata, unit: 'lengshuitan' } })).not.toBe(base);
  });
});
