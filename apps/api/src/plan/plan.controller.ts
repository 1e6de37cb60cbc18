import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { Command, CommandAccepted, CommandContext, CommandGateway, CurrentActor } from '@app/platform';
import { AdjustPlanDto, FilePlanDto, FilePlanWithSuperiorDto, PublicPlanDto, PublishPlanDto, StaffPlanDto } from './plan.dto';
import {
  AdjustPlanCommand,
  FilePlanCommand,
  FilePlanWithSuperiorCommand,
  GetPlanDraftQuery,
  GetPublishedPlanQuery,
  ListPlanDraftsQuery,
  ListPublishedPlansQuery,
  PublishPlanCommand,
} from './plan.handlers';

/** 年度抽查工作计划 — annual plans: filed, published, adjusted and filed with the superior by staff; read by the public once published. */
@ApiTags('plans')
@Controller()
export class PlanController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly queries: QueryBus,
  ) {}

  @Post('departments/:departmentId/plans')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'File an annual plan (not yet published) covering every item of a published checklist version' })
  @ApiCreatedResponse({ type: CommandAccepted })
  file(@Param('departmentId') departmentId: string, @Body() body: FilePlanDto, @Command() context: CommandContext) {
    return this.commands.send(new FilePlanCommand(departmentId, body, context));
  }

  @Post('plans/:planId/publish')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Publish (公示) the latest version; only then may draws run under the plan' })
  @ApiCreatedResponse({ type: CommandAccepted })
  publish(@Param('planId') planId: string, @Body() body: PublishPlanDto, @Command() context: CommandContext) {
    return this.commands.send(new PublishPlanCommand(planId, body, context));
  }

  @Post('plans/:planId/adjustments')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Adjust the plan: a new version with its reason, to be published before any draw under it' })
  @ApiCreatedResponse({ type: CommandAccepted })
  adjust(@Param('planId') planId: string, @Body() body: AdjustPlanDto, @Command() context: CommandContext) {
    return this.commands.send(new AdjustPlanCommand(planId, body, context));
  }

  @Post('plans/:planId/filings')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'File (备案) the latest version with the superior department, on time or late against the deadline' })
  @ApiCreatedResponse({ type: CommandAccepted })
  fileWithSuperior(@Param('planId') planId: string, @Body() body: FilePlanWithSuperiorDto, @Command() context: CommandContext) {
    return this.commands.send(new FilePlanWithSuperiorCommand(planId, body, context));
  }

  @Get('departments/:departmentId/plans')
  @ApiOperation({ summary: "A department's published plans, newest year first, each with its published versions" })
  @ApiOkResponse({ type: [PublicPlanDto] })
  published(@Param('departmentId') departmentId: string) {
    return this.queries.execute(new ListPublishedPlansQuery(departmentId));
  }

  @Get('departments/:departmentId/plans/drafts')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Every plan of a department with unpublished versions and filings (its staff and its superiors')" })
  @ApiOkResponse({ type: [StaffPlanDto] })
  drafts(@Param('departmentId') departmentId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListPlanDraftsQuery(departmentId, actor));
  }

  @Get('plans/:planId')
  @ApiOperation({ summary: 'A published plan: the version in force and the published versions before it' })
  @ApiOkResponse({ type: PublicPlanDto })
  get(@Param('planId') planId: string) {
    return this.queries.execute(new GetPublishedPlanQuery(planId));
  }

  @Get('plans/:planId/draft')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'A plan with every version, published or not, and its filings' })
  @ApiOkResponse({ type: StaffPlanDto })
  draft(@Param('planId') planId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetPlanDraftQuery(planId, actor));
  }
}
