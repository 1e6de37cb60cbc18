/**
 * 抽查任务 — a random-inspection task (DOMAIN.md, The double draw: 000 §17–19, 002 §16–19,
 * 004 §2(4), §4(4)). It is set up under a published plan by the unit that owns the plan, which
 * may delegate execution to its subordinates; it names items of the plan, a window inside the
 * plan's timing for those items, and the target classes to draw. Once its draw is confirmed the
 * list is locked, dispatched to the executing departments and announced, all in one decision, so
 * a locked list is never left undispatched or unannounced. The task completes once every
 * dispatched target's inspection has ended (002 §28.4, §30), which starts the publication clock.
 *
 * Window rule (decided here): the task's window must lie inside one of the plan's windows of
 * every item it names — the plan fixes the timing of each item (000 §16, 002 §14), and a task
 * outside it would not be executing the plan. Plan windows lie in the plan year, so the task's
 * window does too.
 */
import { Decider, assertNever } from '../shared/decider';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { CitedChecklist } from '../plan/plan.commands';
import {
  AcceptJointTask,
  CompleteTask,
  FileImplementationPlan,
  InspectionOutcome,
  LockTaskList,
  PlanInForce,
  ReportUnreachableList,
  SetUpTask,
  TaskCommand,
} from './task.commands';
import { CREDIT_RISK_GRADES, PlanItem } from '../plan/plan.events';
import { GradeRatio, ImplementationPlanFiled, TargetClass, TaskEvent, TaskItem, TaskSetUp } from './task.events';

/** Tasks set up before the 实施方案 was required. */
export const TASK_RULES_V1 = 'dsr-task-1';
/** The list is locked (the task starts: dispatched to the executing units) only once the 实施方案 is filed (004 §4(5)). */
export const TASK_RULES = 'dsr-task-2';
export type TaskRules = typeof TASK_RULES_V1 | typeof TASK_RULES;

/** The rules a recorded task was set up under. */
export const taskRulesOf = (task: { taskRules?: string }): TaskRules => (task.taskRules === TASK_RULES ? TASK_RULES : TASK_RULES_V1);

/**
 * The day the 实施方案 is due: the day before the task's window opens, so it is filed before any
 * inspection of the task can be carried out (004 §4(5): 于该抽查检查实施前).
 */
