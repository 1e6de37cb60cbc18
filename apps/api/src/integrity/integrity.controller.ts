import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '@app/platform';
import {
  ConsistencyProofDto,
  ConsistencyQueryDto,
  CosignatureDto,
  CosignatureRecordedDto,
  InclusionProofDto,
  InclusionQueryDto,
  PublicKeyDto,
  SignedTreeHeadDto,
  TreeHeadPageDto,
} from './integrity.dto';
import { CosignatureBook } from './cosignatures';
import { GetConsistencyProofQuery, GetInclusionProofQuery, GetLatestTreeHeadQuery, GetPublicKeyQuery, ListTreeHeadsQuery } from './integrity.handlers';

@ApiTags('integrity')
@Controller('integrity')
export class IntegrityController {
  constructor(
    private readonly queries: QueryBus,
    private readonly cosignatures: CosignatureBook,
  ) {}

  @Post('cosignatures')
  @HttpCode(200)
  @ApiOperation({
    summary: "A registered witness's cosignature of a published head, recorded in the log (no token: the witness's signature is its credential)",
  })
  @ApiOkResponse({ type: CosignatureRecordedDto })
  @ApiBadRequestResponse({ description: 'a field is malformed, or the signature is not the witness\'s over these fields' })
  @ApiForbiddenResponse({ description: 'no witness with this key is registered (WITNESS_KEYS)' })
  @ApiNotFoundResponse({ description: 'the log published no head of this size' })
  @ApiConflictResponse({ description: "the log's head of this size has another root" })
  cosign(@Body() cosignature: CosignatureDto) {
    return this.cosignatures.record(cosignature);
  }

  @Get('tree-heads')
  @ApiOperation({ summary: 'Every signed tree head, newest first' })
  @ApiOkResponse({ type: TreeHeadPageDto })
  heads(@Query() page: PageQueryDto) {
    return this.queries.execute(new ListTreeHeadsQuery(page.offset ?? 0, page.limit ?? 50));
  }

  @Get('tree-heads/latest')
  @ApiOperation({ summary: 'The newest signed tree head' })
  @ApiOkResponse({ type: SignedTreeHeadDto })
  latest() {
    return this.queries.execute(new GetLatestTreeHeadQuery());
  }

  @Get('public-key')
  @ApiOperation({ summary: 'The Ed25519 key that signs the tree heads' })
  @ApiOkResponse({ type: PublicKeyDto })
  publicKey() {
    return this.queries.execute(new GetPublicKeyQuery());
  }

  @Get('inclusion')
  @ApiOperation({ summary: 'Proof that an event is at its place in the log a signed head describes (RFC 9162 §2.1.3)' })
  @ApiOkResponse({ type: InclusionProofDto })
  inclusion(@Query() query: InclusionQueryDto) {
    return this.queries.execute(new GetInclusionProofQuery(query.eventId, query.treeSize));
  }

  @Get('consistency')
  @ApiOperation({ summary: 'Proof that the log of an older signed head is an unchanged prefix of a newer one (RFC 9162 §2.1.4)' })
  @ApiOkResponse({ type: ConsistencyProofDto })
  consistency(@Query() query: ConsistencyQueryDto) {
    return this.queries.execute(new GetConsistencyProofQuery(query.from, query.to));
  }
}
