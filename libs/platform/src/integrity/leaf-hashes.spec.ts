import { createHash } from 'node:crypto';
import { MerkleTree } from '@app/integrity';
import { LeafHashes } from './leaf-hashes';

const leaf = (i: number) => createHash('sha256').update(`leaf-${i}`).digest();

describe('leaf hashes with checkpoints', () => {
  it('should give the root MerkleTree gives at every size, either side of every checkpoint', () => {
    const tree = new MerkleTree();
    const leaves = new LeafHashes();
    const n = 2 * 1024 + 37;
    for (let i = 0; i < n; i++) {
      tree.appendLeafHash(leaf(i));
      leaves.append(leaf(i));
    }
    const wrong: number[] = [];
    for (let size = 0; size <= n; size++) if (!leaves.rootAt(size).equals(tree.rootAt(size))) wrong.push(size);
    expect(wrong).toEqual([]);
    expect(leaves.leafHashAt(1500)).toEqual(leaf(1500));
  });

  it('should refuse sizes and indexes the log does not have', () => {
    const leaves = new LeafHashes();
    leaves.append(leaf(0));
    expect(() => leaves.rootAt(2)).toThrow(RangeError);
    expect(() => leaves.rootAt(-1)).toThrow(RangeError);
    expect(() => leaves.leafHashAt(1)).toThrow(RangeError);
  });
});
