/**
 * The Merkle tree as `verify-log` needs it: the root at the size of every head it passes, and leaf
 * hashes for locating a mismatch. It keeps the leaf hashes (32 bytes a leaf, in fixed chunks) and
 * the compact range at every 1,024th size, so the root at any size m costs at most 1,023 merges
 * from the checkpoint below m. MerkleTree keeps every inner node as well (64 bytes a leaf) for the
 * O(log² n) proofs the API serves, which a verifier does not need.
 */
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from '@app/integrity';

const CHECKPOINT = 1024;
const CHUNK = 4096;

export class LeafHashes {
  private readonly chunks: Buffer[] = [];
  /** checkpoints[k]: the compact range of the first k·CHECKPOINT leaves. */
  private readonly checkpoints: Frontier[] = [];
  private readonly frontier = new Frontier();
  private count = 0;

  get size(): number {
    return this.count;
  }

  append(hash: Uint8Array): void {
    if (hash.length !== HASH_SIZE) throw new RangeError(`leaf hash must be ${HASH_SIZE} bytes`);
    if (this.count % CHECKPOINT === 0) this.checkpoints.push(this.frontier.clone());
    if (this.count % CHUNK === 0) this.chunks.push(Buffer.alloc(HASH_SIZE * CHUNK));
    const offset = (this.count % CHUNK) * HASH_SIZE;
    const chunk = this.chunks[this.chunks.length - 1];
    chunk.set(hash, offset);
    this.count += 1;
    this.frontier.append(chunk.subarray(offset, offset + HASH_SIZE));
  }

  leafHashAt(index: number): Buffer {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.count) throw new RangeError(`leaf index ${index} is outside a tree of size ${this.count}`);
    const offset = (index % CHUNK) * HASH_SIZE;
    return Buffer.from(this.chunks[Math.floor(index / CHUNK)].subarray(offset, offset + HASH_SIZE));
  }

  /** The compact range of the first `size` leaves. */
  frontierAt(size: number): Frontier {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.count) throw new RangeError(`tree size ${size} is not between 0 and ${this.count}`);
    if (size === this.count) return this.frontier.clone();
    const k = Math.floor(size / CHECKPOINT);
    const frontier = this.checkpoints[k].clone();
    for (let i = k * CHECKPOINT; i < size; i++) frontier.append(this.leafHashAt(i));
    return frontier;
  }

  /** MTH(D[0:size]), RFC 9162 §2.1.1. */
  rootAt(size: number): Buffer {
    return size === 0 ? Buffer.from(EMPTY_ROOT) : this.frontierAt(size).root();
  }
}

/** The roots of the perfect subtrees a prefix of the leaves splits into (RFC 9162's compact range), copyable. */
export class Frontier {
  constructor(
    private readonly sizes: number[] = [],
    private readonly hashes: Buffer[] = [],
  ) {}

  append(hash: Buffer): void {
    let size = 1;
    let merged = hash;
    while (this.sizes.length > 0 && this.sizes[this.sizes.length - 1] === size) {
      this.sizes.pop();
      merged = nodeHash(this.hashes.pop()!, merged);
      size *= 2;
    }
    this.sizes.push(size);
    this.hashes.push(merged);
  }

  clone(): Frontier {
    return new Frontier([...this.sizes], [...this.hashes]);
  }

  root(): Buffer {
    let root = this.hashes[this.hashes.length - 1];
    for (let i = this.hashes.length - 2; i >= 0; i -= 1) root = nodeHash(this.hashes[i], root);
    return root;
  }
}
