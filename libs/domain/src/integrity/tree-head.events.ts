/**
 * Signed tree heads, recorded in the log they describe (全程留痕、责任可溯; DOMAIN.md, Oversight:
 * oversight units must be able to prove nothing was altered). docs/integrity.md defines the fields
 * and the signed bytes; the signature is made outside the domain and arrives on the command.
 */
import { DomainEvent } from '../shared/decider';

/** One stream for the whole log: heads describe every department's events at once, so none owns it. */
export const TREE_HEADS_STREAM = 'tree-heads';

export interface TreeHeadData {
  /** The head covers leaves 0 … treeSize − 1: the first treeSize events of the global order. */
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: string;
  readonly keyId: string;
  /** Ed25519 over the head's signed bytes, base64. */
  readonly signature: string;
}

export type TreeHeadSigned = DomainEvent<'TreeHeadSigned', TreeHeadData>;

export type TreeHeadEvent = TreeHeadSigned;
