/** The leaf bytes of docs/integrity.md; the expected bytes were produced independently (Python json with sorted keys, UTF-8). */
import { logLeafBytes, logLeafOf } from './log-leaf';

const chainHash = '537c8f7b7c4fc000c80ac1c93eb0c6c9a125519b261a9e0d1e84ed54e21f9560';

describe('log leaf bytes', () => {
  it('are the JCS of {hash, id, index, revision, stream} with sorted keys and no whitespace', () => {
    const leaf = { index: 0, stream: 'target-0', revision: 0, id: 'event-0', hash: '23352a67ac7ffc4b5d98023dc1a54ee507d4bf95dc1c4154045c5e2bbde73317' };
    expect(logLeafBytes(leaf).toString('utf8')).toBe(
      '{"hash":"23352a67ac7ffc4b5d98023dc1a54ee507d4bf95dc1c4154045c5e2bbde73317","id":"event-0","index":0,"revision":0,"stream":"target-0"}',
    );
  });

  it('encode non-ASCII stream names as UTF-8, unescaped', () => {
    const leaf = { index: 7, stream: 'department-零陵', revision: 0, id: '8041f953-f52b-5512-bc3f-37ba95d40d2b', hash: chainHash };
    expect(logLeafBytes(leaf).toString('hex')).toBe(
      '7b2268617368223a2235333763386637623763346663303030633830616331633933656230633663396131323535313962323631613965306431653834656435346532316639353630222c226964223a2238303431663935332d663532622d353531322d626333662d333762613935643430643262222c22696e646578223a372c227265766973696f6e223a302c2273747265616d223a226465706172746d656e742de99bb6e999b5227d',
    );
  });

  it('are taken from a recorded event and its global index, leaving out the adapter-specific position', () => {
    const event = {
      id: '8041f953-f52b-5512-bc3f-37ba95d40d2b',
      stream: 'department-lingling',
      revision: 1,
      position: { commit: 42n, prepare: 42n },
      metadata: {
        hash: chainHash,
        prevHash: '0'.repeat(64),
        actorId: 'a',
        role: 'admin',
        unit: 'u',
        commandId: 'c',
        correlationId: 'c',
        causationId: 'c',
        recordedAt: '2026-03-02T08:00:00.000Z',
      },
    };
    expect(logLeafOf(41, event)).toEqual({ index: 41, stream: 'department-lingling', revision: 1, id: event.id, hash: chainHash });
  });

  it('differ when any committed field differs', () => {
    const leaf = { index: 3, stream: 'target-1', revision: 2, id: 'e', hash: chainHash };
    const bytes = logLeafBytes(leaf).toString('hex');
    for (const change of [{ index: 4 }, { stream: 'target-2' }, { revision: 3 }, { id: 'f' }, { hash: 'f'.repeat(64) }]) {
      expect(logLeafBytes({ ...leaf, ...change }).toString('hex')).not.toBe(bytes);
    }
  });

  it('refuse an index, revision or hash that no stored event can have', () => {
    const leaf = { index: 0, stream: 's', revision: 0, id: 'e', hash: chainHash };
    expect(() => logLeafBytes({ ...leaf, index: -1 })).toThrow(RangeError);
    expect(() => logLeafBytes({ ...leaf, revision: 0.5 })).toThrow(RangeError);
    expect(() => logLeafBytes({ ...leaf, hash: chainHash.toUpperCase() })).toThrow(RangeError);
  });
});
