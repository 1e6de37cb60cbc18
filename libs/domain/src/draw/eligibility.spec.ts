/**
 * Who may be drawn (DOMAIN.md, The double draw → Quotas and exclusions): given the log, when a
 * task asks for its pools, then each stratum's members, exemptions and exclusions with reasons.
 */
import { CaseTrigger, NonRandomInspectionRecorded } from '../case-inspection/case-inspection.events';
import { InspectionReported } from '../inspection/inspection.events';
import { DepartmentRegistered } from '../organisation/organisation.events';
import { TaskListLocked, TaskSetUp, TargetClass, TargetFilter } from '../task/task.events';
import { TargetDetails } from '../target/target-record';
import { TargetEvent, TargetRegistered } from '../target/target.events';
import { DrawLimitsSet, ExclusionReason, QuotaConsumed, QuotaReleased } from './draw.events';
import {
  ComputedStratum,
  DEFAULT_DRAW_LIMITS,
  MANY_COMPLAINTS,
  EligibilityState,
  PoolRequest,
  applyEvent,
  areaPrefix,
  computePools,
  emptyEligibilityState,
  limitsFor,
  shiftMonths,
} from './eligibility';
import { poolRequestFor } from './pool-request';

type LogEvent =
  | DepartmentRegistered
  | TargetEvent
  | TaskSetUp
  | TaskListLocked
  | InspectionReported
  | QuotaConsumed
  | QuotaReleased
  | DrawLimitsSet
  | NonRandomInspectionRecorded;

const YEAR = 2026;
const ON = '2026-07-15';

// hunan (province) → yongzhou (city) → lingling, qiyang (counties)
const department = (departmentId: string, parentId: string | null, areaCode: string): DepartmentRegistered => ({
  type: 'DepartmentRegistered',
  data: { departmentId, name: departmentId, level: parentId === null ? 'province' : parentId === 'hunan' ? 'city' : 'county', parentId, areaCode },
});
const tree: LogEvent[] = [
  department('hunan', null, '430000'),
  department('yongzhou', 'hunan', '431100'),
  department('lingling', 'yongzhou', '431102'),
  department('qiyang', 'yongzhou', '431121'),
];

const target = (targetId: string, details: Partial<TargetDetails> & { departmentId?: string } = {}): TargetRegistered => ({
  type: 'TargetRegistered',
  data: {
    targetId,
    departmentId: 'lingling',
    name: `企业 ${targetId}`,
    creditCode: null,
    registryId: targetId,
    subjectType: 'enterprise',
    scale: 'small',
    industry: 'F5211',
    areaCode: '431102',
    address: null,
    representative: null,
    ...details,
  },
});

const fact = (targetId: string, effectiveDate = '2026-03-01') => ({ targetId, effectiveDate, source: '国家企业信用信息公示系统' });
const abnormal = (targetId: string): TargetEvent => ({ type: 'TargetListedAsAbnormal', data: { ...fact(targetId), reason: '通过登记的住所无法联系' } });
const seriousViolator = (targetId: string): TargetEvent => ({ type: 'TargetListedAsSeriousViolator', data: { ...fact(targetId), reason: '提交虚假材料' } });
const penalised = (targetId: string, effectiveDate: string): TargetEvent => ({
  type: 'TargetPenalised',
  data: { ...fact(targetId, effectiveDate), decisionNumber: `零市监罚〔${effectiveDate.slice(0, 4)}〕1号` },
});
const trustworthy = (targetId: string): TargetEvent => ({ type: 'TargetMarkedTrustworthy', data: fact(targetId) });
const graded = (targetId: string, grade: 'A' | 'B' | 'C' | 'D', previousGrade: 'A' | 'B' | 'C' | 'D' | null = null): TargetEvent => ({
  type: 'TargetCreditGraded',
  data: { ...fact(targetId), grade, previousGrade },
});
const deregistered = (targetId: string): TargetEvent => ({ type: 'TargetDeregistered', data: fact(targetId) });
const revoked = (targetId: string): TargetEvent => ({ type: 'TargetRevoked', data: { ...fact(targetId), decisionNumber: '零市监吊〔2026〕1号' } });
const transferred = (targetId: string, fromDepartmentId: string, toDepartmentId: string): TargetEvent => ({
  type: 'TargetJurisdictionTransferred',
  data: { ...fact(targetId), fromDepartmentId, toDepartmentId },
});
const enrolled = (targetId: string, subRegistryId: string): TargetEvent => ({
  type: 'TargetEnrolledInSubRegistry',
  data: { targetId, subRegistryId, values: {}, effectiveDate: '2026-02-01' },
});

const taskSetUp = (taskId: string, departmentId: string, options: { businessUnitId?: string | null; year?: number } = {}): TaskSetUp => ({
  type: 'TaskSetUp',
  data: {
    taskId,
    departmentId,
    planId: `plan-${departmentId}`,
    planVersion: 1,
    year: options.year ?? YEAR,
    title: `任务 ${taskId}`,
    businessUnitId: options.businessUnitId === undefined ? 'unit-a' : options.businessUnitId,
    executingDepartmentIds: [departmentId],
    jointDepartmentIds: [],
    items: [{ itemId: 'item-1', checklistVersion: 1, category: 'general' }],
    window: { from: `${options.year ?? YEAR}-03-01`, to: `${options.year ?? YEAR}-11-30` },
    classes: [klass('all')],
    specialCampaign: false,
    setUpOn: `${options.year ?? YEAR}-02-01`,
  },
});
const listLocked = (taskId: string, departmentId: string, targetIds: string[], lockedOn = '2026-04-01'): TaskListLocked => ({
  type: 'TaskListLocked',
  data: { taskId, departmentId, drawId: `draw-${taskId}`, targets: targetIds.map((targetId) => ({ targetId, classId: 'all' })), lockedOn },
});
/** A task of `departmentId` that drew `targetIds` and locked its list. */
const drawnBy = (taskId: string, departmentId: string, targetIds: string[], options: { businessUnitId?: string | null; year?: number } = {}): LogEvent[] => [
  taskSetUp(taskId, departmentId, options),
  listLocked(taskId, departmentId, targetIds, `${options.year ?? YEAR}-04-01`),
];
const concluded = (targetId: string, departmentId: string, concludedOn: string, foundProblems = false): InspectionReported => ({
  type: 'InspectionReported',
  data: {
    targetId,
    departmentId,
    taskId: `task-of-${departmentId}`,
    reportedOn: concludedOn,
    concludedOn,
    content: '检查内容',
    findings: foundProblems ? '发现问题' : '未发现问题',
    evaluation: '',
    handlingOpinion: '',
    foundProblems,
  },
});
const consumed = (drawId: string, targetIds: string[], year = YEAR): QuotaConsumed => ({ type: 'QuotaConsumed', data: { year, drawId, targetIds } });
const released = (drawId: string, targetIds: string[], year = YEAR): QuotaReleased => ({ type: 'QuotaReleased', data: { year, drawId, targetIds } });
const limitsSet = (departmentId: string, quotaPerYear: number, monthsAfterNothingFound: number): DrawLimitsSet => ({
  type: 'DrawLimitsSet',
  data: { departmentId, quotaPerYear, monthsAfterNothingFound, setOn: '2026-01-05', reason: '本级规定' },
});

