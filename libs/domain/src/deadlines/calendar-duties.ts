/**
 * Duties due on a calendar date rather than after a number of working days (DOMAIN.md, Plans:
 * "Deadlines by date"): the annual plan by the end of March (000 §15), the registries by the end
 * of February (003 §2(1)), and each task's 实施方案 before the task is carried out (004 §4(5)).
 * They sit on the same escalation ladder as the working-day duties (003 §3(4)); `assessDuty`
 * reads their `fixedDueOn`. Pure: the facts of one department come in, with the last year to
 * derive duties for (the year of the day asked about).
 *
 * Which years a department owes: from the first year it files an annual plan for, through the
 * year asked about — a department that planned once owes a plan, and current registries, every
 * year after. Nothing is derived from events recorded before the rule existed in a way that would
 * change their meaning: a task owes the 实施方案 duty only when set up under dsr-task-2.
 */
import { Duty } from './duties';

export const CALENDAR_DUTY_KINDS = ['annual-plan', 'registries', 'implementation-plan'] as const;
export type CalendarDutyKind = (typeof CALENDAR_DUTY_KINDS)[number];

export interface CalendarDutyRule {
  readonly clause: string;
  /** Events whose date ends the duty. */
  readonly endedBy: readonly string[];
}

/** The table of docs/deadlines.md, "Duties due on a date". */
export const CALENDAR_DUTY_RULES: Readonly<Record<CalendarDutyKind, CalendarDutyRule>> = {
  // 000 §15: 每年3月底前…汇总并发布本部门年度检查计划 (004 §4(4) allows the end of July; the stricter date is the default)
  'annual-plan': { clause: '000 §15', endedBy: ['PlanPublished'] },
  // 003 §2(1): 执法检查对象库、执法检查人员名录库 … 完成时限：2月底 (004 §4(1) allows the end of May for the inspector registry)
  registries: { clause: '003 §2(1)', endedBy: ['TargetRegistered', 'InspectorRegistered'] },
  // 004 §4(5): 随机抽查工作实施方案应于该抽查检查实施前报上一级主管部门和同级人民政府备案
  'implementation-plan': { clause: '004 §4(5)', endedBy: ['ImplementationPlanFiled'] },
};

/** What one department's events say about its dated duties, as the read model keeps them. */
export interface DepartmentCalendarFacts {
  readonly departmentId: string;
  /** Per plan year: the first filing and the first publication of any plan of that year. */
  readonly planYears: Readonly<Record<string, { readonly firstFiledOn: string | null; readonly firstPublishedOn: string | null }>>;
  /** The day the department's target registry, and its inspector registry, first held an entry; null while empty. */
  readonly registries: { readonly targetsFrom: string | null; readonly inspectorsFrom: string | null };
  /** Tasks set up under dsr-task-2, with the 实施方案's due day and filing. */
  readonly tasks: Readonly<
    Record<string, { readonly setUpOn: string; readonly dueOn: string; readonly filedOn: string | null; readonly setUpBy: string | null }>
  >;
}

export const emptyCalendarFacts = (departmentId: string): DepartmentCalendarFacts => ({
  departmentId,
  planYears: {},
  registries: { targetsFrom: null, inspectorsFrom: null },
  tasks: {},
});

/** The last day of February of a year. */
const endOfFebruary = (year: number) => `${year}-02-${new Date(Date.UTC(year, 2, 0)).getUTCDate()}`;

const later = (a: string | null, b: string | null): string | null => (a === null || b === null ? null : a > b ? a : b);

/**
 * Every dated duty of the department through `throughYear`, open or closed. Duty ids:
 * `annual-plan:<departmentId>:<year>`, `registries:<departmentId>:<year>`,
 * `implementation-plan:<taskId>`. A year's duties start on 1 January of that year.
 */
export function deriveCalendarDuties(facts: DepartmentCalendarFacts, throughYear: number): Duty[] {
  const { departmentId } = facts;
  const duties: Duty[] = [];
  const years = Object.keys(facts.planYears).map(Number);
  const firstYear = years.length > 0 ? Math.min(...years) : null;
  // a department's duty of a year: no task, no target, no one named, started on the year's first day
  const base = (kind: CalendarDutyKind, year: number) => ({
    kind,
    dutyId: `${kind}:${departmentId}:${year}`,
    clause: CALENDAR_DUTY_RULES[kind].clause,
    departmentId,
    taskId: null,
    targetId: null,
    year,
    responsible: [],
    startedOn: `${year}-01-01`,
    startedBy: 'the plan year',
    workingDays: 0,
    objectionNumber: null,
  });
  if (firstYear !== null) {
    for (let year = firstYear; year <= throughYear; year += 1) {
      const published = facts.planYears[String(year)]?.firstPublishedOn ?? null;
      duties.push({
        ...base('annual-plan', year),
        fixedDueOn: `${year}-03-31`,
        closedOn: published,
        closedBy: published === null ? null : 'PlanPublished',
      });
      // built registries stay in force (谁建立、谁管理, kept current): the duty closes on the day both first held an entry
      const built = later(facts.registries.targetsFrom, facts.registries.inspectorsFrom);
      duties.push({
        ...base('registries', year),
        fixedDueOn: endOfFebruary(year),
        closedOn: built,
        closedBy: built === null ? null : built === facts.registries.targetsFrom ? 'TargetRegistered' : 'InspectorRegistered',
      });
    }
  }
  for (const [taskId, task] of Object.entries(facts.tasks)) {
    duties.push({
      ...base('implementation-plan', Number(task.setUpOn.slice(0, 4))),
      dutyId: `implementation-plan:${taskId}`,
      taskId,
      responsible: task.setUpBy ? [task.setUpBy] : [],
      startedOn: task.setUpOn,
      startedBy: 'TaskSetUp',
      fixedDueOn: task.dueOn,
      closedOn: task.filedOn,
      closedBy: task.filedOn === null ? null : 'ImplementationPlanFiled',
    });
  }
  return duties;
}
