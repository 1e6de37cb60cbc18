/**
 * The Merkle tree of RFC 9162 (Certificate Transparency v2) §2.1 over the global event order, so that
 * a published tree head commits to every event before it and to their order. docs/integrity.md
 * describes the same algorithms for outsiders; keep the two in step.
 */
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/**
 * SHA-256 in one call: `crypto.hash` (Node 20.12+) makes no Hash object, about twice as fast for the
 * short inputs a tree hashes millions of; `createHash` where it is missing.
 */
export const sha256: (data: string | Uint8Array) => Buffer =
  typeof crypto.hash === 'function' ? (data) => crypto.hash('sha256', data, 'buffer') : (data) => createHash('sha256').update(data).digest();

/** RFC 9162 §2.1.1: MTH({d}) = SHA-256(0x00 ‖ d). */
export function leafHash(leafBytes: Uint8Array): Buffer {
  return sha256(Buffer.concat([LEAF_PREFIX, leafBytes]));
}

/** RFC 9162 §2.1.1: an interior node is SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) return sha256(Buffer.concat([NODE_PREFIX, left, right]));
  // the usual case, a million times in a large tree: one reused buffer instead of a new one each time
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return sha256(NODE_INPUT);
}

const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_SIZE, 0x01);

/** MTH({}) = SHA-256 of the empty string: the root of a log with no events. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** The largest power of two smaller than n (n > 1): where RFC 9162 splits a list of n leaves. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * MTH(D[n]) straight from the recursive definition of RFC 9162 §2.1.1. It rehashes every leaf, so
 * use MerkleTree or CompactRange for a growing log; this is the form an outsider can check by eye.
 */
export function merkleTreeHash(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return Buffer.from(EMPTY_ROOT);
  if (leaves.length === 1) return leafHash(leaves[0]);
  const k = splitPoint(leaves.length);
  return nodeHash(merkleTreeHash(leaves.slice(0, k)), merkleTreeHash(leaves.slice(k)));
}

/**
 * The root of a growing log in O(log n) memory: the roots of the perfect subtrees that the leaves so
 * far decompose into (the "compact range"), largest first. For a verifier that streams the whole log
 * and only needs the root at each size it passes.
 */
export class CompactRange {
  private readonly sizes: number[] = [];
  private readonly hashes: Buffer[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  appendLeafHash(hash: Uint8Array): void {
    assertHash(hash, 'leaf hash');
    let size = 1;
    let merged: Buffer = Buffer.from(hash);
    // two subtrees of equal size are siblings in the tree: merge them into their parent
    while (this.sizes.length > 0 && this.sizes[this.sizes.length - 1] === size) {
      this.sizes.pop();
      merged = nodeHash(this.hashes.pop() as Buffer, merged);
      size *= 2;
    }
    this.sizes.push(size);
    this.hashes.push(merged);
    this.count += 1;
  }

  root(): Buffer {
    if (this.hashes.length === 0) return Buffer.from(EMPTY_ROOT);
    // MTH splits at the largest power of two, which is the leftmost perfect subtree: fold from the right
    let root = this.hashes[this.hashes.length - 1];
    for (let i = this.hashes.length - 2; i >= 0; i -= 1) root = nodeHash(this.hashes[i], root);
    return Buffer.from(root);
  }
}

/**
 * A list of 32-byte hashes in fixed-size Buffers: 32 bytes per entry, no per-object overhead, and
 * growing never copies (a doubling buffer would hold old and new copies at once, 1.5× the list).
 */
class HashList {
  private static readonly CHUNK_BITS = 12;
  private readonly chunks: Buffer[] = [];
  length = 0;

  push(hash: Uint8Array): void {
    const offset = this.length & ((1 << HashList.CHUNK_BITS) - 1);
    if (offset === 0) this.chunks.push(Buffer.alloc(HASH_SIZE << HashList.CHUNK_BITS));
    this.chunks[this.chunks.length - 1].set(hash, offset * HASH_SIZE);
    this.length += 1;
  }

