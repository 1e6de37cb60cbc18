/**
 * The sequence of signed tree heads. The log only grows, so each head must cover at least as many
 * events as the one before; a head of the size already recorded is a restart signing again and
 * records nothing (one head per size).
 */
import { Decider, assertNever } from '../shared/decider';
import { IllegalStateError, ValidationError } from '../shared/errors';
import { TreeHeadCommand } from './tree-head.commands';
import { TreeHeadData, TreeHeadEvent } from './tree-head.events';

export interface TreeHeadsState {
  /** treeSize of the newest recorded head; null before the first. */
  readonly latestSize: number | null;
}

const initialState: TreeHeadsState = { latestSize: null };

const HEX_64 = /^[0-9a-f]{64}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BASE64_SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;

function decide(command: TreeHeadCommand, state: TreeHeadsState): TreeHeadEvent[] {
  switch (command.type) {
    case 'RecordTreeHead': {
      checkHead(command.head);
      const { treeSize, rootHash, timestamp, keyId, signature } = command.head;
      if (state.latestSize !== null && treeSize === state.latestSize) return [];
      if (state.latestSize !== null && treeSize < state.latestSize) {
        throw new IllegalStateError(`a head of size ${state.latestSize} is already recorded; the log never shrinks`, 'treeSize');
      }
      return [{ type: 'TreeHeadSigned', data: { treeSize, rootHash, timestamp, keyId, signature } }];
    }
    default:
      return assertNever(command.type);
  }
}

function checkHead(head: TreeHeadData): void {
  if (!Number.isSafeInteger(head.treeSize) || head.treeSize < 1)
    throw new ValidationError('treeSize must be a positive whole number: an empty log has nothing to sign', 'treeSize');
  if (!HEX_64.test(head.rootHash)) throw new ValidationError('rootHash must be 64 lowercase hex digits', 'rootHash');
  if (!ISO_INSTANT.test(head.timestamp)) throw new ValidationError('timestamp must be an ISO-8601 UTC instant with milliseconds', 'timestamp');
  if (!HEX_64.test(head.keyId)) throw new ValidationError('keyId must be 64 lowercase hex digits', 'keyId');
  if (!BASE64_SIGNATURE.test(head.signature)) throw new ValidationError('signature must be a 64-byte Ed25519 signature in base64', 'signature');
}

function evolve(state: TreeHeadsState, event: TreeHeadEvent): TreeHeadsState {
  switch (event.type) {
    case 'TreeHeadSigned':
      return { latestSize: event.data.treeSize };
    default:
      return assertNever(event.type);
  }
}

export const treeHeadsDecider: Decider<TreeHeadsState, TreeHeadCommand, TreeHeadEvent> = { initialState, decide, evolve };