const noFilter: TargetFilter = { subjectTypes: [], scales: [], industries: [], areaCodes: [], subRegistryId: null };
function klass(classId: string, options: Partial<Omit<TargetClass, 'classId' | 'filter'>> & { filter?: Partial<TargetFilter> | null } = {}): TargetClass {
  const { filter, ...rest } = options;
  return {
    classId,
    label: classId,
    filter: filter === undefined || filter === null ? null : { ...noFilter, ...filter },
    ratio: null,
    count: 1,
    trustworthyRatio: null,
    ...rest,
  };
}

/** A task of lingling's unit-a drawing its whole registry on 2026-07-15. */
const request = (overrides: Partial<PoolRequest> = {}): PoolRequest => ({
  taskId: 'task-lingling',
  departmentId: 'lingling',
  businessUnitId: 'unit-a',
  year: YEAR,
  onDate: ON,
  candidateDepartmentIds: ['lingling'],
  classes: [klass('all')],
  exemptTask: false,
  ...overrides,
});

function fold(events: readonly LogEvent[]): EligibilityState {
  const state = emptyEligibilityState();
  for (const event of [...tree, ...events]) applyEvent(state, event);
  return state;
}
const poolsAfter = (events: readonly LogEvent[], overrides: Partial<PoolRequest> = {}) => computePools(fold(events), request(overrides));
const stratum = (strata: readonly ComputedStratum[], stratumId = 'all') => strata.find((s) => s.stratumId === stratumId)!;
const membersOf = (strata: readonly ComputedStratum[], stratumId = 'all') => stratum(strata, stratumId).members;
const reasonOf = (strata: readonly ComputedStratum[], targetId: string): ExclusionReason | undefined =>
  strata.flatMap((s) => s.excluded).find((e) => e.targetId === targetId)?.reason;

