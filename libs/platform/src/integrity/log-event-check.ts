/**
 * The per-event half of `verify-log`: what one event's own hash and its leaf hash are, which needs
 * nothing but the event and its leaf index. It runs on worker threads for whole pages of stored
 * rows (log-verification.worker.ts), or in the verifying thread for events read through the port;
 * the order-dependent half (stream chains, the Merkle tree, the heads) is LogCheck's.
 */
import type { RecordedEvent } from '@app/event-store';
import { recomputeHash } from '@app/event-store/envelope';
import { StoredEventRow, StoredEventRows } from '@app/event-store/sqlite/stored-event-rows';
import { LogLeaf, SignedTreeHead, leafHash, logLeafHash } from '@app/integrity';
import { TreeHeadData } from '@app/domain';
import { isTreeHead, signedHeadOf } from './log-tree';

/** One event as the fold sees it: where it is, what it chains, and whether its content still gives its hash. */
export interface CheckedEvent {
  /** `<commit>/<prepare>`, as the report writes it. */
  readonly position: string;
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  /** The stored `metadata.hash` and `metadata.prevHash`, whatever they are. */
  readonly hash: string;
  readonly prevHash: string;
  /** The hash its content gives now ('not computable' if none), when that is not its stored hash. */
  readonly recomputed: string | null;
  readonly leafHash: Uint8Array;
  /** The head a `TreeHeadSigned` event carries. */
  readonly head: SignedTreeHead | null;
}

/** The stored rows from position `from` to `to`, the first of which is leaf `firstIndex`. */
export interface RowPage {
  readonly firstIndex: number;
  readonly from: number;
  readonly to: number;
}

/** The per-event results for a RowPage, in columns that cross a thread boundary cheaply. */
export interface HashedPage {
  /** The leaf fields of each row, row order. */
  readonly positions: number[];
  readonly ids: string[];
  readonly streams: string[];
  readonly revisions: number[];
  /** 32 bytes per row, row order. */
  readonly leafHashes: Uint8Array;
  readonly hashes: string[];
  readonly prevHashes: string[];
  /** [row in page, recomputed hash] for the rows whose content does not give their stored hash. */
  readonly recomputed: [number, string][];
  readonly heads: [number, SignedTreeHead][];
}

const HASH_SIZE = 32;

export function checkRecordedEvent(event: RecordedEvent, index: number): CheckedEvent {
  const { hash, prevHash } = event.metadata;
  const recomputed = ownHash(event);
  return {
    position: `${event.position.commit}/${event.position.prepare}`,
    stream: event.stream,
    revision: event.revision,
    id: event.id,
    hash,
    prevHash,
    recomputed: recomputed === hash ? null : recomputed,
    leafHash: leafHashOf(index, { stream: event.stream, revision: event.revision, id: event.id, hash }),
    head: isTreeHead(event) ? signedHeadOf(event.data as TreeHeadData) : null,
  };
}

/** What a worker does with a page: read its rows, parse each as the port would, and hash it. */
export function hashPage(reader: StoredEventRows, { firstIndex, from, to }: RowPage): HashedPage {
  const rows = reader.rowsBetween(from, to);
  const positions = rows.map((row) => row[0]);
  const ids = rows.map((row) => row[1]);
  const streams = rows.map((row) => row[2]);
  const revisions = rows.map((row) => row[3]);
  const leafHashes = new Uint8Array(rows.length * HASH_SIZE);
  const hashes: string[] = new Array<string>(rows.length);
  const prevHashes: string[] = new Array<string>(rows.length);
  const recomputed: [number, string][] = [];
  const heads: [number, SignedTreeHead][] = [];
  rows.forEach((row, i) => {
    const event = eventOf(row);
    const { hash, prevHash } = event.metadata;
    hashes[i] = hash;
    prevHashes[i] = prevHash;
    const own = ownHash(event);
    if (own !== hash) recomputed.push([i, own]);
    leafHashes.set(leafHashOf(firstIndex + i, { stream: event.stream, revision: event.revision, id: event.id, hash }), i * HASH_SIZE);
    if (isTreeHead(event)) heads.push([i, signedHeadOf(event.data as TreeHeadData)]);
  });
  return { positions, ids, streams, revisions, leafHashes, hashes, prevHashes, recomputed, heads };
}

/** The CheckedEvents of a page hashPage answered. */
export function checkedEventsOf(hashed: HashedPage): CheckedEvent[] {
  const recomputed = new Map(hashed.recomputed);
  const heads = new Map(hashed.heads);
  return hashed.positions.map((position, i) => ({
    position: `${position}/${position}`,
    stream: hashed.streams[i],
    revision: hashed.revisions[i],
    id: hashed.ids[i],
    hash: hashed.hashes[i],
    prevHash: hashed.prevHashes[i],
    recomputed: recomputed.get(i) ?? null,
    leafHash: hashed.leafHashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE),
    head: heads.get(i) ?? null,
  }));
}

/** The event the SQLite adapter's port would return for the row (its `toRecorded`), minus the position. */
function eventOf([position, id, stream, revision, type, schemaVersion, data, metadata]: StoredEventRow): Omit<RecordedEvent, 'position'> {
  try {
    return { id, stream, revision, type, schemaVersion, data: JSON.parse(data), metadata: JSON.parse(metadata) };
  } catch (error) {
    throw new Error(`the event at position ${position} cannot be read: ${(error as Error).message}`);
  }
}

function ownHash(event: Omit<RecordedEvent, 'position'>): string {
  try {
    return recomputeHash(event);
  } catch {
    return 'not computable';
  }
}

/** The leaf hash of an event's fields placed at `index`. */
export function leafHashOf(index: number, leaf: Omit<LogLeaf, 'index'>): Buffer {
  try {
    return logLeafHash({ index, stream: leaf.stream, revision: leaf.revision, id: leaf.id, hash: leaf.hash });
  } catch {
    // a stored hash that is not even 64 hex digits: the own-hash check reports it; the root must differ
    return leafHash(Buffer.from(`unreadable leaf ${index}`, 'utf8'));
  }
}
