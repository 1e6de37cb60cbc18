/**
 * The hash chain of docs/event-envelope.md, rule by rule: what the hashed bytes cover, how events
 * chain onto a stream's tail, and what cannot be hashed. The reference for "the hash" here is the
 * page's own recipe (its verify-event.js): SHA-256 of `canonicalize` over the seven hashed fields.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { CommandMetadata, EVENT_ID_NAMESPACE, GENESIS_HASH, HashedFields, canonicalBytes, chainEvents, envelopeText, eventIdFor, hashEvent, recomputeHash } from './envelope';

const page = readFileSync(join(__dirname, '../../../docs/event-envelope.md'), 'utf8');

/** docs/event-envelope.md, "Verifying one event with Node": the hash an outsider computes without our code. */
function outsiderHash(event: { stream: string; revision: number; id: string; type: string; schemaVersion: number; data: unknown; metadata: CommandMetadata & { prevHash: string } }): string {
  const { actorId, role, unit, commandId, correlationId, causationId, recordedAt, prevHash } = event.metadata;
  const hashed = {
    stream: event.stream,
    revision: event.revision,
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: { actorId, role, unit, commandId, correlationId, causationId, recordedAt, prevHash },
  };
  return createHash('sha256').update(canonicalize(hashed)!, 'utf8').digest('hex');
}

const command: CommandMetadata = {
  actorId: 'll-staff-liu',
  role: 'staff',
  unit: 'lingling',
  commandId: 'c-1',
  correlationId: 'corr-1',
  causationId: 'cause-1',
  recordedAt: '2026-03-01T08:00:00.000Z',
};
const event: HashedFields = {
  stream: 'target-91431102MA4L000001',
  revision: 3,
  id: eventIdFor('c-1', 0),
  type: 'TargetRegistered',
  schemaVersion: 1,
  data: { targetId: '91431102MA4L000001', name: '零陵区甲公司' },
  metadata: { ...command, prevHash: 'a'.repeat(64) },
};

describe('the worked example of docs/event-envelope.md, rebuilt from its parts', () => {
  // the table of the worked example: two commands of user-0007 (admin, yongzhou), one event each
  const metadataOf = (commandId: string, recordedAt: string): CommandMetadata => ({
    actorId: 'user-0007',
    role: 'admin',
    unit: 'yongzhou',
    commandId,
    correlationId: 'f3a2b1c0-d9e8-4f7a-8b6c-5d4e3f2a1b0c',
    causationId: commandId,
    recordedAt,
  });
  const first = { commandId: '0b9f6d3e-2c41-4f6a-8e57-1d2a3b4c5d6e', recordedAt: '2026-03-02T08:00:00.000Z' };
  const second = { commandId: '7e1c9a40-5b2d-4c8e-9f13-6a7b8c9d0e1f', recordedAt: '2026-03-02T08:05:30.250Z' };
  const published = {
    ids: ['8041f953-f52b-5512-bc3f-37ba95d40d2b', 'cbd2e3c6-f3db-52c5-af36-4e769c2b7b97'],
    hashes: ['8d9b063b42ddcbaaa947011774b4883318d63fca2820c9d428c43b12fadafeee', '537c8f7b7c4fc000c80ac1c93eb0c6c9a125519b261a9e0d1e84ed54e21f9560'],
  };

  it('is still the example the page publishes', () => {
    for (const value of [...published.ids, ...published.hashes, first.commandId, second.commandId]) expect(page).toContain(value);
  });

  it('gives each event the id uuid5(namespace, "<commandId>/0") the page lists', () => {
    expect(EVENT_ID_NAMESPACE).toBe('5b0c3a52-7f1e-4d8e-9a51-2f6f1f4d2c10');
    expect([eventIdFor(first.commandId, 0), eventIdFor(second.commandId, 0)]).toEqual(published.ids);
  });

  it('chains the two events of department-lingling to exactly the published hashes', () => {
    const [revision0] = chainEvents('department-lingling', null, [
      {
        id: eventIdFor(first.commandId, 0),
        type: 'DepartmentRegistered',
        schemaVersion: 1,
        data: { departmentId: 'lingling', parentId: 'yongzhou', name: '零陵区市场监督管理局', level: 'county', areaCode: '431102' },
        metadata: metadataOf(first.commandId, first.recordedAt),
      },
    ]);
    const [revision1] = chainEvents('department-lingling', { revision: revision0.revision, hash: revision0.metadata.hash }, [
      {
        id: eventIdFor(second.commandId, 0),
        type: 'BusinessUnitAdded',
        schemaVersion: 1,
        data: { departmentId: 'lingling', unitId: 'lingling-credit', name: '信用监管股', kind: 'credit-supervision' },
        metadata: metadataOf(second.commandId, second.recordedAt),
      },
    ]);
    expect([revision0.revision, revision1.revision]).toEqual([0, 1]);
    expect(revision0.metadata.prevHash).toBe(GENESIS_HASH);
    expect([revision0.metadata.hash, revision1.metadata.hash]).toEqual(published.hashes);
    expect(revision1.metadata.prevHash).toBe(published.hashes[0]);
  });
});

