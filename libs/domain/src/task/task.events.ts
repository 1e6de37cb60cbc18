/**
 * 抽查任务 — a random-inspection task, set up under a published plan by the unit that owns the
 * plan, or delegated to a subordinate (DOMAIN.md, The double draw: 000 §17, 002 §16–17).
 * Stream `task-<taskId>`; the first event names the owning department.
 */
import { DomainEvent } from '../shared/decider';

/** The attributes a directional draw filters on (000 §20: 定向抽查); an empty list does not filter. */
export interface TargetFilter {
  readonly subjectTypes: readonly string[];
  readonly scales: readonly string[];
  readonly industries: readonly string[];
  readonly areaCodes: readonly string[];
  /** Draw from this specialised sub-registry (专项名录库) only. */
  readonly subRegistryId: string | null;
  /** 信用风险分类: only targets of these credit-risk grades (002 §15); absent or empty does not filter. */
  readonly creditGrades?: readonly string[];
}

/** A credit-risk grade drawn as a stratum of its own, at its own ratio in percent (002 §15, 003 §2(4)). */
export interface GradeRatio {
  readonly grade: 'A' | 'B' | 'C' | 'D';
  readonly ratio: number;
}

/** One class of targets a task draws, each at its own ratio or count, drawn one by one and then merged (002 §18). */
export interface TargetClass {
  readonly classId: string;
  readonly label: string;
  /** null: non-directional (不定向) — the whole registry of the executing departments. */
  readonly filter: TargetFilter | null;
  /** Exactly one of ratio (percent of the class's eligible pool) and count is set. */
  readonly ratio: number | null;
  readonly count: number | null;
  /** Trustworthy (守信) targets drawn at this reduced ratio in percent, 0 skips them; null draws them like the others (000 §16). */
  readonly trustworthyRatio: number | null;
  /**
   * 002 §15, 003 §2(4): targets of these credit-risk grades are drawn as strata of their own at these
   * ratios (`<classId>/grade-<G>`); ungraded targets and other grades stay with the class's ratio or
   * count. Set from the plan's per-grade ratios when the task is set up (or given by the task);
   * absent on tasks set up before grades drove the draw, which draw as before.
   */
  readonly gradeRatios?: readonly GradeRatio[];
  /**
   * 002 §15: targets with many complaints or tip-offs this year (MANY_COMPLAINTS inspections outside
   * the random regime that a complaint or tip-off prompted) are drawn as a stratum of their own at
   * this higher ratio in percent (`<classId>/complaints`), outside the ratio and frequency limits.
   * Absent or null: they are drawn with the rest of the class, as before this field existed.
   */
  readonly complaintsRatio?: number | null;
}

export interface TaskItem {
  readonly itemId: string;
  readonly checklistVersion: number;
  /** 重点 items are exempt from the draw limits (DOMAIN.md: key industries). */
  readonly category: 'general' | 'key';
}

export type TaskSetUp = DomainEvent<
  'TaskSetUp',
  {
    taskId: string;
    /** The department that owns the plan and the task. */
    departmentId: string;
    planId: string;
    planVersion: number;
    year: number;
    title: string;
    /** The business unit (业务科室) running the task inside the department; draws of another unit of the same department exclude its targets (000 §19). */
    businessUnitId: string | null;
    /** Departments that execute it: the owner itself, or subordinates it delegates to (000 §17). */
    executingDepartmentIds: string[];
    /** Other departments taking part in a joint task (004 §2(4)): one list drawn once, each matches its own inspectors. */
    jointDepartmentIds: string[];
    items: TaskItem[];
    window: { from: string; to: string };
    classes: TargetClass[];
    /** 专项行动 or an order from above: exempt from the draw limits (000 §19). */
    specialCampaign: boolean;
    setUpOn: string;
    /**
     * The task rules the task was set up under (`TASK_RULES`); absent on tasks set up before the
     * 实施方案 was required before the list is locked, which read as dsr-task-1.
     */
    taskRules?: string;
  }
>;

