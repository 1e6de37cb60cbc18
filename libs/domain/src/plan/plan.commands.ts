import { ChecklistItem } from '../checklist/checklist.events';
import { PlanContent } from './plan.events';

/**
 * The published checklist version a plan cites, as the department's checklist stream holds it;
 * null when that version was never published. An outside fact: the handler loads it.
 */
export interface CitedChecklist {
  readonly version: number;
  readonly items: readonly ChecklistItem[];
}

export interface FilePlan {
  readonly type: 'FilePlan';
  readonly planId: string;
  readonly departmentId: string;
  readonly year: number;
  readonly content: PlanContent;
  readonly checklist: CitedChecklist | null;
}

export interface PublishPlan {
  readonly type: 'PublishPlan';
  /** YYYY-MM-DD */
  readonly publishedOn: string;
}

export interface AdjustPlan {
  readonly type: 'AdjustPlan';
  readonly reason: string;
  readonly content: PlanContent;
  readonly checklist: CitedChecklist | null;
}

export interface FilePlanWithSuperior {
  readonly type: 'FilePlanWithSuperior';
  /** The department's superior from the organisation registry; null for a province. */
  readonly superiorId: string | null;
  /** YYYY-MM-DD */
  readonly filedOn: string;
  /** The jurisdiction's filing deadline for this plan, YYYY-MM-DD (000 §15: Hunan, end of March). */
  readonly deadline: string;
}

export type PlanCommand = FilePlan | PublishPlan | AdjustPlan | FilePlanWithSuperior;
