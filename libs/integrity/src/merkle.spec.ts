/**
 * RFC 9162 §2.1 against known answers. The expected roots and proofs were computed by an independent
 * implementation written from the RFC text (Python, hashlib, recursive MTH/PATH/SUBPROOF), not by
 * this code; the `ctRoots` are RFC 6962's reference-leaf roots that Certificate Transparency
 * implementations share, and that implementation reproduced them too.
 */
import { createHash } from 'node:crypto';
import { CompactRange, EMPTY_ROOT, MerkleTree, leafHash, merkleTreeHash, nodeHash, verifyConsistency, verifyInclusion } from './merkle';
import { LogLeaf, logLeafBytes } from './log-leaf';

/** The synthetic log of the vectors: event i is in stream target-(i mod 3) at revision ⌊i/3⌋. */
function syntheticEvent(i: number): Omit<LogLeaf, 'index'> {
  return { stream: `target-${i % 3}`, revision: Math.floor(i / 3), id: `event-${i}`, hash: createHash('sha256').update(`event-${i}`).digest('hex') };
}

const leavesOf = (events: readonly Omit<LogLeaf, 'index'>[]): Buffer[] => events.map((event, index) => logLeafBytes({ ...event, index }));
const honestEvents = Array.from({ length: 1337 }, (_, i) => syntheticEvent(i));

function treeOf(leaves: readonly Uint8Array[]): MerkleTree {
  const tree = new MerkleTree();
  for (const leaf of leaves) tree.append(leaf);
  return tree;
}

const hex = (hashes: readonly Buffer[]): string[] => hashes.map((hash) => hash.toString('hex'));
const fromHex = (hashes: readonly string[]): Buffer[] => hashes.map((hash) => Buffer.from(hash, 'hex'));

