/**
 * The bounds a freeze checks a draw's list against (docs/architecture.md, The largest write): the
 * matching's pools and groups as the freeze and the algorithm record them stay within
 * matchingWriteBytesAtMost. The lock's
 * bound is checked against real locks in task.decider.spec.ts.
 */
import { EntropyContribution } from '../draw/draw-algorithm';
import { assignInspectors } from '../matching/matching-algorithm';
import { DrawnGroup, ExpertAssignment, FrozenTargetPool, InspectorsMatched } from '../matching/matching.events';
import { ASSUMED_PERSON_ID_LENGTH, LOCK_FIXED_ALLOWANCE, matchingWriteBytesAtMost } from './locked-list-size';

const entropy: EntropyContribution[] = [
  { kind: 'witness', label: '公证员 张某', value: '3 1 4 1 5 9' },
  { kind: 'server', label: 'server', value: 'b7e1c0d2a9f34e6b' },
];

/** The InspectorsMatched a department's matching of `count` targets writes, as the matching decider shapes it (version 2), with an expert for every target. */
function matchedOf(count: number, idLength: number): InspectorsMatched['data'] {
  const person = (i: number) => `insp-${String(i).padStart(idLength - 5, '0')}`;
  const department = 'd'.repeat(idLength);
  const inspectors = Array.from({ length: 400 }, (_, i) => person(i));
  const pools = Array.from({ length: count }, (_, i) => ({ targetId: `91431102MA${String(i).padStart(7, '0')}X`, members: inspectors }));
  const groups: DrawnGroup[] = assignInspectors(pools, entropy).map((g) => ({
    targetId: g.targetId,
    leaderId: g.members[0],
    members: g.members.map((inspectorId) => ({ inspectorId, departmentId: department })),
  }));
  const experts: ExpertAssignment[] = groups.map((g) => ({ targetId: g.targetId, expertId: person(7), how: 'drawn', reason: null }));
  return { taskId: 'yongzhou-2026-food', departmentId: department, entropyKinds: ['witness', 'server'], groups, experts, matchedOn: '2026-04-20' };
}

/** The per-target part of a MatchingPoolsFrozen of `count` targets, inspectors' and experts' pools. */
function frozenPoolsOf(count: number): FrozenTargetPool[][] {
  const pool = (i: number): FrozenTargetPool => ({
    targetId: `91431102MA${String(i).padStart(7, '0')}X`,
    poolHash: 'ab'.repeat(32),
    poolSize: 1_234_567,
    excluded: [],
  });
  return [Array.from({ length: count }, (_, i) => pool(i)), Array.from({ length: count }, (_, i) => pool(i))];
}

describe('the largest write a drawn list leads to', () => {
  it('bounds the groups of a matching with ids as long as it assumes, closely enough to refuse only what would not fit', () => {
    for (const count of [1, 500, 2_000]) {
      const matched = Buffer.byteLength(JSON.stringify(matchedOf(count, ASSUMED_PERSON_ID_LENGTH))) + 1024;
      const frozen = Buffer.byteLength(JSON.stringify(frozenPoolsOf(count))) + 1024;
      const bound = matchingWriteBytesAtMost({ count, longestTargetId: 18 });
      expect(bound).toBeGreaterThanOrEqual(Math.max(matched, frozen));
      expect(bound - Math.max(matched, frozen)).toBeLessThan(LOCK_FIXED_ALLOWANCE + count * 16);
    }
  });

  it('grows with the ids: longer inspector and department ids than assumed need the bound told so', () => {
    const real = Buffer.byteLength(JSON.stringify(matchedOf(1_000, 40))) + 1024;
    expect(matchingWriteBytesAtMost({ count: 1_000, longestTargetId: 18 })).toBeLessThan(real);
    expect(matchingWriteBytesAtMost({ count: 1_000, longestTargetId: 18, longestPersonId: 40, longestDepartmentId: 40 })).toBeGreaterThanOrEqual(real);
  });
});