  /** A view into the list, not a copy: callers inside this module only read it. */
  at(index: number): Buffer {
    const offset = (index % (1 << HashList.CHUNK_BITS)) * HASH_SIZE;
    return this.chunks[Math.floor(index / (1 << HashList.CHUNK_BITS))].subarray(offset, offset + HASH_SIZE);
  }
}

/**
 * Where a MerkleTree keeps its perfect, aligned subtree roots: level 0 holds the leaf hashes, level
 * k the roots of leaves [j·2^k, (j+1)·2^k). Every level only grows at its end. In memory by default
 * (about 64 bytes per leaf); a log of hundreds of millions of events keeps them on disk instead
 * (libs/platform/src/integrity/log-tree-file.ts), as log servers do.
 */
export interface MerkleNodes {
  /** How many nodes the level holds (0 for a level not reached yet). */
  count(level: number): number;
  /** Node `index` of `level`, which must exist; the caller only reads it. */
  at(level: number, index: number): Uint8Array;
  /** Appends a node at the end of the level. */
  push(level: number, hash: Uint8Array): void;
}

/** Every level in memory, in fixed-size chunks. */
export class MemoryMerkleNodes implements MerkleNodes {
  private readonly levels: HashList[] = [];

  count(level: number): number {
    return this.levels[level]?.length ?? 0;
  }

  at(level: number, index: number): Buffer {
    return this.levels[level].at(index);
  }

  push(level: number, hash: Uint8Array): void {
    while (this.levels.length <= level) this.levels.push(new HashList());
    this.levels[level].push(hash);
  }
}

/**
 * The whole tree, appended leaf by leaf. It keeps every perfect, aligned subtree root (see
 * MerkleNodes), so that any root, inclusion proof or consistency proof costs O(log² n) hashes
 * instead of O(n).
 */
export class MerkleTree {
  constructor(private readonly nodes: MerkleNodes = new MemoryMerkleNodes()) {}

  get size(): number {
    return this.nodes.count(0);
  }

  /** Appends one leaf's bytes; returns its 0-based leaf index. */
  append(leafBytes: Uint8Array): number {
    return this.appendLeafHash(leafHash(leafBytes));
  }

  appendLeafHash(hash: Uint8Array): number {
    assertHash(hash, 'leaf hash');
    const index = this.size;
    this.nodes.push(0, hash);
    // every completed pair at one level completes a node one level up
    for (let level = 0, count = index + 1; count % 2 === 0; level += 1, count /= 2)
      this.nodes.push(level + 1, nodeHash(this.nodes.at(level, count - 2), this.nodes.at(level, count - 1)));
    return index;
  }

  leafHashAt(index: number): Buffer {
    assertIndex(index, this.size, 'leaf index');
    return Buffer.from(this.nodes.at(0, index));
  }

  root(): Buffer {
    return this.rootAt(this.size);
  }

  /** MTH(D[0:treeSize]) for any treeSize ≤ size: the root a tree head of that size published. */
  rootAt(treeSize: number): Buffer {
    assertTreeSize(treeSize, this.size);
    return treeSize === 0 ? Buffer.from(EMPTY_ROOT) : Buffer.from(this.subtreeHash(0, treeSize));
  }

  /** PATH(m, D[n]) of RFC 9162 §2.1.3.1, bottom to top, for leaf m in the tree of size treeSize. */
  inclusionProof(leafIndex: number, treeSize: number = this.size): Buffer[] {
    assertTreeSize(treeSize, this.size);
    assertIndex(leafIndex, treeSize, 'leaf index');
    return this.path(leafIndex, 0, treeSize).map((hash) => Buffer.from(hash));
  }

  /**
   * PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1 between the tree heads of sizes
   * first and second. RFC 9162 defines it for 0 < m < n; for m = 0 or m = n the proof is empty
   * (nothing to prove beyond the roots themselves), which is what verifyConsistency expects.
   */
  consistencyProof(first: number, second: number = this.size): Buffer[] {
    assertTreeSize(second, this.size);
    assertTreeSize(first, second);
    if (first === 0 || first === second) return [];
    return this.subproof(first, 0, second, true).map((hash) => Buffer.from(hash));
  }

  /** PATH(m, D[start:end]) with m relative to start. */
  private path(m: number, start: number, end: number): Uint8Array[] {
    const n = end - start;
    if (n === 1) return [];
    const k = splitPoint(n);
    if (m < k) return [...this.path(m, start, start + k), this.subtreeHash(start + k, end)];
    return [...this.path(m - k, start + k, end), this.subtreeHash(start, start + k)];
  }

  /** SUBPROOF(m, D[start:end], b) with m relative to start. */
  private subproof(m: number, start: number, end: number, b: boolean): Uint8Array[] {
    const n = end - start;
    if (m === n) return b ? [] : [this.subtreeHash(start, end)];
    const k = splitPoint(n);
    if (m <= k) return [...this.subproof(m, start, start + k, b), this.subtreeHash(start + k, end)];
    return [...this.subproof(m - k, start + k, end, false), this.subtreeHash(start, start + k)];
  }

