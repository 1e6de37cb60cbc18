/**
 * Proofs of integrity for anyone, without a token (一公开): the signed tree heads, the key that
 * signs them, and inclusion and consistency proofs from the in-memory tree (docs/integrity.md).
 */
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@app/domain';
import { SigningKey } from '@app/integrity';
import { ConsistencyProof, InclusionProof, IntegrityLog, TREE_HEAD_KEY } from '@app/platform';
import { PublicKeyDto, SignedTreeHeadDto, TreeHeadPageDto } from './integrity.dto';

export class ListTreeHeadsQuery {
  constructor(
    readonly offset: number,
    readonly limit: number,
  ) {}
}
export class GetLatestTreeHeadQuery {}
export class GetPublicKeyQuery {}
export class GetInclusionProofQuery {
  constructor(
    readonly eventId: string,
    readonly treeSize: number | undefined,
  ) {}
}
export class GetConsistencyProofQuery {
  constructor(
    readonly from: number,
    readonly to: number,
  ) {}
}

/** Raw Ed25519 keys sit after this fixed 12-byte SubjectPublicKeyInfo header (RFC 8410). */
const SPKI_ED25519_HEADER_LENGTH = 12;

@QueryHandler(ListTreeHeadsQuery)
export class ListTreeHeadsHandler implements IQueryHandler<ListTreeHeadsQuery, TreeHeadPageDto> {
  constructor(private readonly log: IntegrityLog) {}
  async execute({ offset, limit }: ListTreeHeadsQuery): Promise<TreeHeadPageDto> {
    await this.log.caughtUp();
    return this.log.tree.headsPage(offset, limit);
  }
}

@QueryHandler(GetLatestTreeHeadQuery)
export class GetLatestTreeHeadHandler implements IQueryHandler<GetLatestTreeHeadQuery, SignedTreeHeadDto> {
  constructor(private readonly log: IntegrityLog) {}
  async execute(): Promise<SignedTreeHeadDto> {
    await this.log.caughtUp();
    const latest = this.log.tree.latestHead();
    if (!latest) throw new NotFoundError('no tree head has been signed yet');
    return latest;
  }
}

@QueryHandler(GetPublicKeyQuery)
export class GetPublicKeyHandler implements IQueryHandler<GetPublicKeyQuery, PublicKeyDto> {
  constructor(@Inject(TREE_HEAD_KEY) private readonly key: SigningKey) {}
  async execute(): Promise<PublicKeyDto> {
    const spki = this.key.publicKey.export({ format: 'der', type: 'spki' });
    return {
      algorithm: 'Ed25519',
      keyId: this.key.keyId,
      publicKeyPem: this.key.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      publicKeyBase64: spki.subarray(SPKI_ED25519_HEADER_LENGTH).toString('base64'),
    };
  }
}

@QueryHandler(GetInclusionProofQuery)
export class GetInclusionProofHandler implements IQueryHandler<GetInclusionProofQuery, InclusionProof> {
  constructor(private readonly log: IntegrityLog) {}
  async execute({ eventId, treeSize }: GetInclusionProofQuery): Promise<InclusionProof> {
    await this.log.caughtUp();
    return this.log.tree.inclusion(eventId, treeSize);
  }
}

@QueryHandler(GetConsistencyProofQuery)
export class GetConsistencyProofHandler implements IQueryHandler<GetConsistencyProofQuery, ConsistencyProof> {
  constructor(private readonly log: IntegrityLog) {}
  async execute({ from, to }: GetConsistencyProofQuery): Promise<ConsistencyProof> {
    await this.log.caughtUp();
    return this.log.tree.consistency(from, to);
  }
}

export const INTEGRITY_HANDLERS = [ListTreeHeadsHandler, GetLatestTreeHeadHandler, GetPublicKeyHandler, GetInclusionProofHandler, GetConsistencyProofHandler];
