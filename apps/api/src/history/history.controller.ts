import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { CurrentActor } from '@app/platform';
import { HistoryPageDto, HistoryQueryDto } from './history.dto';
import { GetHistoryQuery } from './history.handlers';

@ApiTags('history')
@ApiBearerAuth()
@Controller('history')
export class HistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':stream')
  @ApiOperation({ summary: 'Every event of one entity (e.g. target-…, plan-…, department-…) with who, when and under which command' })
  @ApiOkResponse({ type: HistoryPageDto })
  history(@Param('stream') stream: string, @Query() filter: HistoryQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetHistoryQuery(stream, filter, actor));
  }
}
