/**
 * The Merkle tree over the global event order as one process sees it, with the signed tree heads
 * recorded in the same log. Leaf i is the i-th event of `readAll` forwards (docs/integrity.md,
 * "Leaf bytes"); `TreeHeadSigned` events are leaves like any other, so a head also commits to the
 * heads before it.
 */
import { RecordedEvent } from '@app/event-store';
import { MerkleNodes, MemoryMerkleNodes, MerkleTree, SignedTreeHead, logLeafBytes, logLeafOf } from '@app/integrity';
import { COSIGNATURES_STREAM_PREFIX, NotFoundError, TREE_HEADS_STREAM, TreeHeadData, ValidationError } from '@app/domain';

export interface InclusionProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly auditPath: string[];
  /** The root this process computes at treeSize from the log it holds; equals head.rootHash unless the log was changed. */
  readonly rootHash: string;
  readonly head: SignedTreeHead;
}

export interface ConsistencyProof {
  readonly from: SignedTreeHead;
  readonly to: SignedTreeHead;
  readonly proof: string[];
}

/**
 * Where a LogTree keeps its nodes, the leaf index of each event id and the signed heads: in memory
 * (below; tests and one-off tools) or in a file (LogTreeFile: every long-running process).
 */
export interface LogTreeStorage {
  readonly nodes: MerkleNodes;
  /** Leaf index of the newest event that is not itself a tree head or a cosignature; -1 before the first. */
  lastContentIndex: number;
  leafIndexOf(eventId: string): number | undefined;
  recordLeaf(eventId: string, index: number): void;
  /** A head recorded as leaf `leaf`. */
  recordHead(leaf: number, head: SignedTreeHead): void;
  headOfSize(treeSize: number): SignedTreeHead | null;
  latestHead(): SignedTreeHead | null;
  headCount(): number;
  headsNewestFirst(offset: number, limit: number): SignedTreeHead[];
}

export class MemoryLogTreeStorage implements LogTreeStorage {
  readonly nodes = new MemoryMerkleNodes();
  lastContentIndex = -1;
  private readonly indexById = new Map<string, number>();
  private readonly heads: SignedTreeHead[] = [];
  private readonly headBySize = new Map<number, SignedTreeHead>();

  leafIndexOf(eventId: string): number | undefined {
    return this.indexById.get(eventId);
  }

  recordLeaf(eventId: string, index: number): void {
    this.indexById.set(eventId, index);
  }

  recordHead(_leaf: number, head: SignedTreeHead): void {
    this.heads.push(head);
    if (!this.headBySize.has(head.treeSize)) this.headBySize.set(head.treeSize, head);
  }

  headOfSize(treeSize: number): SignedTreeHead | null {
    return this.headBySize.get(treeSize) ?? null;
  }

  latestHead(): SignedTreeHead | null {
    return this.heads.length > 0 ? this.heads[this.heads.length - 1] : null;
  }

  headCount(): number {
    return this.heads.length;
  }

  headsNewestFirst(offset: number, limit: number): SignedTreeHead[] {
    return this.heads
      .slice()
      .reverse()
      .slice(offset, offset + limit);
  }
}

export class LogTree {
  private readonly merkle: MerkleTree;

  constructor(private readonly storage: LogTreeStorage = new MemoryLogTreeStorage()) {
    this.merkle = new MerkleTree(storage.nodes);
  }

  get size(): number {
    return this.merkle.size;
  }

  add(event: RecordedEvent): void {
    const index = this.merkle.append(logLeafBytes(logLeafOf(this.merkle.size, event)));
    this.storage.recordLeaf(event.id, index);
    if (isTreeHead(event)) this.storage.recordHead(index, signedHeadOf(event.data as TreeHeadData));
    else if (!isCosignature(event)) this.storage.lastContentIndex = index;
  }

  rootAt(treeSize: number): string {
    return this.merkle.rootAt(treeSize).toString('hex');
  }

  /**
   * A head is due when an event other than a head or a witness's cosignature arrived after the
   * newest head's size. Without that rule each head would make the tree grow by one and call for
   * the next head forever — and each head a witness cosigns would call for another to cosign.
   */
  get headDue(): boolean {
    const latest = this.latestHead();
    return this.storage.lastContentIndex >= (latest?.treeSize ?? 0);
  }

  /** The head of exactly that size recorded in the log, or null. */
  headOfSize(treeSize: number): SignedTreeHead | null {
    return this.storage.headOfSize(treeSize);
  }

  latestHead(): SignedTreeHead | null {
    return this.storage.latestHead();
  }

  /** Newest first. */
  headsPage(offset: number, limit: number): { total: number; heads: SignedTreeHead[] } {
    return { total: this.storage.headCount(), heads: this.storage.headsNewestFirst(offset, limit) };
  }

  inclusion(eventId: string, treeSize?: number): InclusionProof {
    const head = this.publishedHead(treeSize, 'treeSize');
    const leafIndex = this.storage.leafIndexOf(eventId);
    if (leafIndex === undefined) throw new NotFoundError(`no event with id ${eventId} in the log`, 'eventId');
    if (leafIndex >= head.treeSize) {
      throw new ValidationError(
        `event ${eventId} is leaf ${leafIndex}; the head of size ${head.treeSize} covers leaves 0 to ${head.treeSize - 1} only — ask for a later head`,
        'treeSize',
      );
    }
    return {
      leafIndex,
      treeSize: head.treeSize,
      leafHash: this.merkle.leafHashAt(leafIndex).toString('hex'),
      auditPath: this.merkle.inclusionProof(leafIndex, head.treeSize).map(hex),
      rootHash: this.rootAt(head.treeSize),
      head,
    };
  }

  consistency(from: number, to: number): ConsistencyProof {
    const first = this.publishedHead(from, 'from');
    const second = this.publishedHead(to, 'to');
    if (first.treeSize > second.treeSize) throw new ValidationError(`from (${from}) must not be larger than to (${to})`, 'from');
    return { from: first, to: second, proof: this.merkle.consistencyProof(first.treeSize, second.treeSize).map(hex) };
  }

  /** The published head of that size, or the newest when no size is given. */
  private publishedHead(treeSize: number | undefined, field: string): SignedTreeHead {
    if (treeSize === undefined) {
      const latest = this.latestHead();
      if (!latest) throw new NotFoundError('no tree head has been signed yet', field);
      return latest;
    }
    const head = this.storage.headOfSize(treeSize);
    if (!head) throw new NotFoundError(`no signed tree head of size ${treeSize} has been published`, field);
    if (head.treeSize > this.size) throw new NotFoundError(`the head of size ${treeSize} covers more events than this log holds (${this.size})`, field);
    return head;
  }
}

/** A witness's cosignature (`TreeHeadCosigned`): it carries its own signature, like a head. */
export function isCosignature(event: Pick<RecordedEvent, 'stream'>): boolean {
  return event.stream.startsWith(COSIGNATURES_STREAM_PREFIX);
}

export function isTreeHead(event: Pick<RecordedEvent, 'stream' | 'type'>): boolean {
  return event.stream === TREE_HEADS_STREAM && event.type === 'TreeHeadSigned';
}

/** Exactly the five signed-head fields, in the shape the docs' verification scripts expect. */
export function signedHeadOf(data: TreeHeadData): SignedTreeHead {
  return { treeSize: data.treeSize, rootHash: data.rootHash, timestamp: data.timestamp, keyId: data.keyId, signature: data.signature };
}

function hex(hash: Buffer): string {
  return hash.toString('hex');
}
