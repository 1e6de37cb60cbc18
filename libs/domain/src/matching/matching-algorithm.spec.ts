import { EntropyContribution, canonicalPool, combineSeed, poolHash, selectMembers } from '../draw/draw-algorithm';
import { IllegalStateError } from '../shared/errors';
import { GROUP_SIZE, assignInspectors, drawReplacement, leastLoaded } from './matching-algorithm';

const entropy: EntropyContribution[] = [
  { kind: 'witness', label: '公证员 张某', value: '3 1 4 1 5 9' },
  { kind: 'server', label: 'server', value: 'b7e1c0d2a9f34e6b' },
];
const people = (n: number) => Array.from({ length: n }, (_, i) => `insp-${String(i + 1).padStart(2, '0')}`);

describe('inspector matching algorithm (002 §21: at least 2 per target, one leader)', () => {
  const targets = ['t-03', 't-01', 't-05', 't-02', 't-04', 't-06'];
  const pools = targets.map((targetId) => ({ targetId, members: people(6) }));

  it('gives every target a group of 2 and the first drawn leads', () => {
    const groups = assignInspectors(pools, entropy);
    expect(groups.map((g) => g.targetId)).toEqual(['t-01', 't-02', 't-03', 't-04', 't-05', 't-06']);
    for (const group of groups) {
      expect(group.members).toHaveLength(GROUP_SIZE);
      expect(new Set(group.members).size).toBe(GROUP_SIZE);
    }
  });

  it('is deterministic: the same pools and entropy give the same groups, and other entropy gives others', () => {
    expect(assignInspectors([...pools].reverse(), entropy)).toEqual(assignInspectors(pools, entropy));
    const other = assignInspectors(pools, [{ kind: 'witness', label: '公证员 张某', value: '2 7 1 8' }]);
    expect(other.map((g) => g.members)).not.toEqual(assignInspectors(pools, entropy).map((g) => g.members));
  });

  it('spreads the workload evenly: 6 targets × 2 over 6 inspectors gives each exactly 2', () => {
    const loads = new Map<string, number>();
    for (const g of assignInspectors(pools, entropy)) for (const id of g.members) loads.set(id, (loads.get(id) ?? 0) + 1);
    expect([...loads.values()]).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('draws each group from the least-loaded candidates with dsr-draw-v1, as the documentation says', () => {
    const [first, second] = assignInspectors(pools, entropy);
    const all = canonicalPool(people(6));
    expect(first.drawnFrom).toEqual({
      stratum: 'inspectors/t-01',
      poolHash: poolHash(all),
      poolSize: 6,
      load: 0,
      seed: combineSeed({ poolHash: poolHash(all), stratum: 'inspectors/t-01', contributions: entropy }).toString('hex'),
    });
    expect(first.members).toEqual(selectMembers(all, combineSeed({ poolHash: poolHash(all), stratum: 'inspectors/t-01', contributions: entropy }), 2));
    const rest = all.filter((id) => !first.members.includes(id));
    expect(second.drawnFrom.poolHash).toBe(poolHash(rest));
    expect(second.members).toEqual(selectMembers(rest, combineSeed({ poolHash: poolHash(rest), stratum: 'inspectors/t-02', contributions: entropy }), 2));
  });

  it('reproduces vector 3 of docs/draw-algorithm.md, computed by an independent Python implementation', () => {
    const seven = Array.from({ length: 7 }, (_, i) => `i-${i + 1}`);
    const vectorPools = [1, 2, 3, 4, 5, 6].map((t) => ({ targetId: `t-${t}`, members: seven.filter((p) => !(t === 2 && p === 'i-1')) }));
    const contributions: EntropyContribution[] = [
      { kind: 'witness', label: '公证员 张某', value: '3 1 4' },
      { kind: 'server', label: 'server', value: 'abc' },
    ];
    expect(assignInspectors(vectorPools, contributions).map((g) => [g.targetId, ...g.members])).toEqual([
      ['t-1', 'i-5', 'i-4'],
      ['t-2', 'i-6', 'i-2'],
      ['t-3', 'i-1', 'i-7'],
      ['t-4', 'i-4', 'i-5'],
      ['t-5', 'i-1', 'i-2'],
      ['t-6', 'i-3', 'i-7'],
    ]);
  });

  it('widens to the next load level only when fewer than 2 remain at the lowest', () => {
    const loads = new Map([
      ['a', 0],
      ['b', 1],
      ['c', 1],
      ['d', 2],
    ]);
    expect(leastLoaded(['d', 'c', 'b', 'a'], loads, 2)).toEqual({ members: ['a', 'b', 'c'], load: 1 });
    expect(leastLoaded(['d', 'c', 'b', 'a'], loads, 1)).toEqual({ members: ['a'], load: 0 });
  });

  it('refuses a target with fewer than 2 candidates, naming the target (002 §21)', () => {
    let thrown: unknown;
    try {
      assignInspectors(
        [
          { targetId: 't-01', members: people(3) },
          { targetId: 't-02', members: ['insp-01'] },
        ],
        entropy,
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IllegalStateError);
    expect((thrown as Error).message).toMatch(/target t-02 has 1 eligible inspector/);
    expect((thrown as IllegalStateError).field).toBe('targetId');
  });

  it('draws a replacement from the remaining least-loaded candidates under replacement/<targetId>/<n> (000 §18, 002 §23)', () => {
    const loads = new Map([
      ['insp-01', 1],
      ['insp-02', 0],
      ['insp-03', 0],
    ]);
    const drawn = drawReplacement({ targetId: 't-01', n: 1, remaining: ['insp-03', 'insp-01', 'insp-02'], loads, contributions: entropy });
    expect(['insp-02', 'insp-03']).toContain(drawn.inspectorId);
    expect(drawn.drawnFrom).toMatchObject({ stratum: 'replacement/t-01/1', poolHash: poolHash(['insp-02', 'insp-03']), poolSize: 2, load: 0 });
    expect(drawReplacement({ targetId: 't-01', n: 2, remaining: ['insp-03', 'insp-01', 'insp-02'], loads, contributions: entropy }).drawnFrom.stratum).toBe(
      'replacement/t-01/2',
    );
    expect(() => drawReplacement({ targetId: 't-09', n: 1, remaining: [], loads, contributions: entropy })).toThrow(/target t-09/);
  });
});