/**
 * 实施方案 — the implementation plan of one task, filed (备案) with the superior department before
 * the inspection is carried out (004 §4(5): 一项抽查一个方案 … 应于该抽查检查实施前报上一级主管部门和
 * 同级人民政府备案). Its content beyond the plan: the ratio or count, the people, the method, the
 * dates and the handling of results, kept here as the filed summary.
 */
export type ImplementationPlanFiled = DomainEvent<
  'ImplementationPlanFiled',
  {
    taskId: string;
    departmentId: string;
    summary: string;
    /** The superior department it was filed with (上一级主管部门). */
    filedTo: string;
    /** The same-level government it was also filed with (同级人民政府), where named. */
    alsoFiledWith: string | null;
    /** YYYY-MM-DD */
    filedOn: string;
    /** The day before the task's window opens: the last day it is filed on time (`implementationPlanDueOn`; docs/deadlines.md). */
    dueOn: string;
  }
>;

/** After the draw is confirmed the list is locked: it can no longer change (002 §19). */
export type TaskListLocked = DomainEvent<
  'TaskListLocked',
  {
    taskId: string;
    departmentId: string;
    drawId: string;
    targets: { targetId: string; classId: string }[];
    lockedOn: string;
    /**
     * The task's year, window, items and joint departments as locked, so the visits read model can
     * merge tasks on the same target (进一次门、查多项事) from this event alone. Optional only for
     * locks written before they were carried; the task decider always records them.
     */
    year?: number;
    window?: { from: string; to: string };
    itemIds?: string[];
    jointDepartmentIds?: string[];
  }
>;

/** The locked list handed to an executing department. */
export type TaskDispatched = DomainEvent<
  'TaskDispatched',
  { taskId: string; departmentId: string; executingDepartmentId: string; targetIds: string[]; dispatchedOn: string }
>;

/** 任务公告 — published automatically once the list is locked (002 §19). */
export type TaskAnnounced = DomainEvent<
  'TaskAnnounced',
  { taskId: string; departmentId: string; title: string; items: TaskItem[]; window: { from: string; to: string }; targetCount: number; announcedOn: string }
>;

/**
 * Every dispatched target's inspection has ended: reported, found unreachable or deregistered
 * (counted as completed, 002 §30), or handed over to its new jurisdiction. The 20-working-day
 * publication clock starts here (002 §28.4).
 */
export type TaskCompleted = DomainEvent<
  'TaskCompleted',
  {
    taskId: string;
    departmentId: string;
    completedOn: string;
    /** How the dispatched targets' inspections ended, by target. */
    reported: string[];
    unreachable: string[];
    handedOver: string[];
  }
>;

/** Why a target was not inspected (002 §30), as its inspection record says. */
export type NotInspectedReason = 'not-at-registered-address' | 'deregistered' | 'revoked';

/**
 * 002 §30: 由县局汇总后将名单上报市局 — the targets of a completed task that were not inspected
 * (unreachable at their registered address, deregistered or revoked), compiled by the task's
 * department and reported to the city bureau above it (or kept by a city bureau's own task).
 */
export type UnreachableListReported = DomainEvent<
  'UnreachableListReported',
  {
    taskId: string;
    departmentId: string;
    /** The city-level department the list goes to. */
    reportedTo: string;
    targets: { targetId: string; reason: NotInspectedReason; recordedOn: string }[];
    reportedOn: string;
  }
>;

/**
 * 004 §2(4), §4(5); 001 §1(5): a department invited to a joint task (联合抽查) accepts it before the
 * list is drawn, naming the items of its own published checklist it inspects the drawn targets for.
 * The one list is drawn once; each department matches its own inspectors; one visit covers every
 * department's items on one record.
 */
export type JointTaskAccepted = DomainEvent<
  'JointTaskAccepted',
  {
    taskId: string;
    /** The task's owner. */
    departmentId: string;
    jointDepartmentId: string;
    /** Items of the joint department's own checklist, cited with the published version. */
    items: TaskItem[];
    acceptedOn: string;
  }
>;

export type TaskEvent = TaskSetUp | ImplementationPlanFiled | TaskListLocked | TaskDispatched | TaskAnnounced | TaskCompleted | UnreachableListReported | JointTaskAccepted;

export const taskStream = (taskId: string) => `task-${taskId}`;
