/**
 * Who may be drawn, at the edges eligibility.spec.ts leaves open: facts about targets the registry
 * does not hold, facts recorded twice or late, limits that allow no draw, the versions of the
 * rules, and exactly which strata a class yields. Given the log, when a task asks for its pools,
 * then each member, exemption and exclusion.
 */
import {
  EligibilityState,
  PoolRequest,
  applyEvent,
  areaPrefix,
  computePools,
  emptyEligibilityState,
  ledgerOf,
  limitsFor,
  shiftMonths,
  superiorsOf,
} from './eligibility';
import { plainFacts } from './target-table';
import { TargetClass, TargetFilter } from '../task/task.events';

type Event = { type: string; data: Record<string, unknown> };

const departments: Event[] = [
  { type: 'DepartmentRegistered', data: { departmentId: 'hunan', parentId: null } },
  { type: 'DepartmentRegistered', data: { departmentId: 'yongzhou', parentId: 'hunan' } },
  { type: 'DepartmentRegistered', data: { departmentId: 'lingling', parentId: 'yongzhou' } },
  { type: 'DepartmentRegistered', data: { departmentId: 'qiyang', parentId: 'yongzhou' } },
];
const target = (targetId: string, details: Record<string, unknown> = {}): Event => ({
  type: 'TargetRegistered',
  data: { targetId, departmentId: 'lingling', subjectType: 'enterprise', scale: 'small', industry: 'F5211', areaCode: '431102', ...details },
});
const fact = (type: string, targetId: string, data: Record<string, unknown> = {}): Event => ({ type, data: { targetId, effectiveDate: '2026-03-01', ...data } });
const task = (taskId: string, departmentId: string, businessUnitId: string | null, year = 2026): Event => ({ type: 'TaskSetUp', data: { taskId, departmentId, businessUnitId, year } });
const locked = (taskId: string, targetIds: string[], lockedOn = '2026-04-01'): Event => ({
  type: 'TaskListLocked',
  data: { taskId, targets: targetIds.map((targetId) => ({ targetId, classId: 'all' })), lockedOn },
});
const concluded = (targetId: string, departmentId: string, concludedOn: string): Event => ({
  type: 'InspectionReported',
  data: { targetId, departmentId, taskId: `task-of-${departmentId}`, concludedOn, foundProblems: false },
});
const complaint = (targetId: string, inspectedOn: string): Event => ({ type: 'NonRandomInspectionRecorded', data: { targetId, trigger: 'complaint', inspectedOn } });
const consumed = (targetIds: string[], year = 2026): Event => ({ type: 'QuotaConsumed', data: { year, drawId: 'd', targetIds } });

const noFilter: TargetFilter = { subjectTypes: [], scales: [], industries: [], areaCodes: [], subRegistryId: null };
const klass = (classId: string, options: Partial<Omit<TargetClass, 'filter'>> & { filter?: Partial<TargetFilter> | null } = {}): TargetClass => ({
  classId,
  label: classId,
  ratio: null,
  count: 1,
  trustworthyRatio: null,
  ...options,
  filter: options.filter ? { ...noFilter, ...options.filter } : null,
});
const request = (overrides: Partial<PoolRequest> = {}): PoolRequest => ({
  taskId: 'task-lingling',
  departmentId: 'lingling',
  businessUnitId: 'unit-a',
  year: 2026,
  onDate: '2026-07-15',
  candidateDepartmentIds: ['lingling'],
  classes: [klass('all')],
  exemptTask: false,
  ...overrides,
});

function fold(events: readonly Event[]): EligibilityState {
  const state = emptyEligibilityState();
  for (const event of [...departments, ...events]) applyEvent(state, event);
  return state;
}
const pools = (events: readonly Event[], overrides: Partial<PoolRequest> = {}) => computePools(fold(events), request(overrides));
const members = (events: readonly Event[], overrides: Partial<PoolRequest> = {}) => pools(events, overrides)[0].members;
const reasons = (events: readonly Event[], overrides: Partial<PoolRequest> = {}) =>
  pools(events, overrides).flatMap((s) => s.excluded.map((e) => `${e.targetId}: ${e.reason}`));
