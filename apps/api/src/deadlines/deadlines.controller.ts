import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@app/platform';
import { Actor } from '@app/domain';
import { DeadlineLadderDto, DeadlinesQueryDto, DutyListDto, LadderQueryDto } from './deadlines.dto';
import { GetDeadlineLadderQuery, ListDeadlinesQuery } from './deadlines.handlers';

// every signed-in role; the handlers scope staff to their department and its subordinates
@ApiTags('deadlines')
@ApiBearerAuth()
@Controller()
export class DeadlinesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('deadlines')
  @ApiOperation({ summary: 'Duties with their due date and rung of the ladder (提醒, 督办, 问责) as of a day, by department, person, kind and state' })
  @ApiOkResponse({ type: DutyListDto })
  list(@Query() query: DeadlinesQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListDeadlinesQuery(query, actor, false));
  }

  @Get('deadlines/provisional')
  @ApiOperation({ summary: 'Duties whose due date is provisional until the schedule of a year they span is published' })
  @ApiOkResponse({ type: DutyListDto })
  provisional(@Query() query: DeadlinesQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListDeadlinesQuery(query, actor, true));
  }

  @Get('departments/:departmentId/deadline-ladder')
  @ApiOperation({ summary: "A department's duties counted per rung of the escalation ladder as of a day" })
  @ApiOkResponse({ type: DeadlineLadderDto })
  ladder(@Param('departmentId') departmentId: string, @Query() query: LadderQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetDeadlineLadderQuery(departmentId, query, actor));
  }
}
