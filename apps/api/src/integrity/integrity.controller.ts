import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '@app/platform';
import {
  ConsistencyProofDto,
  ConsistencyQueryDto,
  InclusionProofDto,
  InclusionQueryDto,
  PublicKeyDto,
  SignedTreeHeadDto,
  TreeHeadPageDto,
} from './integrity.dto';
import { GetConsistencyProofQuery, GetInclusionProofQuery, GetLatestTreeHeadQuery, GetPublicKeyQuery, ListTreeHeadsQuery } from './integrity.handlers';

@ApiTags('integrity')
@Controller('integrity')
export class IntegrityController {
  constructor(private readonly queries: QueryBus) {}

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