const facts = (state: EligibilityState, targetId: string) => plainFacts(state.targets.get(targetId)!);
/** Drawn twice this year: at the default quota, only an exemption keeps it in the pool. */
const atQuota = (targetId: string) => [consumed([targetId]), consumed([targetId])];

describe('the fold ignores facts about targets the registry does not hold', () => {
  it.each<[string, Event]>([
    ['changed details', { type: 'TargetDetailsChanged', data: { targetId: 'ghost', changed: { scale: 'large' } } }],
    ['a credit grade', { type: 'TargetCreditGraded', data: { targetId: 'ghost', grade: 'D' } }],
    ['the abnormal list', fact('TargetListedAsAbnormal', 'ghost')],
    ['leaving the abnormal list', fact('TargetRemovedFromAbnormalList', 'ghost')],
    ['the serious-violation list', fact('TargetListedAsSeriousViolator', 'ghost')],
    ['leaving the serious-violation list', fact('TargetRemovedFromSeriousViolationList', 'ghost')],
    ['a penalty', fact('TargetPenalised', 'ghost')],
    ['a trustworthy mark', fact('TargetMarkedTrustworthy', 'ghost')],
    ['a removed trustworthy mark', fact('TargetTrustworthyMarkRemoved', 'ghost')],
    ['a deregistration', fact('TargetDeregistered', 'ghost')],
    ['a revocation', fact('TargetRevoked', 'ghost')],
    ['a transfer', fact('TargetJurisdictionTransferred', 'ghost', { toDepartmentId: 'qiyang' })],
    ['a sub-registry', fact('TargetEnrolledInSubRegistry', 'ghost', { subRegistryId: 'catering' })],
    ['a conclusion', concluded('ghost', 'yongzhou', '2026-05-01')],
    ['a complaint', complaint('ghost', '2026-05-01')],
    ['a locked list of a task it never saw', locked('unknown-task', ['T1'])],
    ['a locked list naming it', locked('task-city', ['ghost'])],
  ])('%s', (_, event) => {
    const state = fold([target('T1'), task('task-city', 'yongzhou', null)]);
    const before = facts(state, 'T1');
    expect(() => applyEvent(state, event)).not.toThrow();
    expect([...state.targets.keys()]).toEqual(['T1']);
    expect(facts(state, 'T1')).toEqual(before);
  });
});

