/**
 * Tree heads for tests and benches that build a log by hand, and the settings that keep the
 * service's own signer quiet where a test counts events or waits for a checkpoint to reach the
 * head it read.
 */
import { v5 as uuidv5 } from 'uuid';
import { EventStore } from '@app/event-store';
import { TREE_HEADS_STREAM } from '@app/domain';
import { SignedTreeHead, SigningKey, signTreeHead } from '@app/integrity';

/** No head signed on a timer or by count: suites sign when they mean to (TreeHeadSigner.signNow()). */
export const QUIET_TREE_HEADS = { TREE_HEAD_INTERVAL_SECONDS: '86400', TREE_HEAD_MAX_EVENTS: '1000000' } as const;

const HEAD_NAMESPACE = '2c4f7a10-3b5e-4d6f-8a9b-0c1d2e3f4a5b';

/** Signs the tree of `treeSize` leaves with root `rootHash` and appends the head as the service's signer would. */
export async function appendSignedHead(store: EventStore, tree: { treeSize: number; rootHash: string }, key: SigningKey, timestamp: string): Promise<SignedTreeHead> {
  const head = signTreeHead({ treeSize: tree.treeSize, rootHash: tree.rootHash, timestamp }, key);
  const commandId = uuidv5(`tree-head/${tree.treeSize}`, HEAD_NAMESPACE);
  await store.append(
    TREE_HEADS_STREAM,
    [
      {
        id: uuidv5(`${commandId}/0`, HEAD_NAMESPACE),
        type: 'TreeHeadSigned',
        schemaVersion: 1,
        data: head,
        metadata: { actorId: 'service:tree-head-signer', role: 'admin', unit: 'service', commandId, correlationId: commandId, causationId: commandId, recordedAt: timestamp },
      },
    ],
    'any',
  );
  return head;
}
