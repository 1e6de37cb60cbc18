/**
 * What a witness does with a signed tree head (issue 11; docs/integrity.md, "Witnesses"): an
 * oversight unit runs a witness with its own key and its own record of the heads it cosigned. It
 * cosigns a head only if the head is signed by the log's key and extends, by a consistency proof,
 * the last head it cosigned; a head that shrinks the tree or forks it is never cosigned and raises
 * an alarm. Pure functions: fetching heads and keeping the record is the witness process's job.
 */
import { sign, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import { verifyConsistency } from './merkle';
import { SignedTreeHead, SigningKey, VerificationKey, verifyTreeHead } from './tree-head';

/** Domain separation from tree heads and anything else the witness key might sign. */
export const COSIGNATURE_DOMAIN = 'dsr-cosignature-v1';

export interface Cosignature {
  /** SHA-256 of the witness's SubjectPublicKeyInfo, hex. */
  readonly witnessKeyId: string;
  /** The log's key that signed the head. */
  readonly logKeyId: string;
  readonly treeSize: number;
  readonly rootHash: string;
  /** When the witness cosigned, as `toISOString()` writes it. */
  readonly cosignedAt: string;
  /** Ed25519 over cosignatureBytes, base64. */
  readonly signature: string;
}

/** UTF-8 of `dsr-cosignature-v1`, a line feed, then the RFC 8785 JSON of the other five fields. */
export function cosignatureBytes(c: Omit<Cosignature, 'signature'>): Buffer {
  const text = canonicalize({ witnessKeyId: c.witnessKeyId, logKeyId: c.logKeyId, treeSize: c.treeSize, rootHash: c.rootHash, cosignedAt: c.cosignedAt });
  if (text === undefined) throw new Error('cosignature cannot be serialised canonically');
  return Buffer.from(`${COSIGNATURE_DOMAIN}\n${text}`, 'utf8');
}

export function cosignTreeHead(head: SignedTreeHead, witness: SigningKey, cosignedAt: string): Cosignature {
  const unsigned = { witnessKeyId: witness.keyId, logKeyId: head.keyId, treeSize: head.treeSize, rootHash: head.rootHash, cosignedAt };
  return { ...unsigned, signature: sign(null, cosignatureBytes(unsigned), witness.privateKey).toString('base64') };
}

/** True only if this witness key signed exactly these fields. */
export function verifyCosignature(c: Cosignature, witness: VerificationKey): boolean {
  if (c.witnessKeyId !== witness.keyId || typeof c.signature !== 'string') return false;
  const signature = Buffer.from(c.signature, 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== c.signature) return false;
  try {
    return verify(null, cosignatureBytes(c), witness.publicKey, signature);
  } catch {
    return false;
  }
}

/** The last head a witness cosigned: all it needs to judge the next. */
export interface WitnessedHead {
  readonly treeSize: number;
  readonly rootHash: string;
}

export type WitnessAlarmReason = 'bad-signature' | 'rollback' | 'fork';

export type WitnessVerdict =
  /** Sign it: it is the first head seen, or it extends the last one cosigned. */
  | { readonly kind: 'cosign' }
  /** The head already cosigned, again: nothing to do. */
  | { readonly kind: 'seen' }
  /** A larger head: judge it with a consistency proof from the last head cosigned. */
  | { readonly kind: 'needs-proof'; readonly from: number; readonly to: number }
  | { readonly kind: 'alarm'; readonly reason: WitnessAlarmReason; readonly detail: string };

/**
 * Judges a head against the last one cosigned. `proof` (hex hashes, RFC 9162 §2.1.4) is asked for
 * only when the head is larger; the first head a witness sees is cosigned on trust, as the start
 * of what it vouches for.
 */
export function judgeHead(last: WitnessedHead | null, head: SignedTreeHead, logKey: VerificationKey, proof?: readonly string[]): WitnessVerdict {
  if (!verifyTreeHead(head, logKey))
    return { kind: 'alarm', reason: 'bad-signature', detail: `the head of size ${head.treeSize} does not carry a valid signature of the log's key ${logKey.keyId}` };
  if (last === null) return { kind: 'cosign' };
  if (head.treeSize < last.treeSize)
    return {
      kind: 'alarm',
      reason: 'rollback',
      detail: `the log's newest head has size ${head.treeSize}, but this witness cosigned size ${last.treeSize}: the log never shrinks (heads or events were removed)`,
    };
  if (head.treeSize === last.treeSize) {
    if (head.rootHash === last.rootHash) return { kind: 'seen' };
    return {
      kind: 'alarm',
      reason: 'fork',
      detail: `a head of size ${head.treeSize} with root ${head.rootHash}, where this witness cosigned root ${last.rootHash} for that size: the history was rewritten`,
    };
  }
  if (proof === undefined) return { kind: 'needs-proof', from: last.treeSize, to: head.treeSize };
  const hashes = proof.map((h) => Buffer.from(h, 'hex'));
  if (proof.every((h) => /^[0-9a-f]{64}$/.test(h)) && verifyConsistency(last.treeSize, head.treeSize, Buffer.from(last.rootHash, 'hex'), Buffer.from(head.rootHash, 'hex'), hashes))
    return { kind: 'cosign' };
  return {
    kind: 'alarm',
    reason: 'fork',
    detail: `the head of size ${head.treeSize} is not an extension of the head of size ${last.treeSize} this witness cosigned: the consistency proof fails (the history before it was changed)`,
  };
}
