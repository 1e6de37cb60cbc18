/**
 * The Merkle tree over the global event order as one process sees it, with the signed tree heads
 * recorded in the same log. Leaf i is the i-th event of `readAll` forwards (docs/integrity.md,
 * "Leaf bytes"); `TreeHeadSigned` events are leaves like any other, so a head also commits to the
 * heads before it.
 */
import { deserialize, serialize } from 'node:v8';
import { RecordedEvent } from '@app/event-store';
import { MerkleTree, SignedTreeHead, logLeafBytes, logLeafOf } from '@app/integrity';
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

export class LogTree {
  private readonly merkle = new MerkleTree();
  private readonly indexById = new Map<string, number>();
  private readonly heads: SignedTreeHead[] = [];
  private readonly headBySize = new Map<number, SignedTreeHead>();
  /** Leaf index of the newest event that is not itself a tree head; -1 before the first. */
  private lastContentIndex = -1;

  get size(): number {
    return this.merkle.size;
  }

  add(event: RecordedEvent): void {
    const index = this.merkle.append(logLeafBytes(logLeafOf(this.merkle.size, event)));
    this.indexById.set(event.id, index);
    if (isTreeHead(event)) {
      const head = signedHeadOf(event.data as TreeHeadData);
      this.heads.push(head);
      this.headBySize.set(head.treeSize, head);
    } else if (!isCosignature(event)) this.lastContentIndex = index;
  }

  /** The tree as bytes for a fold snapshot: leaf hashes, event ids in leaf order, heads. */
  toSnapshot(): Buffer {
    const leaves = Buffer.alloc(this.size * 32);
    for (let i = 0; i < this.size; i++) this.merkle.leafHashAt(i).copy(leaves, i * 32);
    return serialize({ leaves, ids: [...this.indexById.keys()], heads: this.heads, lastContentIndex: this.lastContentIndex });
  }

  /** Rebuilds the tree's nodes from the snapshot's leaf hashes; only into an empty tree. */
  restore(bytes: Buffer): void {
    if (this.size > 0) throw new Error('a log tree is restored only when empty');
    const { leaves, ids, heads, lastContentIndex } = deserialize(bytes) as { leaves: Buffer; ids: string[]; heads: SignedTreeHead[]; lastContentIndex: number };
    if (leaves.length !== ids.length * 32) throw new Error('snapshot leaves and ids disagree');
    ids.forEach((id, i) => {
      this.merkle.appendLeafHash(leaves.subarray(i * 32, i * 32 + 32));
      this.indexById.set(id, i);
    });
    for (const head of heads) {
      this.heads.push(head);
      this.headBySize.set(head.treeSize, head);
    }
    this.lastContentIndex = lastContentIndex;
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
    return this.lastContentIndex >= (latest?.treeSize ?? 0);
  }

  /** The head of exactly that size recorded in the log, or null. */
  headOfSize(treeSize: number): SignedTreeHead | null {
    return this.headBySize.get(treeSize) ?? null;
  }

  latestHead(): SignedTreeHead | null {
    return this.heads.length > 0 ? this.heads[this.heads.length - 1] : null;
  }

  /** Newest first. */
  headsPage(offset: number, limit: number): { total: number; heads: SignedTreeHead[] } {
    const newestFirst = this.heads.slice().reverse();
    return { total: this.heads.length, heads: newestFirst.slice(offset, offset + limit) };
  }

  inclusion(eventId: string, treeSize?: number): InclusionProof {
    const head = this.publishedHead(treeSize, 'treeSize');
    const leafIndex = this.indexById.get(eventId);
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
    const head = this.headBySize.get(treeSize);
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