export function implementationPlanDueOn(task: Pick<TaskSetUp['data'], 'window'>): string {
  const day = new Date(`${task.window.from}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

export type TaskState =
  | { readonly status: 'none' }
  | {
      readonly status: 'set-up' | 'locked';
      readonly task: TaskSetUp['data'];
      /** The draw whose list was locked, and when; null until locked. */
      readonly lock: { readonly drawId: string; readonly lockedOn: string } | null;
      /** Every target dispatched to some executing or joint department. */
      readonly dispatched: readonly string[];
      /** When every dispatched target's inspection had ended; null until then. */
      readonly completedOn: string | null;
      /** The targets not inspected (002 §30), as the completion recorded them. */
      readonly unreachable: readonly string[];
      /** When the list of targets not inspected was reported to the city bureau; null until then. */
      readonly unreachableReportedOn: string | null;
      /** The joint departments that accepted the task (004 §2(4)), with the items of their own checklists. */
      readonly jointAcceptances: Readonly<Record<string, { readonly items: readonly TaskItem[]; readonly acceptedOn: string }>>;
      /** The 实施方案 as filed (004 §4(5)); null until filed. */
      readonly implementationPlan: { readonly filedTo: string; readonly filedOn: string } | null;
    };

const initialState: TaskState = { status: 'none' };

function decide(command: TaskCommand, state: TaskState): TaskEvent[] {
  switch (command.type) {
    case 'SetUpTask':
      if (state.status !== 'none') throw new IllegalStateError(`task ${command.taskId} is already set up`, 'taskId');
      return [setUp(command)];
    case 'LockTaskList': {
      if (state.status === 'none') throw new NotFoundError('the task is not set up');
      if (state.lock) {
        throw new IllegalStateError(
          `the list of task ${state.task.taskId} was locked on ${state.lock.lockedOn} from draw ${state.lock.drawId}; it cannot change`,
        );
      }
      // the draw's own refusals first; then 004 §4(5): 应于该抽查检查实施前报上一级主管部门…备案 — locking dispatches the list, which starts the task
      const locked = lock(command, state.task);
      if (taskRulesOf(state.task) === TASK_RULES) {
        if (!state.implementationPlan) {
          throw new IllegalStateError(
            `the implementation plan (实施方案) of task ${state.task.taskId} is not filed with the superior department; it is filed before the task starts (004 §4(5))`,
            'implementationPlan',
          );
        }
        if (command.lockedOn < state.implementationPlan.filedOn) {
          throw new ValidationError(
            `lockedOn ${command.lockedOn} is before the implementation plan was filed (${state.implementationPlan.filedOn})`,
            'lockedOn',
          );
        }
      }
      return locked;
    }
    case 'FileImplementationPlan': {
      if (state.status === 'none') throw new NotFoundError('the task is not set up');
      return [fileImplementationPlan(command, state.task, state.implementationPlan)];
    }
    case 'CompleteTask': {
      if (state.status === 'none') throw new NotFoundError('the task is not set up');
      return [complete(command, state)];
    }
    case 'ReportUnreachableList': {
      if (state.status === 'none') throw new NotFoundError('the task is not set up');
      return [reportUnreachable(command, state)];
    }
    case 'AcceptJointTask': {
      if (state.status === 'none') throw new NotFoundError('the task is not set up');
      return [acceptJoint(command, state)];
    }
    default:
      return assertNever(command);
  }
}

function setUp(command: SetUpTask): TaskSetUp {
  const { plan } = command;
  if (!plan) throw new NotFoundError(`plan ${command.planId} is not filed`, 'planId');
  // 004 §4(4): 未经公示的随机抽查工作计划不得实施 — an adjustment too must be published first (002 §12)
  if (!plan.isExecutable || plan.publishedOn === null) {
    throw new IllegalStateError(
      `version ${plan.version} of plan ${plan.planId} is not published; a plan is executed only once published (004 §4(4))`,
      'planId',
    );
  }
  if (command.year !== plan.year) throw new ValidationError(`the task's year ${command.year} is not the year ${plan.year} of plan ${plan.planId}`, 'year');
  const title = command.title.trim();
  if (!title) throw new ValidationError('a task needs a title', 'title');
  if (command.setUpOn < plan.publishedOn) {
    throw new ValidationError(`setUpOn ${command.setUpOn} is before version ${plan.version} of the plan was published (${plan.publishedOn})`, 'setUpOn');
  }
  const items = checkItems(command, plan);
  checkWindow(command, plan);
  const requested = command.classes.map((c) => ({
    ...c,
    trustworthyRatio: c.trustworthyRatio === undefined ? trustworthyRatioFromPlan(c, items, plan) : c.trustworthyRatio,
  }));
  checkClasses(requested, items, command, plan);
  const classes = requested.map((c) => normaliseClass({ ...c, gradeRatios: c.gradeRatios ?? gradeRatiosFromPlan(items, plan, command) }));
  classes.forEach((c, i) => checkGradeRatios(c, i, items, command, plan));
  checkDepartments(command, plan.departmentId);
  // 000 §19: units of one department exclude each other's targets, so a task names the unit that runs it
  if (command.businessUnitId === null && command.businessUnitIds.length > 0) {
    throw new ValidationError(`name the business unit that executes the task: one of ${command.businessUnitIds.join(', ')}`, 'businessUnitId');
  }
  if (command.businessUnitId !== null && !command.businessUnitIds.includes(command.businessUnitId)) {
    throw new ValidationError(`${command.businessUnitId} is not a business unit of ${plan.departmentId}`, 'businessUnitId');
  }
  return {
    type: 'TaskSetUp',
    data: {
      taskId: command.taskId,
      departmentId: plan.departmentId,
      planId: plan.planId,
      planVersion: plan.version,
      year: plan.year,
      title,
      businessUnitId: command.businessUnitId,
      executingDepartmentIds: [...command.executingDepartmentIds],
      jointDepartmentIds: [...command.jointDepartmentIds],
      items,
      window: { from: command.window.from, to: command.window.to },
      classes,
      specialCampaign: command.specialCampaign,
      setUpOn: command.setUpOn,
      taskRules: TASK_RULES,
    },
  };
}

/** 004 §4(5): one 实施方案 per task, filed with the superior department (上一级主管部门) and, where named, the same-level government. */
function fileImplementationPlan(
  command: FileImplementationPlan,
  task: TaskSetUp['data'],
  filed: { readonly filedTo: string; readonly filedOn: string } | null,
): ImplementationPlanFiled {
  if (filed) throw new IllegalStateError(`the implementation plan of task ${task.taskId} was filed with ${filed.filedTo} on ${filed.filedOn}`, 'filedOn');
  const summary = command.summary.trim();
  if (!summary) throw new ValidationError('the implementation plan needs its summary: ratio or count, people, method, dates, handling of results', 'summary');
  const filedTo = command.filedTo.trim();
  if (command.superiorId !== null && filedTo !== command.superiorId) {
    throw new ValidationError(`the implementation plan is filed with ${command.superiorId}, the superior department of ${task.departmentId}`, 'filedTo');
  }
  if (!filedTo) throw new ValidationError('name the body the implementation plan is filed with', 'filedTo');
  if (command.filedOn < task.setUpOn) throw new ValidationError(`filedOn ${command.filedOn} is before the task was set up (${task.setUpOn})`, 'filedOn');
  const alsoFiledWith = command.alsoFiledWith?.trim() || null;
  return {
    type: 'ImplementationPlanFiled',
    data: {
      taskId: task.taskId,
      departmentId: task.departmentId,
      summary,
      filedTo,
      alsoFiledWith,
      filedOn: command.filedOn,
      dueOn: implementationPlanDueOn(task),
    },
  };
}

/** The task's items are items of the plan version in force, cited with the checklist version and category the plan rests on. */
function checkItems({ itemIds, checklist }: SetUpTask, plan: PlanInForce): TaskItem[] {
  if (itemIds.length === 0) throw new ValidationError('a task names at least one checklist item of the plan', 'itemIds');
  if (!checklist) throw new NotFoundError(`the checklist version plan ${plan.planId} is based on is not published`, 'planId');
  const seen = new Set<string>();
  return itemIds.map((itemId, i) => {
    if (seen.has(itemId)) throw new ValidationError(`item ${itemId} is named twice`, `itemIds.${i}`);
    seen.add(itemId);
    const planned = plan.items.find((p) => p.itemId === itemId);
    if (!planned) throw new ValidationError(`item ${itemId} is not an item of version ${plan.version} of plan ${plan.planId}`, `itemIds.${i}`);
    const listed = checklist.items.find((c) => c.itemId === itemId);
    if (!listed) throw new ValidationError(`item ${itemId} is not on checklist version ${checklist.version}`, `itemIds.${i}`);
    return { itemId, checklistVersion: planned.checklistVersion, category: listed.category };
  });
}

function checkWindow({ window, itemIds, setUpOn }: SetUpTask, plan: PlanInForce): void {
  if (window.from > window.to) throw new ValidationError(`the window ${window.from}–${window.to} ends before it starts`, 'window');
  if (setUpOn > window.to) throw new ValidationError(`the window ${window.from}–${window.to} has ended by ${setUpOn}, when the task is set up`, 'window');
  for (const itemId of itemIds) {
    const planned = plan.items.find((p) => p.itemId === itemId);
    if (planned && !planned.windows.some((w) => w.from <= window.from && window.to <= w.to)) {
      throw new ValidationError(
        `the window ${window.from}–${window.to} lies outside the plan's timing for item ${itemId} (${planned.windows.map((w) => `${w.from}–${w.to}`).join(', ')})`,
        'window',
      );
    }
  }
}

function checkClasses(classes: readonly TargetClass[], items: readonly TaskItem[], { checklist, specialCampaign }: SetUpTask, plan: PlanInForce): void {
  if (classes.length === 0) throw new ValidationError('a task draws at least one class of targets', 'classes');
  const strictest = strictestRatioCap(items, checklist);
  const seen = new Set<string>();
  classes.forEach((c, i) => {
    const at = `classes.${i}`;
    if (seen.has(c.classId)) throw new ValidationError(`class ${c.classId} is named twice`, `${at}.classId`);
    seen.add(c.classId);
    if (!c.label.trim()) throw new ValidationError(`class ${c.classId} needs a label`, `${at}.label`);
    // 002 §18: each class at its own ratio or count
    if ((c.ratio === null) === (c.count === null)) throw new ValidationError(`class ${c.classId} must give exactly one of ratio and count`, at);
    if (c.ratio !== null) {
      if (!(c.ratio > 0 && c.ratio <= 100))
        throw new ValidationError(`the ratio of class ${c.classId} must be a percentage above 0 and at most 100`, `${at}.ratio`);
      if (strictest && c.ratio > strictest.cap) {
        throw new ValidationError(
          `class ${c.classId} draws ${c.ratio}%, above the cap of ${strictest.cap}% of general item ${strictest.itemId}`,
          `${at}.ratio`,
        );
      }
      const planned = plannedRatioOfClass(c, items, plan.items, specialCampaign);
      if (planned && c.ratio > planned.cap) {
        throw new ValidationError(
          `class ${c.classId} draws ${c.ratio}%, above the ratio of ${planned.cap}% the plan sets for general item ${planned.itemId} (002 §14, §18)`,
          `${at}.ratio`,
        );
      }
    }
    if (c.count !== null && !(Number.isInteger(c.count) && c.count >= 1))
      throw new ValidationError(`the count of class ${c.classId} must be a whole number of at least 1`, `${at}.count`);
    // 000 §16: trustworthy targets may be skipped or drawn less — never more
    if (c.trustworthyRatio !== null) {
      const within = c.ratio !== null ? c.trustworthyRatio < c.ratio : c.trustworthyRatio <= 100;
      if (!(c.trustworthyRatio >= 0 && within)) {
        throw new ValidationError(
          c.ratio !== null
            ? `the trustworthy ratio of class ${c.classId} must be at least 0 and below its ratio of ${c.ratio}%`
            : `the trustworthy ratio of class ${c.classId} must be a percentage from 0 to 100`,
          `${at}.trustworthyRatio`,
        );
      }
    }
    // 002 §15: many complaints call for more inspection, never less
    const complaintsRatio = c.complaintsRatio ?? null;
    if (complaintsRatio !== null) {
      const above = c.ratio !== null ? complaintsRatio > c.ratio : complaintsRatio > 0;
      if (!(above && complaintsRatio <= 100)) {
        throw new ValidationError(
          c.ratio !== null
            ? `the ratio for targets with many complaints in class ${c.classId} must be above its ratio of ${c.ratio}% and at most 100% (002 §15)`
            : `the ratio for targets with many complaints in class ${c.classId} must be a percentage above 0 and at most 100 (002 §15)`,
          `${at}.complaintsRatio`,
        );
      }
    }
    const f = c.filter;
    if (
      f &&
      f.subjectTypes.length + f.scales.length + f.industries.length + f.areaCodes.length + (f.creditGrades ?? []).length === 0 &&
      f.subRegistryId === null
    ) {
      throw new ValidationError(`class ${c.classId} is directional but filters on nothing; give no filter for a non-directional draw`, `${at}.filter`);
    }
  });
}

/**
 * 002 §15, 003 §2(4): the plan's per-grade ratios of the task's items become the class's grade
 * strata. A target drawn once is inspected for every item of the task, so for each grade the
 * highest ratio any of the items gives it is taken; a worse grade is then never drawn at less than
 * a better one, and no grade above the strictest cap of the task's general items (002 §9) nor above
 * the plan's ratio for that grade of its general items (002 §14; none for a special campaign).
 */
export function gradeRatiosFromPlan(items: readonly TaskItem[], plan: PlanInForce, command: Pick<SetUpTask, 'checklist' | 'specialCampaign'>): GradeRatio[] {
  const { checklist } = command;
  const highest = new Map<GradeRatio['grade'], number>();
  for (const item of items) {
    for (const { grade, ratio } of plan.items.find((p) => p.itemId === item.itemId)?.riskRatios ?? [])
      highest.set(grade, Math.max(highest.get(grade) ?? 0, ratio));
  }
  const cap = strictestRatioCap(items, checklist)?.cap ?? 100;
  let floor = 0;
  return CREDIT_RISK_GRADES.flatMap((grade) => {
    const ratio = highest.get(grade);
    if (ratio === undefined) return [];
    floor = Math.max(floor, ratio);
    const planned = command.specialCampaign ? 100 : (strictestPlannedRatio(items, plan.items, grade)?.cap ?? 100);
    return [{ grade, ratio: Math.min(floor, cap, planned) }];
  });
}

/**
 * 000 §16, 002 §15: the plan may draw trustworthy (守信) targets at a lower ratio; a class that
 * names none takes it. A target drawn once is inspected for every item of the task, so the ratio is
 * lowered only when the plan lowers it for every one of the task's items, and then to the highest
 * of their trustworthy ratios. A ratio that would not be below the class's own is no reduction: none.
 */
export function trustworthyRatioFromPlan(c: Pick<TargetClass, 'ratio'>, items: readonly TaskItem[], plan: PlanInForce): number | null {
  const ratios = items.map((item) => plan.items.find((p) => p.itemId === item.itemId)?.trustworthyRatio ?? null);
  if (ratios.length === 0 || ratios.some((r) => r === null)) return null;
  const highest = Math.max(...(ratios as number[]));
  return c.ratio !== null && highest >= c.ratio ? null : highest;
}

/** A class's grade ratios, given or taken from the plan: each grade once, 0–100 %, within the cap, never less for a worse grade (002 §15). */
function checkGradeRatios(c: TargetClass, i: number, items: readonly TaskItem[], { checklist, specialCampaign }: SetUpTask, plan: PlanInForce): void {
  const at = `classes.${i}.gradeRatios`;
  const ratios = c.gradeRatios ?? [];
  const strictest = strictestRatioCap(items, checklist);
  const seen = new Set<string>();
  ratios.forEach(({ grade, ratio }, k) => {
    if (!(CREDIT_RISK_GRADES as readonly string[]).includes(grade)) throw new ValidationError(`${grade} is not a credit-risk grade (A–D)`, `${at}.${k}.grade`);
    if (seen.has(grade)) throw new ValidationError(`class ${c.classId} gives grade ${grade} two ratios`, `${at}.${k}.grade`);
    seen.add(grade);
    if (!(ratio >= 0 && ratio <= 100)) throw new ValidationError(`the ratio for grade ${grade} must be a percentage from 0 to 100`, `${at}.${k}.ratio`);
    if (strictest && ratio > strictest.cap) {
      throw new ValidationError(
        `class ${c.classId} draws grade ${grade} at ${ratio}%, above the cap of ${strictest.cap}% of general item ${strictest.itemId}`,
        `${at}.${k}.ratio`,
      );
    }
    const planned = specialCampaign ? null : strictestPlannedRatio(items, plan.items, grade);
    if (planned && ratio > planned.cap) {
      throw new ValidationError(
        `class ${c.classId} draws grade ${grade} at ${ratio}%, above the ratio of ${planned.cap}% the plan sets for grade ${grade} of general item ${planned.itemId} (002 §14, §15)`,
        `${at}.${k}.ratio`,
      );
    }
  });
  const byGrade = [...ratios].sort((a, b) => CREDIT_RISK_GRADES.indexOf(a.grade) - CREDIT_RISK_GRADES.indexOf(b.grade));
  byGrade.forEach((r, k) => {
    const better = byGrade[k - 1];
    if (better && r.ratio < better.ratio)
      throw new ValidationError(
        `class ${c.classId} draws grade ${r.grade} (${r.ratio}%) less than the lower-risk grade ${better.grade} (${better.ratio}%)`,
        at,
      );
  });
}

/**
 * DOMAIN.md 一单两库: a general item's ratio is strictly capped, a key item's is not. A class is
 * drawn for every item of the task, so the strictest cap of its general items binds it — as a
 * ratio at set-up, as a count when the pool is frozen (002 §9, §18).
 */
export function strictestRatioCap(items: readonly TaskItem[], checklist: CitedChecklist | null): { itemId: string; cap: number } | null {
  let strictest: { itemId: string; cap: number } | null = null;
  for (const item of items) {
    const listed = checklist?.items.find((c) => c.itemId === item.itemId);
    if (listed?.category === 'general' && listed.ratioCap !== null && (strictest === null || listed.ratioCap < strictest.cap))
      strictest = { itemId: item.itemId, cap: listed.ratioCap };
  }
  return strictest;
}

/**
 * 002 §14–15, §18: the annual plan sets each item's draw ratio (and per credit-risk grade, where it
 * gives one); a task implements the plan, so a class drawn for a general item draws no more than
 * the plan set for it — the strictest of the task's general items, as with the checklist's cap,
 * since a target drawn once is inspected for every item. A key item is outside the ratio limits
 * (002 §15). For a grade the plan gives no ratio of its own, the item's ratio binds. Checked as a
 * ratio at set-up, as a count when the pool is frozen.
 */
export function strictestPlannedRatio(
  items: readonly Pick<TaskItem, 'itemId' | 'category'>[],
  planned: readonly Pick<PlanItem, 'itemId' | 'ratio' | 'riskRatios'>[],
  grade: string | null = null,
): { itemId: string; cap: number } | null {
  let strictest: { itemId: string; cap: number } | null = null;
  for (const item of items) {
    if (item.category !== 'general') continue;
    const planItem = planned.find((p) => p.itemId === item.itemId);
    if (!planItem) continue;
    const ratio = (grade === null ? undefined : planItem.riskRatios.find((r) => r.grade === grade)?.ratio) ?? planItem.ratio;
    if (strictest === null || ratio < strictest.cap) strictest = { itemId: item.itemId, cap: ratio };
  }
  return strictest;
}

/**
 * The plan's ratio that binds a class (strictestPlannedRatio): none for a special campaign, which
 * 002 §15 takes out of the ratio and frequency limits; for a class of some credit-risk grades only
 * (a filter on grades, 000 §20), the plan's ratio for those grades — the most generous of them —
 * since those are the targets it draws.
 */
export function plannedRatioOfClass(
  c: Pick<TargetClass, 'filter'>,
  items: readonly Pick<TaskItem, 'itemId' | 'category'>[],
  planned: readonly Pick<PlanItem, 'itemId' | 'ratio' | 'riskRatios'>[],
  specialCampaign: boolean,
): { itemId: string; cap: number } | null {
  if (specialCampaign) return null;
  const grades = c.filter?.creditGrades ?? [];
  if (grades.length === 0) return strictestPlannedRatio(items, planned);
  let bound: { itemId: string; cap: number } | null = null;
  for (const grade of grades) {
    const forGrade = strictestPlannedRatio(items, planned, grade);
    if (forGrade && (bound === null || forGrade.cap > bound.cap)) bound = forGrade;
  }
  return bound;
}

/**
 * 000 §17: the owner executes the task itself or delegates it to departments below it.
 * 004 §2(4): a joint task is drawn once with other departments of the owner's level, each of
 * which then matches its own inspectors.
 */
function checkDepartments({ executingDepartmentIds, jointDepartmentIds, departments }: SetUpTask, ownerId: string): void {
  if (executingDepartmentIds.length === 0) throw new ValidationError('a task is executed by at least one department', 'executingDepartmentIds');
  const seen = new Set<string>();
  executingDepartmentIds.forEach((id, i) => {
    const at = `executingDepartmentIds.${i}`;
    if (seen.has(id)) throw new ValidationError(`department ${id} is named twice`, at);
    seen.add(id);
    const facts = departments[id];
    if (!facts) throw new ValidationError(`department ${id} is not registered`, at);
    if (id !== ownerId && !facts.superiors.includes(ownerId)) {
      throw new ForbiddenError(`${ownerId} may delegate its task only to departments below it, and ${id} is not one (000 §17)`, at);
    }
  });
  const ownerLevel = departments[ownerId]?.level;
  jointDepartmentIds.forEach((id, i) => {
    const at = `jointDepartmentIds.${i}`;
    if (id === ownerId) throw new ValidationError(`${id} owns the task; a joint department is another department`, at);
    if (seen.has(id)) throw new ValidationError(`department ${id} is named twice`, at);
    seen.add(id);
    const facts = departments[id];
    if (!facts) throw new ValidationError(`department ${id} is not registered`, at);
    if (facts.level !== ownerLevel)
      throw new ValidationError(`joint department ${id} is a ${facts.level} department, not a ${ownerLevel} one like ${ownerId}`, at);
    // 004 §2(4): departments of one people's government (本级人民政府) — the same administrative area
    const ownerArea = departments[ownerId]?.areaCode;
    if (ownerArea !== undefined && facts.areaCode !== ownerArea)
      throw new ValidationError(
        `joint department ${id} serves area ${facts.areaCode}, not ${ownerArea} like ${ownerId}: a joint task joins departments of one government (004 §2(4))`,
        at,
      );
  });
}

function normaliseClass(c: TargetClass): TargetClass {
  const f = c.filter;
  return {
    classId: c.classId,
    label: c.label.trim(),
    filter: f && {
      subjectTypes: [...f.subjectTypes],
      scales: [...f.scales],
      industries: [...f.industries],
      areaCodes: [...f.areaCodes],
      subRegistryId: f.subRegistryId,
      creditGrades: [...(f.creditGrades ?? [])],
    },
    ratio: c.ratio,
    count: c.count,
    trustworthyRatio: c.trustworthyRatio,
    gradeRatios: [...(c.gradeRatios ?? [])]
      .sort((a, b) => CREDIT_RISK_GRADES.indexOf(a.grade) - CREDIT_RISK_GRADES.indexOf(b.grade))
      .map(({ grade, ratio }) => ({ grade, ratio })),
    // recorded only when given, so tasks without it keep the shape they always had
    ...(c.complaintsRatio != null ? { complaintsRatio: c.complaintsRatio } : {}),
  };
}

/**
 * 002 §19: the confirmed list is locked, dispatched to the executing units and announced. Each
 * target goes to the executing department that owns it; one owned by none of them stays with
 * the task's owner. A joint department receives the whole list: it matches its own inspectors
 * to every target of the one inspection (004 §2(4)).
 */
function lock(command: LockTaskList, task: TaskSetUp['data']): TaskEvent[] {
  const { draw, drawId, lockedOn } = command;
  if (draw.status === 'none') throw new NotFoundError(`draw ${drawId} does not exist`, 'drawId');
  if (draw.taskId !== task.taskId) throw new ValidationError(`draw ${drawId} was drawn for task ${draw.taskId}, not for ${task.taskId}`, 'drawId');
  if (draw.status === 'voided') throw new IllegalStateError(`draw ${drawId} was voided; its list cannot be locked`, 'drawId');
  if (draw.status !== 'confirmed') throw new IllegalStateError(`draw ${drawId} is ${draw.status}, not confirmed; only a confirmed list is locked`, 'drawId');
  if (lockedOn < task.setUpOn) throw new ValidationError(`lockedOn ${lockedOn} is before the task was set up (${task.setUpOn})`, 'lockedOn');
  if (lockedOn > task.window.to) throw new ValidationError(`lockedOn ${lockedOn} is after the task's window ended (${task.window.to})`, 'lockedOn');

  const { taskId, departmentId } = task;
  const targets = draw.targets.map((t) => ({ targetId: t.targetId, classId: t.classId }));
  const targetIds = [...new Set(targets.map((t) => t.targetId))];
  const byDepartment = new Map<string, string[]>([...task.executingDepartmentIds, departmentId].map((id) => [id, []]));
  for (const targetId of targetIds) {
    const owner = command.targetOwners[targetId];
    const executing = owner && task.executingDepartmentIds.includes(owner) ? owner : departmentId;
    byDepartment.get(executing)?.push(targetId);
  }
  const dispatches = [...byDepartment].filter(([, ids]) => ids.length > 0);
  if (targetIds.length > 0) for (const joint of task.jointDepartmentIds) dispatches.push([joint, targetIds]);

  return [
    {
      type: 'TaskListLocked',
      data: {
        taskId,
        departmentId,
        drawId,
        targets,
        lockedOn,
        year: task.year,
        window: { ...task.window },
        itemIds: task.items.map((i) => i.itemId),
        jointDepartmentIds: [...task.jointDepartmentIds],
      },
    },
    ...dispatches.map(([executingDepartmentId, ids]): TaskEvent => ({
      type: 'TaskDispatched',
      data: { taskId, departmentId, executingDepartmentId, targetIds: ids, dispatchedOn: lockedOn },
    })),
    {
      type: 'TaskAnnounced',
      data: { taskId, departmentId, title: task.title, items: task.items, window: { ...task.window }, targetCount: targetIds.length, announcedOn: lockedOn },
    },
  ];
}

/**
 * 002 §28.4: results are published within 20 working days after the task completes, so the
 * task completes only when every dispatched target's inspection has ended: reported, or not
 * inspected because the target was unreachable, deregistered or revoked (counted as completed),
 * or handed over to the jurisdiction it moved to (002 §30).
 */
function complete(command: CompleteTask, state: Extract<TaskState, { status: 'set-up' | 'locked' }>): TaskEvent {
  const { task, lock } = state;
  if (!lock) throw new IllegalStateError(`the list of task ${task.taskId} is not locked; nothing has been dispatched to inspect`);
  if (state.completedOn) throw new IllegalStateError(`task ${task.taskId} was completed on ${state.completedOn}`);
  if (command.completedOn < lock.lockedOn) {
    throw new ValidationError(`completedOn ${command.completedOn} is before the list was locked (${lock.lockedOn})`, 'completedOn');
  }
  const outcomes = state.dispatched.map((targetId) => [targetId, command.inspections[targetId] ?? 'open'] as const);
  const open = outcomes.filter(([, outcome]) => outcome === 'open').map(([targetId]) => targetId);
  if (open.length > 0) {
    throw new IllegalStateError(
      `task ${task.taskId} cannot complete: the inspection of ${open.join(', ')} has not been reported, found unreachable or handed over (002 §28.4, §30)`,
    );
  }
  const having = (wanted: InspectionOutcome) => outcomes.filter(([, outcome]) => outcome === wanted).map(([targetId]) => targetId);
  return {
    type: 'TaskCompleted',
    data: {
      taskId: task.taskId,
      departmentId: task.departmentId,
      completedOn: command.completedOn,
      reported: having('reported'),
      unreachable: having('unreachable'),
      handedOver: having('handed-over'),
    },
  };
}

/** 002 §30: 由县局汇总后将名单上报市局 — once the task has completed, the list goes up once. */
function reportUnreachable(command: ReportUnreachableList, state: Extract<TaskState, { status: 'set-up' | 'locked' }>): TaskEvent {
  const { task } = state;
  if (!state.completedOn) throw new IllegalStateError(`task ${task.taskId} has not completed; its targets not inspected are reported once it has (002 §30)`);
  if (state.unreachableReportedOn) {
    throw new IllegalStateError(`the list of targets not inspected in task ${task.taskId} was reported on ${state.unreachableReportedOn}`);
  }
  if (state.unreachable.length === 0)
    throw new IllegalStateError(`every target of task ${task.taskId} was inspected or handed over; there is no list to report`);
  if (!command.cityBureauId) throw new IllegalStateError(`${task.departmentId} has no city bureau above it to report to (002 §30)`);
  if (command.reportedOn < state.completedOn) {
    throw new ValidationError(`reportedOn ${command.reportedOn} is before the task completed (${state.completedOn})`, 'reportedOn');
  }
  const targets = state.unreachable.map((targetId) => {
    const found = command.notInspected[targetId];
    if (!found) throw new IllegalStateError(`the inspection record of ${targetId} does not say why it was not inspected`);
    return { targetId, reason: found.reason, recordedOn: found.recordedOn };
  });
  return {
    type: 'UnreachableListReported',
    data: { taskId: task.taskId, departmentId: task.departmentId, reportedTo: command.cityBureauId, targets, reportedOn: command.reportedOn },
  };
}

/**
 * 004 §2(4): an invited department joins the joint task before its list is drawn, for items of its
 * own published checklist (each department keeps its own checklist, 004 §4(3)).
 */
function acceptJoint(command: AcceptJointTask, state: Extract<TaskState, { status: 'set-up' | 'locked' }>): TaskEvent {
  const { task } = state;
  const { jointDepartmentId } = command;
  if (!task.jointDepartmentIds.includes(jointDepartmentId)) {
    throw new ForbiddenError(
      `${jointDepartmentId} is not invited to task ${task.taskId} (joint departments: ${task.jointDepartmentIds.join(', ') || 'none'})`,
      'departmentId',
    );
  }
  const accepted = state.jointAcceptances[jointDepartmentId];
  if (accepted) throw new IllegalStateError(`${jointDepartmentId} accepted task ${task.taskId} on ${accepted.acceptedOn}`, 'departmentId');
  if (state.lock) {
    throw new IllegalStateError(
      `the list of task ${task.taskId} was locked on ${state.lock.lockedOn}; a joint department accepts before the draw (004 §2(4))`,
      'departmentId',
    );
  }
  if (command.acceptedOn < task.setUpOn) {
    throw new ValidationError(`acceptedOn ${command.acceptedOn} is before the task was set up (${task.setUpOn})`, 'acceptedOn');
  }
  if (command.itemIds.length === 0) throw new ValidationError('name at least one item of your own checklist the targets are inspected for', 'itemIds');
  const { checklist } = command;
  if (!checklist)
    throw new IllegalStateError(`${jointDepartmentId} has published no checklist; a joint department inspects under its own (004 §4(3))`, 'itemIds');
  const seen = new Set<string>();
  const items = command.itemIds.map((itemId, i): TaskItem => {
    if (seen.has(itemId)) throw new ValidationError(`item ${itemId} is named twice`, `itemIds.${i}`);
    seen.add(itemId);
    const listed = checklist.items.find((c) => c.itemId === itemId);
    if (!listed) throw new ValidationError(`item ${itemId} is not on version ${checklist.version} of ${jointDepartmentId}'s checklist`, `itemIds.${i}`);
    if (task.items.some((own) => own.itemId === itemId)) throw new ValidationError(`item ${itemId} is already an item of the task`, `itemIds.${i}`);
    return { itemId, checklistVersion: checklist.version, category: listed.category };
  });
  return {
    type: 'JointTaskAccepted',
    data: { taskId: task.taskId, departmentId: task.departmentId, jointDepartmentId, items, acceptedOn: command.acceptedOn },
  };
}

/** The joint departments that have not yet accepted the task: its draw waits for them (004 §2(4)). */
export function jointDepartmentsPending(state: TaskState): string[] {
  if (state.status === 'none') return [];
  return state.task.jointDepartmentIds.filter((id) => !state.jointAcceptances[id]);
}

/** Every item of a joint task's one form: the owner's, then each accepting department's (一对象一表单, 002 §24). */
export function itemsOnTheForm(state: TaskState): TaskItem[] {
  if (state.status === 'none') return [];
  return [...state.task.items, ...Object.values(state.jointAcceptances).flatMap((accepted) => accepted.items)];
}

function evolve(state: TaskState, event: TaskEvent): TaskState {
  switch (event.type) {
    case 'TaskSetUp':
      return {
        status: 'set-up',
        task: event.data,
        lock: null,
        dispatched: [],
        completedOn: null,
        unreachable: [],
        unreachableReportedOn: null,
        jointAcceptances: {},
        implementationPlan: null,
      };
    case 'JointTaskAccepted':
      if (state.status === 'none') return state;
      return {
        ...state,
        jointAcceptances: { ...state.jointAcceptances, [event.data.jointDepartmentId]: { items: event.data.items, acceptedOn: event.data.acceptedOn } },
      };
    case 'ImplementationPlanFiled':
      if (state.status === 'none') return state;
      return { ...state, implementationPlan: { filedTo: event.data.filedTo, filedOn: event.data.filedOn } };
    case 'TaskListLocked':
      if (state.status === 'none') return state;
      return { ...state, status: 'locked', lock: { drawId: event.data.drawId, lockedOn: event.data.lockedOn } };
    case 'TaskDispatched':
      if (state.status === 'none') return state;
      return { ...state, dispatched: [...new Set([...state.dispatched, ...event.data.targetIds])] };
    case 'TaskCompleted':
      if (state.status === 'none') return state;
      return { ...state, completedOn: event.data.completedOn, unreachable: event.data.unreachable };
    case 'UnreachableListReported':
      if (state.status === 'none') return state;
      return { ...state, unreachableReportedOn: event.data.reportedOn };
    case 'TaskAnnounced':
      return state;
    default:
      return assertNever(event);
  }
}

export const taskDecider: Decider<TaskState, TaskCommand, TaskEvent> = { initialState, decide, evolve };
