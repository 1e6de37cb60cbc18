/**
 * `cli verify-log`: re-reads the whole store in global order and checks (a) every event's own hash,
 * (b) every stream's chain, and (c) every signed tree head, recorded in the log or kept elsewhere,
 * against the root recomputed from the leaves and against the key. It names the first event that was
 * edited, deleted, reordered or inserted (docs/integrity.md, "Operations"; 全程留痕、责任可溯).
 *
 * The embedded store's rows are read as stored and hashed on worker threads, page by page, while
 * this thread reads on and folds the results in order (chains, tree, heads); any other store is read
 * through the port and hashed here. Both feed the same fold, so both give the same verdict.
 */
import { EventStore, GENESIS_HASH, Position, SqliteEventStore } from '@app/event-store';
import { availableParallelism } from 'node:os';
import { LogLeaf, SignedTreeHead, VerificationKey, verifyTreeHead } from '@app/integrity';
import { StoredEventRows } from '@app/event-store/sqlite/stored-event-rows';
import { CheckedEvent, HashedPage, RowPage, checkRecordedEvent, checkedEventsOf, leafHashOf } from './log-event-check';
import { Frontier, LeafHashes } from './leaf-hashes';
import { PageHashers, SpawnHasher, pageHashers } from './page-hashers';
import { LocatedEvent, StreamTails } from './stream-tails';
import { isCosignature } from './log-tree';

export type { LocatedEvent } from './stream-tails';

/** What most likely happened; `changed` when a signed root disagrees and no single cause was found. */
export type TamperKind = 'edited' | 'deleted' | 'reordered' | 'inserted' | 'forged-head' | 'changed';

export interface LogFinding {
  readonly kind: TamperKind;
  /** The event the finding names; null when it is about events missing at the end of the log. */
  readonly event: LocatedEvent | null;
  readonly leafIndex: number;
  /** For a root mismatch that could not be pinned to one event: the leaves it lies among. */
  readonly range?: { readonly from: number; readonly to: number };
  readonly detail: string;
}

export interface HeadCheck {
  readonly head: SignedTreeHead;
  readonly source: 'log' | 'given';
  readonly rootMatches: boolean;
  readonly signatureValid: boolean;
}

export interface LogVerification {
  readonly ok: boolean;
  readonly events: number;
  readonly streams: number;
  readonly keyId: string;
  readonly heads: readonly HeadCheck[];
  readonly first: LogFinding | null;
  readonly findings: readonly LogFinding[];
  /**
   * The largest signed size whose root matched, and how many leaves after it only their chains
   * cover, up to the last event that is not itself a head or a witness's cosignature (each carries
   * its own signature).
   */
  readonly coveredSize: number;
  readonly uncovered: number;
}

export interface LogVerificationOptions {
  /** Worker threads hashing the embedded store's rows; default: one per core; 0 hashes in this thread. */
  readonly workers?: number;
  /** How to start a worker (tests running from sources); default: the compiled worker file. */
  readonly spawnWorker?: SpawnHasher;
  /** Rows per page read and handed to a worker. */
  readonly pageSize?: number;
  /**
   * Called as the fold advances (a progress bar): the events checked so far and the share of the
   * log read, 0–1, by position (null when the store's head cannot be told).
   */
  readonly onProgress?: (events: number, fraction: number | null) => void;
}

const PAGE = 1000;
const STORED_ROWS_PAGE = 2000;
/** Pages being hashed per worker while this thread reads on: enough to keep every worker busy. */
const PAGES_IN_FLIGHT_PER_WORKER = 2;
/**
 * Leaves whose fields are kept for locating a root mismatch, besides those at head sizes. A search
 * runs over at most 2,048 + 128 leaves after the largest matching head, so this covers it as long as
 * the failing head sits within a few thousand leaves of its own size (the signer appends it right
 * after signing). Small enough that these objects die young instead of filling the old generation.
 */
