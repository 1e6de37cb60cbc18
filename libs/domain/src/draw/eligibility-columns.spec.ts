import { applyEvent, computePools, emptyEligibilityState, EligibilityState, PoolRequest } from './eligibility';
import { fromColumns, toColumns } from './eligibility-columns';
import { TargetTable, plainFacts } from './target-table';

/** Every target's facts as plain objects, by id. */
const factsOf = (table: TargetTable) => new Map([...table.values()].map((t) => [t.targetId, plainFacts(t)]));

function foldedState(): EligibilityState {
  const state = emptyEligibilityState();
  const events: { type: string; data: Record<string, unknown> }[] = [
    { type: 'DepartmentRegistered', data: { departmentId: 'yongzhou', parentId: 'hunan' } },
    { type: 'DepartmentRegistered', data: { departmentId: 'lingling', parentId: 'yongzhou' } },
    { type: 'DrawLimitsSet', data: { departmentId: 'yongzhou', quotaPerYear: 1, monthsAfterNothingFound: 6 } },
  ];
  for (let i = 0; i < 50; i++) {
    const targetId = `T${String((i * 37) % 50).padStart(3, '0')}`;
    events.push({
      type: 'TargetRegistered',
      data: { targetId, departmentId: 'lingling', subjectType: i % 3 ? 'enterprise' : 'individual-business', scale: i % 4 ? 'small' : null, industry: i % 5 ? 'C13' : null, areaCode: '431102' },
    });
  }
  events.push(
    { type: 'TargetListedAsAbnormal', data: { targetId: 'T001' } },
    { type: 'TargetListedAsSeriousViolator', data: { targetId: 'T002' } },
    { type: 'TargetMarkedTrustworthy', data: { targetId: 'T003' } },
    { type: 'TargetCreditGraded', data: { targetId: 'T003', grade: 'D' } },
    { type: 'TargetDeregistered', data: { targetId: 'T004' } },
    { type: 'TargetRevoked', data: { targetId: 'T005' } },
    { type: 'TargetPenalised', data: { targetId: 'T006', effectiveDate: '2026-03-01' } },
    { type: 'TargetEnrolledInSubRegistry', data: { targetId: 'T007', subRegistryId: 'yongzhou-catering' } },
    { type: 'TaskSetUp', data: { taskId: 'city-task', departmentId: 'yongzhou', businessUnitId: null, year: 2026 } },
    { type: 'TaskListLocked', data: { taskId: 'city-task', targets: [{ targetId: 'T008' }], lockedOn: '2026-04-01' } },
    { type: 'InspectionReported', data: { targetId: 'T009', departmentId: 'yongzhou', taskId: 'city-task', concludedOn: '2026-05-01', foundProblems: false } },
    { type: 'QuotaConsumed', data: { year: 2026, drawId: 'd1', targetIds: ['T010', 'T011'] } },
    { type: 'NonRandomInspectionRecorded', data: { targetId: 'T012', trigger: 'complaint', inspectedOn: '2026-02-03' } },
  );
  for (const event of events) applyEvent(state, event);
  return state;
}

const request: PoolRequest = {
  taskId: 'county-task',
  departmentId: 'lingling',
  businessUnitId: null,
  year: 2026,
  onDate: '2026-06-01',
  candidateDepartmentIds: ['lingling'],
  classes: [{ classId: 'all', label: 'all', filter: null, ratio: null, count: 10, trustworthyRatio: null, gradeRatios: [{ grade: 'D', ratio: 50 }] }],
  exemptTask: false,
};

describe('the eligibility state in columns (the snapshot a restarted API resumes from)', () => {
  it('comes back with every target fact, department, limit, task and quota use it had', () => {
    const state = foldedState();
    const restored = fromColumns(toColumns(state));
    expect(factsOf(restored.targets)).toEqual(factsOf(state.targets));
    expect(restored.targets.size).toBe(50);
    expect(restored.parents).toEqual(state.parents);
    expect(restored.limits).toEqual(state.limits);
    expect(restored.tasks).toEqual(state.tasks);
    expect(restored.ledgers).toEqual(state.ledgers);
  });

  it('comes back in canonical order, so a draw needs no sort, and yields the same pools', () => {
    const state = foldedState();
    const restored = fromColumns(toColumns(state));
    expect([...restored.targets.canonicalRows()].map((row) => restored.targets.ids[row])).toEqual([...state.targets.keys()].sort());
    // restored rows are stored in canonical order: no sort is needed
    expect([...restored.targets.keys()]).toEqual([...state.targets.keys()].sort());
    expect(computePools(restored, request)).toEqual(computePools(state, request));
  });

  it('keeps folding after it is restored, as the live model does', () => {
    const restored = fromColumns(toColumns(foldedState()));
    applyEvent(restored, { type: 'TargetDeregistered', data: { targetId: 'T012' } });
    applyEvent(restored, { type: 'TargetRegistered', data: { targetId: 'T100', departmentId: 'lingling', subjectType: 'enterprise', areaCode: '431102' } });
    const pool = computePools(restored, request)[0];
    expect(pool.excluded.map((e) => e.targetId)).toContain('T012');
    expect(pool.members).toContain('T100');
  });

  it('holds an empty state', () => {
    const restored = fromColumns(toColumns(emptyEligibilityState()));
    expect(restored.targets.size).toBe(0);
    expect(computePools(restored, request)[0].members).toEqual([]);
  });
});
