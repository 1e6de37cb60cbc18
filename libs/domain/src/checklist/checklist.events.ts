import { DomainEvent } from '../shared/decider';

/** 检查方式 — 书面检查 written, 实地核查 on-site, 网络监测 online monitoring, 抽样检测 sampling and testing. */
export const INSPECTION_METHODS = ['written', 'on-site', 'online-monitoring', 'sampling-testing'] as const;
export type InspectionMethod = (typeof INSPECTION_METHODS)[number];

/** 一般检查事项 (general: the draw ratio is capped) or 重点检查事项 (key: no upper limit). */
export const CHECKLIST_ITEM_CATEGORIES = ['general', 'key'] as const;
export type ChecklistItemCategory = (typeof CHECKLIST_ITEM_CATEGORIES)[number];

/** One 随机抽查事项 as it stands in a draft or a published version (000 §10, 002 §8–9). */
export interface ChecklistItem {
  readonly itemId: string;
  readonly name: string;
  readonly content: string;
  /** 依据 — the laws and rules the inspection rests on. */
  readonly legalBasis: string;
  /** 抽查主体 — the body that carries out the inspection. */
  readonly inspectingBody: string;
  readonly targetType: string;
  readonly methods: readonly InspectionMethod[];
  /** 检查人员资格限制 — qualifications an inspector must hold to be drawn for this item. */
  readonly qualifications: readonly string[];
  readonly category: ChecklistItemCategory;
  /** Upper limit of the draw ratio in percent for a general item; null for a key item. */
  readonly ratioCap: number | null;
}

export type ChecklistItemDrafted = DomainEvent<'ChecklistItemDrafted', { departmentId: string; item: ChecklistItem }>;
/** Carries the whole item as revised, so the draft is readable from the events alone. */
export type ChecklistItemRevised = DomainEvent<'ChecklistItemRevised', { departmentId: string; item: ChecklistItem }>;
export type ChecklistItemWithdrawn = DomainEvent<'ChecklistItemWithdrawn', { departmentId: string; itemId: string; reason: string | null }>;
/**
 * A publication freezes the complete item list of the version, so "item X of version N" is
 * readable from this one event (000 §10: the list is published and adjusted; DOMAIN.md: old
 * versions stay readable).
 */
export type ChecklistVersionPublished = DomainEvent<
  'ChecklistVersionPublished',
  {
    departmentId: string;
    version: number;
    /** Date of publication, YYYY-MM-DD. */
    publishedOn: string;
    /** Why the list was adjusted; null for the first version. */
    reason: string | null;
    items: ChecklistItem[];
    /**
     * The checklist rules the version was published under (`CHECKLIST_RULES`); absent on versions
     * published before the justice bureau's review was required, which read as dsr-checklist-1.
     */
    checklistRules?: string;
    /** The approving review of exactly these items (004 §4(3)); absent under dsr-checklist-1. */
    review?: { reviewNumber: number; reviewedOn: string; reviewingUnit: string; draftHash: string };
  }
>;

/** 合法性审核 — the outcome of the justice bureau's review of a draft (004 §4(3): 经市司法局审定后…公布). */
export const CHECKLIST_REVIEW_OUTCOMES = ['approved', 'returned'] as const;
export type ChecklistReviewOutcome = (typeof CHECKLIST_REVIEW_OUTCOMES)[number];

/**
 * The justice bureau (司法局) reviewed the draft for legality before publication (004 §4(3)). It
 * names the draft it saw by `draftHash` (`checklistDraftHash` of the draft's items), so a draft
 * changed after the review is recognised as unreviewed. A returned draft carries the reasons.
 */
export type ChecklistDraftReviewed = DomainEvent<
  'ChecklistDraftReviewed',
  {
    departmentId: string;
    /** 1, 2, … per department, in the order recorded. */
    reviewNumber: number;
    draftHash: string;
    /** The draft's item ids, sorted, for a reader of the event alone. */
    itemIds: string[];
    outcome: ChecklistReviewOutcome;
    /** Why the draft was returned; empty for an approval without remarks. */
    reasons: string[];
    /** The reviewer and the unit they review for (the justice bureau, or the legal unit acting for it). */
    reviewedBy: string;
    reviewingUnit: string;
    /** YYYY-MM-DD */
    reviewedOn: string;
  }
>;

export type ChecklistEvent = ChecklistItemDrafted | ChecklistItemRevised | ChecklistItemWithdrawn | ChecklistDraftReviewed | ChecklistVersionPublished;

export const checklistStream = (departmentId: string) => `checklist-${departmentId}`;
