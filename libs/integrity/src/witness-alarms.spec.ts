/**
 * A witness's alarms and cosignatures in detail: what each alarm tells the oversight unit, what
 * exactly a cosignature signs, and which cosignatures and proofs are refused as written.
 */
import { generateKeyPairSync } from 'node:crypto';
import { MerkleTree } from './merkle';
import { SigningKey, VerificationKey, signTreeHead, signingKeyFrom, verificationKeyFrom } from './tree-head';
import { COSIGNATURE_DOMAIN, Cosignature, WitnessedHead, cosignTreeHead, cosignatureBytes, judgeHead, verifyCosignature } from './witness';

const logSeed = Buffer.alloc(32, 1).toString('base64');
const witnessSeed = Buffer.alloc(32, 2).toString('base64');

function treeOf(size: number, salt = ''): MerkleTree {
  const tree = new MerkleTree();
  for (let i = 0; i < size; i++) tree.append(Buffer.from(`event ${i}${i === 3 ? salt : ''}`));
  return tree;
}

let logKey: SigningKey;
let logVerifier: VerificationKey;
let witnessKey: SigningKey;
let honest: MerkleTree;
let cosigned: WitnessedHead;
beforeEach(() => {
  logKey = signingKeyFrom(logSeed);
  logVerifier = verificationKeyFrom(logKey.publicKey.export({ format: 'pem', type: 'spki' }).toString());
  witnessKey = signingKeyFrom(witnessSeed);
  honest = treeOf(20);
  cosigned = { treeSize: 8, rootHash: honest.rootAt(8).toString('hex') };
});

const headOf = (tree: MerkleTree, size = tree.size, key = logKey) =>
  signTreeHead({ treeSize: size, rootHash: tree.rootAt(size).toString('hex'), timestamp: '2026-12-02T08:00:00.000Z' }, key);
const proof = (tree: MerkleTree, from: number, to: number) => tree.consistencyProof(from, to).map((h) => h.toString('hex'));

describe('what each alarm tells the oversight unit', () => {
  it('a head the log key did not sign names its size and the key expected', () => {
    const stranger = signingKeyFrom(Buffer.alloc(32, 3).toString('base64'));
    expect(judgeHead(null, headOf(honest, 20, stranger), logVerifier)).toEqual({
      kind: 'alarm',
      reason: 'bad-signature',
      detail: `the head of size 20 does not carry a valid signature of the log's key ${logKey.keyId}`,
    });
  });

  it('a first head that is not signed by the log key is not cosigned on trust', () => {
    expect(judgeHead(null, { ...headOf(honest, 20), treeSize: 19 }, logVerifier)).toMatchObject({ kind: 'alarm', reason: 'bad-signature' });
  });

  it('a shrunken tree names both sizes', () => {
    expect(judgeHead(cosigned, headOf(honest, 7), logVerifier)).toEqual({
      kind: 'alarm',
      reason: 'rollback',
      detail: "the log's newest head has size 7, but this witness cosigned size 8: the log never shrinks (heads or events were removed)",
    });
  });

  it('a different root at the cosigned size names both roots', () => {
    const rewritten = treeOf(20, ' edited');
    const root = rewritten.rootAt(8).toString('hex');
    expect(judgeHead(cosigned, headOf(rewritten, 8), logVerifier)).toEqual({
      kind: 'alarm',
      reason: 'fork',
      detail: `a head of size 8 with root ${root}, where this witness cosigned root ${cosigned.rootHash} for that size: the history was rewritten`,
    });
  });

  it('a larger head that the proof does not connect names both sizes', () => {
    const rewritten = treeOf(20, ' edited');
    expect(judgeHead(cosigned, headOf(rewritten, 20), logVerifier, proof(rewritten, 8, 20))).toEqual({
      kind: 'alarm',
      reason: 'fork',
      detail: 'the head of size 20 is not an extension of the head of size 8 this witness cosigned: the consistency proof fails (the history before it was changed)',
    });
  });

  it('a head one leaf larger asks for the proof from the last cosigned size', () => {
    expect(judgeHead(cosigned, headOf(honest, 9), logVerifier)).toEqual({ kind: 'needs-proof', from: 8, to: 9 });
    expect(judgeHead(cosigned, headOf(honest, 9), logVerifier, proof(honest, 8, 9))).toEqual({ kind: 'cosign' });
  });
});

