/**
 * 随机抽查事项清单 — a department's checklist of what may be randomly inspected (000 §10–11,
 * 002 §8–9, 004 §4(3)). Staff edit a draft; publishing freezes the draft as the next version.
 * Adjusting the list when laws change is editing the draft and publishing again, so every
 * adjustment is itself published and earlier versions stay readable and citable by number.
 *
 * Before a version is published the justice bureau reviews the draft for legality (004 §4(3):
 * 经市司法局审定后通过市政府网站向社会公布). Under checklist rules dsr-checklist-2 publication needs
 * the latest review to approve exactly the draft being published: a draft changed after its
 * review is reviewed again. Versions published under dsr-checklist-1 (recorded without
 * `checklistRules`) stay as they were: the rule applies to what is decided now, never to the past.
 */
import { createHash } from 'node:crypto';
import { Decider, assertNever } from '../shared/decider';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { ChecklistCommand } from './checklist.commands';
import { ChecklistEvent, ChecklistItem, ChecklistReviewOutcome } from './checklist.events';

/** Versions published before the justice bureau's review was required. */
export const CHECKLIST_RULES_V1 = 'dsr-checklist-1';
/** A version is published only after an approving review of exactly its items (004 §4(3)). */
export const CHECKLIST_RULES = 'dsr-checklist-2';
export type ChecklistRules = typeof CHECKLIST_RULES_V1 | typeof CHECKLIST_RULES;

/** The rules a recorded publication was decided under. */
export const checklistRulesOf = (published: { checklistRules?: string }): ChecklistRules =>
  published.checklistRules === CHECKLIST_RULES ? CHECKLIST_RULES : CHECKLIST_RULES_V1;

export interface ChecklistReview {
  readonly reviewNumber: number;
  readonly draftHash: string;
  readonly outcome: ChecklistReviewOutcome;
  readonly reviewingUnit: string;
  readonly reviewedOn: string;
}

export interface PublishedChecklistVersion {
  readonly version: number;
  readonly publishedOn: string;
  readonly reason: string | null;
  readonly items: readonly ChecklistItem[];
}

export interface ChecklistState {
  /** Null until the first item is drafted. */
  readonly departmentId: string | null;
  /** The working copy: the last published version plus the edits since. */
  readonly draft: readonly ChecklistItem[];
  /** Every published version, oldest first; version N is at index N - 1. */
  readonly versions: readonly PublishedChecklistVersion[];
  /** Every review of a draft, oldest first. */
  readonly reviews: readonly ChecklistReview[];
}

const initialState: ChecklistState = { departmentId: null, draft: [], versions: [], reviews: [] };

/**
 * sha256 (hex) of the draft's items, normalised and sorted by item id: equal drafts hash
 * equally whatever the order of their edits, so a review names the draft it saw.
 */
