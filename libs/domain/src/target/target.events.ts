import { DomainEvent } from '../shared/decider';
import { TargetDetails } from './target-record';

/** 信用风险分类 — credit-risk grade, A (low risk) to D (high risk); draw ratios follow it (DOMAIN.md, Plans). */
export const CREDIT_GRADES = ['A', 'B', 'C', 'D'] as const;
export type CreditGrade = (typeof CREDIT_GRADES)[number];

/** Every status change records when it took effect and where the fact comes from. */
export interface StatusFact {
  readonly targetId: string;
  /** The day the change took effect, YYYY-MM-DD. */
  readonly effectiveDate: string;
  /** Where the fact comes from, e.g. 国家企业信用信息公示系统 or a document number. */
  readonly source: string;
}

/** First event of `target-<targetId>`: `departmentId` is the owning jurisdiction (谁管辖、谁维护, 000 §14). */
export type TargetRegistered = DomainEvent<'TargetRegistered', TargetDetails & { targetId: string; departmentId: string }>;
/** Only the fields that changed, with their earlier values beside them. */
export type TargetDetailsChanged = DomainEvent<
  'TargetDetailsChanged',
  { targetId: string; departmentId: string; changed: Partial<TargetDetails>; previous: Partial<TargetDetails> }
>;
export type TargetCreditGraded = DomainEvent<'TargetCreditGraded', StatusFact & { grade: CreditGrade; previousGrade: CreditGrade | null }>;
/** 列入经营异常名录 */
export type TargetListedAsAbnormal = DomainEvent<'TargetListedAsAbnormal', StatusFact & { reason: string }>;
/** 移出经营异常名录 */
export type TargetRemovedFromAbnormalList = DomainEvent<'TargetRemovedFromAbnormalList', StatusFact & { reason: string }>;
/** 列入严重违法失信名单 */
export type TargetListedAsSeriousViolator = DomainEvent<'TargetListedAsSeriousViolator', StatusFact & { reason: string }>;
/** 移出严重违法失信名单 */
export type TargetRemovedFromSeriousViolationList = DomainEvent<'TargetRemovedFromSeriousViolationList', StatusFact & { reason: string }>;
/** 受到行政处罚, identified by the penalty decision's number (行政处罚决定书文号). */
export type TargetPenalised = DomainEvent<'TargetPenalised', StatusFact & { decisionNumber: string }>;
/** 守信 — a trustworthy firm may be drawn less often or skipped (DOMAIN.md, Plans). */
export type TargetMarkedTrustworthy = DomainEvent<'TargetMarkedTrustworthy', StatusFact>;
export type TargetTrustworthyMarkRemoved = DomainEvent<'TargetTrustworthyMarkRemoved', StatusFact & { reason: string }>;
/** 注销 — the subject no longer exists; nothing is recorded after it. */
export type TargetDeregistered = DomainEvent<'TargetDeregistered', StatusFact>;
/** 吊销营业执照 */
export type TargetRevoked = DomainEvent<'TargetRevoked', StatusFact & { decisionNumber: string }>;
/** The target moves to another jurisdiction, which maintains it from then on (002 §30). */
export type TargetJurisdictionTransferred = DomainEvent<'TargetJurisdictionTransferred', StatusFact & { fromDepartmentId: string; toDepartmentId: string }>;
/** Enrolled in a specialised sub-registry (专项名录库) with its classification indicator values. */
export type TargetEnrolledInSubRegistry = DomainEvent<
  'TargetEnrolledInSubRegistry',
  { targetId: string; subRegistryId: string; values: Record<string, string>; effectiveDate: string }
>;

export type TargetEvent =
  | TargetRegistered
  | TargetDetailsChanged
  | TargetCreditGraded
  | TargetListedAsAbnormal
  | TargetRemovedFromAbnormalList
  | TargetListedAsSeriousViolator
  | TargetRemovedFromSeriousViolationList
  | TargetPenalised
  | TargetMarkedTrustworthy
  | TargetTrustworthyMarkRemoved
  | TargetDeregistered
  | TargetRevoked
  | TargetJurisdictionTransferred
  | TargetEnrolledInSubRegistry;

export const TARGET_EVENT_TYPES: readonly TargetEvent['type'][] = [
  'TargetRegistered',
  'TargetDetailsChanged',
  'TargetCreditGraded',
  'TargetListedAsAbnormal',
  'TargetRemovedFromAbnormalList',
  'TargetListedAsSeriousViolator',
  'TargetRemovedFromSeriousViolationList',
  'TargetPenalised',
  'TargetMarkedTrustworthy',
  'TargetTrustworthyMarkRemoved',
  'TargetDeregistered',
  'TargetRevoked',
  'TargetJurisdictionTransferred',
  'TargetEnrolledInSubRegistry',
];

export const targetStream = (targetId: string) => `target-${targetId}`;

/** An import of a file, recorded on `import-<sha256 of the file>` so the history shows who imported what. */
export type TargetsImported = DomainEvent<
  'TargetsImported',
  {
    departmentId: string;
    fileHash: string;
    fileName: string;
    format: 'csv' | 'xlsx';
    rows: number;
    registered: number;
    changed: number;
    unchanged: number;
  }
>;

export const importStream = (fileHash: string) => `import-${fileHash}`;
