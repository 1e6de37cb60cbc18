/**
 * What one event contributes to the global Merkle tree. docs/integrity.md ("Leaf bytes") specifies
 * the bytes exactly; keep the two in step.
 */
import type { RecordedEvent } from '@app/event-store';
import canonicalize from 'canonicalize';
import { sha256 } from './merkle';

/** The fields of one event that its leaf commits to. */
export interface LogLeaf {
  /** 0-based place of the event in the global order of the whole store — its leaf index. */
  readonly index: number;
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  /** The event's own chain hash (docs/event-envelope.md), which already covers its data and metadata. */
  readonly hash: string;
}

/**
 * RFC 8785 (JCS) canonical JSON of {hash, id, index, revision, stream}, as UTF-8. The store's own
 * position is left out because it differs between adapters; the leaf index is what orders the tree.
 */
export function logLeafBytes(leaf: LogLeaf): Buffer {
  return Buffer.from(logLeafText(leaf), 'utf8');
}

/** The leaf hash of RFC 9162 over logLeafBytes(leaf), without a Buffer in between. */
export function logLeafHash(leaf: LogLeaf): Buffer {
  // the leaf prefix 0x00 of RFC 9162 is U+0000 in UTF-8
  return sha256(`\u0000${logLeafText(leaf)}`);
}

function logLeafText(leaf: LogLeaf): string {
  if (!Number.isSafeInteger(leaf.index) || leaf.index < 0) throw new RangeError(`leaf index must be a non-negative integer, got ${leaf.index}`);
  if (!Number.isSafeInteger(leaf.revision) || leaf.revision < 0) throw new RangeError(`revision must be a non-negative integer, got ${leaf.revision}`);
  if (!/^[0-9a-f]{64}$/.test(leaf.hash)) throw new RangeError('hash must be 64 lowercase hex digits');
  // the keys in JCS order, integers and hex as JSON writes them, strings quoted by JSON.stringify as JCS does
  if (typeof leaf.stream === 'string' && typeof leaf.id === 'string' && typeof leaf.hash === 'string')
    return `{"hash":"${leaf.hash}","id":${JSON.stringify(leaf.id)},"index":${leaf.index},"revision":${leaf.revision},"stream":${JSON.stringify(leaf.stream)}}`;
  const text = canonicalize({ index: leaf.index, stream: leaf.stream, revision: leaf.revision, id: leaf.id, hash: leaf.hash });
  if (text === undefined) throw new Error('leaf cannot be serialised canonically');
  return text;
}

/** The leaf of the event at `index` in the global order. */
export function logLeafOf(index: number, event: Pick<RecordedEvent, 'stream' | 'revision' | 'id' | 'metadata'>): LogLeaf {
  return { index, stream: event.stream, revision: event.revision, id: event.id, hash: event.metadata.hash };
}