describe('the proof a witness takes is lowercase hex, as the log serves it', () => {
  it('refuses the right proof written in uppercase', () => {
    const upper = proof(honest, 8, 20).map((h) => h.toUpperCase());
    expect(judgeHead(cosigned, headOf(honest, 20), logVerifier, upper)).toMatchObject({ kind: 'alarm', reason: 'fork' });
  });

  it('refuses the right proof with anything after a hash', () => {
    const padded = proof(honest, 8, 20).map((h, i) => (i === 0 ? `${h}zz` : h));
    expect(judgeHead(cosigned, headOf(honest, 20), logVerifier, padded)).toMatchObject({ kind: 'alarm', reason: 'fork' });
  });

  it('refuses a proof for a larger head that is empty', () => {
    expect(judgeHead(cosigned, headOf(honest, 20), logVerifier, [])).toMatchObject({ kind: 'alarm', reason: 'fork' });
  });
});

describe('a cosignature', () => {
  const cosignedAt = '2026-12-02T08:00:05.000Z';

  it('signs the domain dsr-cosignature-v1, a line feed and the JCS of its five other fields', () => {
    const head = headOf(honest, 20);
    const cosignature = cosignTreeHead(head, witnessKey, cosignedAt);
    expect(COSIGNATURE_DOMAIN).toBe('dsr-cosignature-v1');
    expect(cosignatureBytes(cosignature).toString('utf8')).toBe(
      `dsr-cosignature-v1\n{"cosignedAt":"${cosignedAt}","logKeyId":"${logKey.keyId}","rootHash":"${head.rootHash}","treeSize":20,"witnessKeyId":"${witnessKey.keyId}"}`,
    );
    expect(cosignature).toEqual({
      witnessKeyId: witnessKey.keyId,
      logKeyId: logKey.keyId,
      treeSize: 20,
      rootHash: head.rootHash,
      cosignedAt,
      signature: cosignature.signature,
    });
  });

  it('covers when it was made and which log key signed the head', () => {
    const cosignature = cosignTreeHead(headOf(honest, 20), witnessKey, cosignedAt);
    expect(verifyCosignature({ ...cosignature, cosignedAt: '2026-12-02T08:00:06.000Z' }, witnessKey)).toBe(false);
    expect(verifyCosignature({ ...cosignature, logKeyId: witnessKey.keyId }, witnessKey)).toBe(false);
  });

  it('is refused under a key id other than the witness key, even with a valid signature', () => {
    const cosignature = cosignTreeHead(headOf(honest, 20), witnessKey, cosignedAt);
    expect(verifyCosignature(cosignature, { publicKey: witnessKey.publicKey, keyId: logKey.keyId })).toBe(false);
  });

  it.each<[string, (signature: string) => unknown]>([
    ['without its base64 padding', (s) => s.replace(/=+$/, '')],
    ['with a line feed appended', (s) => `${s}\n`],
    ['truncated', (s) => s.slice(0, 80)],
    ['missing', () => undefined],
    ['as bytes instead of text', (s) => Buffer.from(s, 'base64')],
  ])('is refused with its own signature %s', (_, rewrite) => {
    const cosignature = cosignTreeHead(headOf(honest, 20), witnessKey, cosignedAt);
    expect(verifyCosignature({ ...cosignature, signature: rewrite(cosignature.signature) } as Cosignature, witnessKey)).toBe(false);
  });

  it('is refused, not thrown over, when the witness key cannot verify Ed25519 signatures', () => {
    const cosignature = cosignTreeHead(headOf(honest, 20), witnessKey, cosignedAt);
    const notEd25519 = generateKeyPairSync('x25519').publicKey;
    expect(verifyCosignature(cosignature, { publicKey: notEd25519, keyId: witnessKey.keyId })).toBe(false);
  });
});
