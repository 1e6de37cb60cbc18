/**
 * Witness cosignatures, recorded in the log beside the heads they vouch for (issue 11; DOMAIN.md,
 * Oversight: oversight units supervise, and must be able to rely on the history). A witness — a
 * process an oversight unit runs with its own key — cosigns a head only if it extends every head it
 * cosigned before; the service records each cosignature it receives from a registered witness, so
 * that anyone reading the log or the public tree-head page sees who vouched for which head. The
 * signature is checked outside the domain (libs/integrity/src/witness.ts) before the command.
 */
import { Decider, DomainEvent, assertNever } from '../shared/decider';

/** One stream per witness: a witness's cosignatures in the order it made them. */
export const COSIGNATURES_STREAM_PREFIX = 'tree-head-cosignatures-';
export const cosignaturesStream = (witnessKeyId: string) => `${COSIGNATURES_STREAM_PREFIX}${witnessKeyId}`;

export interface TreeHeadCosignedData {
  /** SHA-256 of the witness's public key (SPKI DER), hex. */
  readonly witnessKeyId: string;
  /** The name the service registered the witness under (WITNESS_KEYS), e.g. the oversight unit's. */
  readonly witnessName: string;
  readonly logKeyId: string;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly cosignedAt: string;
  /** Ed25519 over the cosignature's bytes (docs/integrity.md, "Witnesses"), base64. */
  readonly signature: string;
}

export type TreeHeadCosigned = DomainEvent<'TreeHeadCosigned', TreeHeadCosignedData>;
export type CosignatureEvent = TreeHeadCosigned;

export interface RecordCosignature {
  readonly type: 'RecordCosignature';
  readonly cosignature: TreeHeadCosignedData;
}
export type CosignatureCommand = RecordCosignature;

export interface CosignaturesState {
  /** The largest size this witness's cosignatures cover; null before the first. */
  readonly latestSize: number | null;
}

function decide(command: CosignatureCommand, state: CosignaturesState): CosignatureEvent[] {
  switch (command.type) {
    case 'RecordCosignature':
      // a witness vouches for ever longer histories: one of a size already covered adds nothing
      if (state.latestSize !== null && command.cosignature.treeSize <= state.latestSize) return [];
      return [{ type: 'TreeHeadCosigned', data: command.cosignature }];
    default:
      return assertNever(command.type);
  }
}

function evolve(state: CosignaturesState, event: CosignatureEvent): CosignaturesState {
  switch (event.type) {
    case 'TreeHeadCosigned':
      return { latestSize: Math.max(state.latestSize ?? 0, event.data.treeSize) };
    default:
      return assertNever(event.type);
  }
}

export const cosignaturesDecider: Decider<CosignaturesState, CosignatureCommand, CosignatureEvent> = { initialState: { latestSize: null }, decide, evolve };
