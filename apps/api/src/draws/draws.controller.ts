import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, MAINTAINER_ROLES } from '@app/domain';
import { Command, CommandAccepted, CommandContext, CommandGateway, CurrentActor, PageQueryDto } from '@app/platform';
import { DrawLimitsDto, EntropyDto, FreezeDrawDto, VoidDrawDto } from './draws.dto';
import { GetDrawLimitsQuery, SetDrawLimitsCommand } from './draw-limits.handlers';
import { GetInspectionShareQuery, GetTargetQuotaQuery, InspectionShareDto, TargetQuotaDto } from './quota.handlers';
import { YearQueryDto } from './draws.dto';
import {
  ConfirmDrawCommand,
  ContributeEntropyCommand,
  ExecuteDrawCommand,
  FreezeDrawCommand,
  GetDrawExclusionsQuery,
  GetDrawQuery,
  VerifyDrawQuery,
  VoidDrawCommand,
} from './draws.handlers';

@ApiTags('draws')
@Controller()
export class DrawsController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly queries: QueryBus,
  ) {}

  @Post('tasks/:taskId/draws')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Freeze the eligible pools of a task: hashes, sizes and exclusions are published before any randomness exists' })
  @ApiCreatedResponse({ type: CommandAccepted })
  freeze(@Param('taskId') taskId: string, @Body() body: FreezeDrawDto, @Command() context: CommandContext) {
    return this.commands.send(new FreezeDrawCommand(taskId, body, context));
  }

  @Post('draws/:drawId/entropy')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Record a witness value or the named beacon value, revealed after the freeze' })
  @ApiCreatedResponse({ type: CommandAccepted })
  contribute(@Param('drawId') drawId: string, @Body() body: EntropyDto, @Command() context: CommandContext) {
    return this.commands.send(new ContributeEntropyCommand(drawId, body, context));
  }

  @Post('draws/:drawId/execute')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Reveal the server value and run dsr-draw-v1 over the frozen pools' })
  @ApiCreatedResponse({ type: CommandAccepted })
  execute(@Param('drawId') drawId: string, @Command() context: CommandContext) {
    return this.commands.send(new ExecuteDrawCommand(drawId, context));
  }

  @Post('draws/:drawId/confirm')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Confirm an executed draw: its selection becomes the task list to inspect and is announced' })
  @ApiCreatedResponse({ type: CommandAccepted })
  confirm(@Param('drawId') drawId: string, @Command() context: CommandContext) {
    return this.commands.send(new ConfirmDrawCommand(drawId, context));
  }

  @Post('draws/:drawId/void')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Void a draw with a reason; the original stays in the record and the quota it used is given back' })
  @ApiCreatedResponse({ type: CommandAccepted })
  void(@Param('drawId') drawId: string, @Body() body: VoidDrawDto, @Command() context: CommandContext) {
    return this.commands.send(new VoidDrawCommand(drawId, body.reasonCode, body.reason, context));
  }

  @Get('draws/:drawId')
  @ApiOperation({ summary: 'A draw as published: pools with their hashes and counts of exclusions, entropy and result' })
  get(@Param('drawId') drawId: string) {
    return this.queries.execute(new GetDrawQuery(drawId));
  }

  @Get('draws/:drawId/exclusions')
  @ApiOperation({
    summary: "A page of the draw's exclusions with their reasons, recomputed from the log at the freeze and checked against the hash the freeze published",
  })
  exclusions(@Param('drawId') drawId: string, @Query() query: PageQueryDto) {
    return this.queries.execute(new GetDrawExclusionsQuery(drawId, query.offset ?? 0, query.limit ?? 50));
  }

  @Post('departments/:departmentId/draw-limits')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Set the department's draw limits (yearly quota, months after a superior found nothing); subordinates inherit them" })
  @ApiCreatedResponse({ type: CommandAccepted })
  setLimits(@Param('departmentId') departmentId: string, @Body() body: DrawLimitsDto, @Command() context: CommandContext) {
    return this.commands.send(new SetDrawLimitsCommand(departmentId, body, context));
  }

  @Get('departments/:departmentId/draw-limits')
  @ApiOperation({ summary: 'The draw limits in force for a department' })
  limits(@Param('departmentId') departmentId: string) {
    return this.queries.execute(new GetDrawLimitsQuery(departmentId));
  }

  @Get('targets/:targetId/quota')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'How often the target was drawn for random inspection in the year (000 §19: at most twice unless exempt)' })
  @ApiOkResponse({ type: TargetQuotaDto })
  quota(@Param('targetId') targetId: string, @Query() query: YearQueryDto) {
    return this.queries.execute(new GetTargetQuotaQuery(targetId, query.year));
  }

  @Get('departments/:departmentId/inspection-share')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Share of the department's registry on this year's locked task lists (003 §1: goal at least 5%)" })
  @ApiOkResponse({ type: InspectionShareDto })
  share(@Param('departmentId') departmentId: string, @Query() query: YearQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetInspectionShareQuery(departmentId, query.year, actor));
  }

  @Get('draws/:drawId/verification')
  @ApiOperation({ summary: 'Re-run the draw from the event log and report whether every step reproduces' })
  verify(@Param('drawId') drawId: string) {
    return this.queries.execute(new VerifyDrawQuery(drawId));
  }
}