export function checklistDraftHash(items: readonly ChecklistItem[]): string {
  const sorted = [...items].map(normalise).sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/** The latest review, if it approved the draft as it now stands; null otherwise. */
export function approvingReview(state: ChecklistState): ChecklistReview | null {
  const latest = state.reviews[state.reviews.length - 1];
  return latest && latest.outcome === 'approved' && latest.draftHash === checklistDraftHash(state.draft) ? latest : null;
}

/** The version in force, or null before the first publication. */
export const currentChecklistVersion = (state: ChecklistState): PublishedChecklistVersion | null => state.versions[state.versions.length - 1] ?? null;

/** A published version by number, or null when no such version was published. */
export const checklistVersion = (state: ChecklistState, version: number): PublishedChecklistVersion | null =>
  Number.isInteger(version) && version >= 1 ? (state.versions[version - 1] ?? null) : null;

function decide(command: ChecklistCommand, state: ChecklistState): ChecklistEvent[] {
  const { departmentId } = command;
  switch (command.type) {
    case 'DraftChecklistItem': {
      const item = checkItem(command.item);
      if (findItem(state.draft, item.itemId)) throw new IllegalStateError(`item ${item.itemId} is already in the draft; revise it instead`, 'itemId');
      return [{ type: 'ChecklistItemDrafted', data: { departmentId, item } }];
    }
    case 'ReviseChecklistItem': {
      const item = checkItem(command.item);
      const current = findItem(state.draft, item.itemId);
      if (!current) throw new NotFoundError(`item ${item.itemId} is not in the draft`, 'itemId');
      if (sameItem(current, item)) throw new ValidationError(`the revision of item ${item.itemId} changes nothing`, 'item');
      return [{ type: 'ChecklistItemRevised', data: { departmentId, item } }];
    }
    case 'WithdrawChecklistItem': {
      if (!findItem(state.draft, command.itemId)) throw new NotFoundError(`item ${command.itemId} is not in the draft`, 'itemId');
      return [{ type: 'ChecklistItemWithdrawn', data: { departmentId, itemId: command.itemId, reason: command.reason } }];
    }
    case 'ReviewChecklistDraft': {
      const previous = currentChecklistVersion(state);
      if (state.draft.length === 0) throw new IllegalStateError('the draft holds no items; there is nothing to review');
      if (previous && sameItems(previous.items, state.draft)) {
        throw new IllegalStateError(`the draft has not changed since version ${previous.version}; there is nothing to review`);
      }
      const reasons = command.reasons.map((reason) => reason.trim());
      if (reasons.some((reason) => !reason)) throw new ValidationError('a reason must not be empty', 'reasons');
      // 004 §4(3): a draft returned by the justice bureau is returned for stated reasons the department can act on
      if (command.outcome === 'returned' && reasons.length === 0) throw new ValidationError('a returned draft needs the reasons it was returned for', 'reasons');
      const draftHash = checklistDraftHash(state.draft);
      const latest = state.reviews[state.reviews.length - 1];
      if (latest && latest.draftHash === draftHash && latest.outcome === command.outcome) {
        throw new IllegalStateError(`review ${latest.reviewNumber} already ${command.outcome} this draft on ${latest.reviewedOn}`, 'outcome');
      }
      if (latest && command.reviewedOn < latest.reviewedOn) {
        throw new ValidationError(`reviewedOn ${command.reviewedOn} is before review ${latest.reviewNumber} (${latest.reviewedOn})`, 'reviewedOn');
      }
      return [
        {
          type: 'ChecklistDraftReviewed',
          data: {
            departmentId,
            reviewNumber: state.reviews.length + 1,
            draftHash,
            itemIds: state.draft.map((i) => i.itemId).sort(),
            outcome: command.outcome,
            reasons,
            reviewedBy: command.reviewedBy,
            reviewingUnit: command.reviewingUnit,
            reviewedOn: command.reviewedOn,
          },
        },
      ];
    }
    case 'PublishChecklistVersion': {
      const previous = currentChecklistVersion(state);
      if (state.draft.length === 0) throw new IllegalStateError('the draft holds no items; an empty checklist cannot be published');
      if (previous && sameItems(previous.items, state.draft)) {
        throw new IllegalStateError(`the draft has not changed since version ${previous.version}; there is nothing to publish`);
      }
      // 000 §10: the list is adjusted as laws change — a new version says why it was adjusted
      if (previous && !command.reason?.trim())
        throw new ValidationError(`version ${previous.version + 1} adjusts the checklist and needs the reason for the adjustment`, 'reason');
      if (previous && command.publishedOn < previous.publishedOn) {
        throw new ValidationError(`publishedOn ${command.publishedOn} is before version ${previous.version} (${previous.publishedOn})`, 'publishedOn');
      }
      const review = approvingReview(state);
      // 004 §4(3): 经市司法局审定后…公布 — published only as the justice bureau approved it
      if (!review) throw new IllegalStateError(unreviewedReason(state), 'review');
      if (command.publishedOn < review.reviewedOn) {
        throw new ValidationError(`publishedOn ${command.publishedOn} is before the approving review ${review.reviewNumber} (${review.reviewedOn})`, 'publishedOn');
      }
      const version = (previous?.version ?? 0) + 1;
      return [
        {
          type: 'ChecklistVersionPublished',
          data: {
            departmentId,
            version,
            publishedOn: command.publishedOn,
            reason: command.reason,
            items: [...state.draft],
            checklistRules: CHECKLIST_RULES,
            review: { reviewNumber: review.reviewNumber, reviewedOn: review.reviewedOn, reviewingUnit: review.reviewingUnit, draftHash: review.draftHash },
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

/** Why the draft may not be published yet (004 §4(3)). */
function unreviewedReason(state: ChecklistState): string {
  const latest = state.reviews[state.reviews.length - 1];
  if (!latest) return 'the draft has not been reviewed for legality by the justice bureau; it is published only once approved (004 §4(3))';
  if (latest.draftHash !== checklistDraftHash(state.draft)) {
    return `the draft changed after review ${latest.reviewNumber} (${latest.reviewedOn}); the justice bureau reviews it again before publication (004 §4(3))`;
  }
  return `review ${latest.reviewNumber} (${latest.reviewedOn}) returned the draft; it is published only once approved (004 §4(3))`;
}

/** The item's own rules; returns the item normalised. */
function checkItem(item: ChecklistItem): ChecklistItem {
  for (const field of ['name', 'content', 'legalBasis', 'inspectingBody', 'targetType'] as const) {
    // 000 §10: 明确事项名称、内容、依据
    if (!item[field].trim()) throw new ValidationError(`${field} must not be empty`, field);
  }
  if (item.methods.length === 0) throw new ValidationError('an item needs at least one inspection method', 'methods');
  if (new Set(item.methods).size !== item.methods.length) throw new ValidationError('an inspection method is listed twice', 'methods');
  if (new Set(item.qualifications).size !== item.qualifications.length) throw new ValidationError('a qualification is listed twice', 'qualifications');
  // DOMAIN.md 一单两库: key items have no upper limit on the draw ratio; general items a strict cap
  if (item.category === 'key' && item.ratioCap !== null)
    throw new ValidationError('a key item has no upper limit on the draw ratio; leave ratioCap out', 'ratioCap');
  if (item.category === 'general') {
    if (item.ratioCap === null) throw new ValidationError('a general item needs the upper limit of its draw ratio', 'ratioCap');
    if (!(item.ratioCap > 0 && item.ratioCap <= 100)) throw new ValidationError('ratioCap must be a percentage above 0 and at most 100', 'ratioCap');
  }
  return normalise(item);
}

/** The item with its fields in one fixed order, so equal items serialise equally. */
function normalise(item: ChecklistItem): ChecklistItem {
  const { itemId, name, content, legalBasis, inspectingBody, targetType, methods, qualifications, category, ratioCap } = item;
  return { itemId, name, content, legalBasis, inspectingBody, targetType, methods: [...methods], qualifications: [...qualifications], category, ratioCap };
}

const findItem = (items: readonly ChecklistItem[], itemId: string) => items.find((i) => i.itemId === itemId);

function sameItem(a: ChecklistItem, b: ChecklistItem): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

/** Same items with the same content, in any order. */
function sameItems(a: readonly ChecklistItem[], b: readonly ChecklistItem[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((item) => {
    const other = findItem(b, item.itemId);
    return other !== undefined && sameItem(item, other);
  });
}

function evolve(state: ChecklistState, event: ChecklistEvent): ChecklistState {
  const departmentId = state.departmentId ?? event.data.departmentId;
  switch (event.type) {
    case 'ChecklistItemDrafted':
      return { ...state, departmentId, draft: [...state.draft, event.data.item] };
    case 'ChecklistItemRevised':
      return { ...state, departmentId, draft: state.draft.map((i) => (i.itemId === event.data.item.itemId ? event.data.item : i)) };
    case 'ChecklistItemWithdrawn':
      return { ...state, departmentId, draft: state.draft.filter((i) => i.itemId !== event.data.itemId) };
    case 'ChecklistDraftReviewed': {
      const { reviewNumber, draftHash, outcome, reviewingUnit, reviewedOn } = event.data;
      return { ...state, departmentId, reviews: [...state.reviews, { reviewNumber, draftHash, outcome, reviewingUnit, reviewedOn }] };
    }
    case 'ChecklistVersionPublished': {
      const { version, publishedOn, reason, items } = event.data;
      return { ...state, departmentId, draft: items, versions: [...state.versions, { version, publishedOn, reason, items }] };
    }
    default:
      return assertNever(event);
  }
}

export const checklistDecider: Decider<ChecklistState, ChecklistCommand, ChecklistEvent> = { initialState, decide, evolve };
