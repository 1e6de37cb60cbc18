/**
 * 一公开 — one target's result under a task, once the inspection is reported: published or
 * exempted by law, then corrected only with the principal head's signature, objected to and
 * reviewed, and the target's comments on its inspectors (DOMAIN.md, Inspection, report,
 * publication: 000 §24, §26, 002 §28.4, §29).
 * Stream `result-<taskId>-<targetId>`; the first event names the department that reported the
 * inspection. Dates are YYYY-MM-DD (China).
 */
import { DomainEvent } from '../shared/decider';

/** An item's result as published: the checklist item's name and the final result, no findings or evidence. */
export interface PublicItemResult {
  readonly itemId: string;
  readonly itemName: string;
  readonly result: 'compliant' | 'non-compliant' | 'not-applicable';
}

/**
 * What the public sees of a result (002 §28.4 结果公示, 000 §26): the target by name and credit
 * code, each item's result, the evaluation and the handling. Never the inspectors, the
 * representative (for an individual business, personal data, 000 §13), findings or evidence.
 */
export interface PublicResult {
  readonly targetName: string;
  readonly creditCode: string | null;
  readonly itemResults: PublicItemResult[];
  readonly conclusion: string;
  readonly handling: string;
}

export type ResultPublished = DomainEvent<
  'ResultPublished',
  { taskId: string; targetId: string; departmentId: string; publishedOn: string; publicResult: PublicResult }
>;

/** 依法依规不予公开 — the law exempts this result from publication (002 §28.4); the reason and its legal basis are recorded. */
export type PublicationExempted = DomainEvent<
  'PublicationExempted',
  { taskId: string; targetId: string; departmentId: string; reason: string; legalBasis: string; decidedOn: string }
>;

/**
 * 更正 — a published result is never edited; an error found later is corrected with the signature
 * of the unit's principal head and published next to the original (002 §29). `correctedResult`
 * is the whole result as it now stands; `objectionNumber` names the upheld objection that led to
 * it, null for a correction on the unit's own initiative.
 */
export type ResultCorrected = DomainEvent<
  'ResultCorrected',
  {
    taskId: string;
    targetId: string;
    departmentId: string;
    /** 1 for the result's first correction, then 2, … */
    correctionNumber: number;
    correctedOn: string;
    reason: string;
    correctedResult: PublicResult;
    /** The principal head (主要负责人) who signed the correction: an actor id. */
    signedBy: string;
    objectionNumber: number | null;
  }
>;

/** 异议 — the target objects to the published result; the review is due within 20 working days of receipt (002 §29). Numbered from 1 per result. */
export type ObjectionReceived = DomainEvent<
  'ObjectionReceived',
  { taskId: string; targetId: string; departmentId: string; objectionNumber: number; receivedOn: string; grounds: string; objector: string }
>;

/** 复查 — upheld means the result was wrong: a ResultCorrected follows in the same decision (002 §29). */
export type ObjectionReviewed = DomainEvent<
  'ObjectionReviewed',
  {
    taskId: string;
    targetId: string;
    departmentId: string;
    objectionNumber: number;
    reviewedOn: string;
    upheld: boolean;
    reasoning: string;
    reviewedBy: string;
  }
>;

/** The review fed back to the target, due within 15 working days of the review (002 §29). */
export type ObjectionReviewFedBack = DomainEvent<
  'ObjectionReviewFedBack',
  { taskId: string; targetId: string; departmentId: string; objectionNumber: number; fedBackOn: string; channel: 'direct' | 'post' }
>;

/**
 * 意见建议 — the target's comment on the inspectors, due within 10 working days of receiving the
 * feedback (000 §24). A later comment is still recorded, marked late; `deadline` is the last day
 * of the window and `provisional` says whether it was counted without an official holiday schedule.
 */
export type InspectorCommentReceived = DomainEvent<
  'InspectorCommentReceived',
  {
    taskId: string;
    targetId: string;
    departmentId: string;
    receivedOn: string;
    comment: string;
    inspectorIds: string[];
    deadline: string;
    provisional: boolean;
    late: boolean;
  }
>;

export type ResultEvent =
  ResultPublished | PublicationExempted | ResultCorrected | ObjectionReceived | ObjectionReviewed | ObjectionReviewFedBack | InspectorCommentReceived;

export const resultStream = (taskId: string, targetId: string) => `result-${taskId}-${targetId}`;
