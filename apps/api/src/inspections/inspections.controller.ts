import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { Command, CommandAccepted, CommandContext, CommandGateway, CurrentActor, PageQueryDto } from '@app/platform';
import {
  EntryDto,
  FeedbackDto,
  HandOverDto,
  ItemResultDto,
  OnSiteInspectionDto,
  OpenInspectionDto,
  PreCheckDto,
  ReferralDto,
  ReportDto,
  TakeOverDto,
  TestResultDto,
  UnreachableDto,
} from './inspections.dto';
import {
  GetInspectionQuery,
  HandOverInspectionCommand,
  ListTaskInspectionsQuery,
  OpenInspectionCommand,
  RecordInspectionStepCommand,
  RecordOnSiteInspectionCommand,
  RecordTargetUnreachableCommand,
  TakeOverInspectionCommand,
} from './inspections.handlers';

const MAINTAINERS = ['staff', 'unit-head', 'credit-lead', 'admin'] as const;
const READERS = ['staff', 'unit-head', 'credit-lead', 'legal', 'oversight', 'admin'] as const;
const RECORD = 'tasks/:taskId/inspections/:targetId';

/** 检查记录 — one target's inspection under a task, from the pre-check to the referral (DOMAIN.md, Inspection, report, publication). */
@ApiTags('inspections')
@ApiBearerAuth()
@Controller()
export class InspectionsController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly queries: QueryBus,
  ) {}

  @Post('tasks/:taskId/inspections')
  @ApiOperation({ summary: 'Open the inspection of a target dispatched to the executing department (一对象一表单, 002 §24)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  open(@Param('taskId') taskId: string, @Body() body: OpenInspectionDto, @Command() context: CommandContext) {
    return this.commands.send(new OpenInspectionCommand(taskId, body, context));
  }

  @Post(`${RECORD}/pre-checks`)
  @ApiOperation({ summary: 'Record a pre-check against internal systems (预查比对, 002 §25)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  preCheck(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @Body() body: PreCheckDto, @Command() context: CommandContext) {
    return this.commands.send(new RecordInspectionStepCommand(taskId, targetId, { type: 'RecordPreCheck', ...body }, context));
  }

  @Post(`${RECORD}/on-site`)
  @ApiOperation({ summary: 'Record the on-site inspection: at least two drawn inspectors, credentials, notice, signature or witnessed refusal (002 §21, §26)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  onSite(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @Body() body: OnSiteInspectionDto, @Command() context: CommandContext) {
    return this.commands.send(new RecordOnSiteInspectionCommand(taskId, targetId, body, context));
  }

  @Post(`${RECORD}/items/:itemId/result`)
  @ApiOperation({ summary: 'Record the result for one checklist item of the task (002 §24)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  itemResult(
    @Param('taskId') taskId: string,
    @Param('targetId') targetId: string,
    @Param('itemId') itemId: string,
    @Body() body: ItemResultDto,
    @Command() context: CommandContext,
  ) {
    const step = {
      type: 'RecordItemResult',
      itemId,
      result: body.result,
      findings: body.findings ?? '',
      evidence: body.evidence ?? [],
      recordedOn: body.recordedOn,
    } as const;
    return this.commands.send(new RecordInspectionStepCommand(taskId, targetId, step, context));
  }

  @Post(`${RECORD}/items/:itemId/test-result`)
  @ApiOperation({ summary: 'Record a third-party test result and the day it settles (000 §21)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  testResult(
    @Param('taskId') taskId: string,
    @Param('targetId') targetId: string,
    @Param('itemId') itemId: string,
    @Body() body: TestResultDto,
    @Command() context: CommandContext,
  ) {
    return this.commands.send(
      new RecordInspectionStepCommand(taskId, targetId, { type: 'RecordTestResult', itemId, ...body, evidence: body.evidence ?? [] }, context),
    );
  }

  @Post(`${RECORD}/unreachable`)
  @ApiOperation({ summary: 'Record the target unreachable, deregistered or revoked: not inspected, counted as completed (002 §30)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  unreachable(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @Body() body: UnreachableDto, @Command() context: CommandContext) {
    return this.commands.send(new RecordTargetUnreachableCommand(taskId, targetId, body, context));
  }

  @Post(`${RECORD}/handover`)
  @ApiOperation({ summary: 'Hand the inspection of a moved target over to its new jurisdiction (002 §30)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  handOver(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @Body() body: HandOverDto, @Command() context: CommandContext) {
    return this.commands.send(new HandOverInspectionCommand(taskId, targetId, body, context));
  }

  @Post(`${RECORD}/take-over`)
  @ApiOperation({ summary: 'The receiving department takes a handed-over inspection up (002 §30)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  takeOver(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @Body() body: TakeOverDto, @Command() context: CommandContext) {
    return this.commands.send(new TakeOverInspectionCommand(taskId, targetId, body, context));
  }

  @Post(`${RECORD}/report`)
  @ApiOperation({ summary: 'Report: time, content, findings, evaluation, handling opinion (000 §21)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  report(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @Body() body: ReportDto, @Command() context: CommandContext) {
    return this.commands.send(new RecordInspectionStepCommand(taskId, targetId, { type: 'ReportInspection', ...body }, context));
  }

  @Post(`${RECORD}/feedback`)
  @ApiOperation({ summary: 'Feed the result back to the target, directly or by post (000 §22)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  feedback(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @Body() body: FeedbackDto, @Command() context: CommandContext) {
    return this.commands.send(new RecordInspectionStepCommand(taskId, targetId, { type: 'DeliverFeedback', ...body }, context));
  }

  @Post(`${RECORD}/entry`)
  @ApiOperation({ summary: 'Enter the report and the feedback into the system (000 §23)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  entry(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @Body() body: EntryDto, @Command() context: CommandContext) {
    return this.commands.send(new RecordInspectionStepCommand(taskId, targetId, { type: 'EnterResults', ...body }, context));
  }

  @Post(`${RECORD}/referrals`)
  @ApiOperation({ summary: 'Refer violations to the case-handling unit or the judiciary (000 §25, 002 §31)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  refer(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @Body() body: ReferralDto, @Command() context: CommandContext) {
    return this.commands.send(new RecordInspectionStepCommand(taskId, targetId, { type: 'ReferViolation', ...body }, context));
  }

  @Get('tasks/:taskId/inspections')
  @ApiOperation({ summary: "The task's inspection records with their status (staff of its departments and their superiors, oversight)" })
  list(@Param('taskId') taskId: string, @Query() page: PageQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListTaskInspectionsQuery(taskId, page, actor));
  }

  @Get(RECORD)
  @ApiOperation({ summary: 'One inspection record (staff of the executing departments and their superiors, oversight)' })
  get(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetInspectionQuery(taskId, targetId, actor));
  }
}
