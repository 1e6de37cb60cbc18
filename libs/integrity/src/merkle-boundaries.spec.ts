/**
 * The Merkle tree at its boundaries: hashes of unusual lengths, a log longer than one storage
 * chunk of the tree (4,096 leaves), proofs at the edges of their ranges, and the refusals. The
 * reference throughout is RFC 9162 itself: merkleTreeHash (the recursive definition) and SHA-256
 * with the 0x00 / 0x01 prefixes written out here.
 */
import { createHash } from 'node:crypto';
import { CompactRange, EMPTY_ROOT, HASH_SIZE, MerkleTree, leafHash, merkleTreeHash, nodeHash, sha256, verifyConsistency, verifyInclusion } from './merkle';

const sha = (...parts: Uint8Array[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leafBytes = (i: number) => Buffer.from(`event ${i}`);

function treeOf(size: number): MerkleTree {
  const tree = new MerkleTree();
  for (let i = 0; i < size; i++) tree.append(leafBytes(i));
  return tree;
}

describe('the hashes of RFC 9162 §2.1.1', () => {
  it('a leaf is SHA-256 of 0x00 and its bytes', () => {
    expect(leafHash(Buffer.from('abc'))).toEqual(sha(Buffer.from([0]), Buffer.from('abc')));
    expect(sha256('abc')).toEqual(createHash('sha256').update('abc').digest());
  });

  it('a node is SHA-256 of 0x01, left and right, for 32-byte children', () => {
    const left = sha(Buffer.from('l'));
    const right = sha(Buffer.from('r'));
    expect(nodeHash(left, right)).toEqual(sha(Buffer.from([1]), left, right));
    // the reused input buffer leaves nothing of one call in the next
    expect(nodeHash(right, left)).toEqual(sha(Buffer.from([1]), right, left));
  });

  it('a node of children that are not 32 bytes long is still SHA-256 of 0x01, left and right', () => {
    const short = Buffer.from('short');
    const full = sha(Buffer.from('x'));
    expect(nodeHash(short, full)).toEqual(sha(Buffer.from([1]), short, full));
    expect(nodeHash(full, short)).toEqual(sha(Buffer.from([1]), full, short));
    expect(nodeHash(short, short)).toEqual(sha(Buffer.from([1]), short, short));
    expect(HASH_SIZE).toBe(32);
  });

  it('the empty log has the root SHA-256 of nothing, handed out as a copy', () => {
    const root = merkleTreeHash([]);
    expect(root).toEqual(sha());
    root.fill(0);
    expect(merkleTreeHash([])).toEqual(EMPTY_ROOT);
    expect(EMPTY_ROOT).toEqual(sha());
  });
});

describe('a log longer than one chunk of the stored levels (4,096 leaves)', () => {
  const size = 4096 * 2 + 3;
  const leaves = Array.from({ length: size }, (_, i) => leafBytes(i));

  it('gives the root of the recursive definition at sizes either side of the chunk boundaries', () => {
    const tree = treeOf(size);
    const range = new CompactRange();
    const sizes = new Set([4095, 4096, 4097, 8191, 8192, 8193, size]);
    const wrong: number[] = [];
    for (let n = 1; n <= size; n++) {
      range.appendLeafHash(leafHash(leaves[n - 1]));
      if (sizes.has(n) && !(tree.rootAt(n).equals(merkleTreeHash(leaves.slice(0, n))) && range.root().equals(tree.rootAt(n)))) wrong.push(n);
    }
    expect(wrong).toEqual([]);
    expect(range.size).toBe(size);
  });

  it('keeps every leaf hash where it was appended, across chunks', () => {
    const tree = treeOf(size);
    const misplaced = [0, 1, 4095, 4096, 4097, 8191, 8192, size - 1].filter((i) => !tree.leafHashAt(i).equals(leafHash(leaves[i])));
    expect(misplaced).toEqual([]);
  });

  it('proves inclusion and consistency across the chunk boundary', () => {
    const tree = treeOf(size);
    for (const m of [4095, 4096, 8192]) expect(verifyInclusion(m, size, tree.leafHashAt(m), tree.inclusionProof(m), tree.root())).toBe(true);
    for (const m of [4095, 4096, 4097]) expect(verifyConsistency(m, size, tree.rootAt(m), tree.root(), tree.consistencyProof(m))).toBe(true);
  });
});

describe('proofs at the edges of their ranges', () => {
  it('proves by default against the whole tree', () => {
    const tree = treeOf(11);
    expect(tree.inclusionProof(4)).toEqual(tree.inclusionProof(4, 11));
    expect(tree.consistencyProof(6)).toEqual(tree.consistencyProof(6, 11));
    expect(tree.root()).toEqual(tree.rootAt(11));
  });

  it('needs no consistency proof between a head and itself, nor from the empty log', () => {
    const tree = treeOf(11);
    expect(tree.consistencyProof(11, 11)).toEqual([]);
    expect(tree.consistencyProof(0)).toEqual([]);
    expect(verifyConsistency(11, 11, tree.root(), tree.root(), [])).toBe(true);
    expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(true);
  });

  it('the one leaf of a tree of size 1 is its root, with an empty proof', () => {
    const tree = treeOf(1);
    expect(tree.inclusionProof(0)).toEqual([]);
    expect(tree.root()).toEqual(leafHash(leafBytes(0)));
    expect(verifyInclusion(0, 1, tree.leafHashAt(0), [], tree.root())).toBe(true);
    expect(verifyInclusion(0, 1, tree.leafHashAt(0), [tree.root()], tree.root())).toBe(false);
  });

  it('hands out proofs as copies, so a caller cannot corrupt the stored hashes', () => {
    const tree = treeOf(9);
    const root = Buffer.from(tree.root());
    for (const p of tree.consistencyProof(3)) p.fill(0);
    for (const p of tree.inclusionProof(8)) p.fill(0);
    tree.rootAt(9).fill(0);
    expect(tree.root()).toEqual(root);
    expect(verifyConsistency(3, 9, tree.rootAt(3), root, tree.consistencyProof(3))).toBe(true);
  });

  it('answers the roots of every size and the proofs of every pair the same after the tree grew on', () => {
    const small = treeOf(7);
    const large = treeOf(40);
    for (let n = 1; n <= 7; n++) {
      expect(large.rootAt(n)).toEqual(small.rootAt(n));
      for (let m = 0; m < n; m++) expect(large.inclusionProof(m, n)).toEqual(small.inclusionProof(m, n));
    }
  });
});

describe('verification refuses what is not a proof, without throwing', () => {
  const tree = treeOf(20);
  const root = tree.root();

  it('refuses hashes that are not 32 bytes: a leaf, a root or a path element', () => {
    expect(verifyInclusion(3, 20, tree.leafHashAt(3).subarray(1), tree.inclusionProof(3), root)).toBe(false);
    expect(verifyInclusion(3, 20, tree.leafHashAt(3), tree.inclusionProof(3), Buffer.concat([root, Buffer.alloc(1)]))).toBe(false);
    const stretched = tree.inclusionProof(3).map((p, i) => (i === 0 ? Buffer.concat([p, Buffer.alloc(1)]) : p));
    expect(verifyInclusion(3, 20, tree.leafHashAt(3), stretched, root)).toBe(false);
  });

  it('refuses hex text where bytes belong, even of the right length', () => {
    const asText = (hash: Buffer) => hash.toString('hex').slice(0, 32) as unknown as Uint8Array;
    expect(verifyInclusion(3, 20, asText(tree.leafHashAt(3)), tree.inclusionProof(3), root)).toBe(false);
    expect(verifyConsistency(5, 20, asText(tree.rootAt(5)), root, tree.consistencyProof(5))).toBe(false);
  });

  it('refuses sizes that are not whole non-negative numbers', () => {
    expect(verifyInclusion(3, 20.5, tree.leafHashAt(3), tree.inclusionProof(3), root)).toBe(false);
    expect(verifyInclusion(3, Number.MAX_SAFE_INTEGER + 1, tree.leafHashAt(3), tree.inclusionProof(3), root)).toBe(false);
    expect(verifyConsistency(5, -20, tree.rootAt(5), root, tree.consistencyProof(5))).toBe(false);
    expect(verifyConsistency(-1, 20, tree.rootAt(5), root, tree.consistencyProof(5))).toBe(false);
  });

  it('refuses consistency proofs with a malformed element or a root of the wrong length', () => {
    const proof = tree.consistencyProof(5);
    expect(verifyConsistency(5, 20, tree.rootAt(5), root, [...proof.slice(0, -1), Buffer.alloc(33)])).toBe(false);
    expect(verifyConsistency(5, 20, tree.rootAt(5), root.subarray(0, 31), proof)).toBe(false);
    expect(verifyConsistency(5, 20, tree.rootAt(5).subarray(0, 31), root, proof)).toBe(false);
  });

  it('refuses a consistency proof from a power-of-two size whose first root is not the one the tree had', () => {
    // at size 8 the proof leaves out the old root itself: the verifier puts the claimed root in its place
    expect(verifyConsistency(8, 20, tree.rootAt(8), root, tree.consistencyProof(8))).toBe(true);
    expect(verifyConsistency(8, 20, tree.rootAt(7), root, tree.consistencyProof(8))).toBe(false);
  });

  it('refuses the empty log as a prefix when the proof or the root says otherwise', () => {
    expect(verifyConsistency(0, 0, root, root, [])).toBe(false);
    expect(verifyConsistency(0, 20, EMPTY_ROOT, root, [EMPTY_ROOT])).toBe(false);
  });
});

describe('the tree refuses what it cannot hold or answer, naming it', () => {
  it('refuses a leaf hash that is not 32 bytes, also hex text of 32 characters', () => {
    const tree = new MerkleTree();
    expect(() => tree.appendLeafHash(Buffer.alloc(33))).toThrow('leaf hash must be 32 bytes');
    expect(() => tree.appendLeafHash('ab'.repeat(16) as unknown as Uint8Array)).toThrow(RangeError);
    expect(() => new CompactRange().appendLeafHash(Buffer.alloc(31))).toThrow('leaf hash must be 32 bytes');
    expect(tree.size).toBe(0);
  });

  it('names the index or the size it was asked about, and the bounds', () => {
    const tree = treeOf(5);
    expect(() => tree.leafHashAt(5)).toThrow('leaf index 5 is outside a tree of size 5');
    expect(() => tree.leafHashAt(-1)).toThrow('leaf index -1 is outside a tree of size 5');
    expect(() => tree.leafHashAt(1.5)).toThrow(RangeError);
    expect(() => tree.rootAt(6)).toThrow('tree size 6 is not between 0 and 5');
    expect(() => tree.rootAt(-1)).toThrow('tree size -1 is not between 0 and 5');
    expect(() => tree.rootAt(2.5)).toThrow(RangeError);
    expect(() => tree.inclusionProof(2, 2)).toThrow('leaf index 2 is outside a tree of size 2');
    expect(() => tree.consistencyProof(3, 2)).toThrow('tree size 3 is not between 0 and 2');
  });

  it('answers every size up to and including its own', () => {
    const tree = treeOf(5);
    expect(tree.rootAt(5)).toEqual(tree.root());
    expect(tree.rootAt(0)).toEqual(EMPTY_ROOT);
    expect(tree.leafHashAt(4)).toEqual(leafHash(leafBytes(4)));
    expect(tree.append(leafBytes(5))).toBe(5);
    expect(tree.appendLeafHash(leafHash(leafBytes(6)))).toBe(6);
  });
});

describe('the hashes without crypto.hash (Node before 20.12, which package.json still admits)', () => {
  it('are the same SHA-256, computed through createHash', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeCrypto = require('node:crypto') as { hash?: unknown };
    const original = nodeCrypto.hash;
    nodeCrypto.hash = undefined;
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const withoutHash = require('./merkle') as typeof import('./merkle');
        expect(withoutHash.sha256('abc')).toEqual(createHash('sha256').update('abc').digest());
        expect(withoutHash.leafHash(Buffer.from('abc'))).toEqual(sha(Buffer.from([0]), Buffer.from('abc')));
      });
    } finally {
      nodeCrypto.hash = original;
    }
  });
});
