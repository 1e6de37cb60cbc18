/**
 * Signed tree heads. The known answer (key id, signed bytes and signature for a fixed seed) was
 * computed independently with Python's `cryptography` Ed25519 from the byte layout in
 * docs/integrity.md; Ed25519 signatures are deterministic, so the signature must match exactly.
 */
import {
  SignedTreeHead,
  SigningKey,
  TREE_HEAD_DOMAIN,
  VerificationKey,
  generateTreeHeadKeyPair,
  signTreeHead,
  signingKeyFrom,
  treeHeadSigningBytes,
  verificationKeyFrom,
  verifyTreeHead,
} from './tree-head';

const seedBase64 = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const publicKeyBase64 = 'A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=';
const privateKeyPem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f\n-----END PRIVATE KEY-----\n';
const publicKeyPem = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAA6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=\n-----END PUBLIC KEY-----\n';
const keyId = 'a050837d85070582ccf7394b0988847cc312cb88259b894899f6f239cf1791a5';
const head = { treeSize: 1337, rootHash: '958b635b856563642ed5bc15af0283118f59f3c47a8901642bf82cc7613eebc4', timestamp: '2026-03-02T08:00:00.000Z' };
const expectedSignature = 'n23VTveOSW++vKKaBD8eaw6mJ/Zo+sGiYgeLo0kddXGhss6w8pG6SZmx/dfW4nvXkj6PTeuxkQAUjSS7V+IiCQ==';

describe('signed tree heads', () => {
  // made inside each test (not when the file loads), so that mutation testing knows which tests run this code
  let signingKey: SigningKey;
  let verificationKey: VerificationKey;
  let signed: SignedTreeHead;
  beforeEach(() => {
    signingKey = signingKeyFrom(seedBase64);
    verificationKey = verificationKeyFrom(publicKeyBase64);
    signed = signTreeHead(head, signingKey);
  });

  describe('known answer from the independent implementation', () => {
    it('names the key by the SHA-256 of its SubjectPublicKeyInfo', () => {
      expect(signingKey.keyId).toBe(keyId);
      expect(verificationKey.keyId).toBe(keyId);
    });

    it('signs the domain string, a line feed and the JCS of the head', () => {
      expect(treeHeadSigningBytes({ ...head, keyId }).toString('utf8')).toBe(
        `${TREE_HEAD_DOMAIN}\n{"keyId":"${keyId}","rootHash":"${head.rootHash}","timestamp":"${head.timestamp}","treeSize":1337}`,
      );
    });

    it('produces the expected Ed25519 signature', () => {
      expect(signed).toEqual({ ...head, keyId, signature: expectedSignature });
    });
  });

  describe('keys from configuration', () => {
    it('accepts the same key as a PEM or as a raw base64 seed / public key', () => {
      expect(signingKeyFrom(privateKeyPem).keyId).toBe(keyId);
      expect(signTreeHead(head, signingKeyFrom(privateKeyPem)).signature).toBe(expectedSignature);
      expect(verificationKeyFrom(publicKeyPem).keyId).toBe(keyId);
      expect(verifyTreeHead(signed, verificationKeyFrom(publicKeyPem))).toBe(true);
    });

    it('generates a key pair for a local setup whose two forms agree', () => {
      const pair = generateTreeHeadKeyPair();
      const fromSeed = signingKeyFrom(pair.seedBase64);
      expect(fromSeed.keyId).toBe(pair.keyId);
      expect(signingKeyFrom(pair.privateKeyPem).keyId).toBe(pair.keyId);
      expect(verificationKeyFrom(pair.publicKeyBase64).keyId).toBe(pair.keyId);
      expect(verifyTreeHead(signTreeHead(head, fromSeed), verificationKeyFrom(pair.publicKeyPem))).toBe(true);
      expect(pair.keyId).not.toBe(keyId);
    });

    it('refuses keys that are not 32 bytes of base64 or not Ed25519', () => {
      expect(() => signingKeyFrom('AAEC')).toThrow(/32 bytes/);
      expect(() => verificationKeyFrom(Buffer.alloc(33).toString('base64'))).toThrow(/32 bytes/);
      expect(() => signingKeyFrom('not base64 at all!')).toThrow(/32 bytes/);
    });
  });

  describe('verification', () => {
    it('accepts the head as signed', () => expect(verifyTreeHead(signed, verificationKey)).toBe(true));

    it.each<[string, Partial<SignedTreeHead>]>([
      ['a changed tree size', { treeSize: 1336 }],
      ['a changed root', { rootHash: 'a'.repeat(64) }],
      ['a changed timestamp', { timestamp: '2026-03-02T08:00:00.001Z' }],
      ['another key id', { keyId: 'b'.repeat(64) }],
      ['a changed signature', { signature: expectedSignature.replace(/^n/, 'm') }],
      ['a truncated signature', { signature: expectedSignature.slice(0, 84) }],
      ['a negative size', { treeSize: -1 }],
      ['a timestamp in another format', { timestamp: '2026-03-02T08:00:00Z' }],
      ['an uppercase root', { rootHash: head.rootHash.toUpperCase() }],
    ])('fails for %s', (_, change) => {
      expect(verifyTreeHead({ ...signed, ...change }, verificationKey)).toBe(false);
    });

    it('fails under another key, even with that key id written into the head', () => {
      const other = signingKeyFrom(Buffer.alloc(32, 9).toString('base64'));
      const otherKey = verificationKeyFrom(other.publicKey.export({ format: 'pem', type: 'spki' }).toString());
      expect(verifyTreeHead(signed, otherKey)).toBe(false);
      expect(verifyTreeHead({ ...signed, keyId: other.keyId }, otherKey)).toBe(false);
    });

    it('refuses to sign a malformed head', () => {
      expect(() => signTreeHead({ ...head, timestamp: 'yesterday' }, signingKey)).toThrow(RangeError);
      expect(() => signTreeHead({ ...head, rootHash: 'abc' }, signingKey)).toThrow(RangeError);
      expect(() => signTreeHead({ ...head, treeSize: 1.5 }, signingKey)).toThrow(RangeError);
    });
  });
});
