/**
 * 随机抽查事项清单 — a department's checklist of what may be randomly inspected (000 §10–11,
 * 002 §8–9, 004 §4(3)). Staff edit a draft; publishing freezes the draft as the next version.
 * Adjusting the list when laws change is editing the draft and publishing again, so every
 * adjustment is itself published and earlier versions stay readable and citable by number.
 */
import { Decider, assertNever } from '../shared/decider';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { ChecklistCommand } from './checklist.commands';
import { ChecklistEvent, ChecklistItem } from './checklist.events';

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
}

const initialState: ChecklistState = { departmentId: null, draft: [], versions: [] };

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
      const version = (previous?.version ?? 0) + 1;
      return [
        {
          type: 'ChecklistVersionPublished',
          data: { departmentId, version, publishedOn: command.publishedOn, reason: command.reason, items: [...state.draft] },
        },
      ];
    }
    default:
      return assertNever(command);
  }
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
    case 'ChecklistVersionPublished': {
      const { version, publishedOn, reason, items } = event.data;
      return { departmentId, draft: items, versions: [...state.versions, { version, publishedOn, reason, items }] };
    }
    default:
      return assertNever(event);
  }
}

export const checklistDecider: Decider<ChecklistState, ChecklistCommand, ChecklistEvent> = { initialState, decide, evolve };
