import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { CurrentActor } from '@app/platform';
import { EntityHistoryPageDto, HistoryPageDto, HistoryQueryDto } from './history.dto';
import { GetActorHistoryQuery, GetEntityHistoryQuery, GetHistoryQuery } from './history.handlers';

const EXPORTS = 'format=csv (UTF-8 with BOM) or format=jsonl downloads the whole filtered history';

@ApiTags('history')
@ApiBearerAuth()
@ApiProduces('application/json', 'text/csv', 'application/x-ndjson')
@Controller('history')
export class HistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get('tasks/:taskId')
  @ApiOperation({ summary: `A task with its draws, matchings, inspections and results, in log order; ${EXPORTS}` })
  @ApiOkResponse({ type: EntityHistoryPageDto })
  task(@Param('taskId') taskId: string, @Query() filter: HistoryQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetEntityHistoryQuery('task', taskId, filter, actor));
  }

  @Get('targets/:targetId')
  @ApiOperation({ summary: `A target and every event that names it (draws, quota, locked lists, matchings, inspections, results); ${EXPORTS}` })
  @ApiOkResponse({ type: EntityHistoryPageDto })
  target(@Param('targetId') targetId: string, @Query() filter: HistoryQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetEntityHistoryQuery('target', targetId, filter, actor));
  }

  @Get('inspectors/:inspectorId')
  @ApiOperation({ summary: `An inspector and every matching, recusal and inspection that names them; ${EXPORTS}` })
  @ApiOkResponse({ type: EntityHistoryPageDto })
  inspector(@Param('inspectorId') inspectorId: string, @Query() filter: HistoryQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetEntityHistoryQuery('inspector', inspectorId, filter, actor));
  }

  @Get('plans/:planId')
  @ApiOperation({ summary: `A plan and every task set up under it; ${EXPORTS}` })
  @ApiOkResponse({ type: EntityHistoryPageDto })
  plan(@Param('planId') planId: string, @Query() filter: HistoryQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetEntityHistoryQuery('plan', planId, filter, actor));
  }

  @Get('actors/:actorId')
  @ApiOperation({
    summary: `Everything one person recorded, in log order (oversight, legal, admin: anyone; a unit head: within their scope; everyone: themselves); ${EXPORTS}`,
  })
  @ApiOkResponse({ type: EntityHistoryPageDto })
  actor(@Param('actorId') actorId: string, @Query() filter: HistoryQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetActorHistoryQuery(actorId, filter, actor));
  }

  @Get(':stream')
  @ApiOperation({ summary: `Every event of one stream (e.g. target-…, plan-…, department-…) with who, when and under which command; ${EXPORTS}` })
  @ApiOkResponse({ type: HistoryPageDto })
  history(@Param('stream') stream: string, @Query() filter: HistoryQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetHistoryQuery(stream, filter, actor));
  }
}
