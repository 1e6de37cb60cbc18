import { ChecklistItem, ChecklistReviewOutcome } from './checklist.events';

export interface DraftChecklistItem {
  readonly type: 'DraftChecklistItem';
  readonly departmentId: string;
  readonly item: ChecklistItem;
}

/** Replaces the draft item with the same id by this one. */
export interface ReviseChecklistItem {
  readonly type: 'ReviseChecklistItem';
  readonly departmentId: string;
  readonly item: ChecklistItem;
}

export interface WithdrawChecklistItem {
  readonly type: 'WithdrawChecklistItem';
  readonly departmentId: string;
  readonly itemId: string;
  readonly reason: string | null;
}

export interface PublishChecklistVersion {
  readonly type: 'PublishChecklistVersion';
  readonly departmentId: string;
  /** YYYY-MM-DD */
  readonly publishedOn: string;
  readonly reason: string | null;
}

/** The justice bureau's legality review of the draft as it now stands (004 §4(3)). */
export interface ReviewChecklistDraft {
  readonly type: 'ReviewChecklistDraft';
  readonly departmentId: string;
  readonly outcome: ChecklistReviewOutcome;
  readonly reasons: readonly string[];
  readonly reviewedBy: string;
  readonly reviewingUnit: string;
  /** YYYY-MM-DD */
  readonly reviewedOn: string;
}

export type ChecklistCommand = DraftChecklistItem | ReviseChecklistItem | WithdrawChecklistItem | ReviewChecklistDraft | PublishChecklistVersion;
