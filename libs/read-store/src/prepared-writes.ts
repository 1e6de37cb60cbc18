/**
 * The rules every read store applies before it touches anything, so a bad write refuses the
 * whole batch instead of leaving part of it applied.
 */
import { IndexRangeOptions, ReadWrite } from './read-store.port';

/** A write that passed validation; puts carry their document already serialised. */
export type PreparedWrite = Exclude<ReadWrite, { op: 'put' }> | { readonly op: 'put'; readonly collection: string; readonly id: string; readonly json: string };

/** Throws an Error naming the first invalid write. */
export function prepareWrites(writes: readonly ReadWrite[]): PreparedWrite[] {
  return writes.map(prepareWrite);
}

function prepareWrite(write: ReadWrite, position: number): PreparedWrite {
  const invalid = (reason: string) => new Error(`read write #${position} (${write.op}): ${reason}`);
  switch (write.op) {
    case 'put': {
      const json = serialise(write.document);
      if (json === undefined) throw invalid('document is not JSON-serialisable');
      return { op: 'put', collection: write.collection, id: write.id, json };
    }
    case 'incr':
      if (!Number.isSafeInteger(write.by)) throw invalid(`increment ${write.by} is not a safe integer`);
      return write;
    case 'index-add':
      if (!Number.isFinite(write.score)) throw invalid(`score ${write.score} is not a finite number`);
      return write;
    case 'set-add':
    case 'set-remove':
      if (typeof write.member !== 'string' || write.member === '') throw invalid('member must be a non-empty string');
      if (typeof write.universe !== 'string' || write.universe === '' || typeof write.set !== 'string' || write.set === '')
        throw invalid('universe and set must be non-empty strings');
      return write;
    case 'delete':
    case 'index-remove':
      return write;
    default:
      throw invalid('unknown operation');
  }
}

function serialise(document: unknown): string | undefined {
  try {
    return JSON.stringify(document);
  } catch {
    return undefined; // circular structures and bigints
  }
}

export function validateRange({ min, max, offset, limit }: IndexRangeOptions): void {
  if (Number.isNaN(min) || Number.isNaN(max)) throw new RangeError('index range bounds must be numbers');
  if (offset !== undefined && !(Number.isSafeInteger(offset) && offset >= 0))
    throw new RangeError(`index range offset ${offset} must be a non-negative integer`);
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) throw new RangeError(`index range limit ${limit} must be a non-negative integer`);
}
