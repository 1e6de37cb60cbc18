/**
 * The history index for oversight (DOMAIN.md, Oversight and assessment: 全程留痕、责任可溯): for
 * every task, target, inspector, plan and actor, the global log positions of every event that
 * belongs to it or names it, in log order. Queries read the positions here and the events
 * themselves from the log, so what a reader sees is what the log holds.
 *
 * Why an index and not a scan of the log per query: a target is named inside other streams'
 * events (a draw's selections and exclusions, the quota ledger, a task's locked list, a matching's
 * pools) that can list thousands of targets; finding them by scanning would read the whole log for
 * every request. Here each event is walked once, when it is projected.
 *
 * Each member carries a short summary — position, type, recordedAt, unit — so the type and time
 * filters and a unit head's scope are applied to the index alone; only the page asked for (or the
 * export being streamed) is read from the log. The score is the commit position, and the position
 * leads the member zero-padded, so equal scores (events of one commit) still sort in log order.
 */
import { RecordedEvent, formatPosition, parsePosition } from '@app/event-store';
import { Projection, ReadChange, indexAdd } from '@app/read-store';
import { EVENT_SCHEMA_VERSIONS } from '@app/domain';

export const HISTORY_ENTITIES = ['task', 'target', 'inspector', 'plan', 'actor'] as const;
export type HistoryEntity = (typeof HISTORY_ENTITIES)[number];

/** Positions of every event of one entity; member = `historyMember(event)`, score = commit position. */
export const historyIndex = (entity: HistoryEntity, id: string) => `history:${entity}:${id}`;

/** What the index knows of an event without reading it from the log. */
export interface HistoryMember {
  /** `"<commit>/<prepare>"`, as `formatPosition` writes it. */
  readonly position: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly unit: string;
}

/** uint64 positions have at most 20 digits; padding makes the member's text order the log order. */
const pad = (n: bigint) => n.toString().padStart(20, '0');

export function historyMember(event: RecordedEvent): string {
  // Types and instants hold no spaces; the unit comes last so it may.
  return `${pad(event.position.commit)}/${pad(event.position.prepare)} ${event.type} ${event.metadata.recordedAt} ${event.metadata.unit}`;
}

export function parseHistoryMember(member: string): HistoryMember {
  const [position, type, recordedAt, ...unit] = member.split(' ');
  return { position: formatPosition(parsePosition(position)), type, recordedAt, unit: unit.join(' ') };
}

/** Streams that belong to a task: its own, its draws `draw-<taskId>-d<n>`, matchings, inspections and results. */
const TASK_STREAM = /^(task|draw|matching|inspection|result)-/;
/** Draw ids are `<taskId>-d<n>` (apps/api/src/draws), which is how a draw event or a quota use finds its task. */
const DRAW_ID = /^(.+)-d\d+$/;

/** Fields, anywhere in an event's data, that name an entity by id; and fields holding lists of ids. */
const NAMING_FIELDS: Readonly<Record<Exclude<HistoryEntity, 'task' | 'actor'>, { one: readonly string[]; many: readonly string[] }>> = {
  target: { one: ['targetId', 'withTargetId'], many: ['targetIds'] },
  // personId: a matching's considered and excluded candidates, so oversight sees every draw a person stood in.
  inspector: { one: ['inspectorId', 'withInspectorId', 'replacesInspectorId', 'leaderId', 'personId'], many: ['inspectorIds'] },
  plan: { one: ['planId'], many: [] },
};

/** Lists of target ids whose field names are too generic to trust outside their own event type. */
function targetListsOf(type: string, data: Record<string, unknown>): unknown[] {
  switch (type) {
    case 'TargetsDrawn':
      return ((data.strata as { selected?: unknown }[] | undefined) ?? []).map((s) => s.selected);
    case 'TaskCompleted':
      return [data.reported, data.unreachable, data.handedOver];
    case 'MatchingPoolsFrozen':
      return [(data.neighbouring as { shortTargets?: unknown } | null | undefined)?.shortTargets];
    default:
      return [];
  }
}

function collect(value: unknown, one: readonly string[], many: readonly string[], into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const element of value) collect(element, one, many, into);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === 'string' && one.includes(key)) into.add(field);
    else if (Array.isArray(field) && many.includes(key)) addStrings(field, into);
    else collect(field, one, many, into);
  }
}

function addStrings(values: unknown, into: Set<string>): void {
  if (Array.isArray(values)) for (const value of values) if (typeof value === 'string') into.add(value);
}

function owningTask(event: RecordedEvent, data: Record<string, unknown>): string | null {
  if (event.type === 'QuotaConsumed' || event.type === 'QuotaReleased')
    return typeof data.drawId === 'string' ? (DRAW_ID.exec(data.drawId)?.[1] ?? null) : null;
  const family = TASK_STREAM.exec(event.stream)?.[1];
  if (!family || event.stream.startsWith('draw-limits-')) return null;
  if (typeof data.taskId === 'string') return data.taskId;
  if (family === 'task') return event.stream.slice('task-'.length);
  if (family === 'draw') return DRAW_ID.exec(event.stream.slice('draw-'.length))?.[1] ?? null;
  return null;
}

/** Every (entity, id) whose history this event belongs to. */
export function historyEntitiesOf(event: RecordedEvent): { entity: HistoryEntity; id: string }[] {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const named: Record<HistoryEntity, Set<string>> = { task: new Set(), target: new Set(), inspector: new Set(), plan: new Set(), actor: new Set() };
  named.actor.add(event.metadata.actorId);
  const task = owningTask(event, data);
  if (task) named.task.add(task);
  for (const entity of ['target', 'inspector', 'plan'] as const) {
    if (event.stream.startsWith(`${entity}-`)) named[entity].add(event.stream.slice(entity.length + 1));
    collect(data, NAMING_FIELDS[entity].one, NAMING_FIELDS[entity].many, named[entity]);
  }
  for (const list of targetListsOf(event.type, data)) addStrings(list, named.target);
  return HISTORY_ENTITIES.flatMap((entity) => [...named[entity]].map((id) => ({ entity, id })));
}

export const historyProjection: Projection = {
  name: 'history',
  // Every registered type, so a capability added later is in the history without touching this file.
  eventTypes: Object.keys(EVENT_SCHEMA_VERSIONS),
  project(event: RecordedEvent): ReadChange[] {
    const member = historyMember(event);
    const score = Number(event.position.commit);
    return historyEntitiesOf(event).map(({ entity, id }) => indexAdd(historyIndex(entity, id), member, score));
  },
};