describe('eligibility', () => {
  describe('quota: a target is drawn at most twice a year (000 §19, 002 §15)', () => {
    it('excludes a target drawn twice this year, saying so', () => {
      const pools = poolsAfter([target('T1'), target('T2'), consumed('d1', ['T1', 'T2']), consumed('d2', ['T1'])]);
      expect(membersOf(pools)).toEqual(['T2']);
      expect(stratum(pools).excluded).toEqual([
        { targetId: 'T1', reason: 'quota-reached', detail: expect.stringMatching(/drawn 2 times in 2026; the limit is 2/) },
      ]);
    });

    it('keeps a target drawn once this year', () => expect(membersOf(poolsAfter([target('T1'), consumed('d1', ['T1'])]))).toEqual(['T1']));

    it('counts a released quota back: a voided draw no longer uses it', () =>
      expect(membersOf(poolsAfter([target('T1'), consumed('d1', ['T1']), consumed('d2', ['T1']), released('d2', ['T1'])]))).toEqual(['T1']));

    it('does not count last year’s draws', () =>
      expect(membersOf(poolsAfter([target('T1'), consumed('d1', ['T1'], 2025), consumed('d2', ['T1'], 2025)]))).toEqual(['T1']));
  });

  describe('limits are settings per jurisdiction, DOMAIN.md’s values by default (000 §19, 001 §2(2)1)', () => {
    it('uses 2 a year and 6 months when no department set limits', () => expect(limitsFor(fold([]), 'lingling')).toEqual(DEFAULT_DRAW_LIMITS));
    it('defaults to the stricter DOMAIN.md values', () => expect(DEFAULT_DRAW_LIMITS).toEqual({ quotaPerYear: 2, monthsAfterNothingFound: 6 }));

    it('applies the department’s own quota', () => {
      const pools = poolsAfter([limitsSet('lingling', 1, 6), target('T1'), consumed('d1', ['T1'])]);
      expect(reasonOf(pools, 'T1')).toBe('quota-reached');
      expect(stratum(pools).excluded[0].detail).toMatch(/the limit is 1/);
    });

    it('inherits the nearest superior’s setting', () => {
      const state = fold([limitsSet('hunan', 1, 3), limitsSet('yongzhou', 1, 4)]);
      expect(limitsFor(state, 'lingling')).toEqual({ quotaPerYear: 1, monthsAfterNothingFound: 4 });
      expect(limitsFor(state, 'hunan')).toEqual({ quotaPerYear: 1, monthsAfterNothingFound: 3 });
    });

    it('lets a department’s own setting override its superior’s', () =>
      expect(limitsFor(fold([limitsSet('yongzhou', 1, 4), limitsSet('lingling', 2, 5)]), 'lingling')).toEqual({ quotaPerYear: 2, monthsAfterNothingFound: 5 }));

    it('excludes by an inherited quota', () =>
      expect(reasonOf(poolsAfter([limitsSet('yongzhou', 1, 6), target('T1'), consumed('d1', ['T1'])]), 'T1')).toBe('quota-reached'));

    it('does not apply a subordinate’s setting to its superior', () =>
      expect(
        membersOf(poolsAfter([limitsSet('lingling', 1, 6), target('T1'), consumed('d1', ['T1'])], { departmentId: 'yongzhou', taskId: 'task-city' })),
      ).toEqual(['T1']));

    it('applies the department’s months to the rule after a superior found nothing', () => {
      const events = [target('T1'), concluded('T1', 'yongzhou', '2026-03-01')];
      expect(reasonOf(poolsAfter(events), 'T1')).toBe('superior-found-nothing');
      expect(membersOf(poolsAfter([limitsSet('lingling', 2, 3), ...events]))).toEqual(['T1']);
    });
  });

  describe('a target inspected this year by a superior department is excluded by lower levels (000 §19)', () => {
    it('excludes a target the city drew this year, naming the task', () => {
      const pools = poolsAfter([target('T1'), target('T2'), ...drawnBy('task-city', 'yongzhou', ['T1'])]);
      expect(membersOf(pools)).toEqual(['T2']);
      expect(stratum(pools).excluded).toEqual([
        { targetId: 'T1', reason: 'inspected-by-superior', detail: expect.stringMatching(/task task-city of superior yongzhou on 2026-04-01/) },
      ]);
    });

    it('excludes a target the province drew this year (any superior, not only the parent)', () =>
      expect(reasonOf(poolsAfter([target('T1'), ...drawnBy('task-province', 'hunan', ['T1'])]), 'T1')).toBe('inspected-by-superior'));

    it('does not exclude a target the superior drew last year', () =>
      expect(membersOf(poolsAfter([target('T1'), ...drawnBy('task-city-2025', 'yongzhou', ['T1'], { year: 2025 })]))).toEqual(['T1']));

    it('does not exclude, for the city, a target a subordinate county drew', () =>
      expect(
        membersOf(
          poolsAfter([target('T1'), ...drawnBy('task-county', 'lingling', ['T1'])], {
            taskId: 'task-city',
            departmentId: 'yongzhou',
            businessUnitId: 'unit-a',
          }),
        ),
      ).toEqual(['T1']));

    it('does not exclude a target the department itself drew in another task of the same unit (the quota limits that)', () =>
      expect(membersOf(poolsAfter([target('T1'), ...drawnBy('task-lingling-spring', 'lingling', ['T1'])]))).toEqual(['T1']));

    it('does not exclude a target a sibling county drew', () =>
      expect(membersOf(poolsAfter([target('T1'), ...drawnBy('task-qiyang', 'qiyang', ['T1'])]))).toEqual(['T1']));

    it('ignores the requesting task’s own locked list', () =>
      expect(membersOf(poolsAfter([target('T1'), ...drawnBy('task-lingling', 'lingling', ['T1'], { businessUnitId: 'unit-b' })]))).toEqual(['T1']));
  });

  describe('within one department a second business unit excludes the target (000 §19)', () => {
    it('excludes a target another unit of the department drew this year, pointing to a combined inspection', () => {
      const pools = poolsAfter([target('T1'), ...drawnBy('task-unit-b', 'lingling', ['T1'], { businessUnitId: 'unit-b' })]);
      expect(stratum(pools).excluded).toEqual([
        { targetId: 'T1', reason: 'inspected-by-other-unit', detail: expect.stringMatching(/task task-unit-b of unit unit-b .*combined inspection/) },
      ]);
    });

    it('does not exclude a target the other unit drew last year', () =>
      expect(membersOf(poolsAfter([target('T1'), ...drawnBy('task-unit-b', 'lingling', ['T1'], { businessUnitId: 'unit-b', year: 2025 })]))).toEqual(['T1']));

    describe('000 §19: leaving the unit out never lifts the exclusion', () => {
      it('excludes, for a task naming no unit, a target a named unit drew', () =>
        expect(
          reasonOf(poolsAfter([target('T1'), ...drawnBy('task-unit-b', 'lingling', ['T1'], { businessUnitId: 'unit-b' })], { businessUnitId: null }), 'T1'),
        ).toBe('inspected-by-other-unit'));

      it('excludes, for a named unit, a target a task naming no unit drew, and says so', () => {
        const pools = poolsAfter([target('T1'), ...drawnBy('task-no-unit', 'lingling', ['T1'], { businessUnitId: null })]);
        expect(stratum(pools).excluded).toEqual([
          { targetId: 'T1', reason: 'inspected-by-other-unit', detail: expect.stringMatching(/task task-no-unit of no named unit on 2026-04-01/) },
        ]);
      });

      it('does not exclude between two tasks that both name no unit (the quota limits them)', () =>
        expect(
          membersOf(poolsAfter([target('T1'), ...drawnBy('task-no-unit', 'lingling', ['T1'], { businessUnitId: null })], { businessUnitId: null })),
        ).toEqual(['T1']));

      it('keeps freezes of version 1 of the rules verifiable: there, a missing unit skipped the exclusion', () =>
        expect(
          membersOf(
            poolsAfter([target('T1'), ...drawnBy('task-unit-b', 'lingling', ['T1'], { businessUnitId: 'unit-b' })], {
              businessUnitId: null,
              rules: 'dsr-eligibility-1',
            }),
          ),
        ).toEqual(['T1']));
    });
  });

  describe('no lower-level draw within 6 months after a superior found nothing (001 §2(2)1)', () => {
    it('allows the target exactly six months after the superior’s inspection', () =>
      expect(membersOf(poolsAfter([target('T1'), concluded('T1', 'yongzhou', '2026-01-15')]))).toEqual(['T1']));

    it('excludes it on the day after that boundary, saying why', () => {
      const pools = poolsAfter([target('T1'), concluded('T1', 'yongzhou', '2026-01-16')]);
      expect(stratum(pools).excluded).toEqual([
        { targetId: 'T1', reason: 'superior-found-nothing', detail: expect.stringMatching(/superior yongzhou found nothing on 2026-01-16.*6 months/) },
      ]);
    });

    it('excludes it when the superior found nothing on the freeze day', () =>
      expect(reasonOf(poolsAfter([target('T1'), concluded('T1', 'hunan', ON)]), 'T1')).toBe('superior-found-nothing'));

    it('counts back across the year boundary', () =>
      expect(reasonOf(poolsAfter([target('T1'), concluded('T1', 'yongzhou', '2025-10-01')], { onDate: '2026-03-01' }), 'T1')).toBe('superior-found-nothing'));

    it('clamps the boundary to the month’s length: 6 months before 31 August is 28 February', () => {
      expect(shiftMonths('2026-08-31', -6)).toBe('2026-02-28');
      expect(membersOf(poolsAfter([target('T1'), concluded('T1', 'yongzhou', '2026-02-28')], { onDate: '2026-08-31' }))).toEqual(['T1']);
      expect(reasonOf(poolsAfter([target('T1'), concluded('T1', 'yongzhou', '2026-03-01')], { onDate: '2026-08-31' }), 'T1')).toBe('superior-found-nothing');
    });

    it('does not exclude when the superior found problems', () =>
      expect(membersOf(poolsAfter([target('T1'), concluded('T1', 'yongzhou', '2026-06-01', true)]))).toEqual(['T1']));

    it('does not exclude on a lower level’s or the department’s own finding of nothing', () =>
      expect(
        membersOf(
          poolsAfter([target('T1'), concluded('T1', 'lingling', '2026-06-01'), concluded('T1', 'qiyang', '2026-06-01')], {
            taskId: 'task-city',
            departmentId: 'yongzhou',
          }),
        ),
      ).toEqual(['T1']));

    it('shifts dates by whole months', () => {
      expect(shiftMonths('2026-07-15', -6)).toBe('2026-01-15');
      expect(shiftMonths('2026-03-31', -6)).toBe('2025-09-30');
      expect(shiftMonths('2024-08-29', -6)).toBe('2024-02-29');
      expect(shiftMonths('2026-01-31', 1)).toBe('2026-02-28');
    });
  });

  describe('deregistered and revoked targets are never drawn (002 §30)', () => {
    it('excludes a deregistered target and a revoked one, with their reasons', () => {
      const pools = poolsAfter([target('T1'), target('T2'), target('T3'), deregistered('T1'), revoked('T2')]);
      expect(membersOf(pools)).toEqual(['T3']);
      expect(stratum(pools).excluded).toEqual([
        { targetId: 'T1', reason: 'deregistered', detail: expect.stringMatching(/注销/) },
        { targetId: 'T2', reason: 'revoked', detail: expect.stringMatching(/吊销/) },
      ]);
    });

    it('excludes them even when they are on the abnormal list or the task is a special campaign (the exemptions lift limits, not existence)', () => {
      const events = [target('T1'), target('T2'), abnormal('T1'), deregistered('T1'), seriousViolator('T2'), revoked('T2')];
      const pools = poolsAfter(events, { exemptTask: true });
      expect(membersOf(pools)).toEqual([]);
      expect(stratum(pools).excluded.map((e) => e.reason)).toEqual(['deregistered', 'revoked']);
    });
  });

  describe('exemptions are per rule: each lifts only the rules its clause names (000 §19, 002 §15, 001 §2(2)1)', () => {
    // each limited target is held by one rule only; members and lists are in canonical (id) order
    const atQuota = (id: string): LogEvent[] => [target(id), consumed(`d1-${id}`, [id]), consumed(`d2-${id}`, [id])];
    const drawnBySuperior = (id: string): LogEvent[] => [target(id), ...drawnBy(`city-${id}`, 'yongzhou', [id])];
    const drawnByOtherUnit = (id: string): LogEvent[] => [target(id), ...drawnBy(`unit-b-${id}`, 'lingling', [id], { businessUnitId: 'unit-b' })];
    const superiorFoundNothing = (id: string): LogEvent[] => [target(id), concluded(id, 'hunan', '2026-06-15')];
    const heldByEveryRule = (): LogEvent[] => [
      ...atQuota('Q'),
      ...drawnBySuperior('S'),
      ...drawnByOtherUnit('U'),
      ...superiorFoundNothing('M'),
      target('FREE'),
    ];
    const reasons = (pools: readonly ComputedStratum[]) => Object.fromEntries(pools.flatMap((s) => s.excluded).map((e) => [e.targetId, e.reason]));

    it('given nothing exempts them, each limited target is excluded by its rule', () =>
      expect(reasons(poolsAfter(heldByEveryRule()))).toEqual({
        Q: 'quota-reached',
        S: 'inspected-by-superior',
        U: 'inspected-by-other-unit',
        M: 'superior-found-nothing',
      }));

    describe('001 §2(2)1 holds 原则上: a freeze may lift the six-month rule for named targets, with a recorded reason', () => {
      it('draws a named target the rule would exclude, and says the lift was needed for it', () => {
        const pools = poolsAfter(heldByEveryRule(), { sixMonthRuleLiftedFor: ['M'] });
        expect(stratum(pools)).toMatchObject({ members: ['FREE', 'M'], exempt: [], sixMonthRuleLifted: ['M'] });
        expect(reasons(pools)).toEqual({ Q: 'quota-reached', S: 'inspected-by-superior', U: 'inspected-by-other-unit' });
      });

      it('lifts nothing else: a named target held by another rule stays excluded, and no lift is recorded as used', () => {
        const pools = poolsAfter(heldByEveryRule(), { sixMonthRuleLiftedFor: ['S', 'FREE'] });
        expect(reasons(pools)).toMatchObject({ S: 'inspected-by-superior', M: 'superior-found-nothing' });
        expect(stratum(pools).sixMonthRuleLifted).toBeUndefined();
      });
    });

    describe('000 §19 second paragraph: the abnormal list, the serious-violation list and a recent penalty lift the whole first paragraph — quota, superior, other unit — but not the six-month rule (001 §2(2)1)', () => {
      it.each<[string, (id: string) => LogEvent[]]>([
        ['on the abnormal list (经营异常名录)', (id) => [abnormal(id)]],
        ['on the serious-violation list (严重违法失信名单)', (id) => [seriousViolator(id)]],
        ['penalised this year', (id) => [penalised(id, '2026-02-10')]],
        ['penalised last year', (id) => [penalised(id, '2025-01-01')]],
      ])(
        'a target %s is drawn despite its quota, a superior’s or another unit’s draw, uses no quota, and still waits six months after a superior found nothing',
        (_, facts) => {
          const pools = poolsAfter([...heldByEveryRule(), ...['Q', 'S', 'U', 'M'].flatMap(facts)]);
          expect(stratum(pools)).toMatchObject({ members: ['FREE', 'Q', 'S', 'U'], exempt: ['Q', 'S', 'U'], exemptMembers: 3 });
          expect(reasons(pools)).toEqual({ M: 'superior-found-nothing' });
        },
      );

      it('does not exempt a target penalised two years ago', () =>
        expect(reasonOf(poolsAfter([...atQuota('T1'), penalised('T1', '2024-12-31')]), 'T1')).toBe('quota-reached'));

      it('keeps a recent penalty’s exemption when an older penalty is recorded after it', () =>
        expect(stratum(poolsAfter([...atQuota('T1'), penalised('T1', '2026-02-10'), penalised('T1', '2023-05-01')])).exempt).toEqual(['T1']));

      it('ends the exemption when the target leaves the abnormal list', () => {
        const removed: TargetEvent = { type: 'TargetRemovedFromAbnormalList', data: { ...fact('T1', '2026-05-01'), reason: '已补报年报' } };
        expect(reasonOf(poolsAfter([...atQuota('T1'), abnormal('T1'), removed]), 'T1')).toBe('quota-reached');
      });
    });

    const keyItemTask: TaskSetUp['data'] = {
      ...taskSetUp('task-lingling', 'lingling').data,
      items: [{ itemId: 'food-safety', checklistVersion: 2, category: 'key' }],
    };
    const campaignTask: TaskSetUp['data'] = { ...taskSetUp('task-lingling', 'lingling').data, specialCampaign: true };

    describe('002 §15: key items and special campaigns lift the ratio and frequency limits — the twice-a-year quota — and nothing else', () => {
      it.each<[string, TaskSetUp['data']]>([
        ['a task of key items only (重点)', keyItemTask],
        ['a special campaign (专项行动)', campaignTask],
      ])(
        '%s draws a target at its quota, using no quota, but not one a superior or another unit drew this year, nor one a superior found nothing in within six months',
        (_, task) => {
          const pools = computePools(fold(heldByEveryRule()), poolRequestFor(task, ON));
          expect(stratum(pools)).toMatchObject({ members: ['FREE', 'Q'], exempt: ['FREE', 'Q'], exemptMembers: 2 });
          expect(reasons(pools)).toEqual({ S: 'inspected-by-superior', U: 'inspected-by-other-unit', M: 'superior-found-nothing' });
        },
      );

      it('keeps freezes of version 3 of the rules verifiable: there, an exempt task skipped every exclusion', () => {
        const pools = computePools(fold(heldByEveryRule()), poolRequestFor(keyItemTask, ON, 'dsr-eligibility-3'));
        expect(stratum(pools)).toMatchObject({ members: ['FREE', 'M', 'Q', 'S', 'U'], excluded: [] });
      });

      it('keeps freezes of version 3 of the rules verifiable: there, a listed target skipped the six-month rule too', () =>
        expect(stratum(poolsAfter([...superiorFoundNothing('M'), abnormal('M')], { rules: 'dsr-eligibility-3' }))).toMatchObject({
          members: ['M'],
          exempt: ['M'],
        }));

      describe('002 §15, 000 §19: exemptions are per item, never per task', () => {
        const mixedTask: TaskSetUp['data'] = {
          ...taskSetUp('task-lingling', 'lingling').data,
          items: [
            { itemId: 'item-1', checklistVersion: 1, category: 'general' },
            { itemId: 'food-safety', checklistVersion: 2, category: 'key' },
          ],
        };

        it('holds a task of a general and a key item to the quota: its targets are drawn for the general item too', () => {
          const pools = computePools(fold([...atQuota('T1'), target('T2')]), poolRequestFor(mixedTask, ON));
          expect(reasonOf(pools, 'T1')).toBe('quota-reached');
          expect(stratum(pools)).toMatchObject({ members: ['T2'], exempt: [], exemptMembers: 0 });
        });

        it('still exempts the targets that are exempt by themselves (abnormal list) in such a task', () => {
          const pools = computePools(fold([...atQuota('T1'), abnormal('T1'), target('T2')]), poolRequestFor(mixedTask, ON));
          expect(stratum(pools)).toMatchObject({ members: ['T1', 'T2'], exempt: ['T1'], exemptMembers: 1 });
        });

        it('keeps freezes of version 1 of the rules verifiable: there, one key item exempted the whole task', () => {
          const pools = computePools(fold([...atQuota('T1'), target('T2')]), poolRequestFor(mixedTask, ON, 'dsr-eligibility-1'));
          expect(stratum(pools)).toMatchObject({ members: ['T1', 'T2'], exempt: ['T1', 'T2'] });
        });
      });
    });

    describe('002 §15: a target with many complaints is drawn beyond its quota, and nothing else is lifted; inspections outside the random regime use no quota', () => {
      const complaint = (n: number, trigger: CaseTrigger = 'complaint', inspectedOn = '2026-03-0' + n, targetId = 'T1'): LogEvent => ({
        type: 'NonRandomInspectionRecorded',
        data: {
          inspectionId: `case-${targetId}-${n}`,
          departmentId: 'lingling',
          targetId,
          trigger,
          source: `12315-${n}`,
          inspectedOn,
          findings: '现场核查',
          foundProblems: false,
          recordedOn: inspectedOn,
        },
      });
      const manyComplaints = (id: string): LogEvent[] => [
        complaint(1, 'complaint', '2026-03-01', id),
        complaint(2, 'tip-off', '2026-03-02', id),
        complaint(3, 'complaint', '2026-03-03', id),
      ];

      it(`exempts a target with ${MANY_COMPLAINTS} complaints or tip-offs this year from its quota`, () => {
        const pools = poolsAfter([...atQuota('T1'), complaint(1), complaint(2, 'tip-off'), complaint(3)]);
        expect(stratum(pools)).toMatchObject({ members: ['T1'], exempt: ['T1'], exemptMembers: 1 });
      });

      it('does not lift the superior’s, the other unit’s or the six-month exclusion for it', () => {
        const pools = poolsAfter([...heldByEveryRule(), ...['Q', 'S', 'U', 'M'].flatMap(manyComplaints)]);
        expect(stratum(pools)).toMatchObject({ members: ['FREE', 'Q'], exempt: ['Q'] });
        expect(reasons(pools)).toEqual({ S: 'inspected-by-superior', U: 'inspected-by-other-unit', M: 'superior-found-nothing' });
      });

      it('holds it to the quota with fewer, with complaints of another year, or with referrals and emergencies', () => {
        expect(reasonOf(poolsAfter([...atQuota('T1'), complaint(1), complaint(2)]), 'T1')).toBe('quota-reached');
        expect(reasonOf(poolsAfter([...atQuota('T1'), complaint(1), complaint(2), complaint(3, 'complaint', '2025-12-30')]), 'T1')).toBe('quota-reached');
        expect(reasonOf(poolsAfter([...atQuota('T1'), complaint(1, 'referral'), complaint(2, 'assignment'), complaint(3, 'emergency')]), 'T1')).toBe(
          'quota-reached',
        );
      });

      it('uses no quota: a target inspected on complaints is still drawn like any other', () => {
        const state = fold([target('T1'), complaint(1), complaint(2)]);
        expect(state.ledgers.get(YEAR)?.used.get('T1') ?? 0).toBe(0);
        expect(membersOf(computePools(state, request()))).toEqual(['T1']);
      });

      it('keeps freezes of version 2 of the rules verifiable: there, complaints did not exempt', () =>
        expect(reasonOf(poolsAfter([...atQuota('T1'), complaint(1), complaint(2), complaint(3)], { rules: 'dsr-eligibility-2' }), 'T1')).toBe('quota-reached'));

      describe('002 §15: a class may draw them at a higher ratio, as a stratum of their own', () => {
        const registry = ['T1', 'T2', 'T3', 'T4', 'T5'].map((id) => target(id));
        const higher = klass('all', { count: null, ratio: 10, complaintsRatio: 50 });

        it('puts them in <classId>/complaints with the higher ratio’s count, the rest in the class’s own pool', () => {
          const pools = poolsAfter([...registry, ...manyComplaints('T2'), ...manyComplaints('T4'), complaint(9, 'complaint', '2026-04-01', 'T5')], {
            classes: [higher],
          });
          expect(pools.map((s) => [s.stratumId, s.members, s.count])).toEqual([
            ['all', ['T1', 'T3', 'T5'], 1],
            ['all/complaints', ['T2', 'T4'], 1],
          ]);
          // outside the quota, as without a higher ratio
          expect(stratum(pools, 'all/complaints').exempt).toEqual(['T2', 'T4']);
        });

        it('takes them whatever their grade or 守信 mark: many complaints call for more inspection, not less', () => {
          const pools = poolsAfter([...registry, trustworthy('T2'), graded('T4', 'A'), ...manyComplaints('T2'), ...manyComplaints('T4')], {
            classes: [{ ...higher, trustworthyRatio: 1, gradeRatios: [{ grade: 'A', ratio: 2 }] }],
          });
          expect(membersOf(pools, 'all/complaints')).toEqual(['T2', 'T4']);
          // the 守信 stratum is left empty, and no grade-A target is left for a grade-A pool
          expect(membersOf(pools, 'all/trustworthy')).toEqual([]);
          expect(pools.map((s) => s.stratumId)).toEqual(['all', 'all/trustworthy', 'all/complaints']);
        });

        it('still excludes them by the rules many complaints do not lift', () => {
          const pools = poolsAfter([...heldByEveryRule(), ...['Q', 'S'].flatMap(manyComplaints)], { classes: [higher] });
          expect(membersOf(pools, 'all/complaints')).toEqual(['Q']);
          expect(reasonOf(pools, 'S')).toBe('inspected-by-superior');
        });

        it('without a higher ratio, draws them with the rest of the class, as tasks set up before it did', () => {
          const pools = poolsAfter([...registry, ...manyComplaints('T2')], { classes: [klass('all', { count: null, ratio: 10 })] });
          expect(pools.map((s) => s.stratumId)).toEqual(['all']);
          expect(membersOf(pools)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5']);
        });
      });
    });

    it('holds a task of general items to the quota', () => {
      const pools = computePools(fold(atQuota('T1')), poolRequestFor(taskSetUp('task-lingling', 'lingling').data, ON));
      expect(reasonOf(pools, 'T1')).toBe('quota-reached');
      expect(stratum(pools).exemptMembers).toBe(0);
    });
  });

  describe('credit-risk grades are strata of their own (002 §15, 003 §2(4))', () => {
    const registry = [
      ...['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8'].map((id) => target(id)),
      graded('T1', 'A'),
      graded('T2', 'D'),
      graded('T3', 'D'),
      graded('T4', 'C'),
      graded('T6', 'A'),
      abnormal('T3'),
    ];
    const byGrade = klass('all', {
      count: null,
      ratio: 10,
      gradeRatios: [
        { grade: 'A', ratio: 50 },
        { grade: 'D', ratio: 100 },
      ],
    });

    it('002 §15: given graded targets, when a class draws grades at their own ratios, then each grade is a stratum <classId>/grade-<G> and the rest stays with the class', () => {
      const pools = poolsAfter(registry, { classes: [byGrade] });
      expect(pools.map((s) => [s.stratumId, s.classId, s.members, s.count])).toEqual([
        // C is not among the class's grades, and T5, T7, T8 are ungraded: the class's 10%
        ['all', 'all', ['T4', 'T5', 'T7', 'T8'], 1],
        ['all/grade-A', 'all', ['T1', 'T6'], 1],
        ['all/grade-D', 'all', ['T2', 'T3'], 2],
      ]);
      // an exemption travels with the target into its grade's stratum (000 §19)
      expect(stratum(pools, 'all/grade-D').exempt).toEqual(['T3']);
    });

    it('002 §15: the latest grade counts, and a registration again starts ungraded', () => {
      const pools = poolsAfter([...registry, graded('T1', 'D', 'A'), target('T6')], { classes: [byGrade] });
      expect(membersOf(pools, 'all/grade-D')).toEqual(['T1', 'T2', 'T3']);
      // no eligible grade-A target is left: no grade-A pool
      expect(pools.map((s) => s.stratumId)).toEqual(['all', 'all/grade-D']);
      expect(membersOf(pools)).toEqual(['T4', 'T5', 'T6', 'T7', 'T8']);
    });

    it('000 §16: a trustworthy target is drawn at the trustworthy ratio whatever its grade', () => {
      const pools = poolsAfter([...registry, trustworthy('T2')], { classes: [{ ...byGrade, trustworthyRatio: 5 }] });
      expect(membersOf(pools, 'all/trustworthy')).toEqual(['T2']);
      expect(membersOf(pools, 'all/grade-D')).toEqual(['T3']);
    });

    it('000 §20: a directional class may filter on credit grades', () => {
      const pools = poolsAfter(registry, { classes: [klass('risky', { filter: { creditGrades: ['C', 'D'] } }), klass('rest')] });
      expect(membersOf(pools, 'risky')).toEqual(['T2', 'T3', 'T4']);
      expect(membersOf(pools, 'rest')).toEqual(['T1', 'T5', 'T6', 'T7', 'T8']);
    });

    it('a class without grade ratios draws every grade alike, as tasks set up before grades did', () => {
      const pools = poolsAfter(registry, { classes: [klass('all', { count: null, ratio: 10 })] });
      expect(pools.map((s) => s.stratumId)).toEqual(['all']);
      expect(membersOf(pools)).toHaveLength(8);
    });
  });

  describe('trustworthy (守信) targets are drawn at a reduced rate when the plan says so (000 §16)', () => {
    const registry = [target('T1'), target('T2'), target('T3'), target('T4'), target('T5'), trustworthy('T2'), trustworthy('T4')];

    it('puts them in their own stratum <classId>/trustworthy with the reduced ratio’s count', () => {
      const pools = poolsAfter(registry, { classes: [klass('all', { count: null, ratio: 50, trustworthyRatio: 10 })] });
      expect(pools.map((s) => [s.stratumId, s.classId, s.members, s.count])).toEqual([
        ['all', 'all', ['T1', 'T3', 'T5'], 2],
        ['all/trustworthy', 'all', ['T2', 'T4'], 1],
      ]);
    });

    it('skips them at ratio 0, recording why, and has no trustworthy stratum', () => {
      const pools = poolsAfter(registry, { classes: [klass('all', { trustworthyRatio: 0 })] });
      expect(pools.map((s) => s.stratumId)).toEqual(['all']);
      expect(membersOf(pools)).toEqual(['T1', 'T3', 'T5']);
      expect(stratum(pools).excluded).toEqual([
        { targetId: 'T2', reason: 'trustworthy-skipped', detail: expect.stringMatching(/class all .*000 §16/) },
        { targetId: 'T4', reason: 'trustworthy-skipped', detail: expect.stringMatching(/class all .*000 §16/) },
      ]);
    });

    it('draws them like the others when the class sets no trustworthy ratio', () => {
      const pools = poolsAfter(registry);
      expect(pools.map((s) => s.stratumId)).toEqual(['all']);
      expect(membersOf(pools)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5']);
    });

    it('draws a target like the others once its trustworthy mark is removed', () => {
      const removed: TargetEvent = { type: 'TargetTrustworthyMarkRemoved', data: { ...fact('T2'), reason: '信用等级下调' } };
      const pools = poolsAfter([...registry, removed], { classes: [klass('all', { trustworthyRatio: 10 })] });
      expect(membersOf(pools)).toEqual(['T1', 'T2', 'T3', 'T5']);
      expect(membersOf(pools, 'all/trustworthy')).toEqual(['T4']);
    });

    it('counts an exempt trustworthy target in its own stratum', () => {
      const pools = poolsAfter([...registry, abnormal('T4'), abnormal('T1')], { classes: [klass('all', { trustworthyRatio: 10 })] });
      expect(stratum(pools)).toMatchObject({ exempt: ['T1'], exemptMembers: 1 });
      expect(stratum(pools, 'all/trustworthy')).toMatchObject({ exempt: ['T4'], exemptMembers: 1 });
    });

    it('still applies the limits to trustworthy targets', () =>
      expect(
        reasonOf(poolsAfter([...registry, consumed('d1', ['T2']), consumed('d2', ['T2'])], { classes: [klass('all', { trustworthyRatio: 10 })] }), 'T2'),
      ).toBe('quota-reached'));
  });

  describe('directional draws filter on type, scale, industry, area and sub-registry; non-directional take the whole registry (000 §20)', () => {
    const registry: LogEvent[] = [
      target('E1', { subjectType: 'enterprise', scale: 'large', industry: 'C1310', areaCode: '431102' }),
      target('E2', { subjectType: 'enterprise', scale: 'small', industry: 'F5211', areaCode: '431103' }),
      target('I1', { subjectType: 'individual-business', scale: null, industry: 'F5212', areaCode: '431102' }),
      target('I2', { subjectType: 'individual-business', scale: 'micro', industry: null, areaCode: '431202' }),
      enrolled('E2', 'special-equipment'),
    ];
    const pool = (filter: Partial<TargetFilter> | null) => membersOf(poolsAfter(registry, { classes: [klass('all', { filter })] }));

    it('takes the whole registry without a filter', () => expect(pool(null)).toEqual(['E1', 'E2', 'I1', 'I2']));
    it('tests the filter on a text first seen after earlier pools were computed', () => {
      const state = fold(registry);
      computePools(state, poolRequestFor(taskSetUp('task-1', 'lingling').data, ON));
      applyEvent(state, target('N1', { subjectType: 'enterprise', scale: 'medium', industry: 'Q8411', areaCode: '431121' }));
      const request = {
        ...poolRequestFor(taskSetUp('task-1', 'lingling').data, ON),
        classes: [klass('all', { filter: { scales: ['medium'], industries: ['Q84'] } })],
      };
      expect(membersOf(computePools(state, request))).toEqual(['N1']);
    });
    it('does not filter on empty lists', () => expect(pool({})).toEqual(['E1', 'E2', 'I1', 'I2']));
    it('filters on subject type', () => expect(pool({ subjectTypes: ['individual-business'] })).toEqual(['I1', 'I2']));
    it('filters on scale, leaving out targets of no recorded scale', () => expect(pool({ scales: ['large', 'micro'] })).toEqual(['E1', 'I2']));
    it('filters on an industry code prefix, leaving out targets of no recorded industry', () => expect(pool({ industries: ['F52'] })).toEqual(['E2', 'I1']));
    it('filters on an exact area code', () => expect(pool({ areaCodes: ['431103'] })).toEqual(['E2']));
    it('lets a city’s area code 431100 cover its districts 431102, 431103 and not 431202', () =>
      expect(pool({ areaCodes: ['431100'] })).toEqual(['E1', 'E2', 'I1']));
    it('lets a province’s area code 430000 cover all of it', () => expect(pool({ areaCodes: ['430000'] })).toEqual(['E1', 'E2', 'I1', 'I2']));
    it('filters on a sub-registry (专项名录库)', () => expect(pool({ subRegistryId: 'special-equipment' })).toEqual(['E2']));
    it('combines filters: all must hold', () => expect(pool({ subjectTypes: ['enterprise'], areaCodes: ['431102'] })).toEqual(['E1']));

    it('follows a change of details', () => {
      const moved: TargetEvent = {
        type: 'TargetDetailsChanged',
        data: { targetId: 'I2', departmentId: 'lingling', changed: { areaCode: '431102' }, previous: { areaCode: '431202' } },
      };
      expect(membersOf(poolsAfter([...registry, moved], { classes: [klass('all', { filter: { areaCodes: ['431102'] } })] }))).toEqual(['E1', 'I1', 'I2']);
    });

    it('strips only trailing pairs of zeros from an area code', () => {
      expect(areaPrefix('431100')).toBe('4311');
      expect(areaPrefix('430000')).toBe('43');
      expect(areaPrefix('431000')).toBe('4310');
      expect(areaPrefix('431102')).toBe('431102');
    });

    it('neither pools nor excludes a target outside the filter', () => {
      const pools = poolsAfter([...registry, consumed('d1', ['I2']), consumed('d2', ['I2'])], {
        classes: [klass('all', { filter: { subjectTypes: ['enterprise'] } })],
      });
      expect(stratum(pools).excluded).toEqual([]);
    });
  });

  describe('candidates are the targets of the executing and joint departments (000 §17, 004 §2(4))', () => {
    const registry = [
      target('L1'),
      target('Q1', { departmentId: 'qiyang' }),
      target('Y1', { departmentId: 'yongzhou' }),
      target('H1', { departmentId: 'hunan' }),
    ];

    it('takes only the executing department’s targets', () => expect(membersOf(poolsAfter(registry))).toEqual(['L1']));

    it('takes the targets of a task delegated to a subordinate and of its joint departments', () => {
      const task: TaskSetUp['data'] = { ...taskSetUp('task-city', 'yongzhou').data, executingDepartmentIds: ['lingling'], jointDepartmentIds: ['qiyang'] };
      expect(membersOf(computePools(fold(registry), poolRequestFor(task, ON)))).toEqual(['L1', 'Q1']);
    });

    it('asks the pool question from the task as set up and the freeze date', () => {
      const task: TaskSetUp['data'] = {
        ...taskSetUp('task-city', 'yongzhou').data,
        executingDepartmentIds: ['lingling', 'yongzhou'],
        jointDepartmentIds: ['lingling'],
      };
      expect(poolRequestFor(task, ON)).toEqual({
        taskId: 'task-city',
        departmentId: 'yongzhou',
        businessUnitId: 'unit-a',
        year: YEAR,
        onDate: ON,
        candidateDepartmentIds: ['lingling', 'yongzhou'],
        classes: task.classes,
        exemptTask: false,
        rules: 'dsr-eligibility-4',
      });
    });

    it('follows a target transferred to another jurisdiction to its new department (002 §30)', () => {
      const events = [...registry, transferred('L1', 'lingling', 'qiyang')];
      expect(membersOf(poolsAfter(events))).toEqual([]);
      expect(membersOf(poolsAfter(events, { candidateDepartmentIds: ['qiyang'] }))).toEqual(['L1', 'Q1']);
    });
  });

  describe('classes are drawn one by one and merged, each target in one class only (002 §18)', () => {
    const registry = [
      target('E1', { subjectType: 'enterprise', industry: 'F5211' }),
      target('E2', { subjectType: 'enterprise', industry: 'C1310' }),
      target('I1', { subjectType: 'individual-business', industry: 'F5211' }),
    ];

    it('puts a target matching two classes in the first only', () => {
      const pools = poolsAfter(registry, {
        classes: [klass('retail', { filter: { industries: ['F52'] } }), klass('enterprises', { filter: { subjectTypes: ['enterprise'] } })],
      });
      expect(pools.map((s) => [s.stratumId, s.members])).toEqual([
        ['retail', ['E1', 'I1']],
        ['enterprises', ['E2']],
      ]);
    });

    it('reports a target’s exclusion in its first class only', () => {
      const pools = poolsAfter([...registry, deregistered('E1')], {
        classes: [klass('retail', { filter: { industries: ['F52'] } }), klass('enterprises', { filter: { subjectTypes: ['enterprise'] } })],
      });
      expect(stratum(pools, 'retail').excluded.map((e) => e.targetId)).toEqual(['E1']);
      expect(stratum(pools, 'enterprises').excluded).toEqual([]);
    });
  });

  describe('counts: each class at its own ratio or count (002 §18)', () => {
    const registry = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'].map((id) => target(id));
    const countFor = (c: Partial<TargetClass>, events: LogEvent[] = registry) => stratum(poolsAfter(events, { classes: [klass('all', c)] })).count;

    it('rounds a ratio up, so a positive ratio of a non-empty pool draws one', () => {
      expect(countFor({ count: null, ratio: 10 })).toBe(1);
      expect(countFor({ count: null, ratio: 30 })).toBe(3);
    });

    it('applies the ratio to the eligible pool, after exclusions', () =>
      expect(countFor({ count: null, ratio: 50 }, [...registry, deregistered('T1'), revoked('T2')])).toBe(3));
    it('caps a count at the pool size', () => expect(countFor({ count: 10 })).toBe(7));
    it('keeps a count below the pool size', () => expect(countFor({ count: 4 })).toBe(4));
    it('draws nothing from an empty pool', () => expect(countFor({ count: null, ratio: 5 }, [])).toBe(0));
  });

  describe('pools are published in canonical order (docs/draw-algorithm.md §1)', () => {
    it('sorts members and exempt members by code units whatever order they were registered in', () => {
      const pools = poolsAfter([target('b-2'), target('B-1'), target('a-3'), target('a-10'), abnormal('b-2'), abnormal('a-3')]);
      expect(membersOf(pools)).toEqual(['B-1', 'a-10', 'a-3', 'b-2']);
      expect(stratum(pools).exempt).toEqual(['a-3', 'b-2']);
    });

    it('places a target registered after an earlier computation in order', () => {
      const state = fold([target('T2'), target('T4')]);
      expect(membersOf(computePools(state, request()))).toEqual(['T2', 'T4']);
      applyEvent(state, target('T3'));
      expect(membersOf(computePools(state, request()))).toEqual(['T2', 'T3', 'T4']);
    });
  });

  describe('every exclusion carries its reason (DOMAIN.md, The double draw)', () => {
    it('explains each exclusion in words', () => {
      const pools = poolsAfter(
        [
          ...['Q', 'S', 'U', 'N', 'D', 'R', 'W'].map((id) => target(id)),
          consumed('d1', ['Q']),
          consumed('d2', ['Q']),
          ...drawnBy('task-city', 'yongzhou', ['S']),
          ...drawnBy('task-unit-b', 'lingling', ['U'], { businessUnitId: 'unit-b' }),
          concluded('N', 'yongzhou', '2026-06-01'),
          deregistered('D'),
          revoked('R'),
          trustworthy('W'),
        ],
        { classes: [klass('all', { trustworthyRatio: 0 })] },
      );
      const excluded = stratum(pools).excluded;
      expect(excluded.map((e) => [e.targetId, e.reason])).toEqual([
        ['D', 'deregistered'],
        ['N', 'superior-found-nothing'],
        ['Q', 'quota-reached'],
        ['R', 'revoked'],
        ['S', 'inspected-by-superior'],
        ['U', 'inspected-by-other-unit'],
        ['W', 'trustworthy-skipped'],
      ]);
      for (const { detail } of excluded) expect(detail.trim().length).toBeGreaterThan(10);
    });
  });

  describe('the fold', () => {
    it('ignores events of other types and facts about unknown targets', () => {
      const state = fold([target('T1')]);
      applyEvent(state, { type: 'PlanPublished', data: { planId: 'p' } });
      applyEvent(state, abnormal('ghost'));
      expect([...state.targets.keys()]).toEqual(['T1']);
      expect(state.targets.get('T1')!.abnormal).toBe(false);
    });

    it('counts the quota ledger’s revision per year', () => {
      const state = fold([consumed('d1', ['T1']), consumed('d2', ['T1']), released('d2', ['T1']), consumed('d0', ['T1'], 2025)]);
      expect(state.ledgers.get(YEAR)!.revision).toBe(2);
      expect(state.ledgers.get(YEAR)!.used.get('T1')).toBe(1);
      expect(state.ledgers.get(2025)!.revision).toBe(0);
    });
  });
});