const LEAF_WINDOW = 8_192;
/** Root mismatches over more leaves than this are reported as a range rather than searched. */
const INSERTION_SEARCH_LIMIT = 2048;
const SWAP_SEARCH_LIMIT = 128;

interface Leaf extends Omit<LogLeaf, 'index'> {
  readonly at: LocatedEvent;
}

export async function verifyLog(
  store: EventStore,
  key: VerificationKey,
  givenHeads: readonly SignedTreeHead[] = [],
  options: LogVerificationOptions = {},
): Promise<LogVerification> {
  const check = new LogCheck(key, givenHeads);
  // an in-memory database cannot be opened a second time: it is read through the port
  if (store instanceof SqliteEventStore && store.file !== ':memory:') await foldStoredRows(store, check, options);
  else await foldThroughPort(store, check, options.onProgress);
  return check.finish();
}

async function foldThroughPort(store: EventStore, check: LogCheck, onProgress?: LogVerificationOptions['onProgress']): Promise<void> {
  let from: Position | undefined;
  const head = onProgress ? await store.headPosition() : null;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: PAGE + (from ? 1 : 0) });
    const fresh = from ? page.slice(1) : page;
    for (const event of fresh) check.add(checkRecordedEvent(event, check.size));
    if (onProgress && fresh.length > 0) {
      const at = fresh[fresh.length - 1].position.commit;
      onProgress(check.size, head && head.commit > 0n ? Math.min(1, Number(at) / Number(head.commit)) : null);
    }
    if (fresh.length < PAGE) break;
    from = page[page.length - 1].position;
  }
}

/**
 * Splits the positions up to the newest at the start into ranges and has workers read and hash
 * them, each range through a connection of its own; folds the answers in order. The log is
 * verified as it stood when the run began: events appended meanwhile are for the next run.
 *
 * A leaf's hash includes its index, so a worker must know the index of its range's first row. The
 * store numbers its rows without gaps, so a range is sent with the index it has if no row before
 * it is missing; the fold, which counts the rows it actually got, hashes a range again with the
 * right index when that was not so (rows deleted from the file). Counting each range before
 * sending it read every row twice, on this thread: 19 % of a verification's time.
 */
async function foldStoredRows(store: SqliteEventStore, check: LogCheck, options: LogVerificationOptions): Promise<void> {
  const workers = options.workers ?? availableParallelism();
  const pageSize = options.pageSize ?? STORED_ROWS_PAGE;
  const positions = new StoredEventRows(store.file);
  let last: number;
  let first: number;
  try {
    last = positions.lastPosition() ?? -1;
    first = positions.positionAfter(-1) ?? 0;
  } catch (error) {
    positions.close();
    throw error;
  }
  const hashers: PageHashers = pageHashers(store.file, workers, options.spawnWorker);
  const inFlight: { page: RowPage; hashed: Promise<HashedPage> }[] = [];
  const foldOldest = async () => {
    const { page, hashed } = inFlight.shift()!;
    let answer = await hashed;
    // rows were missing before this range: its leaves have other indexes than it was hashed with
    if (page.firstIndex !== check.size) answer = await hashers.hash({ ...page, firstIndex: check.size });
    for (const event of checkedEventsOf(answer)) check.add(event);
    options.onProgress?.(check.size, last > first ? (page.to - first + 1) / (last - first + 1) : 1);
  };
  try {
    let assumedIndex = 0;
    // the port reads from position 0 on: so does this
    // each range starts at a row, so that a gap in the positions costs one step, not one range per page
    for (let from: number | null = positions.positionAfter(-1); from !== null && from <= last;) {
      const to = Math.min(from + pageSize - 1, last);
      const page: RowPage = { firstIndex: assumedIndex, from, to };
      const hashed = hashers.hash(page);
      // awaited in order below; a failure meanwhile must not count as unhandled
      hashed.catch(() => undefined);
      inFlight.push({ page, hashed });
      assumedIndex += to - from + 1;
      from = to < last ? positions.positionAfter(to) : null;
      while (inFlight.length >= Math.max(1, workers) * PAGES_IN_FLIGHT_PER_WORKER) await foldOldest();
    }
    while (inFlight.length > 0) await foldOldest();
  } finally {
    await hashers.close();
    positions.close();
  }
}

