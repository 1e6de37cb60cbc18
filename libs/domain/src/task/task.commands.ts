import { DrawOutcome } from '../draw/draw-outcome';
import { DepartmentLevel } from '../organisation/organisation.events';
import { CitedChecklist } from '../plan/plan.commands';
import { PlanItem } from '../plan/plan.events';
import { NotInspectedReason, TargetClass } from './task.events';

/** The plan a task is set up under, as its own stream holds it: an outside fact the handler loads. */
export interface PlanInForce {
  readonly planId: string;
  readonly departmentId: string;
  readonly year: number;
  /** The latest version of the plan. */
  readonly version: number;
  /** The latest version is published (004 §4(4)). */
  readonly isExecutable: boolean;
  /** When the latest version was published; null while it is not. */
  readonly publishedOn: string | null;
  readonly items: readonly PlanItem[];
}

/** A department named by the task, as the organisation registry knows it; null when not registered. */
export interface TaskDepartmentFacts {
  readonly level: DepartmentLevel;
  /** 行政区划: departments under one people's government share it. */
  readonly areaCode: string;
  /** Its superiors, nearest first. */
  readonly superiors: readonly string[];
}

/**
 * A class as the request gives it: a trustworthy ratio left out (undefined) is the plan's for the
 * task's items (trustworthyRatioFromPlan); null draws 守信 targets like the others.
 */
export type TargetClassRequest = Omit<TargetClass, 'trustworthyRatio'> & { readonly trustworthyRatio?: number | null };

export interface SetUpTask {
  readonly type: 'SetUpTask';
  readonly taskId: string;
  readonly planId: string;
  readonly year: number;
  readonly title: string;
  readonly businessUnitId: string | null;
  readonly executingDepartmentIds: readonly string[];
  readonly jointDepartmentIds: readonly string[];
  readonly itemIds: readonly string[];
  readonly window: { readonly from: string; readonly to: string };
  readonly classes: readonly TargetClassRequest[];
  readonly specialCampaign: boolean;
  /** YYYY-MM-DD */
  readonly setUpOn: string;
  /** null when no plan of that id is filed. */
  readonly plan: PlanInForce | null;
  /** The published checklist version the plan's latest version is based on; null when unreadable. */
  readonly checklist: CitedChecklist | null;
  /** Every department the task names (owner, executing, joint) by id; null for an unregistered one. */
  readonly departments: Readonly<Record<string, TaskDepartmentFacts | null>>;
  /** The business units of the owning department. */
  readonly businessUnitIds: readonly string[];
}

export interface LockTaskList {
  readonly type: 'LockTaskList';
  readonly drawId: string;
  /** YYYY-MM-DD */
  readonly lockedOn: string;
  /** What the draw's events amount to (`drawOutcome` over `draw-<drawId>`). */
  readonly draw: DrawOutcome;
  /** The department owning each drawn target today (its registration, moved by later transfers); null when not registered. */
  readonly targetOwners: Readonly<Record<string, string | null>>;
}

/** How a target's inspection stands, read from `inspection-<taskId>-<targetId>` by the handler. */
export type InspectionOutcome = 'open' | 'reported' | 'unreachable' | 'handed-over';

export interface CompleteTask {
  readonly type: 'CompleteTask';
  /** YYYY-MM-DD */
  readonly completedOn: string;
  /** Every dispatched target's inspection outcome; a target missing here has no inspection yet. */
  readonly inspections: Readonly<Record<string, InspectionOutcome>>;
}

export interface ReportUnreachableList {
  readonly type: 'ReportUnreachableList';
  readonly reportedOn: string;
  /** The city-level department above the task's department (or the department itself when it is one); null when there is none. */
  readonly cityBureauId: string | null;
  /** Why each target was not inspected and when that was recorded, from its inspection record; null for a target without one. */
  readonly notInspected: Readonly<Record<string, { readonly reason: NotInspectedReason; readonly recordedOn: string } | null>>;
}

export interface AcceptJointTask {
  readonly type: 'AcceptJointTask';
  readonly jointDepartmentId: string;
  readonly itemIds: readonly string[];
  /** YYYY-MM-DD */
  readonly acceptedOn: string;
  /** The joint department's latest published checklist version; null when it has published none. */
  readonly checklist: CitedChecklist | null;
}

/** 实施方案 filed with the superior department (004 §4(5)). */
export interface FileImplementationPlan {
  readonly type: 'FileImplementationPlan';
  readonly summary: string;
  readonly filedTo: string;
  readonly alsoFiledWith: string | null;
  /** YYYY-MM-DD */
  readonly filedOn: string;
  /** The nearest superior of the task's department, from the organisation registry; null for a top-level department. */
  readonly superiorId: string | null;
}

export type TaskCommand = SetUpTask | FileImplementationPlan | LockTaskList | CompleteTask | ReportUnreachableList | AcceptJointTask;