describe('the fold records what each fact says, no more', () => {
  it('changes only the details a change names', () => {
    const state = fold([target('T1'), { type: 'TargetDetailsChanged', data: { targetId: 'T1', changed: { scale: 'large', subjectType: 'individual-business' } } }]);
    expect(facts(state, 'T1')).toMatchObject({ subjectType: 'individual-business', scale: 'large', industry: 'F5211', areaCode: '431102' });
  });

  it('takes the target off the serious-violation list again', () => {
    const events = [target('T1'), ...atQuota('T1'), fact('TargetListedAsSeriousViolator', 'T1')];
    expect(members(events)).toEqual(['T1']);
    expect(reasons([...events, fact('TargetRemovedFromSeriousViolationList', 'T1')])).toEqual(['T1: quota-reached']);
  });

  it('keeps the latest penalty when a newer one follows an older one', () => {
    const events = [target('T1'), ...atQuota('T1'), fact('TargetPenalised', 'T1', { effectiveDate: '2023-05-01' })];
    expect(reasons(events)).toEqual(['T1: quota-reached']);
    const state = fold([...events, fact('TargetPenalised', 'T1', { effectiveDate: '2026-02-01' })]);
    expect(facts(state, 'T1').penalisedOn).toBe('2026-02-01');
    expect(computePools(state, request())[0].exempt).toEqual(['T1']);
  });

  it('lists a sub-registry once, however often the enrolment is recorded', () => {
    const enrol = fact('TargetEnrolledInSubRegistry', 'T1', { subRegistryId: 'catering' });
    const state = fold([target('T1'), enrol, enrol, fact('TargetEnrolledInSubRegistry', 'T1', { subRegistryId: 'lifts' })]);
    expect(facts(state, 'T1').subRegistries).toEqual(['catering', 'lifts']);
  });

  it('records each locked list and each conclusion on the target, exactly', () => {
    const state = fold([target('T1'), task('task-city', 'yongzhou', 'unit-x'), locked('task-city', ['T1']), concluded('T1', 'hunan', '2026-05-01')]);
    expect(facts(state, 'T1').locked).toEqual([{ year: 2026, taskId: 'task-city', departmentId: 'yongzhou', businessUnitId: 'unit-x', lockedOn: '2026-04-01' }]);
    expect(facts(state, 'T1').concluded).toEqual([{ departmentId: 'hunan', taskId: 'task-of-hunan', concludedOn: '2026-05-01', foundProblems: false }]);
  });

  it('counts complaints per year, keeping every year', () => {
    const state = fold([target('T1'), complaint('T1', '2025-11-02'), complaint('T1', '2026-01-03'), complaint('T1', '2026-02-04')]);
    expect(facts(state, 'T1').complaintsByYear).toEqual({ 2025: 1, 2026: 2 });
  });

  it('keeps one quota ledger per year, from revision -1', () => {
    const state = fold([]);
    expect(ledgerOf(state, 2030)).toEqual({ revision: -1, used: new Map() });
    expect(ledgerOf(state, 2030)).toBe(ledgerOf(state, 2030));
  });
});

describe('departments and their limits', () => {
  it('lists every superior, nearest first', () => {
    const state = fold([]);
    expect(superiorsOf(state, 'lingling')).toEqual(['yongzhou', 'hunan']);
    expect(superiorsOf(state, 'hunan')).toEqual([]);
  });

  it('takes limits that allow no draw at all as they are: every target is at its quota', () => {
    const events = [target('T1'), target('T2'), { type: 'DrawLimitsSet', data: { departmentId: 'lingling', quotaPerYear: 0, monthsAfterNothingFound: 6 } }];
    expect(limitsFor(fold(events), 'lingling').quotaPerYear).toBe(0);
    expect(reasons(events)).toEqual(['T1: quota-reached', 'T2: quota-reached']);
    expect(members(events, { exemptTask: true })).toEqual(['T1', 'T2']);
  });
});

describe('the exclusions by other tasks and conclusions', () => {
  it('does not exclude a target a sibling county drew, whatever unit its task named', () => {
    const events = [target('T1'), task('task-qiyang', 'qiyang', 'unit-b'), locked('task-qiyang', ['T1'])];
    expect(members(events)).toEqual(['T1']);
  });

  it('excludes by another named unit under version 1 of the rules, and not by the same unit', () => {
    const byUnitB = [target('T1'), task('task-b', 'lingling', 'unit-b'), locked('task-b', ['T1'])];
    expect(reasons(byUnitB, { rules: 'dsr-eligibility-1' })).toEqual(['T1: inspected-by-other-unit']);
    const byUnitA = [target('T1'), task('task-a2', 'lingling', 'unit-a'), locked('task-a2', ['T1'])];
    expect(members(byUnitA, { rules: 'dsr-eligibility-1' })).toEqual(['T1']);
    const byNoUnit = [target('T1'), task('task-none', 'lingling', null), locked('task-none', ['T1'])];
    expect(members(byNoUnit, { rules: 'dsr-eligibility-1' })).toEqual(['T1']);
  });

  it('does not count a superior’s finding of nothing recorded after the freeze date', () => {
    expect(members([target('T1'), concluded('T1', 'yongzhou', '2026-07-16')])).toEqual(['T1']);
    expect(reasons([target('T1'), concluded('T1', 'yongzhou', '2026-07-15')])).toEqual(['T1: superior-found-nothing']);
  });

  it('explains a quota exclusion with the draws used and the limit, for every target alike', () => {
    const [all] = pools([target('T1'), target('T2'), ...atQuota('T1'), ...atQuota('T2'), consumed(['T2'])]);
    expect(all.excluded).toEqual([
      { targetId: 'T1', reason: 'quota-reached', detail: 'drawn 2 times in 2026; the limit is 2 (000 §19, 002 §15)' },
      { targetId: 'T2', reason: 'quota-reached', detail: 'drawn 3 times in 2026; the limit is 2 (000 §19, 002 §15)' },
    ]);
  });
});

