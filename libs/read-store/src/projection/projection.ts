/**
 * A projection is a pure function from one recorded event to the changes it makes to read
 * models. Document changes are pure updates `(current | null) → next | null` (null deletes), so
 * the runner can load, fold and store documents in batches without the projection doing I/O.
 */
import { RecordedEvent } from '@app/event-store';

export type ReadChange =
  | {
      readonly kind: 'update';
      readonly collection: string;
      readonly id: string;
      readonly apply: (current: any) => unknown | null;
      /** The new document does not depend on the current one (`replace`): a batch need not read it first. */
      readonly replaces?: true;
    }
  | { readonly kind: 'incr'; readonly counter: string; readonly by: number }
  | { readonly kind: 'index-add'; readonly index: string; readonly member: string; readonly score: number }
  | { readonly kind: 'index-remove'; readonly index: string; readonly member: string }
  | { readonly kind: 'set-add' | 'set-remove'; readonly universe: string; readonly set: string; readonly member: string };

export interface Projection {
  readonly name: string;
  /** Event types this projection reads; every other event is skipped. */
  readonly eventTypes: readonly string[];
  project(event: RecordedEvent): ReadChange[];
}

export const update = <T>(collection: string, id: string, apply: (current: T | null) => T | null): ReadChange => ({ kind: 'update', collection, id, apply });
/** Writes the document whatever was there: a registration states its facts afresh, so nothing is read before it. */
export const replace = <T>(collection: string, id: string, document: T): ReadChange => ({
  kind: 'update',
  collection,
  id,
  apply: () => document,
  replaces: true,
});
export const incr = (counter: string, by = 1): ReadChange => ({ kind: 'incr', counter, by });
export const indexAdd = (index: string, member: string, score: number): ReadChange => ({ kind: 'index-add', index, member, score });
export const indexRemove = (index: string, member: string): ReadChange => ({ kind: 'index-remove', index, member });
export const setAdd = (universe: string, set: string, member: string): ReadChange => ({ kind: 'set-add', universe, set, member });
export const setRemove = (universe: string, set: string, member: string): ReadChange => ({ kind: 'set-remove', universe, set, member });
