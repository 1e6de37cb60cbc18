import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { MerkleTree, SignedTreeHead, verifyConsistency, verifyInclusion } from '@app/integrity';
import { LogTreeFile } from './log-tree-file';
import type { SnapshotHeader } from '../log/log-follower';

/** Leaf i's hash and event id, the same in every tree of these tests. */
const leaf = (i: number) => createHash('sha256').update(`leaf ${i}`).digest();
const eventId = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const header = (size: number): SnapshotHeader => ({ version: 'v', position: `${size}/${size}`, firstEventId: eventId(0), lastEventId: eventId(size - 1) });
const head = (treeSize: number): SignedTreeHead => ({
  treeSize,
  rootHash: `root-${treeSize}`,
  timestamp: new Date(treeSize * 1000).toISOString(),
  keyId: 'k',
  signature: 's',
});

/** Appends leaves [from, to) to the file's tree and records their ids, as LogTree does. */
function append(file: LogTreeFile, tree: MerkleTree, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    tree.appendLeafHash(leaf(i));
    file.recordLeaf(eventId(i), i);
  }
}

describe('the Merkle tree kept on disk (issue 9 item 2: nodes on disk, not in every process)', () => {
  let dir: string;
  let path: string;
  const memory = (size: number) => {
    const tree = new MerkleTree();
    for (let i = 0; i < size; i++) tree.appendLeafHash(leaf(i));
    return tree;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dsr-log-tree-'));
    path = join(dir, 'state', 'log-tree.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given leaves committed at uneven points, answers every root and proof as the tree in memory does', () => {
    const file = new LogTreeFile(path);
    const tree = new MerkleTree(file.nodes);
    const cuts = [1, 2, 3, 7, 8, 64, 65, 100, 257, 300];
    let at = 0;
    for (const cut of cuts) {
      append(file, tree, at, cut);
      at = cut;
      file.commit(header(cut));
    }
    append(file, tree, at, 333); // a tail not committed yet
    const reference = memory(333);
    for (const size of [1, 2, 5, 64, 99, 100, 256, 300, 301, 333]) {
      expect(tree.rootAt(size)).toEqual(reference.rootAt(size));
      for (const index of [0, size >> 1, size - 1]) {
        const proof = tree.inclusionProof(index, size);
        expect(proof).toEqual(reference.inclusionProof(index, size));
        expect(verifyInclusion(index, size, leaf(index), proof, reference.rootAt(size))).toBe(true);
      }
      expect(tree.consistencyProof(size, 333)).toEqual(reference.consistencyProof(size, 333));
      expect(verifyConsistency(size, 333, reference.rootAt(size), reference.root(), tree.consistencyProof(size, 333))).toBe(true);
    }
    expect(file.stored()?.size).toBe(300);
    file.close();
  });

  it('given a file committed by an earlier process, a new one resumes at its size and ends where a full fold ends', () => {
    const first = new LogTreeFile(path);
    append(first, new MerkleTree(first.nodes), 0, 150);
    first.lastContentIndex = 149;
    first.commit(header(150));
    first.close();

    const resumed = new LogTreeFile(path);
    const committed = resumed.committed()!;
    expect(committed).toEqual(header(150));
    resumed.resume(committed);
    const tree = new MerkleTree(resumed.nodes);
    expect(tree.size).toBe(150);
    expect(resumed.lastContentIndex).toBe(149);
    append(resumed, tree, 150, 200);
    expect(tree.root()).toEqual(memory(200).root());
    expect(resumed.leafIndexOf(eventId(17))).toBe(17); // from the file
    expect(resumed.leafIndexOf(eventId(170))).toBe(170); // from this process's tail
    expect(resumed.leafIndexOf(eventId(999))).toBeUndefined();
    resumed.close();
  });

  it('keeps only the tail folded since the last commit in memory', () => {
    const file = new LogTreeFile(path);
    const tree = new MerkleTree(file.nodes);
    append(file, tree, 0, 1000);
    file.commit(header(1000));
    // every node now comes from the file: a tail would have been emptied by the commit
    const tails = (file as unknown as { tails: Uint8Array[][] }).tails;
    expect(tails.every((tail) => tail.length === 0)).toBe(true);
    expect(tree.root()).toEqual(memory(1000).root());
    file.close();
  });

  it('given two processes folding the same log into one file, each commits and neither moves the position back', () => {
    const a = new LogTreeFile(path);
    const b = new LogTreeFile(path);
    const treeA = new MerkleTree(a.nodes);
    const treeB = new MerkleTree(b.nodes);
    append(a, treeA, 0, 120);
    a.commit(header(120));
    append(b, treeB, 0, 80);
    b.commit(header(80)); // behind the other: its rows are already there, the position stays at 120
    expect(a.stored()?.size).toBe(120);
    append(b, treeB, 80, 130);
    b.commit(header(130));
    expect(a.stored()?.size).toBe(130);
    // an id the other process committed beyond this one's tree is not in this tree yet
    expect(a.leafIndexOf(eventId(125))).toBeUndefined();
    append(a, treeA, 120, 130);
    expect(treeA.root()).toEqual(memory(130).root());
    expect(treeB.root()).toEqual(memory(130).root());
    a.close();
    b.close();
  });

  it('pages the signed heads newest first across what is committed and what is not', () => {
    const file = new LogTreeFile(path);
    const tree = new MerkleTree(file.nodes);
    append(file, tree, 0, 10);
    file.recordHead(3, head(3));
    file.recordHead(6, head(6));
    file.commit(header(10));
    file.recordHead(11, head(11));
    append(file, tree, 10, 12);
    expect(file.headCount()).toBe(3);
    expect(file.latestHead()).toEqual(head(11));
    expect(file.headsNewestFirst(0, 10).map((h) => h.treeSize)).toEqual([11, 6, 3]);
    expect(file.headsNewestFirst(1, 1).map((h) => h.treeSize)).toEqual([6]);
    expect(file.headsNewestFirst(2, 5).map((h) => h.treeSize)).toEqual([3]);
    expect(file.headOfSize(6)).toEqual(head(6));
    expect(file.headOfSize(11)).toEqual(head(11));
    expect(file.headOfSize(7)).toBeNull();
    file.close();

    const resumed = new LogTreeFile(path);
    resumed.resume(resumed.committed()!);
    expect(resumed.headCount()).toBe(2);
    expect(resumed.latestHead()).toEqual(head(6));
    resumed.close();
  });

  it('emptied, holds nothing to resume from', () => {
    const file = new LogTreeFile(path);
    append(file, new MerkleTree(file.nodes), 0, 5);
    file.commit(header(5));
    file.reset();
    expect(file.committed()).toBeNull();
    file.close();
    const next = new LogTreeFile(path);
    const tree = new MerkleTree(next.nodes);
    append(next, tree, 0, 3);
    expect(tree.root()).toEqual(memory(3).root());
    next.close();
  });
});
