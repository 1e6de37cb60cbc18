/**
 * Signed tree heads at their edges: which heads are well formed, which signatures are accepted
 * exactly as written, and which configured keys are taken. The key pair is the fixed one of
 * tree-head.spec.ts (seed 00 01 … 1f), whose key id was computed independently.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { SignedTreeHead, TREE_HEAD_DOMAIN, TreeHead, keyIdOf, signTreeHead, signingKeyFrom, treeHeadSigningBytes, verificationKeyFrom, verifyTreeHead } from './tree-head';

const seedBase64 = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const publicKeyBase64 = 'A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=';
const keyId = 'a050837d85070582ccf7394b0988847cc312cb88259b894899f6f239cf1791a5';
const rootHash = '958b635b856563642ed5bc15af0283118f59f3c47a8901642bf82cc7613eebc4';
const head = { treeSize: 1337, rootHash, timestamp: '2026-03-02T08:00:00.000Z' };

describe('the signed bytes of a tree head', () => {
  it('are the domain dsr-tree-head-v1, a line feed and the JCS of the four fields', () => {
    expect(TREE_HEAD_DOMAIN).toBe('dsr-tree-head-v1');
    expect(treeHeadSigningBytes({ ...head, keyId }).toString('utf8')).toBe(
      `dsr-tree-head-v1\n{"keyId":"${keyId}","rootHash":"${rootHash}","timestamp":"2026-03-02T08:00:00.000Z","treeSize":1337}`,
    );
  });

  it('leave out anything else the head carries, the signature included', () => {
    const signed = { ...head, keyId, signature: 'x', note: 'not signed' } as TreeHead;
    expect(treeHeadSigningBytes(signed)).toEqual(treeHeadSigningBytes({ ...head, keyId }));
  });
});

describe('a well-formed tree head', () => {
  const signingKey = () => signingKeyFrom(seedBase64);

  it('may be the head of the empty log', () => {
    const empty = signTreeHead({ treeSize: 0, rootHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', timestamp: head.timestamp }, signingKey());
    expect(verifyTreeHead(empty, verificationKeyFrom(publicKeyBase64))).toBe(true);
  });

  it.each<[string, Partial<TreeHead>]>([
    ['a negative size', { treeSize: -1 }],
    ['a size beyond exact integers', { treeSize: 2 ** 53 }],
    ['a fractional size', { treeSize: 1.5 }],
    ['a root with a prefix', { rootHash: `00${rootHash}` }],
    ['a root with a suffix', { rootHash: `${rootHash}00` }],
    ['a root that is not text', { rootHash: Buffer.from(rootHash, 'hex') as unknown as string }],
    ['a key id with a prefix', { keyId: `00${keyId}` }],
    ['a key id with a suffix', { keyId: `${keyId}00` }],
    ['an uppercase key id', { keyId: keyId.toUpperCase() }],
    ['a key id that is not text', { keyId: Buffer.from(keyId, 'hex') as unknown as string }],
    ['a timestamp with a prefix', { timestamp: `x${head.timestamp}` }],
    ['a timestamp with a suffix', { timestamp: `${head.timestamp}x` }],
    ['a timestamp without milliseconds', { timestamp: '2026-03-02T08:00:00Z' }],
    ['a timestamp in another zone', { timestamp: '2026-03-02T08:00:00.000+08:00' }],
    ['a timestamp that is not text', { timestamp: new Date(head.timestamp) as unknown as string }],
    ['a month that does not exist', { timestamp: '2026-13-02T08:00:00.000Z' }],
    ['a day the month does not have', { timestamp: '2026-02-30T08:00:00.000Z' }],
  ])('is not %s: signing refuses it and verification fails without throwing', (_, change) => {
    const malformed = { ...head, keyId, ...change };
    expect(() => treeHeadSigningBytes(malformed)).toThrow(
      new RangeError('a tree head needs a non-negative integer treeSize, a 64-hex rootHash and keyId, and an ISO-8601 UTC timestamp'),
    );
    const signed = { ...signTreeHead(head, signingKey()), ...change } as SignedTreeHead;
    expect(verifyTreeHead(signed, verificationKeyFrom(publicKeyBase64))).toBe(false);
  });
});

describe('a signature is accepted only as written', () => {
  const signed = () => signTreeHead(head, signingKeyFrom(seedBase64));
  const key = () => verificationKeyFrom(publicKeyBase64);

  it('accepts the signature the log wrote', () => expect(verifyTreeHead(signed(), key())).toBe(true));

  it.each<[string, (signature: string) => unknown]>([
    ['without its base64 padding', (s) => s.replace(/=+$/, '')],
    ['with a line feed appended', (s) => `${s}\n`],
    ['in base64url', (s) => s.replace(/\+/g, '-').replace(/\//g, '_')],
    ['missing', () => undefined],
    ['as bytes instead of text', (s) => Buffer.from(s, 'base64')],
    ['with one byte more', (s) => Buffer.concat([Buffer.from(s, 'base64'), Buffer.alloc(1)]).toString('base64')],
  ])('refuses the right signature %s', (_, rewrite) => {
    const head = signed();
    expect(verifyTreeHead({ ...head, signature: rewrite(head.signature) as string }, key())).toBe(false);
  });
});

describe('a head names the key that signed it', () => {
  it('is refused when it names another key id, even with a valid signature of this key over what it says', () => {
    const signing = signingKeyFrom(seedBase64);
    const claimed = { ...head, keyId: 'b'.repeat(64) };
    const signature = sign(null, treeHeadSigningBytes(claimed), signing.privateKey).toString('base64');
    expect(verifyTreeHead({ ...claimed, signature }, verificationKeyFrom(publicKeyBase64))).toBe(false);
  });
});

describe('keys from configuration', () => {
  const pem = signingKeyFrom(seedBase64).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const publicPem = verificationKeyFrom(publicKeyBase64).publicKey.export({ format: 'pem', type: 'spki' }).toString();

  it('takes a key with the whitespace a configuration file leaves around it', () => {
    expect(signingKeyFrom(`\n  ${seedBase64}\n`).keyId).toBe(keyId);
    expect(signingKeyFrom(`  ${pem}\n\n`).keyId).toBe(keyId);
    expect(verificationKeyFrom(`\t${publicKeyBase64} `).keyId).toBe(keyId);
    expect(verificationKeyFrom(`\n${publicPem}  `).keyId).toBe(keyId);
  });

  it('derives the public key of a signing key, and names it by the SHA-256 of its SubjectPublicKeyInfo', () => {
    const signing = signingKeyFrom(seedBase64);
    expect(signing.publicKey.export({ format: 'der', type: 'spki' }).toString('base64')).toBe(
      verificationKeyFrom(publicKeyBase64).publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    );
    expect(keyIdOf(signing.publicKey)).toBe(createHash('sha256').update(signing.publicKey.export({ format: 'der', type: 'spki' })).digest('hex'));
  });

  it('refuses a raw key that is not exactly 32 bytes of canonical base64, saying which key', () => {
    expect(() => signingKeyFrom(seedBase64.replace(/=$/, ''))).toThrow('the tree head seed must be a PEM or 32 bytes in base64');
    expect(() => verificationKeyFrom(publicKeyBase64.replace(/=$/, ''))).toThrow('the tree head public key must be a PEM or 32 bytes in base64');
    expect(() => verificationKeyFrom(Buffer.alloc(31).toString('base64'))).toThrow('the tree head public key must be a PEM or 32 bytes in base64');
  });

  it('refuses a PEM key of another algorithm, naming it', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signingKeyFrom(ec.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())).toThrow('the tree head key must be Ed25519, got ec');
    expect(() => verificationKeyFrom(ec.publicKey.export({ format: 'pem', type: 'spki' }).toString())).toThrow('the tree head key must be Ed25519, got ec');
  });
});
