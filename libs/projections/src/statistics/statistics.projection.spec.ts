import { RecordedEvent } from '@app/event-store';
import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import { WorkingDayCalendar, chineseDaysSource } from '@app/calendar';
import {
  STATISTICS_PLANS,
  STATISTICS_TARGETS,
  STATISTICS_TASKS,
  statisticsPlansIndex,
  statisticsProjection,
  statisticsRegistryIndex,
  statisticsTasksIndex,
} from './statistics.projection';
import { assessStatistics, percent } from './statistics.assessment';
import { recordedEvent } from '../testing';

let position = 0;
const recorded = (type: string, data: unknown, recordedAt = '2026-03-02T02:00:00.000Z') =>
  recordedEvent({ type, data, recordedAt, position: ++position, unit: 'u' });

async function project(events: RecordedEvent[]): Promise<MemoryReadStore> {
  const store = new MemoryReadStore();
  await store.commit(await writesForBatch(events, [statisticsProjection], store), { name: 't', expected: null, next: `${position}/${position}` });
  return store;
}

const task = { taskId: 't-1', departmentId: 'lingling', year: 2026, window: { from: '2026-03-01', to: '2026-06-30' } };
const onResult = (targetId: string) => ({ taskId: 't-1', targetId, departmentId: 'lingling' });