class LogCheck {
  private readonly tree = new LeafHashes();
  private readonly leaves = new LeafWindow(LEAF_WINDOW);
  private readonly tails = new StreamTails();
  /** Revisions found missing, by stream: the finding is reclassified if the revision turns up later. */
  private readonly missing = new Map<string, Map<number, { finding: LogFinding; index: number }>>();
  private readonly findings: LogFinding[] = [];
  private readonly heads: HeadCheck[] = [];
  private coveredSize = 0;
  /** Leaves up to and including the last event that is not a tree head. */
  private contentEnd = 0;

  constructor(
    private readonly key: VerificationKey,
    private readonly givenHeads: readonly SignedTreeHead[],
  ) {
    // a given head is checked at the end, and its mismatch is located among the leaves around its size
    for (const head of givenHeads) if (Number.isSafeInteger(head.treeSize)) this.leaves.pin(head.treeSize - 1, head.treeSize);
  }

  get size(): number {
    return this.tree.size;
  }

  add(event: CheckedEvent): void {
    const index = this.tree.size;
    const at: LocatedEvent = { position: event.position, leafIndex: index, stream: event.stream, revision: event.revision, id: event.id };
    this.checkOwnHash(event, at);
    this.checkChain(event, at);
    this.tree.append(event.leafHash);
    this.leaves.push({ stream: event.stream, revision: event.revision, id: event.id, hash: event.hash, at });
    if (event.head) this.checkHead(event.head, 'log', at);
    // a witness's cosignature carries its own signature, like a head: it needs no head to cover it
    else if (!isCosignature(event)) this.contentEnd = index + 1;
  }

  finish(): LogVerification {
    for (const head of this.givenHeads) this.checkHead(head, 'given', null);
    const findings = this.findings.slice().sort((a, b) => a.leafIndex - b.leafIndex);
    return {
      ok: findings.length === 0,
      events: this.tree.size,
      streams: this.tails.size,
      keyId: this.key.keyId,
      heads: this.heads,
      first: firstOf(findings),
      findings,
      coveredSize: this.coveredSize,
      uncovered: Math.max(0, this.contentEnd - this.coveredSize),
    };
  }

  private checkOwnHash(event: CheckedEvent, at: LocatedEvent): void {
    if (event.recomputed !== null) {
      this.report({
        kind: 'edited',
        event: at,
        leafIndex: at.leafIndex,
        detail: `its content no longer gives its stored hash (stored ${event.hash}, recomputed ${event.recomputed})`,
      });
    }
  }

