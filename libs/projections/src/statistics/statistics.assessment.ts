/**
 * The assessment of one department and year (DOMAIN.md, Oversight and assessment: 003 §1
 * §3(3)–(4), 002 §36), counted from the statistics projection's facts on the day asked about.
 * Pure: the working-day calendar and the duties as the deadline module assessed them come in, so
 * a due date is always counted with the holiday schedules known at the moment of asking.
 */
import { LadderState, WorkingDayCounter } from '@app/domain';
import { ChecklistVersionItemsView, PlanStatisticsView, TargetRegistryView, TaskStatisticsView, checklistVersionKey } from './statistics.projection';

/** 003 §1: random inspections reach at least 5% of a department's targets a year. */
export const INSPECTED_SHARE_GOAL = 5;
/** 003 §1: every result is published. */
export const PUBLISHED_SHARE_GOAL = 100;
/** 002 §28.4: results are published within 20 working days of the task's completion. */
export const PUBLICATION_WORKING_DAYS = 20;

/** A share in percent with one decimal, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 1000) / whole) / 10;
}

export interface CoverageOfPlan {
  planId: string;
  version: number;
  checklistVersion: number;
  /** Distinct items of the plan version that are items of the checklist version it cites. */
  planItems: number;
  checklistItems: number;
}

export interface DepartmentStatistics {
  departmentId: string;
  year: number;
  /** The day the open duties, tasks and publications are judged on. */
  asOf: string;
  /** The day the registry is counted on: the year's last day, or asOf in the year itself. */
  registryOn: string;
  registry: { size: number; inspected: number; share: number | null; goal: number; met: boolean };
  /**
   * 002 §15, 003 §2(4): the registry and the targets drawn this year by credit-risk grade as graded
   * on `registryOn` (ungraded: never graded by then), so oversight sees whether riskier grades are
   * drawn more.
   */
  byGrade: Record<GradeKey, { size: number; inspected: number; share: number | null }>;
  publication: {
    /** Results of completed tasks to publish: reported and unreachable targets (002 §28.4, §30). */
    due: number;
    published: number;
    /** 依法依规不予公开 (002 §28.4): done, without a publication. */
    exempted: number;
    /** Published or exempted within 20 working days of the task's completion. */
    onTime: number;
    late: number;
    /** Still open past the 20th working day. */
    overdue: number;
    /** 期限内待公示: still open, its 20 working days not yet run out — neither on time nor failing yet. */
    pending: number;
    /** Published or exempted, of all due (pending ones not yet published). */
    share: number | null;
    /** On time, of the results already decided (on time, late or overdue); pending ones are left out. */
    onTimeShare: number | null;
    goal: number;
    met: boolean;
  };
  coverage: { plans: CoverageOfPlan[]; planItems: number; checklistItems: number; share: number | null };
  tasks: { total: number; completed: number; onTime: number; late: number; overdue: number; open: number; onTimeShare: number | null };
  /** The deadline module's duties of this year's tasks on the escalation ladder (003 §3(4)). */
  duties: Record<LadderState, number> & { total: number };
  recusals: { recusals: number; releases: number; replacements: number };
  objections: { received: number; upheld: number; corrections: number };
}

export const GRADE_KEYS = ['A', 'B', 'C', 'D', 'ungraded'] as const;
export type GradeKey = (typeof GRADE_KEYS)[number];

/** The grade in force on a day: the latest grading effective by then (gradings are kept in the order recorded). */
function gradeOn(target: TargetRegistryView, day: string): GradeKey {
  let grade: GradeKey = 'ungraded';
  let since = '';
  for (const graded of target.grades ?? []) {
    if (graded.from <= day && graded.from >= since) {
      grade = graded.grade as GradeKey;
      since = graded.from;
    }
  }
  return grade;
}

export interface StatisticsFacts {
  readonly departmentId: string;
  readonly year: number;
  readonly asOf: string;
  readonly tasks: readonly TaskStatisticsView[];
  /** Every target the department ever maintained. */
  readonly targets: readonly TargetRegistryView[];
  readonly plans: readonly PlanStatisticsView[];
  /** Checklist versions by `checklistVersionKey`. */
  readonly checklists: ReadonlyMap<string, ChecklistVersionItemsView>;
  /** The states of the duties of this year's tasks that the department answers for. */
  readonly dutyStates: readonly LadderState[];
}