describe('statistics projection (DOMAIN.md, Oversight and assessment)', () => {
  it('keeps a task with its locked list, completion and the facts of each result, indexed by owner and year', async () => {
    const store = await project([
      recorded('TaskSetUp', { ...task, title: 't', items: [], classes: [] }),
      recorded('TaskListLocked', {
        taskId: 't-1',
        departmentId: 'lingling',
        drawId: 'd',
        targets: [
          { targetId: 'A', classId: 'c' },
          { targetId: 'B', classId: 'c' },
        ],
        lockedOn: '2026-03-05',
      }),
      recorded('TaskCompleted', { taskId: 't-1', departmentId: 'lingling', completedOn: '2026-06-20', reported: ['A'], unreachable: ['B'], handedOver: ['C'] }),
      recorded('ResultPublished', { ...onResult('A'), publishedOn: '2026-06-25', publicResult: {} }),
      recorded('ResultPublished', { ...onResult('A'), publishedOn: '2026-07-25', publicResult: {} }),
      recorded('ObjectionReceived', { ...onResult('A'), objectionNumber: 1, receivedOn: '2026-07-01' }),
      recorded('ObjectionReviewed', { ...onResult('A'), objectionNumber: 1, reviewedOn: '2026-07-02', upheld: true }),
      recorded('ResultCorrected', { ...onResult('A'), correctionNumber: 1 }),
      recorded('ObjectionReceived', { ...onResult('A'), objectionNumber: 2, receivedOn: '2026-08-01' }),
      recorded('ObjectionReviewed', { ...onResult('A'), objectionNumber: 2, reviewedOn: '2026-08-02', upheld: false }),
      recorded('PublicationExempted', { ...onResult('B'), decidedOn: '2026-06-22' }),
      recorded('InspectorsSwappedOnRecusal', { taskId: 't-1', departmentId: 'lingling' }),
      recorded('InspectorWithdrewOnRecusal', { taskId: 't-1', departmentId: 'lingling' }),
      recorded('InspectorReleasedWithApproval', { taskId: 't-1', departmentId: 'lingling' }),
      recorded('ReplacementInspectorDrawn', { taskId: 't-1', departmentId: 'lingling' }),
    ]);
    expect(await store.getDocument(STATISTICS_TASKS, 't-1')).toEqual({
      taskId: 't-1',
      departmentId: 'lingling',
      year: 2026,
      window: task.window,
      lockedTargets: ['A', 'B'],
      completedOn: '2026-06-20',
      resultsDue: ['A', 'B'],
      results: {
        A: { publishedOn: '2026-06-25', exemptedOn: null, corrections: 1, objections: 2, upheld: 1 },
        B: { publishedOn: null, exemptedOn: '2026-06-22', corrections: 0, objections: 0, upheld: 0 },
      },
      recusals: 2,
      releases: 1,
      replacements: 1,
    });
    expect((await store.rangeIndex(statisticsTasksIndex('lingling', 2026))).map((e) => e.member)).toEqual(['t-1']);
  });

  it("records the spans a target spends in each department's registry, from its registration date in China", async () => {
    const store = await project([
      // 17:00 UTC is already the next day in China
      recorded('TargetRegistered', { targetId: 'A', departmentId: 'lingling' }, '2026-03-01T17:00:00.000Z'),
      recorded('TargetJurisdictionTransferred', { targetId: 'A', effectiveDate: '2026-06-01', fromDepartmentId: 'lingling', toDepartmentId: 'qiyang' }),
      recorded('TargetDeregistered', { targetId: 'A', effectiveDate: '2026-09-01' }),
    ]);
    expect(await store.getDocument(STATISTICS_TARGETS, 'A')).toEqual({
      targetId: 'A',
      spans: [
        { departmentId: 'lingling', from: '2026-03-02', to: '2026-06-01' },
        { departmentId: 'qiyang', from: '2026-06-01', to: '2026-09-01' },
      ],
    });
    expect((await store.rangeIndex(statisticsRegistryIndex('qiyang'))).map((e) => e.member)).toEqual(['A']);
  });

  it('002 §15: keeps every credit grading of a target from its effective date; a registration again starts ungraded', async () => {
    const store = await project([
      recorded('TargetRegistered', { targetId: 'G', departmentId: 'lingling' }),
      recorded('TargetCreditGraded', { targetId: 'G', grade: 'B', previousGrade: null, effectiveDate: '2026-03-10' }),
      recorded('TargetCreditGraded', { targetId: 'G', grade: 'D', previousGrade: 'B', effectiveDate: '2026-08-01' }),
      recorded('TargetRegistered', { targetId: 'H', departmentId: 'lingling' }),
      recorded('TargetCreditGraded', { targetId: 'H', grade: 'A', previousGrade: null, effectiveDate: '2026-03-10' }),
      recorded('TargetRegistered', { targetId: 'H', departmentId: 'lingling' }),
    ]);
    expect((await store.getDocument(STATISTICS_TARGETS, 'G')) as unknown).toMatchObject({
      grades: [
        { grade: 'B', from: '2026-03-10' },
        { grade: 'D', from: '2026-08-01' },
      ],
    });
    expect(await store.getDocument(STATISTICS_TARGETS, 'H')).not.toHaveProperty('grades');
  });

  it("keeps each plan version's items and the latest version published", async () => {
    const content = (ids: string[]) => ({ checklistVersion: 1, items: ids.map((itemId) => ({ itemId })) });
    const store = await project([
      recorded('PlanFiled', { planId: 'p', departmentId: 'lingling', year: 2026, version: 1, content: content(['x']) }),
      recorded('PlanPublished', { planId: 'p', departmentId: 'lingling', year: 2026, version: 1 }),
      recorded('PlanAdjusted', { planId: 'p', departmentId: 'lingling', version: 2, content: content(['x', 'y']) }),
    ]);
    expect(await store.getDocument(STATISTICS_PLANS, 'p')).toEqual({
      planId: 'p',
      departmentId: 'lingling',
      year: 2026,
      versions: { 1: { checklistVersion: 1, itemIds: ['x'] }, 2: { checklistVersion: 1, itemIds: ['x', 'y'] } },
      publishedVersion: 1,
    });
    expect((await store.rangeIndex(statisticsPlansIndex('lingling', 2026))).map((e) => e.member)).toEqual(['p']);
  });
});