const expectedRoots: Record<number, string> = {
  0: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  1: '334752130f0a568066b2eab26ac0859f84e01495a38f769bf0d523756f817fb0',
  2: 'a97682fa41e535a913de47b48f9584a1117c247656b8da42fe7755341be0a3ee',
  3: 'bafc45a17243854b0c129c8ebee174ba23247eaafdfd371c5a4eaff0bbd4f46f',
  4: 'd1938dd3c8a34f27c6b18d732fff3dab7416e45ed438235be8e0a5fda3b85737',
  5: '7f107af9b1b273500e105e3b18bfac74482c82c6ceb8e6ce1a5ceb7c899e7631',
  6: '5b03a5ded306ea2d7e911ab414620939f985485ae51a7af86c6a5b88a5526dcf',
  7: '0043559158fc7667b21b572d7cc087e2ca7250f6054941f4d8d678f6a6f4a5f9',
  8: '83adbee4e7f3d25c9f5f69f9fc1933380bece6ebbd344c32272f7f8a6a480887',
  9: '35d6456c6e179b05746871d8a09e03b517e7c6f653ec5c0bfa4973c4b17c6d85',
  10: 'b08e1bfb844f6ac2762a7adf9931e42bf8bb354a0ae7bc98a9a268b2e39572dd',
  11: '003d3440c35c68607facc2360da064ef791869163211298f9a42983229575619',
  12: '86e70bb0c6aed4e8639b72719beb68f762d652da02f6dc4ec53e04f213ef82aa',
  13: '62ccebe5b88e35562eb31540d69cc3594dce7b880182b6aa09f6c356c30e2d3f',
  14: '73916ad75953f4b8c482732edc2ea86f635c7c8fc3e64bef07b074ead6f0b3a1',
  15: '1c7cc5eba608a075408644734f8b1a4a57971693f5a5fcc6e85f98e6070a9384',
  16: '50282f98cc4b40f99dac247a31c9130153fc5f3e552408b0c019420580f5ede2',
  17: 'fb3198401c5db3cc4c733edb6d78b16b5a6b5d3a07a95e1aba60eb104695bdbb',
  18: '4fc95c1b6fbc496cd5683a8f835f56c7d027c5e13960aa757f4c61b090d0f716',
  19: 'a4c1a4b0a3e000560f8fcf50d0dcce2a2bd52810ef7caf6a8fadd3dc1ba89df6',
  20: '478574da969ee0fab2cdf91a453ad4bc293ed8ac381120f45d23039841cbb87d',
  31: 'be8eabccba004935aa3caa22c128a3f8d1cdc82518f944016295c5d9201531c8',
  32: '2860cc30ace3b8dc44d5d90a7993a4af43f8d8f9cf52864b2fbd623eea20fd8a',
  33: '9c9c0bd1745e64c124862ee9fa713d07414782a1b7ddd90177d0ebeeeb941ed3',
  64: '2f293b386664eb77c69e1eb6f9d3d195f5aa5c29e9555ce878853915b1429326',
  77: '3b49f6d29da7965bb4afd39e75776ad08bd7eb85a23a2b3f18d22260efbb4964',
  256: 'e7858808c6d61011fa0a1ccd3ab944b627dc34bb1349aee293f6960d9a8899f1',
  1000: '5dd3a9c6d3ea90265726e1884c94ce7c905ac9c1a8034adc78f175e4101769be',
  1337: '958b635b856563642ed5bc15af0283118f59f3c47a8901642bf82cc7613eebc4',
};
const allInclusionProofsUpTo20 = '1c1835367ba54b169d534380dd180e5561a5104c28b14dd22da212cc222e47c0';
const allConsistencyProofsUpTo20 = '985351956951778316ec724b4978bf040cc0189eb02eca7d431c55d3063503a2';
const expectedInclusion: [number, number, string[]][] = [
  [0, 1, []],
  [0, 2, ['64c70d8284be0829f5f2eb8893f779d3165c03a130e348f587ddd76bc2ca8994']],
  [1, 2, ['334752130f0a568066b2eab26ac0859f84e01495a38f769bf0d523756f817fb0']],
  [
    4,
    7,
    [
      'a513e4040b9f092fefc240b72cfa9615385829e248e80170918dcc485ba86d90',
      'c12a1f1488a8f404a7bc95903e9aa17d1558f4a5582826fea8bb725b5187d4df',
      'd1938dd3c8a34f27c6b18d732fff3dab7416e45ed438235be8e0a5fda3b85737',
    ],
  ],
  [6, 7, ['12396ddc42574e3809a5b0d51ac132c44c072e54f7f6fa47d92cd04ca857cb6c', 'd1938dd3c8a34f27c6b18d732fff3dab7416e45ed438235be8e0a5fda3b85737']],
  [
    12,
    20,
    [
      'e7687f3a6195aea2a80864750d6b988e9bb5bd186ebad72e70bdec31ea3114b1',
      '2b53b3156ec3b102f5e036a716d6c0efb78124cc90ed846406531385dbaa1467',
      'aac8c867ed08861f2d01e72a83ec9626017935f56db8fbdcaa88b021fd9a2a9c',
      '83adbee4e7f3d25c9f5f69f9fc1933380bece6ebbd344c32272f7f8a6a480887',
      'b3da7f04d42b1354cedae30e053e759bd4eb399f46e2ccc78a24a77b20ed5b78',
    ],
  ],
  [
    19,
    20,
    [
      '8764e7ca2829c509918f8cefda81b928942cc0cc2cd1dde2b43ac1537f017fc4',
      '663fe0dc45eaf84d69e61e467b09524e144d888267530c2a1bb1f5d7b3161ac9',
      '50282f98cc4b40f99dac247a31c9130153fc5f3e552408b0c019420580f5ede2',
    ],
  ],
  [
    500,
    1000,
    [
      '2c4addbbffe2b50bc2718bebdc7c3f16fe45de09b16e5bd3773fe457102b7c4d',
      '4efd578103adb74a9515b093735890835ddcd05a6c64e8697d47e3e596b21de7',
      '65a478c1b8a80d8d71513b18afaf7d143e9edf2dea46133574d11ff3dd0a622d',
      '1727cf9c475605094061bcb5255f2e81ca617a32db8d1a1f237e275664f88042',
      '260b8486aebef8350bbec30952e73af26c6d3775de48935dbee91b5f36c92df8',
      'f033b4788d9651bbe49fe91cda999794acfa72665dafe867eef0f145100eeaa0',
      '17ab40e5d22597fec52de06417fe5ab78dceedc8e0dc46cfa5cf721b57f9216d',
      '661520bfbb16fa3e3fe37751beddc9a161f44717e688732acf868d3dadb29c82',
      'e7858808c6d61011fa0a1ccd3ab944b627dc34bb1349aee293f6960d9a8899f1',
      'ed96a95fe50dc6b78744dafc17ac4feb5a51cf95d77d636cd074f61fecdb45f0',
    ],
  ],
  [
    1336,
    1337,
    [
      '2a98c31dff665312dd51fe47e9dab26684247784a4deedc318da1cfb29d0a1a9',
      'e06ef2d4e50b0ffde7084105e54faaebf6762ae89c0cf5898c7fa81dfa6b2268',
      'a293f31a74be690c2ea3cabe5ea6dfaa3dbbb01be28d80a035462b6580c4cbb5',
      'e4039eaea22d74afbd3110137351b05a6f53770b97c1af1d10cd57442d1ee7e1',
      '90e4d60502d2b7e0b26bbde85731de4d9bd1edb06599b7cb848b5602a06d7e93',
    ],
  ],
];
const expectedConsistency: [number, number, string[]][] = [
  [1, 2, ['64c70d8284be0829f5f2eb8893f779d3165c03a130e348f587ddd76bc2ca8994']],
  [
    3,
    7,
    [
      '44585591f1364dfe852c969aae51ae9c261b5fd66718474a06899ed8167a3be3',
      '03ca04098b3ae1b1ba25c530ba6fcd3b22d2f79abad3372de1c55673e5c9103a',
      'a97682fa41e535a913de47b48f9584a1117c247656b8da42fe7755341be0a3ee',
      '5c836e9819b91bd8ef75f02bcfeb4b7745da92ceac80789277cf0da5efea88cf',
    ],
  ],
  [4, 8, ['b0ed8eb542e582e31f71ea828187dd5e0a8de21db061acd48e501bda2121cd16']],
  [
    6,
    20,
    [
      '12396ddc42574e3809a5b0d51ac132c44c072e54f7f6fa47d92cd04ca857cb6c',
      'b2633339af5035dfc63d351e3eefa768d0b660106d04fd84301f204f2941544a',
      'd1938dd3c8a34f27c6b18d732fff3dab7416e45ed438235be8e0a5fda3b85737',
      '9c5607d5173ccf32a45c5aa44a5c19217588316cf754df2d9c585efc5c5246f1',
      'b3da7f04d42b1354cedae30e053e759bd4eb399f46e2ccc78a24a77b20ed5b78',
    ],
  ],
  [16, 17, ['83a1543950180ac58164bb4421b9cdec3613287bc8968e03007896999926d0c2']],
  [
    100,
    1000,
    [
      '409bc2471c35022e7d1bca7b786ea22e892f8c629b9cf53f5bd9d27b9aac8427',
      '4c4a946c4ba4df25a14aa1146cfeb812258ef8945da022aa484213d3a03431b3',
      '3c7c0cddf4d26dd5025c6fd2d85865122dbb940934d2940f822dcfc56b3e1b90',
      'cf7926654db35d7d599551916435bdd702be322a0c8f14993b6b8ccc99c97800',
      '8ca850e07f82c907ca37142fa6869ad6c967b85786b5142765eb2e2b614118af',
      '2f293b386664eb77c69e1eb6f9d3d195f5aa5c29e9555ce878853915b1429326',
      'eeb5caa416ad86ea7ee51eaa716493fd6d69353995e236254c502bc8df8d80a4',
      '6161d8251150c856260572a66661908318eb82639a93891bec54743ad83c41a9',
      'ed96a95fe50dc6b78744dafc17ac4feb5a51cf95d77d636cd074f61fecdb45f0',
    ],
  ],
  [
    777,
    1337,
    [
      'e05cf8ab9ef8e06fd99ce73321e4fbb7b4af470bb04aacd62d053bde12623680',
      '5f747ab4c8f5f8fcfdfb151529aafb175c52f562673d34b6fda0d267559744f7',
      '4ed78dd030c6f9a4f81131cce3f01f7e7f1a5a38768689c18160e6f472252b79',
      '8dd2715e1ab95ebe3bd0f6910b717541290e4c502e7a3adebe631453d134ac10',
      'c886da2e5b9929c8146a296b77d33360de825ffa06557297c23356deb8edeaac',
      'fa9a9bd7835b53bd7c87a256ddd1098b5a27f8eb4c8fa5403701b108de743921',
      'bd39364e15aa63ae6278183faefd139a93763b0e76bdf22a58c01110d8681a8a',
      'c325ed7c2b7bbff2e4af20495192330e97b1f2f0a7aa0c6fec32e39811e0472e',
      '1235a5cdc25010e68fe084efd0fef8508a3c102119fef6207015b235d9bc03c7',
      '85b7300576306dce4f37170de64fc11bd648a7bd3eb1b4078939b20d814d9cd4',
      '262c62534f69e8ba7d4daba18972e268b43b920f25280741852e6b3f4e8048eb',
      'd940deb17044e1e1829a79f1814cfee96373cf4019e7d67123cdbc58e97ff0d7',
    ],
  ],
];
const ctRoots = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