describe('the hashed bytes', () => {
  it('are the canonical JSON an outsider writes with canonicalize, and their SHA-256 is the hash', () => {
    expect(canonicalBytes(event).toString('utf8')).toBe(canonicalize(event));
    expect(hashEvent(event)).toBe(outsiderHash(event));
  });

  it('the envelope hash covers the stream name: the same event in another stream has another hash', () => {
    expect(canonicalBytes(event).toString('utf8')).toContain('"stream":"target-91431102MA4L000001"');
    const moved = { ...event, stream: 'target-91431102MA4L000002' };
    expect(hashEvent(moved)).not.toBe(hashEvent(event));
    expect(hashEvent(moved)).toBe(outsiderHash(moved));
  });

  it('the envelope hash covers the event type: a renamed type has another hash', () => {
    expect(canonicalBytes(event).toString('utf8')).toContain('"type":"TargetRegistered"');
    const renamed = { ...event, type: 'TargetRevoked' };
    expect(hashEvent(renamed)).not.toBe(hashEvent(event));
    expect(hashEvent(renamed)).toBe(outsiderHash(renamed));
  });

  it.each<[string, Partial<CommandMetadata & { prevHash: string }>]>([
    ['actorId', { actorId: 'll-staff-wang' }],
    ['role', { role: 'unit-head' }],
    ['unit', { unit: 'lengshuitan' }],
    ['commandId', { commandId: 'c-2' }],
    ['correlationId', { correlationId: 'corr-2' }],
    ['causationId', { causationId: 'cause-2' }],
    ['recordedAt', { recordedAt: '2026-03-01T08:00:00.001Z' }],
    ['prevHash', { prevHash: 'b'.repeat(64) }],
  ])('the envelope hash covers metadata.%s', (_, change) => {
    const edited = { ...event, metadata: { ...event.metadata, ...change } };
    expect(hashEvent(edited)).not.toBe(hashEvent(event));
    expect(hashEvent(edited)).toBe(outsiderHash(edited));
  });

  it('escape the metadata strings as JSON does: a quote in a field cannot forge another field', () => {
    const forged = { ...event, metadata: { ...event.metadata, actorId: 'x","role":"admin' } };
    expect(canonicalBytes(forged).toString('utf8')).toBe(canonicalize(forged));
    expect(hashEvent(forged)).toBe(outsiderHash(forged));
  });

  it('write metadata that is not all strings (an event stored by an older version) as canonicalize does', () => {
    const odd = { ...event, metadata: { ...event.metadata, unit: 7 as unknown as string, causationId: undefined as unknown as string } };
    expect(canonicalBytes(odd).toString('utf8')).toBe(canonicalize(odd));
    expect(canonicalBytes(odd).toString('utf8')).toContain('"role":"staff","unit":7}');
    expect(hashEvent(odd)).toBe(outsiderHash(odd));
  });

  it('leave out a first metadata member that is undefined without a stray comma, and write null as null', () => {
    const odd = { ...event, metadata: { ...event.metadata, actorId: undefined as unknown as string, unit: null as unknown as string } };
    expect(canonicalBytes(odd).toString('utf8')).toBe(canonicalize(odd));
    expect(canonicalBytes(odd).toString('utf8')).toContain('"metadata":{"causationId":');
    expect(hashEvent(odd)).toBe(outsiderHash(odd));
  });

  it('write an id, revision, schema version, stream or type that is not a plain string or number as canonicalize does', () => {
    const odd = { ...event, id: { uuid: event.id } as unknown as string, schemaVersion: '1' as unknown as number, revision: -0 };
    expect(canonicalBytes(odd).toString('utf8')).toBe(canonicalize(odd));
    expect(canonicalBytes(odd).toString('utf8')).toContain('"id":{"uuid":');
  });

  it('are text the envelope writer builds from the data text it is given', () => {
    expect(envelopeText(event, '{"x":1}')).toBe(canonicalize({ ...event, data: { x: 1 } }));
  });
});