describe('assessStatistics (003 §1: ≥ 5% inspected, 100% published within 20 working days, 002 §28.4)', () => {
  const calendar = new WorkingDayCalendar(chineseDaysSource, []);
  const base = { departmentId: 'lingling', year: 2026, plans: [], checklists: new Map(), dutyStates: [] };
  const facts = (results: Record<string, { publishedOn: string | null; exemptedOn: string | null }>) => ({
    ...base,
    asOf: '2026-12-15',
    targets: [
      { targetId: 'A', spans: [{ departmentId: 'lingling', from: '2026-03-02', to: null }] },
      { targetId: 'B', spans: [{ departmentId: 'lingling', from: '2026-03-02', to: '2026-12-01' }] },
      { targetId: 'C', spans: [{ departmentId: 'lingling', from: '2027-01-02', to: null }] },
    ],
    tasks: [
      {
        taskId: 't-1',
        departmentId: 'lingling',
        year: 2026,
        window: { from: '2026-03-01', to: '2026-06-30' },
        lockedTargets: ['A'],
        completedOn: '2026-06-01',
        resultsDue: Object.keys(results),
        results: Object.fromEntries(Object.entries(results).map(([id, r]) => [id, { ...r, corrections: 0, objections: 0, upheld: 0 }])),
        recusals: 0,
        releases: 0,
        replacements: 0,
      },
    ],
  });

  it('counts the registry on the day asked, within the year, and the inspected share against it', () => {
    const { registry, registryOn } = assessStatistics(facts({}), calendar);
    expect(registryOn).toBe('2026-12-15');
    expect(registry).toEqual({ size: 1, inspected: 1, share: 100, goal: 5, met: true });
  });

  it('002 §15, 003 §2(4): counts the registry and the drawn targets by credit grade as graded on the day counted', () => {
    const graded = facts({});
    const { byGrade } = assessStatistics(
      {
        ...graded,
        targets: [
          // A: graded D from August, drawn; B: graded A, then D only after the day counted
          {
            ...graded.targets[0],
            grades: [
              { grade: 'B', from: '2026-03-10' },
              { grade: 'D', from: '2026-08-01' },
            ],
          },
          {
            ...graded.targets[1],
            spans: [{ departmentId: 'lingling', from: '2026-03-02', to: null }],
            grades: [
              { grade: 'A', from: '2026-03-10' },
              { grade: 'D', from: '2027-01-05' },
            ],
          },
          graded.targets[2],
        ],
      },
      calendar,
    );
    expect(byGrade).toEqual({
      A: { size: 1, inspected: 0, share: 0 },
      B: { size: 0, inspected: 0, share: null },
      C: { size: 0, inspected: 0, share: null },
      D: { size: 1, inspected: 1, share: 100 },
      ungraded: { size: 0, inspected: 0, share: null },
    });
  });

  it('counts a publication on the 20th working day after completion as on time and the day after as late', () => {
    // 2026-06-01 + 20 working days: 06-19 is the Dragon Boat Festival, so 06-30
    expect(calendar.addWorkingDays('2026-06-01', 20).date).toBe('2026-06-30');
    const { publication } = assessStatistics(
      facts({
        A: { publishedOn: '2026-06-30', exemptedOn: null },
        B: { publishedOn: '2026-07-01', exemptedOn: null },
        D: { publishedOn: null, exemptedOn: null },
      }),
      calendar,
    );
    expect(publication).toEqual({
      due: 3,
      published: 2,
      exempted: 0,
      onTime: 1,
      late: 1,
      overdue: 1,
      pending: 0,
      share: 66.7,
      onTimeShare: 33.3,
      goal: 100,
      met: false,
    });
  });

  it('shows a result still within its 20 working days as pending (期限内待公示), not as failing', () => {
    // completed 2026-06-01, due 06-30: on 06-20 the open result has days left
    const { publication } = assessStatistics(
      { ...facts({ A: { publishedOn: '2026-06-10', exemptedOn: null }, D: { publishedOn: null, exemptedOn: null } }), asOf: '2026-06-20' },
      calendar,
    );
    expect(publication).toEqual({
      due: 2,
      published: 1,
      exempted: 0,
      onTime: 1,
      late: 0,
      overdue: 0,
      pending: 1,
      share: 50,
      onTimeShare: 100,
      goal: 100,
      met: true,
    });
    // the day after its deadline the same result is overdue and the goal is missed
    const after = assessStatistics(
      { ...facts({ A: { publishedOn: '2026-06-10', exemptedOn: null }, D: { publishedOn: null, exemptedOn: null } }), asOf: '2026-07-01' },
      calendar,
    );
    expect(after.publication).toMatchObject({ pending: 0, overdue: 1, onTimeShare: 50, met: false });
  });

  it('gives no share, rather than 0% or 100%, when there is nothing to divide by', () => {
    expect(percent(0, 0)).toBeNull();
    expect(percent(1, 3)).toBe(33.3);
  });
});