  /** Revisions 0, 1, 2 … in global order, each chained onto its predecessor's hash. */
  private checkChain(event: CheckedEvent, at: LocatedEvent): void {
    const tail = this.tails.get(event.stream);
    const expected = tail ? tail.revision + 1 : 0;
    const gap = this.missing.get(event.stream)?.get(event.revision);
    if (gap) {
      // the revision that was missing turns up later in the log: it was moved, not deleted
      const moved: LogFinding = {
        ...gap.finding,
        kind: 'reordered',
        detail: `revision ${event.revision} of ${event.stream} should come before it, but is at position ${at.position}`,
      };
      this.findings[gap.index] = moved;
      this.missing.get(event.stream)!.delete(event.revision);
      return;
    }
    if (event.revision < expected) {
      this.report({
        kind: 'inserted',
        event: at,
        leafIndex: at.leafIndex,
        detail: `${event.stream} already had revision ${event.revision} (at position ${tail!.at.position} or before)`,
      });
      return;
    }
    if (event.revision > expected) {
      const finding: LogFinding = {
        kind: 'deleted',
        event: at,
        leafIndex: at.leafIndex,
        detail: `revision${event.revision - expected > 1 ? 's' : ''} ${expected}${event.revision - expected > 1 ? `–${event.revision - 1}` : ''} of ${event.stream} ${event.revision - expected > 1 ? 'are' : 'is'} missing before it`,
      };
      const gaps = this.missing.get(event.stream) ?? new Map<number, { finding: LogFinding; index: number }>();
      const slot = this.report(finding);
      for (let r = expected; r < event.revision; r++) gaps.set(r, { finding, index: slot });
      this.missing.set(event.stream, gaps);
    } else {
      const prevHash = tail ? tail.hash : GENESIS_HASH;
      if (event.prevHash !== prevHash) {
        const predecessor = tail?.at ?? at;
        this.report({
          kind: 'edited',
          event: predecessor,
          leafIndex: predecessor.leafIndex,
          detail: tail
            ? `the next event of ${event.stream} (revision ${event.revision} at position ${at.position}) was chained onto a different event: this one was changed and its hash recomputed`
            : `it is revision 0 but does not chain onto the genesis hash`,
        });
      }
    }
    this.tails.set(event.stream, { revision: event.revision, hash: event.hash, at });
  }

  private checkHead(head: SignedTreeHead, source: 'log' | 'given', at: LocatedEvent | null): void {
    const signatureValid = verifyTreeHead(head, this.key);
    const size = this.tree.size;
    const covered = head.treeSize <= size;
    const rootMatches = covered && Number.isSafeInteger(head.treeSize) && this.tree.rootAt(head.treeSize).toString('hex') === head.rootHash;
    this.heads.push({ head, source, rootMatches, signatureValid });
    const name = `the ${source === 'given' ? 'given ' : ''}head of size ${head.treeSize} signed ${head.timestamp}`;
    if (!signatureValid) {
      const leafIndex = at?.leafIndex ?? size;
      this.report({ kind: 'forged-head', event: at, leafIndex, detail: `${name} does not carry a valid signature of key ${this.key.keyId}` });
      return;
    }
    if (rootMatches) {
      this.coveredSize = Math.max(this.coveredSize, head.treeSize);
      // a later mismatch is looked for from here on
      this.leaves.pin(this.coveredSize);
      return;
    }
    if (!covered) {
      this.report(
        at
          ? { kind: 'reordered', event: at, leafIndex: at.leafIndex, detail: `${name} stands before events it covers: only ${size} events precede it` }
          : { kind: 'deleted', event: null, leafIndex: size, detail: `${name} covers ${head.treeSize} events; the log holds ${size}: events were removed` },
      );
      return;
    }
    this.report(this.locateRootMismatch(head, name));
  }

  /**
   * The leaves before the largest matching head are as signed, so the change lies among the leaves
   * after it. An inserted event is found by leaving each one out; a swap of two by swapping back.
   */
  private locateRootMismatch(head: SignedTreeHead, name: string): LogFinding {
    const from = this.coveredSize;
    const to = head.treeSize;
    // the searches need every leaf they move; beyond the window only a range can be named
    const searchable = (limit: number) => to - from <= limit && this.leaves.holdsAll(from, Math.min(this.tree.size, to + SWAP_SEARCH_LIMIT));
    const inserted = searchable(INSERTION_SEARCH_LIMIT) ? this.searchInsertion(from, to, head.rootHash) : null;
    if (inserted !== null) {
      const at = this.leaves.at(inserted)!.at;
      return { kind: 'inserted', event: at, leafIndex: inserted, detail: `${name} does not match the log; without this event it does` };
    }
    const swapped = searchable(SWAP_SEARCH_LIMIT) ? this.searchSwap(from, to, head.rootHash) : null;
    if (swapped !== null) {
      const [i, j] = swapped;
      const at = this.leaves.at(i)!.at;
      return {
        kind: 'reordered',
        event: at,
        leafIndex: i,
        detail: `${name} does not match the log; with this event and the one at position ${this.leaves.at(j)!.at.position} swapped back it does`,
      };
    }
    const first = this.leaves.at(from)?.at;
    const last = this.leaves.at(to - 1)?.at;
    return {
      kind: 'changed',
      event: first ?? null,
      leafIndex: from,
      range: { from, to },
      detail: `${name} does not match the log: an event among leaves ${from}–${to - 1} (positions ${first?.position}–${last?.position}) was edited, deleted, reordered or inserted`,
    };
  }

