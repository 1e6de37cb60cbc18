/**
 * Signed tree heads: the log's Ed25519 signature over (size, root, time), so that a published head
 * pins the whole log up to that size. docs/integrity.md ("Signed tree heads") specifies the signed
 * bytes exactly; keep the two in step. Keys arrive as arguments: reading them from configuration is
 * the caller's job.
 */
import { KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import canonicalize from 'canonicalize';

/** Domain separation: these bytes can never be mistaken for any other message signed with the key. */
export const TREE_HEAD_DOMAIN = 'dsr-tree-head-v1';

export interface TreeHead {
  readonly treeSize: number;
  /** MTH of the first treeSize leaves, 64 lowercase hex digits. */
  readonly rootHash: string;
  /** When the head was signed, as `Date.prototype.toISOString()` writes it. */
  readonly timestamp: string;
  /** Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo of the signing key (as RFC 6962 §3.2 names a log). */
  readonly keyId: string;
}

export interface SignedTreeHead extends TreeHead {
  /** Ed25519 signature over treeHeadSigningBytes(head), base64. */
  readonly signature: string;
}

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
}

export interface VerificationKey {
  readonly publicKey: KeyObject;
  readonly keyId: string;
}

/** A fresh key pair for a local setup, in both accepted configuration forms. */
export interface GeneratedKeyPair {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  /** The raw 32-byte Ed25519 seed, base64. */
  readonly seedBase64: string;
  /** The raw 32-byte Ed25519 public key, base64. */
  readonly publicKeyBase64: string;
  readonly keyId: string;
}

// Fixed DER headers that wrap a raw Ed25519 key (OID 1.3.101.112) into PKCS#8 and SPKI (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** UTF-8 of `dsr-tree-head-v1`, a line feed, then the RFC 8785 (JCS) JSON of {keyId, rootHash, timestamp, treeSize}. */
export function treeHeadSigningBytes(head: TreeHead): Buffer {
  assertTreeHead(head);
  const text = canonicalize({ treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp, keyId: head.keyId });
  if (text === undefined) throw new Error('tree head cannot be serialised canonically');
  return Buffer.from(`${TREE_HEAD_DOMAIN}\n${text}`, 'utf8');
}

export function signTreeHead(head: Omit<TreeHead, 'keyId'>, key: SigningKey): SignedTreeHead {
  const unsigned: TreeHead = { treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp, keyId: key.keyId };
  const signature = sign(null, treeHeadSigningBytes(unsigned), key.privateKey).toString('base64');
  return { ...unsigned, signature };
}

/** True only if the head is well formed, names this key, and carries this key's signature over exactly these fields. */
export function verifyTreeHead(head: SignedTreeHead, key: VerificationKey): boolean {
  if (!isTreeHead(head) || head.keyId !== key.keyId || typeof head.signature !== 'string') return false;
  const signature = Buffer.from(head.signature, 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== head.signature) return false;
  return verify(null, treeHeadSigningBytes(head), key.publicKey, signature);
}

/** A signing key from configuration: a PKCS#8 PEM, or the raw 32-byte seed in base64. */
export function signingKeyFrom(configured: string): SigningKey {
  const text = configured.trim();
  const privateKey = text.startsWith('-----BEGIN')
    ? createPrivateKey({ key: text, format: 'pem' })
    : createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, rawKey(text, 'seed')]), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the tree head key must be Ed25519, got ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** A verification key from configuration: an SPKI PEM, or the raw 32-byte public key in base64. */
export function verificationKeyFrom(configured: string): VerificationKey {
  const text = configured.trim();
  const publicKey = text.startsWith('-----BEGIN')
    ? createPublicKey({ key: text, format: 'pem' })
    : createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, rawKey(text, 'public key')]), format: 'der', type: 'spki' });
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`the tree head key must be Ed25519, got ${publicKey.asymmetricKeyType}`);
  return { publicKey, keyId: keyIdOf(publicKey) };
}

export function generateTreeHeadKeyPair(): GeneratedKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    seedBase64: pkcs8.subarray(PKCS8_ED25519_PREFIX.length).toString('base64'),
    publicKeyBase64: spki.subarray(SPKI_ED25519_PREFIX.length).toString('base64'),
    keyId: keyIdOf(publicKey),
  };
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex');
}

function rawKey(base64: string, what: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== 32 || bytes.toString('base64') !== base64) throw new Error(`the tree head ${what} must be a PEM or 32 bytes in base64`);
  return bytes;
}

function isTreeHead(head: TreeHead): boolean {
  return (
    Number.isSafeInteger(head.treeSize) &&
    head.treeSize >= 0 &&
    typeof head.rootHash === 'string' &&
    /^[0-9a-f]{64}$/.test(head.rootHash) &&
    typeof head.keyId === 'string' &&
    /^[0-9a-f]{64}$/.test(head.keyId) &&
    typeof head.timestamp === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(head.timestamp) &&
    !Number.isNaN(Date.parse(head.timestamp)) &&
    new Date(head.timestamp).toISOString() === head.timestamp
  );
}

function assertTreeHead(head: TreeHead): void {
  if (!isTreeHead(head)) throw new RangeError('a tree head needs a non-negative integer treeSize, a 64-hex rootHash and keyId, and an ISO-8601 UTC timestamp');
}