// The leaves and the tree are built inside each test, not once when the file loads: mutation testing
// (npm run mutation) then knows which tests run the tree code, and runs only those for each change.
let honestLeaves: Buffer[];
let fullTree: MerkleTree;
beforeEach(() => {
  honestLeaves = leavesOf(honestEvents);
  fullTree = treeOf(honestLeaves);
});

describe('RFC 9162 Merkle tree over the global event order', () => {
  describe('known answers from the independent implementation', () => {
    it('hashes the empty log to SHA-256 of the empty string', () => {
      expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      expect(new MerkleTree().root()).toEqual(EMPTY_ROOT);
      expect(new CompactRange().root()).toEqual(EMPTY_ROOT);
    });

    it.each(Object.entries(expectedRoots))(
      'gives the expected root for %s leaves by the recursive definition, the tree and the compact range',
      (size, root) => {
        const n = Number(size);
        expect(merkleTreeHash(honestLeaves.slice(0, n)).toString('hex')).toBe(root);
        expect(fullTree.rootAt(n).toString('hex')).toBe(root);
        const range = new CompactRange();
        for (const leaf of honestLeaves.slice(0, n)) range.appendLeafHash(leafHash(leaf));
        expect(range.root().toString('hex')).toBe(root);
      },
    );

    it('reproduces the RFC 6962 reference-leaf roots for 1 to 8 leaves', () => {
      const ctLeaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
      expect(ctLeaves.map((_, i) => merkleTreeHash(ctLeaves.slice(0, i + 1)).toString('hex'))).toEqual(ctRoots);
      expect(
        ctLeaves.map((_, i) =>
          treeOf(ctLeaves.slice(0, i + 1))
            .root()
            .toString('hex'),
        ),
      ).toEqual(ctRoots);
    });

    it('tracks the root at every size as leaves are appended one by one', () => {
      const tree = new MerkleTree();
      const range = new CompactRange();
      for (const leaf of honestLeaves.slice(0, 20)) {
        tree.append(leaf);
        range.appendLeafHash(leafHash(leaf));
        expect(tree.root().toString('hex')).toBe(expectedRoots[tree.size]);
        expect(range.root().toString('hex')).toBe(expectedRoots[range.size]);
      }
    });

    it.each(expectedInclusion)('gives the expected inclusion proof for leaf %i of %i', (m, n, proof) => {
      expect(hex(fullTree.inclusionProof(m, n))).toEqual(proof);
    });

    it.each(expectedConsistency)('gives the expected consistency proof from %i to %i', (m, n, proof) => {
      expect(hex(fullTree.consistencyProof(m, n))).toEqual(proof);
    });

    it('gives the expected inclusion proofs for every leaf of every size up to 20 (digest of all of them in order)', () => {
      const digest = createHash('sha256');
      for (let n = 1; n <= 20; n += 1) for (let m = 0; m < n; m += 1) for (const p of fullTree.inclusionProof(m, n)) digest.update(p);
      expect(digest.digest('hex')).toBe(allInclusionProofsUpTo20);
    });

    it('gives the expected consistency proofs for every pair 0 < m < n ≤ 20 (digest of all of them in order)', () => {
      const digest = createHash('sha256');
      for (let n = 1; n <= 20; n += 1) for (let m = 1; m < n; m += 1) for (const p of fullTree.consistencyProof(m, n)) digest.update(p);
      expect(digest.digest('hex')).toBe(allConsistencyProofsUpTo20);
    });
  });

  describe('honest proofs verify', () => {
    it('verifies the inclusion proof of every leaf in every tree of size 1 to 64', () => {
      let checked = 0;
      for (let n = 1; n <= 64; n += 1) {
        const root = fullTree.rootAt(n);
        for (let m = 0; m < n; m += 1) {
          expect([m, n, verifyInclusion(m, n, fullTree.leafHashAt(m), fullTree.inclusionProof(m, n), root)]).toEqual([m, n, true]);
          checked += 1;
        }
      }
      expect(checked).toBe((64 * 65) / 2);
    });

    it('verifies the consistency proof of every pair 1 ≤ m ≤ n ≤ 64', () => {
      let checked = 0;
      for (let n = 1; n <= 64; n += 1) {
        for (let m = 1; m <= n; m += 1) {
          expect([m, n, verifyConsistency(m, n, fullTree.rootAt(m), fullTree.rootAt(n), fullTree.consistencyProof(m, n))]).toEqual([m, n, true]);
          checked += 1;
        }
      }
      expect(checked).toBe((64 * 65) / 2);
    });

    it('verifies proofs in a larger tree', () => {
      expect(verifyInclusion(1000, 1337, fullTree.leafHashAt(1000), fullTree.inclusionProof(1000, 1337), fullTree.root())).toBe(true);
      expect(verifyConsistency(777, 1337, fullTree.rootAt(777), fullTree.root(), fullTree.consistencyProof(777, 1337))).toBe(true);
    });

    it('treats the empty log as a prefix of every log, with an empty proof', () => {
      expect(fullTree.consistencyProof(0, 20)).toEqual([]);
      expect(verifyConsistency(0, 20, EMPTY_ROOT, fullTree.rootAt(20), [])).toBe(true);
      expect(verifyConsistency(0, 20, fullTree.rootAt(1), fullTree.rootAt(20), [])).toBe(false);
      expect(verifyConsistency(0, 20, EMPTY_ROOT, fullTree.rootAt(20), [fullTree.rootAt(20)])).toBe(false);
    });
  });

  describe('a tampered proof or claim fails', () => {
    const n = 20;
    let root: Buffer;
    beforeEach(() => {
      root = fullTree.rootAt(n);
    });
    const proofOf = (m: number) => fullTree.inclusionProof(m, n);

    it('fails for a changed leaf', () => {
      const changed = logLeafBytes({ ...honestEvents[12], id: 'event-12x', index: 12 });
      expect(verifyInclusion(12, n, leafHash(changed), proofOf(12), root)).toBe(false);
    });

    it('fails for the right leaf claimed at another index (a swapped pair)', () => {
      expect(verifyInclusion(13, n, fullTree.leafHashAt(12), proofOf(12), root)).toBe(false);
      expect(verifyInclusion(13, n, fullTree.leafHashAt(12), proofOf(13), root)).toBe(false);
    });

    it("fails against another tree head's size and root", () => {
      for (let m = 0; m < n; m += 1) {
        expect(verifyInclusion(m, n + 1, fullTree.leafHashAt(m), proofOf(m), fullTree.rootAt(n + 1))).toBe(false);
        expect(verifyInclusion(m, n - 1, fullTree.leafHashAt(m), proofOf(m), fullTree.rootAt(n - 1))).toBe(false);
      }
    });

    it('fails for a wrong tree size whenever the size changes the shape of the path', () => {
      expect(verifyInclusion(19, 21, fullTree.leafHashAt(19), proofOf(19), root)).toBe(false);
      expect(verifyInclusion(12, 33, fullTree.leafHashAt(12), proofOf(12), root)).toBe(false);
      expect(verifyInclusion(12, 12, fullTree.leafHashAt(12), proofOf(12), root)).toBe(false);
    });

    it('does not bind the tree size by itself — the signed tree head does (size and root are signed together)', () => {
      // leaf 0 climbs the same left edge in trees of 5 and 6 leaves, so only the root tells them apart
      expect(verifyInclusion(0, 5, fullTree.leafHashAt(0), fullTree.inclusionProof(0, 6), fullTree.rootAt(6))).toBe(true);
      expect(verifyInclusion(0, 5, fullTree.leafHashAt(0), fullTree.inclusionProof(0, 6), fullTree.rootAt(5))).toBe(false);
    });

    it('fails for a truncated or an extended proof', () => {
      for (let m = 0; m < n; m += 1) {
        expect(verifyInclusion(m, n, fullTree.leafHashAt(m), proofOf(m).slice(0, -1), root)).toBe(false);
        expect(verifyInclusion(m, n, fullTree.leafHashAt(m), [...proofOf(m), root], root)).toBe(false);
      }
    });

    it('fails for a proof with one bit flipped', () => {
      const proof = proofOf(7);
      proof[2] = Buffer.from(proof[2]);
      proof[2][0] ^= 1;
      expect(verifyInclusion(7, n, fullTree.leafHashAt(7), proof, root)).toBe(false);
    });

    it('fails for a proof taken from another log', () => {
      const otherTree = treeOf(leavesOf(honestEvents.slice(0, n).map((event, i) => (i === 3 ? { ...event, revision: 99 } : event))));
      expect(verifyInclusion(12, n, fullTree.leafHashAt(12), otherTree.inclusionProof(12), root)).toBe(false);
      expect(verifyInclusion(12, n, fullTree.leafHashAt(12), proofOf(12), otherTree.root())).toBe(false);
    });

    it('fails for malformed input rather than throwing', () => {
      expect(verifyInclusion(-1, n, fullTree.leafHashAt(0), proofOf(0), root)).toBe(false);
      expect(verifyInclusion(n, n, fullTree.leafHashAt(0), proofOf(0), root)).toBe(false);
      expect(verifyInclusion(0, n, fullTree.leafHashAt(0), [...proofOf(0).slice(0, -1), Buffer.alloc(31)], root)).toBe(false);
      expect(verifyConsistency(13, 12, fullTree.rootAt(13), fullTree.rootAt(12), [])).toBe(false);
      expect(verifyConsistency(1.5, 20, fullTree.rootAt(1), root, fullTree.consistencyProof(1, 20))).toBe(false);
    });

    it('fails a consistency proof that is empty, truncated, extended, flipped or checked against other sizes', () => {
      for (let m = 1; m < n; m += 1) {
        const proof = fullTree.consistencyProof(m, n);
        const firstRoot = fullTree.rootAt(m);
        expect(verifyConsistency(m, n, firstRoot, root, [])).toBe(false);
        expect(verifyConsistency(m, n, firstRoot, root, proof.slice(0, -1))).toBe(false);
        expect(verifyConsistency(m, n, firstRoot, root, [...proof, root])).toBe(false);
        const flipped = proof.map((p, i) => (i === proof.length - 1 ? nodeHash(p, p) : p));
        expect(verifyConsistency(m, n, firstRoot, root, flipped)).toBe(false);
        expect(verifyConsistency(m, n + 1, firstRoot, fullTree.rootAt(n + 1), proof)).toBe(false);
        expect(verifyConsistency(m + 1, n, fullTree.rootAt(m + 1), root, proof)).toBe(false);
      }
    });

    it('fails a consistency proof whose claimed second size needs a taller tree than the proof climbs', () => {
      for (let m = 1; m < n; m += 1) expect(verifyConsistency(m, 2 * n, fullTree.rootAt(m), root, fullTree.consistencyProof(m, n))).toBe(false);
    });

    it('fails a consistency proof between equal sizes with different roots, or with a non-empty proof', () => {
      expect(verifyConsistency(n, n, root, fullTree.rootAt(n - 1), [])).toBe(false);
      expect(verifyConsistency(n, n, root, root, [root])).toBe(false);
    });
  });

  describe('a tampered log no longer matches the tree heads published before the tampering', () => {
    // heads were published at sizes 13 and 20 of the honest log; the tampering touches event 5
    let published: Record<13 | 20, Buffer>;
    beforeEach(() => {
      published = { 13: fullTree.rootAt(13), 20: fullTree.rootAt(20) };
    });
    const honest = honestEvents.slice(0, 20);
    const tamperings: [string, Omit<LogLeaf, 'index'>[]][] = [
      ['an edited event', honest.map((event, i) => (i === 5 ? { ...event, hash: createHash('sha256').update('edited').digest('hex') } : event))],
      ['two events swapped', honest.map((event, i) => (i === 5 ? honest[6] : i === 6 ? honest[5] : event))],
      ['a deleted event', honest.filter((_, i) => i !== 5)],
      ['an inserted event', [...honest.slice(0, 5), syntheticEvent(5000), ...honest.slice(5)]],
    ];

    it.each(tamperings)('%s: the rewritten log cannot prove it extends the older head', (_, events) => {
      const tampered = treeOf(leavesOf(events));
      expect(tampered.rootAt(13)).not.toEqual(published[13]);
      expect(verifyConsistency(13, tampered.size, published[13], tampered.root(), tampered.consistencyProof(13))).toBe(false);
    });

    it.each(tamperings)('%s: no event from the change on can prove inclusion under the newer head', (_, events) => {
      const tampered = treeOf(leavesOf(events));
      const size = Math.min(tampered.size, 20);
      for (let m = 5; m < size; m += 1) {
        expect(verifyInclusion(m, 20, tampered.leafHashAt(m), tampered.inclusionProof(m, size), published[20])).toBe(false);
      }
    });

    it('leaves every event before the change provable', () => {
      const tampered = treeOf(leavesOf(honest.filter((_, i) => i !== 5)));
      for (let m = 0; m < 5; m += 1) expect(verifyInclusion(m, 20, tampered.leafHashAt(m), fullTree.inclusionProof(m, 20), published[20])).toBe(true);
    });
  });

  describe('the tree refuses questions it cannot answer', () => {
    it('refuses sizes beyond the leaves it holds and indexes outside the tree', () => {
      const tree = treeOf(honestLeaves.slice(0, 5));
      expect(() => tree.rootAt(6)).toThrow(RangeError);
      expect(() => tree.inclusionProof(5)).toThrow(RangeError);
      expect(() => tree.inclusionProof(3, 3)).toThrow(RangeError);
      expect(() => tree.consistencyProof(4, 6)).toThrow(RangeError);
      expect(() => tree.consistencyProof(5, 4)).toThrow(RangeError);
      expect(() => tree.appendLeafHash(Buffer.alloc(31))).toThrow(RangeError);
    });

    it('hands out copies, so a caller cannot corrupt the stored hashes', () => {
      const tree = treeOf(honestLeaves.slice(0, 8));
      tree.leafHashAt(3).fill(0);
      tree.inclusionProof(3)[0].fill(0);
      tree.root().fill(0);
      expect(tree.root().toString('hex')).toBe(expectedRoots[8]);
    });
  });
});