  /** MTH(D[start:end]); the stored levels answer every perfect, aligned subtree directly. */
  private subtreeHash(start: number, end: number): Uint8Array {
    const n = end - start;
    if (isPowerOfTwo(n) && start % n === 0) return this.nodes.at(Math.log2(n), start / n);
    const k = splitPoint(n);
    return nodeHash(this.subtreeHash(start, start + k), this.subtreeHash(start + k, end));
  }
}

/**
 * RFC 9162 §2.1.3.2, step by step: does `proof` show that the leaf with hash `leafHashValue` is at
 * `leafIndex` in the tree of size `treeSize` whose root is `root`?
 */
export function verifyInclusion(leafIndex: number, treeSize: number, leafHashValue: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!isSize(leafIndex) || !isSize(treeSize) || !isHash(leafHashValue) || !isHash(root) || !proof.every(isHash)) return false;
  // 1. leaf_index must be smaller than tree_size
  if (leafIndex >= treeSize) return false;
  // 2. fn = leaf_index, sn = tree_size - 1; 3. r = hash
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Uint8Array = leafHashValue;
  // 4. for each p in inclusion_path
  for (const p of proof) {
    // a. a path longer than the tree is tall
    if (sn === 0) return false;
    // b. p is a left sibling when fn is a right child, or when fn is the last node of its level
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r);
      // ii. skip the levels where fn's node has no right sibling and is carried up unchanged
      while (!lsb(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    // c.
    fn = half(fn);
    sn = half(sn);
  }
  // 5. the path reached the top, and the root matches
  return sn === 0 && Buffer.from(r).equals(Buffer.from(root));
}

/**
 * RFC 9162 §2.1.4.2, step by step: does `proof` show that the tree of size `first` with root
 * `firstRoot` is a prefix of the tree of size `second` with root `secondRoot`? The RFC covers
 * 0 < first < second; first = second needs an empty proof and equal roots, and first = 0 (the empty
 * log, a prefix of every log) needs an empty proof and the empty root.
 */
export function verifyConsistency(first: number, second: number, firstRoot: Uint8Array, secondRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!isSize(first) || !isSize(second) || first > second || !isHash(firstRoot) || !isHash(secondRoot) || !proof.every(isHash)) return false;
  const firstHash = Buffer.from(firstRoot);
  const secondHash = Buffer.from(secondRoot);
  if (first === 0) return proof.length === 0 && firstHash.equals(EMPTY_ROOT);
  if (first === second) return proof.length === 0 && firstHash.equals(secondHash);
  // 1. an empty path proves nothing
  if (proof.length === 0) return false;
  // 2. when first is a power of two its root is a node of the second tree, and the proof omits it
  const path: Uint8Array[] = isPowerOfTwo(first) ? [firstHash, ...proof] : [...proof];
  // 3.
  let fn = first - 1;
  let sn = second - 1;
  // 4. climb to the first node of the path: the top of the rightmost perfect subtree of the first tree
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5.
  let fr: Uint8Array = path[0];
  let sr: Uint8Array = path[0];
  // 6.
  for (const c of path.slice(1)) {
    // a.
    if (sn === 0) return false;
    // b. c is a left sibling: it belongs to both trees
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      // iii.
      while (!lsb(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      // c is a right sibling that only the second tree has
      sr = nodeHash(sr, c);
    }
    // c.
    fn = half(fn);
    sn = half(sn);
  }
  // 7.
  return sn === 0 && Buffer.from(fr).equals(firstHash) && Buffer.from(sr).equals(secondHash);
}

// Tree sizes may pass 2^31, where JavaScript's bitwise operators wrap: use arithmetic instead.
function lsb(x: number): boolean {
  return x % 2 === 1;
}

function half(x: number): number {
  return Math.floor(x / 2);
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

function isSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function isHash(hash: Uint8Array): boolean {
  return hash instanceof Uint8Array && hash.length === HASH_SIZE;
}

function assertHash(hash: Uint8Array, what: string): void {
  if (!isHash(hash)) throw new RangeError(`${what} must be ${HASH_SIZE} bytes`);
}

function assertIndex(index: number, size: number, what: string): void {
  if (!isSize(index) || index >= size) throw new RangeError(`${what} ${index} is outside a tree of size ${size}`);
}

function assertTreeSize(treeSize: number, limit: number): void {
  if (!isSize(treeSize) || treeSize > limit) throw new RangeError(`tree size ${treeSize} is not between 0 and ${limit}`);
}
