import { DomainEvent } from '../shared/decider';

/** 信用风险分类 — credit-risk grades, A the lowest risk and D the highest. */
export const CREDIT_RISK_GRADES = ['A', 'B', 'C', 'D'] as const;
export type CreditRiskGrade = (typeof CREDIT_RISK_GRADES)[number];

/** 002 §15: ratios follow risk and credit — a draw ratio for targets of one credit-risk grade. */
export interface RiskRatio {
  readonly grade: CreditRiskGrade;
  /** Percent of the targets of that grade. */
  readonly ratio: number;
}

/** Which targets an item is drawn from: a description and the filters a directional draw applies (000 §20). */
export interface TargetScope {
  readonly description: string;
  readonly subjectTypes: readonly string[];
  readonly industries: readonly string[];
  readonly areaCodes: readonly string[];
  /** A specialised sub-registry (专项名录库) to draw from instead of the comprehensive one. */
  readonly subRegistry: string | null;
}

/** 抽查时间 — a period in which the item's draws and inspections take place, YYYY-MM-DD inclusive. */
export interface TimeWindow {
  readonly from: string;
  readonly to: string;
}

/** One checklist item as the plan covers it (000 §16, 002 §14). */
export interface PlanItem {
  /** The checklist item, cited by id and the published checklist version it belongs to. */
  readonly itemId: string;
  readonly checklistVersion: number;
  readonly scope: TargetScope;
  /** Draw ratio in percent. */
  readonly ratio: number;
  /** 抽查频次 — draws per year. */
  readonly frequency: number;
  readonly riskRatios: readonly RiskRatio[];
  /** 000 §16: trustworthy (守信) targets may be skipped or drawn less: their ratio in percent (0 skips them); null draws them like any other. */
  readonly trustworthyRatio: number | null;
  readonly windows: readonly TimeWindow[];
  readonly estimatedTargets: number;
}

/**
 * 002 §14: the split between the unified draws of higher levels (省级、市级统一抽查), the
 * county's unified draws and the department's own draws, as counts or as percentages.
 */
export interface DrawSplit {
  readonly unit: 'count' | 'percent';
  readonly provincial: number;
  readonly municipal: number;
  readonly county: number;
  readonly own: number;
}

/** What a plan version says; the same shape when filed and when adjusted. */
export interface PlanContent {
  /** The published checklist version the plan is based on. */
  readonly checklistVersion: number;
  readonly items: readonly PlanItem[];
  readonly split: DrawSplit;
}

export type PlanFiled = DomainEvent<'PlanFiled', { planId: string; departmentId: string; year: number; version: number; content: PlanContent }>;
/** 004 §4(4): a plan is executed only once published (公示). */
export type PlanPublished = DomainEvent<'PlanPublished', { planId: string; departmentId: string; year: number; version: number; publishedOn: string }>;
/** 002 §12: an adjustment is a new version; it must be published before any draw under it. */
export type PlanAdjusted = DomainEvent<'PlanAdjusted', { planId: string; departmentId: string; version: number; reason: string; content: PlanContent }>;
/** 备案 — 002 §12: the plan and its adjustments are filed with the superior; 000 §15: Hunan by the end of March. */
export type PlanFiledWithSuperior = DomainEvent<
  'PlanFiledWithSuperior',
  { planId: string; departmentId: string; version: number; superiorId: string; filedOn: string; deadline: string; onTime: boolean }
>;

export type PlanEvent = PlanFiled | PlanPublished | PlanAdjusted | PlanFiledWithSuperior;

export const planStream = (planId: string) => `plan-${planId}`;
