/**
 * Turns the changes of a batch of events into the writes of one read-store commit: documents are
 * loaded once, folded through every update in event order, and written once in their final state.
 */
import { RecordedEvent } from '@app/event-store';
import { ReadStore, ReadWrite } from '../read-store.port';
import { Projection, ReadChange } from './projection';

/** For each event type, the projections that read it, in their order. */
export type ProjectionDispatch = ReadonlyMap<string, readonly Projection[]>;

export function dispatchOf(projections: readonly Projection[]): ProjectionDispatch {
  const byType = new Map<string, Projection[]>();
  for (const projection of projections)
    for (const type of new Set(projection.eventTypes)) {
      let list = byType.get(type);
      if (!list) byType.set(type, (list = []));
      list.push(projection);
    }
  return byType;
}

export async function writesForBatch(
  events: readonly RecordedEvent[],
  projections: readonly Projection[] | ProjectionDispatch,
  readStore: ReadStore,
): Promise<ReadWrite[]> {
  const dispatch = projections instanceof Map ? projections : dispatchOf(projections as readonly Projection[]);
  const changes: ReadChange[] = [];
  for (const event of events) {
    for (const projection of dispatch.get(event.type) ?? []) {
      for (const change of projection.project(event)) changes.push(change);
    }
  }
  const documents = await loadDocuments(changes, readStore);
  // Index entries and counters are folded too: the last write of an entry wins, increments add up
  // (registering 5,000 targets named their department's deadline entry 10,000 times).
  const entries = new Map<string, ReadWrite>();
  const counters = new Map<string, number>();
  const sets: ReadWrite[] = [];
  for (const change of changes) {
    switch (change.kind) {
      case 'update': {
        const key = documentKey(change.collection, change.id);
        documents.set(key, { collection: change.collection, id: change.id, document: change.apply(documents.get(key)?.document ?? null) });
        break;
      }
      case 'incr':
        counters.set(change.counter, (counters.get(change.counter) ?? 0) + change.by);
        break;
      case 'index-add':
        entries.set(entryKey(change.index, change.member), { op: 'index-add', index: change.index, member: change.member, score: change.score });
        break;
      case 'index-remove':
        entries.set(entryKey(change.index, change.member), { op: 'index-remove', index: change.index, member: change.member });
        break;
      case 'set-add':
      case 'set-remove':
        sets.push({ op: change.kind, universe: change.universe, set: change.set, member: change.member });
        break;
    }
  }
  const writes: ReadWrite[] = [];
  for (const { collection, id, document } of documents.values())
    writes.push(document === null ? { op: 'delete', collection, id } : { op: 'put', collection, id, document });
  for (const [counter, by] of counters) if (by !== 0) writes.push({ op: 'incr', counter, by });
  for (const entry of entries.values()) writes.push(entry);
  for (const set of sets) writes.push(set);
  return writes;
}

interface LoadedDocument {
  collection: string;
  id: string;
  document: unknown | null;
}

const documentKey = (collection: string, id: string) => `${collection}\u0000${id}`;
const entryKey = (index: string, member: string) => `${index}\u0000${member}`;

/** The documents the batch's updates read: not those whose first change in the batch replaces them whole. */
async function loadDocuments(changes: readonly ReadChange[], readStore: ReadStore): Promise<Map<string, LoadedDocument>> {
  const idsByCollection = new Map<string, Set<string>>();
  const replacedFirst = new Set<string>();
  for (const change of changes) {
    if (change.kind !== 'update') continue;
    let ids = idsByCollection.get(change.collection);
    if (!ids) idsByCollection.set(change.collection, (ids = new Set()));
    if (ids.has(change.id)) continue;
    ids.add(change.id);
    if (change.replaces) replacedFirst.add(documentKey(change.collection, change.id));
  }
  const loaded = new Map<string, LoadedDocument>();
  for (const [collection, idSet] of idsByCollection) {
    const ids = [...idSet].filter((id) => !replacedFirst.has(documentKey(collection, id)));
    if (ids.length === 0) continue;
    const documents = await readStore.getDocuments(collection, ids);
    ids.forEach((id, i) => loaded.set(documentKey(collection, id), { collection, id, document: documents[i] }));
  }
  return loaded;
}