describe('complaints under the versions of the rules', () => {
  const complained = [target('T1'), ...atQuota('T1'), complaint('T1', '2026-01-01'), complaint('T1', '2026-02-01'), complaint('T1', '2026-03-01')];

  it('exempt the target from version 3 on', () => {
    expect(members(complained)).toEqual(['T1']);
    expect(members(complained, { rules: 'dsr-eligibility-3' })).toEqual(['T1']);
  });

  it('did not exempt under versions 1 and 2', () => {
    expect(reasons(complained, { rules: 'dsr-eligibility-1' })).toEqual(['T1: quota-reached']);
    expect(reasons(complained, { rules: 'dsr-eligibility-2' })).toEqual(['T1: quota-reached']);
  });
});

describe('the strata a class yields', () => {
  const graded = (targetId: string, grade: string): Event => ({ type: 'TargetCreditGraded', data: { targetId, grade } });

  it('puts an exempt target of the class’s first grade into that grade’s stratum', () => {
    const events = [target('T1'), target('T2'), graded('T1', 'A'), graded('T2', 'A'), fact('TargetListedAsAbnormal', 'T1')];
    const strata = pools(events, { classes: [klass('all', { count: null, ratio: 10, gradeRatios: [{ grade: 'A', ratio: 50 }] })] });
    expect(strata.map((s) => [s.stratumId, s.members, s.exempt, s.excluded])).toEqual([
      ['all', [], [], []],
      ['all/grade-A', ['T1', 'T2'], ['T1'], []],
    ]);
  });

  it('yields no trustworthy stratum for a class without a trustworthy ratio, and one without exclusions with it', () => {
    const events = [target('T1'), target('T2'), fact('TargetMarkedTrustworthy', 'T2'), fact('TargetDeregistered', 'T1')];
    expect(pools(events).map((s) => s.stratumId)).toEqual(['all']);
    const strata = pools(events, { classes: [klass('all', { trustworthyRatio: 50 })] });
    expect(strata.map((s) => [s.stratumId, s.members, s.excluded.map((e) => e.targetId)])).toEqual([
      ['all', [], ['T1']],
      ['all/trustworthy', ['T2'], []],
    ]);
  });

  it('takes a target matching any of several industries or areas of a filter', () => {
    const events = [target('T1', { industry: 'C13', areaCode: '431102' }), target('T2', { industry: 'F52', areaCode: '431121' }), target('T3', { industry: 'A01' })];
    expect(members(events, { classes: [klass('all', { filter: { industries: ['C', 'F'] } })] })).toEqual(['T1', 'T2']);
    expect(members(events, { classes: [klass('all', { filter: { areaCodes: ['431102', '431121'] } })] })).toEqual(['T1', 'T2', 'T3']);
  });
});

describe('dates and area codes', () => {
  it('strips only trailing pairs of zeros from an area code', () => {
    expect(areaPrefix('430010')).toBe('430010');
    expect(areaPrefix('430100')).toBe('4301');
    expect(areaPrefix('400000')).toBe('40');
  });

  it('writes shifted dates with four-digit years and two-digit months and days', () => {
    expect(shiftMonths('2026-03-05', -1)).toBe('2026-02-05');
    expect(shiftMonths('0999-12-09', 0)).toBe('0999-12-09');
    expect(shiftMonths('2026-01-31', -13)).toBe('2024-12-31');
  });
});