export function assessStatistics(facts: StatisticsFacts, calendar: WorkingDayCounter): DepartmentStatistics {
  const { departmentId, year, asOf, tasks } = facts;
  const yearEnd = `${year}-12-31`;
  const registryOn = asOf < yearEnd ? asOf : yearEnd;

  const inRegistry = facts.targets.filter((target) =>
    target.spans.some((span) => span.departmentId === departmentId && span.from <= registryOn && (span.to === null || span.to > registryOn)),
  );
  const size = inRegistry.length;
  const drawn = new Set(tasks.flatMap((task) => task.lockedTargets));
  const inspected = drawn.size;
  const inspectedShare = percent(inspected, size);
  const grades = Object.fromEntries(GRADE_KEYS.map((key) => [key, { size: 0, inspected: 0 }])) as Record<GradeKey, { size: number; inspected: number }>;
  for (const target of inRegistry) {
    const counts = grades[gradeOn(target, registryOn)];
    counts.size += 1;
    if (drawn.has(target.targetId)) counts.inspected += 1;
  }
  const byGrade = Object.fromEntries(
    GRADE_KEYS.map((key) => [key, { ...grades[key], share: percent(grades[key].inspected, grades[key].size) }]),
  ) as DepartmentStatistics['byGrade'];

  const publication = { due: 0, published: 0, exempted: 0, onTime: 0, late: 0, overdue: 0, pending: 0 };
  for (const task of tasks) {
    if (task.completedOn === null) continue;
    const dueOn = calendar.addWorkingDays(task.completedOn, PUBLICATION_WORKING_DAYS).date;
    for (const targetId of task.resultsDue) {
      publication.due += 1;
      const result = task.results[targetId];
      const closedOn = [result?.publishedOn, result?.exemptedOn].filter((date): date is string => Boolean(date)).sort()[0];
      if (result?.publishedOn) publication.published += 1;
      else if (result?.exemptedOn) publication.exempted += 1;
      if (closedOn !== undefined) publication[closedOn <= dueOn ? 'onTime' : 'late'] += 1;
      else if (asOf > dueOn) publication.overdue += 1;
      else publication.pending += 1;
    }
  }
  const publishedShare = percent(publication.published + publication.exempted, publication.due);

  const plans: CoverageOfPlan[] = [];
  for (const plan of facts.plans) {
    if (plan.publishedVersion === null) continue;
    const version = plan.versions[plan.publishedVersion];
    const checklist = version ? facts.checklists.get(checklistVersionKey(plan.departmentId, version.checklistVersion)) : undefined;
    if (!version || !checklist) continue;
    const listed = new Set(checklist.itemIds);
    plans.push({
      planId: plan.planId,
      version: plan.publishedVersion,
      checklistVersion: version.checklistVersion,
      planItems: new Set(version.itemIds.filter((itemId) => listed.has(itemId))).size,
      checklistItems: listed.size,
    });
  }
  const planItems = plans.reduce((sum, plan) => sum + plan.planItems, 0);
  const checklistItems = plans.reduce((sum, plan) => sum + plan.checklistItems, 0);

  const taskCounts = { total: tasks.length, completed: 0, onTime: 0, late: 0, overdue: 0, open: 0 };
  for (const task of tasks) {
    const windowEnd = task.window?.to ?? null;
    if (task.completedOn !== null) {
      taskCounts.completed += 1;
      taskCounts[windowEnd === null || task.completedOn <= windowEnd ? 'onTime' : 'late'] += 1;
    } else if (windowEnd !== null && asOf > windowEnd) taskCounts.overdue += 1;
    else taskCounts.open += 1;
  }

  const duties = { pending: 0, reminder: 0, overdue: 0, 'closed-on-time': 0, 'closed-late': 0, total: facts.dutyStates.length };
  for (const state of facts.dutyStates) duties[state] += 1;

  const sum = (field: 'recusals' | 'releases' | 'replacements') => tasks.reduce((total, task) => total + task[field], 0);
  const results = tasks.flatMap((task) => Object.values(task.results));
  const sumResults = (field: 'objections' | 'upheld' | 'corrections') => results.reduce((total, result) => total + result[field], 0);

  return {
    departmentId,
    year,
    asOf,
    registryOn,
    registry: { size, inspected, share: inspectedShare, goal: INSPECTED_SHARE_GOAL, met: inspectedShare !== null && inspectedShare >= INSPECTED_SHARE_GOAL },
    byGrade,
    publication: {
      ...publication,
      share: publishedShare,
      onTimeShare: percent(publication.onTime, publication.due - publication.pending),
      goal: PUBLISHED_SHARE_GOAL,
      // nothing due is nothing missed, and a result within its 20 working days has missed nothing yet
      met: publication.late === 0 && publication.overdue === 0,
    },
    coverage: { plans, planItems, checklistItems, share: percent(planItems, checklistItems) },
    tasks: { ...taskCounts, onTimeShare: percent(taskCounts.onTime, taskCounts.completed) },
    duties,
    recusals: { recusals: sum('recusals'), releases: sum('releases'), replacements: sum('replacements') },
    objections: { received: sumResults('objections'), upheld: sumResults('upheld'), corrections: sumResults('corrections') },
  };
}