  private searchInsertion(from: number, to: number, root: string): number | null {
    if (this.tree.size <= to) return null;
    // leaf j of the tampered log sat at j − 1 before the insertion
    const shifted = (j: number) => leafHashOf(j - 1, this.leaves.at(j)!);
    const prefix = this.frontierTo(from);
    const shiftedHashes = new Map<number, Buffer>();
    for (let i = from; i < to; i++) {
      const candidate = prefix.clone();
      for (let j = i + 1; j <= to; j++) {
        if (!shiftedHashes.has(j)) shiftedHashes.set(j, shifted(j));
        candidate.append(shiftedHashes.get(j)!);
      }
      if (candidate.root().toString('hex') === root) return i;
      prefix.append(this.tree.leafHashAt(i));
    }
    return null;
  }

  private searchSwap(from: number, to: number, root: string): [number, number] | null {
    const prefix = this.frontierTo(from);
    const limit = Math.min(this.tree.size, to + SWAP_SEARCH_LIMIT);
    for (let i = from; i < to; i++) {
      for (let j = i + 1; j < limit; j++) {
        const candidate = prefix.clone();
        for (let k = i; k < to; k++) {
          const source = k === i ? j : k === j ? i : -1;
          candidate.append(source < 0 ? this.tree.leafHashAt(k) : leafHashOf(k, this.leaves.at(source)!));
        }
        if (candidate.root().toString('hex') === root) return [i, j];
      }
      prefix.append(this.tree.leafHashAt(i));
    }
    return null;
  }

  private frontierTo(size: number): Frontier {
    return this.tree.frontierAt(size);
  }

  private report(finding: LogFinding): number {
    this.findings.push(finding);
    return this.findings.length - 1;
  }
}

/**
 * The first tampering: an event the hashes or chains pin down, unless a signed root already
 * disagrees over leaves that all come before it.
 */
function firstOf(findings: readonly LogFinding[]): LogFinding | null {
  const precise = findings.find((f) => !f.range) ?? null;
  const vague = findings.find((f) => f.range) ?? null;
  if (precise && (!vague || precise.leafIndex < vague.range!.to)) return precise;
  return vague;
}

/**
 * The fields of the newest `capacity` leaves, and of the leaves pinned by index (those at head
 * sizes), for naming and searching around a root mismatch without keeping every leaf of the log.
 */
class LeafWindow {
  private readonly ring: (Leaf | undefined)[];
  private readonly pinned = new Map<number, Leaf | null>();
  private count = 0;

  constructor(private readonly capacity: number) {
    this.ring = new Array<Leaf | undefined>(capacity);
  }

  push(leaf: Leaf): void {
    const index = this.count++;
    this.ring[index % this.capacity] = leaf;
    if (this.pinned.has(index)) this.pinned.set(index, leaf);
  }

  /** Keeps these leaves, once they arrive if they have not yet, for as long as the fold runs. */
  pin(...indexes: number[]): void {
    for (const index of indexes) if (index >= 0 && !this.pinned.get(index)) this.pinned.set(index, this.at(index) ?? null);
  }

  at(index: number): Leaf | undefined {
    if (index >= this.count - this.capacity && index >= 0 && index < this.count) return this.ring[index % this.capacity];
    return this.pinned.get(index) ?? undefined;
  }

  /** Whether every leaf in [from, to) is still at hand. */
  holdsAll(from: number, to: number): boolean {
    return from >= Math.max(0, this.count - this.capacity) && to <= this.count;
  }
}