describe('what cannot be hashed is refused, never hashed as something else', () => {
  it.each<[string, Partial<HashedFields>]>([
    ['data that is not JSON (undefined)', { data: undefined }],
    ['data that is a function', { data: () => 1 }],
    ['a revision that is not a number JSON can hold (NaN)', { revision: NaN }],
    ['an infinite schema version', { schemaVersion: Infinity }],
    ['a missing id', { id: undefined as unknown as string }],
    ['a missing stream', { stream: undefined as unknown as string }],
    ['a missing type', { type: undefined as unknown as string }],
  ])('refuses %s', (_, change) => {
    expect(() => hashEvent({ ...event, ...change })).toThrow(/cannot be serialised canonically|not allowed/);
    expect(() => canonicalBytes({ ...event, ...change })).toThrow(/cannot be serialised canonically|not allowed/);
  });
});

describe('the chain of a stream', () => {
  const proposed = (i: number) => ({
    id: eventIdFor('c-1', i),
    type: i === 0 ? 'TargetRegistered' : 'TargetDetailsChanged',
    schemaVersion: 1,
    data: { n: i },
    metadata: command,
  });

  it('starts a new stream at revision 0 on the genesis hash of 64 zeros', () => {
    const [first] = chainEvents('target-1', null, [proposed(0)]);
    expect(GENESIS_HASH).toBe('0000000000000000000000000000000000000000000000000000000000000000');
    expect(first.revision).toBe(0);
    expect(first.metadata.prevHash).toBe(GENESIS_HASH);
    expect(first.metadata.hash).toBe(outsiderHash({ stream: 'target-1', ...first }));
  });

  it('continues a stream from its tail: the next revision, linked to the tail hash', () => {
    const tail = { revision: 6, hash: 'c'.repeat(64) };
    const chained = chainEvents('target-1', tail, [proposed(0), proposed(1), proposed(2)]);
    expect(chained.map((e) => e.revision)).toEqual([7, 8, 9]);
    expect(chained.map((e) => e.metadata.prevHash)).toEqual([tail.hash, chained[0].metadata.hash, chained[1].metadata.hash]);
    for (const e of chained) expect(e.metadata.hash).toBe(outsiderHash({ stream: 'target-1', ...e }));
  });

  it('keeps every proposed field of each event, and their hash in the metadata', () => {
    const [chained] = chainEvents('target-1', null, [proposed(0)]);
    expect(chained).toEqual({
      id: eventIdFor('c-1', 0),
      revision: 0,
      type: 'TargetRegistered',
      schemaVersion: 1,
      data: { n: 0 },
      metadata: { ...command, prevHash: GENESIS_HASH, hash: chained.metadata.hash },
    });
  });

  it('stores and hashes only the command metadata: anything else the caller passes is dropped', () => {
    const extra = { ...command, hash: 'f'.repeat(64), schemaVersion: 9, ipAddress: '10.0.0.1' } as CommandMetadata;
    const [withExtra] = chainEvents('target-1', null, [{ ...proposed(0), metadata: extra }]);
    const [plain] = chainEvents('target-1', null, [proposed(0)]);
    expect(withExtra.metadata).toEqual(plain.metadata);
    expect(Object.keys(withExtra.metadata).sort()).toEqual(['actorId', 'causationId', 'commandId', 'correlationId', 'hash', 'prevHash', 'recordedAt', 'role', 'unit']);
  });

  it('gives each event of one command its own id, the same on a retry', () => {
    expect(eventIdFor('c-1', 0)).toBe(eventIdFor('c-1', 0));
    expect(eventIdFor('c-1', 1)).not.toBe(eventIdFor('c-1', 0));
    expect(eventIdFor('c-2', 0)).not.toBe(eventIdFor('c-1', 0));
  });

  it('recomputes a stored event hash from what is stored, and notices an edit', () => {
    const [stored] = chainEvents('target-1', null, [proposed(0)]);
    expect(recomputeHash({ stream: 'target-1', ...stored })).toBe(stored.metadata.hash);
    expect(recomputeHash({ stream: 'target-1', ...stored, data: { n: 1 } })).not.toBe(stored.metadata.hash);
    expect(recomputeHash({ stream: 'target-1', ...stored, metadata: { ...stored.metadata, actorId: 'someone-else' } })).not.toBe(stored.metadata.hash);
  });
});
