import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Command, CommandAccepted, CommandContext, CommandGateway, CurrentActor } from '@app/platform';
import { Actor } from '@app/domain';
import { FreezeMatchingDto, MatchingEntropyDto, RecusalDto, ReplacementDto } from './matching.dto';
import {
  AssignInspectorsCommand,
  ContributeMatchingEntropyCommand,
  FreezeMatchingCommand,
  GetInspectorWorkloadQuery,
  GetMatchingQuery,
  ListTaskMatchingsQuery,
  RecuseInspectorCommand,
  ReplaceInspectorCommand,
  VerifyMatchingQuery,
} from './matching.handlers';

const READERS = ['staff', 'unit-head', 'credit-lead', 'legal', 'oversight', 'admin'] as const;

@ApiTags('inspector matching')
@ApiBearerAuth()
@Controller()
export class MatchingController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly queries: QueryBus,
  ) {}

  @Post('tasks/:taskId/matchings')
  @ApiOperation({ summary: 'Freeze the candidate inspector pools of a department for the locked targets of a task (000 §18, §20)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  freeze(@Param('taskId') taskId: string, @Body() body: FreezeMatchingDto, @Command() context: CommandContext) {
    return this.commands.send(new FreezeMatchingCommand(taskId, body, context));
  }

  @Post('tasks/:taskId/matchings/:departmentId/entropy')
  @ApiOperation({ summary: 'Record a witness’s entropy after the freeze (004 §2(3))' })
  @ApiCreatedResponse({ type: CommandAccepted })
  entropy(@Param('taskId') taskId: string, @Param('departmentId') departmentId: string, @Body() body: MatchingEntropyDto, @Command() context: CommandContext) {
    return this.commands.send(new ContributeMatchingEntropyCommand(taskId, departmentId, body, context));
  }

  @Post('tasks/:taskId/matchings/:departmentId/assign')
  @ApiOperation({ summary: 'Reveal the server value and draw a group of 2 with one leader per target (002 §21)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  assign(@Param('taskId') taskId: string, @Param('departmentId') departmentId: string, @Command() context: CommandContext) {
    return this.commands.send(new AssignInspectorsCommand(taskId, departmentId, context));
  }

  @Post('tasks/:taskId/matchings/:departmentId/recusals')
  @ApiOperation({ summary: '回避: swap targets with another drawn inspector, or withdraw and have a replacement drawn (000 §18, 002 §23)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  recuse(@Param('taskId') taskId: string, @Param('departmentId') departmentId: string, @Body() body: RecusalDto, @Command() context: CommandContext) {
    return this.commands.send(new RecuseInspectorCommand(taskId, departmentId, body, context));
  }

  @Post('tasks/:taskId/matchings/:departmentId/replacements')
  @ApiOperation({ summary: 'Replace a drawn inspector for post change, work conflict or health; only a unit-head of the executing unit approves (002 §23)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  replace(@Param('taskId') taskId: string, @Param('departmentId') departmentId: string, @Body() body: ReplacementDto, @Command() context: CommandContext) {
    return this.commands.send(new ReplaceInspectorCommand(taskId, departmentId, body, context));
  }

  @Get('tasks/:taskId/matchings')
  @ApiOperation({ summary: 'The matchings of a task that the caller may read (legal and discipline units read all)' })
  list(@Param('taskId') taskId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListTaskMatchingsQuery(taskId, actor));
  }

  @Get('tasks/:taskId/matchings/:departmentId')
  @ApiOperation({ summary: 'One matching: pools, exclusions, entropy, groups, recusals and replacements with reasons and approvers' })
  get(@Param('taskId') taskId: string, @Param('departmentId') departmentId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetMatchingQuery(taskId, departmentId, actor));
  }

  @Get('tasks/:taskId/matchings/:departmentId/verification')
  @ApiOperation({ summary: 'Recompute the matching from the event log and report ok or the first mismatch' })
  verify(@Param('taskId') taskId: string, @Param('departmentId') departmentId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new VerifyMatchingQuery(taskId, departmentId, actor));
  }

  @Get('departments/:departmentId/inspector-workload')
  @ApiOperation({ summary: 'Current assignments of each of the department’s inspectors, busiest first' })
  workload(@Param('departmentId') departmentId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetInspectorWorkloadQuery(departmentId, actor));
  }
}
