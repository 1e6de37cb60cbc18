import { MerkleTree } from './merkle';
import { SigningKey, VerificationKey, generateTreeHeadKeyPair, signTreeHead, signingKeyFrom, verificationKeyFrom } from './tree-head';
import { WitnessedHead, cosignTreeHead, judgeHead, verifyCosignature } from './witness';

// keys and trees are made inside each test (not when the file loads), so that mutation testing knows which tests run this code
let logKey: SigningKey;
let logVerifier: VerificationKey;
let witnessKey: SigningKey;
beforeEach(() => {
  logKey = signingKeyFrom(generateTreeHeadKeyPair().seedBase64);
  logVerifier = verificationKeyFrom(logKey.publicKey.export({ format: 'pem', type: 'spki' }).toString());
  witnessKey = signingKeyFrom(generateTreeHeadKeyPair().seedBase64);
});

function treeOf(size: number, salt = ''): MerkleTree {
  const tree = new MerkleTree();
  for (let i = 0; i < size; i++) tree.append(Buffer.from(`event ${i}${i === 3 ? salt : ''}`));
  return tree;
}
const headOf = (tree: MerkleTree, size = tree.size, key = logKey) =>
  signTreeHead({ treeSize: size, rootHash: tree.rootAt(size).toString('hex'), timestamp: '2026-12-02T08:00:00.000Z' }, key);
const proof = (tree: MerkleTree, from: number, to: number) => tree.consistencyProof(from, to).map((h) => h.toString('hex'));

describe('a witness judging a tree head (issue 11)', () => {
  let honest: MerkleTree;
  let cosigned: WitnessedHead;
  beforeEach(() => {
    honest = treeOf(20);
    cosigned = { treeSize: 8, rootHash: honest.rootAt(8).toString('hex') };
  });

  it('cosigns the first head it sees, and a later head that the consistency proof shows extends the last it cosigned', () => {
    expect(judgeHead(null, headOf(honest, 8), logVerifier)).toEqual({ kind: 'cosign' });
    expect(judgeHead(cosigned, headOf(honest, 20), logVerifier)).toEqual({ kind: 'needs-proof', from: 8, to: 20 });
    expect(judgeHead(cosigned, headOf(honest, 20), logVerifier, proof(honest, 8, 20))).toEqual({ kind: 'cosign' });
    expect(judgeHead(cosigned, headOf(honest, 8), logVerifier)).toEqual({ kind: 'seen' });
  });

  it('never cosigns a rewritten history: a fork at the same size, or a larger head that does not extend what it saw', () => {
    const rewritten = treeOf(20, ' edited');
    expect(judgeHead(cosigned, headOf(rewritten, 8), logVerifier)).toMatchObject({ kind: 'alarm', reason: 'fork' });
    // the rewritten log's own proof from size 8 holds for its own root at 8, not for the root the witness cosigned
    expect(judgeHead(cosigned, headOf(rewritten, 20), logVerifier, proof(rewritten, 8, 20))).toMatchObject({ kind: 'alarm', reason: 'fork' });
    expect(judgeHead(cosigned, headOf(rewritten, 20), logVerifier, [])).toMatchObject({ kind: 'alarm', reason: 'fork' });
    expect(judgeHead(cosigned, headOf(rewritten, 20), logVerifier, ['not hex'])).toMatchObject({ kind: 'alarm', reason: 'fork' });
  });

  it('never cosigns a shrunken tree (heads or events removed), nor a head the log key did not sign', () => {
    expect(judgeHead(cosigned, headOf(honest, 5), logVerifier)).toMatchObject({ kind: 'alarm', reason: 'rollback' });
    const stranger = signingKeyFrom(generateTreeHeadKeyPair().seedBase64);
    expect(judgeHead(cosigned, headOf(honest, 20, stranger), logVerifier, proof(honest, 8, 20))).toMatchObject({ kind: 'alarm', reason: 'bad-signature' });
  });

  it('signs exactly what it judged: the cosignature verifies with its key, and with no other head or key', () => {
    const head = headOf(honest, 20);
    const cosignature = cosignTreeHead(head, witnessKey, '2026-12-02T08:00:05.000Z');
    expect(cosignature).toMatchObject({ witnessKeyId: witnessKey.keyId, logKeyId: logKey.keyId, treeSize: 20, rootHash: head.rootHash });
    expect(verifyCosignature(cosignature, witnessKey)).toBe(true);
    expect(verifyCosignature({ ...cosignature, treeSize: 19 }, witnessKey)).toBe(false);
    expect(verifyCosignature({ ...cosignature, rootHash: honest.rootAt(19).toString('hex') }, witnessKey)).toBe(false);
    expect(verifyCosignature(cosignature, logKey)).toBe(false);
  });
});
