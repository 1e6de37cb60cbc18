/**
 * Cosignatures from witnesses (docs/integrity.md, "Witnesses"): a witness registered in
 * WITNESS_KEYS posts its cosignature of a head; it is recorded in the log (`TreeHeadCosigned`,
 * one stream per witness) once its signature verifies and the log published that very head, and
 * the public tree-head page shows who vouched for which head. The route needs no token: the
 * witness's signature is its credential.
 */
import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { EVENT_STORE, EventStore, StreamNotFoundError } from '@app/event-store';
import { ForbiddenError, IllegalStateError, NotFoundError, TreeHeadCosignedData, ValidationError, cosignaturesDecider, cosignaturesStream } from '@app/domain';
import { Cosignature, SigningKey, VerificationKey, verificationKeyFrom, verifyCosignature } from '@app/integrity';
import { APP_CONFIG, AppConfig, CommandRunner, IntegrityLog, TREE_HEAD_KEY } from '@app/platform';

/** Namespace of the command ids: uuidv5("cosignature/<witnessKeyId>/<treeSize>"), so a repost records nothing twice. */
const COSIGNATURE_COMMAND_NAMESPACE = '6a0c9d3e-58b1-4f27-9e4d-2b7f1c8a5e63';

export interface RecordedCosignature {
  readonly witnessName: string;
  readonly treeSize: number;
  /** False when this witness had already vouched for this size or a larger one. */
  readonly recorded: boolean;
}

@Injectable()
export class CosignatureBook {
  private readonly witnesses: Map<string, { name: string; key: VerificationKey }>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(TREE_HEAD_KEY) private readonly logKey: SigningKey,
    private readonly log: IntegrityLog,
    private readonly runner: CommandRunner,
  ) {
    this.witnesses = new Map(
      config.witnessKeys.map(({ name, publicKey }) => {
        const key = verificationKeyFrom(publicKey);
        return [key.keyId, { name, key }];
      }),
    );
  }

  async record(cosignature: Cosignature): Promise<RecordedCosignature> {
    const witness = this.witnesses.get(cosignature.witnessKeyId);
    if (!witness) throw new ForbiddenError(`no witness with key ${cosignature.witnessKeyId} is registered here (WITNESS_KEYS)`);
    if (!verifyCosignature(cosignature, witness.key)) throw new ValidationError(`the signature is not ${witness.name}'s over these fields`, 'signature');
    if (cosignature.logKeyId !== this.logKey.keyId) throw new ValidationError(`this log signs with key ${this.logKey.keyId}, not ${cosignature.logKeyId}`, 'logKeyId');
    await this.log.caughtUp();
    const head = this.log.tree.headOfSize(cosignature.treeSize);
    if (!head) throw new NotFoundError(`this log published no head of size ${cosignature.treeSize}`, 'treeSize');
    if (head.rootHash !== cosignature.rootHash)
      throw new IllegalStateError(`this log's head of size ${head.treeSize} has root ${head.rootHash}, not ${cosignature.rootHash}`, 'rootHash');
    const data: TreeHeadCosignedData = { ...pick(cosignature), witnessName: witness.name };
    const commandId = uuidv5(`cosignature/${cosignature.witnessKeyId}/${cosignature.treeSize}`, COSIGNATURE_COMMAND_NAMESPACE);
    const result = await this.runner.run(
      cosignaturesStream(cosignature.witnessKeyId),
      cosignaturesDecider,
      { type: 'RecordCosignature', cosignature: data },
      { actor: { id: `witness:${witness.name}`, role: 'oversight', unit: witness.name }, commandId, correlationId: commandId, causationId: commandId },
      // a witness vouches every few seconds for as long as it runs: its newest cosignature decides
      { lastEventOnly: true },
    );
    return { witnessName: witness.name, treeSize: cosignature.treeSize, recorded: result.events.length > 0 && !result.replayed };
  }

  /** The cosignatures recorded for these sizes, by size: each registered witness's newest `depth` ones. */
  async forSizes(sizes: readonly number[], depth = 200): Promise<Map<number, TreeHeadCosignedData[]>> {
    const wanted = new Set(sizes);
    const bySize = new Map<number, TreeHeadCosignedData[]>();
    for (const keyId of this.witnesses.keys()) {
      let events;
      try {
        events = await this.store.readStream(cosignaturesStream(keyId), { direction: 'backwards', maxCount: depth });
      } catch (error) {
        if (error instanceof StreamNotFoundError) continue;
        throw error;
      }
      for (const event of events) {
        const data = event.data as TreeHeadCosignedData;
        if (!wanted.has(data.treeSize)) continue;
        let list = bySize.get(data.treeSize);
        if (!list) bySize.set(data.treeSize, (list = []));
        list.push(data);
      }
    }
    return bySize;
  }
}

function pick(c: Cosignature): Omit<TreeHeadCosignedData, 'witnessName'> {
  return { witnessKeyId: c.witnessKeyId, logKeyId: c.logKeyId, treeSize: c.treeSize, rootHash: c.rootHash, cosignedAt: c.cosignedAt, signature: c.signature };
}
