/**
 * The checklist as the public and staff read it (000 §10: published to the public; every
 * adjustment published, old versions readable): one document per published version, frozen as
 * the event froze it; a summary per department listing its versions; and the staff's draft.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, update } from '@app/read-store';
import { ChecklistEvent, ChecklistItem, ChecklistReviewOutcome, checklistDraftHash } from '@app/domain';

export interface ChecklistVersionView {
  departmentId: string;
  version: number;
  publishedOn: string;
  reason: string | null;
  items: ChecklistItem[];
}

export interface ChecklistVersionSummary {
  version: number;
  publishedOn: string;
  reason: string | null;
  itemCount: number;
}

export interface ChecklistSummaryView {
  departmentId: string;
  currentVersion: number;
  versions: ChecklistVersionSummary[];
}

export interface ChecklistDraftView {
  departmentId: string;
  /** The published version the draft started from; null before the first publication. */
  basedOnVersion: number | null;
  /** True when items were drafted, revised or withdrawn since that version. */
  edited: boolean;
  items: ChecklistItem[];
  updatedAt: string;
  /** The justice bureau's latest review since the last publication (004 §4(3)); null when none. */
  latestReview: ChecklistDraftReviewView | null;
  /** The latest review approved the draft exactly as it now stands, so it may be published. */
  approvedForPublication: boolean;
}

export interface ChecklistDraftReviewView {
  reviewNumber: number;
  outcome: ChecklistReviewOutcome;
  reasons: string[];
  reviewedOn: string;
  reviewingUnit: string;
  draftHash: string;
}

/** Published versions by `${departmentId}:${version}`. */
export const CHECKLIST_VERSIONS = 'checklist-versions';
export const checklistVersionId = (departmentId: string, version: number) => `${departmentId}:${version}`;
/** One summary per department that has published at least once. */
export const CHECKLISTS = 'checklists';
export const CHECKLIST_DRAFTS = 'checklist-drafts';

type Draft = ChecklistDraftView | null;
const emptyDraft = (departmentId: string, at: string): ChecklistDraftView => ({
  departmentId,
  basedOnVersion: null,
  edited: false,
  items: [],
  updatedAt: at,
  latestReview: null,
  approvedForPublication: false,
});

const isApproved = (review: ChecklistDraftReviewView | null, items: readonly ChecklistItem[]) =>
  review !== null && review.outcome === 'approved' && review.draftHash === checklistDraftHash(items);

export const checklistsProjection: Projection = {
  name: 'checklists',
  eventTypes: ['ChecklistItemDrafted', 'ChecklistItemRevised', 'ChecklistItemWithdrawn', 'ChecklistDraftReviewed', 'ChecklistVersionPublished'],
  project(recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as ChecklistEvent;
    const at = recorded.metadata.recordedAt;
    const { departmentId } = event.data;
    const editDraft = (apply: (items: ChecklistItem[]) => ChecklistItem[]) =>
      update<ChecklistDraftView>(CHECKLIST_DRAFTS, departmentId, (current: Draft) => {
        const draft = { ...emptyDraft(departmentId, at), ...current };
        const items = apply(draft.items);
        return { ...draft, edited: true, items, updatedAt: at, approvedForPublication: isApproved(draft.latestReview, items) };
      });
    switch (event.type) {
      case 'ChecklistItemDrafted':
        return [editDraft((items) => [...items, event.data.item])];
      case 'ChecklistItemRevised':
        return [editDraft((items) => items.map((i) => (i.itemId === event.data.item.itemId ? event.data.item : i)))];
      case 'ChecklistItemWithdrawn':
        return [editDraft((items) => items.filter((i) => i.itemId !== event.data.itemId))];
      case 'ChecklistDraftReviewed': {
        const { reviewNumber, outcome, reasons, reviewedOn, reviewingUnit, draftHash } = event.data;
        const review: ChecklistDraftReviewView = { reviewNumber, outcome, reasons, reviewedOn, reviewingUnit, draftHash };
        return [
          update<ChecklistDraftView>(CHECKLIST_DRAFTS, departmentId, (current: Draft) => {
            const draft = { ...emptyDraft(departmentId, at), ...current };
            return { ...draft, latestReview: review, approvedForPublication: isApproved(review, draft.items) };
          }),
        ];
      }
      case 'ChecklistVersionPublished': {
        const { version, publishedOn, reason, items } = event.data;
        const summary: ChecklistVersionSummary = { version, publishedOn, reason, itemCount: items.length };
        return [
          update<ChecklistVersionView>(CHECKLIST_VERSIONS, checklistVersionId(departmentId, version), () => ({
            departmentId,
            version,
            publishedOn,
            reason,
            items,
          })),
          update<ChecklistSummaryView>(CHECKLISTS, departmentId, (current) => ({
            departmentId,
            currentVersion: version,
            versions: [...(current?.versions ?? []).filter((v) => v.version !== version), summary],
          })),
          update<ChecklistDraftView>(CHECKLIST_DRAFTS, departmentId, () => ({
            departmentId,
            basedOnVersion: version,
            edited: false,
            items,
            updatedAt: at,
            latestReview: null,
            approvedForPublication: false,
          })),
        ];
      }
    }
  },
};
