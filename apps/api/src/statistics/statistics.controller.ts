import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@app/platform';
import { Actor } from '@app/domain';
import { ChildStatisticsDto, DepartmentStatisticsDto, StatisticsQueryDto } from './statistics.dto';
import { GetDepartmentStatisticsQuery, ListChildStatisticsQuery } from './statistics.handlers';

// every signed-in role; the handlers allow the department itself, its superiors, oversight and administrators
@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics/departments/:departmentId')
export class StatisticsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: "A department's assessment for a year: registry inspected, results published on time, plan coverage, tasks, duties, recusals, objections",
  })
  @ApiOkResponse({ type: DepartmentStatisticsDto })
  department(@Param('departmentId') departmentId: string, @Query() query: StatisticsQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetDepartmentStatisticsQuery(departmentId, query, actor));
  }

  @Get('children')
  @ApiOperation({ summary: 'The assessment of each direct subordinate: a city reads its counties' })
  @ApiOkResponse({ type: ChildStatisticsDto })
  children(@Param('departmentId') departmentId: string, @Query() query: StatisticsQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListChildStatisticsQuery(departmentId, query, actor));
  }
}
