import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProduces, ApiTags, ApiParam } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { Command, CommandAccepted, CommandContext, CommandGateway, CurrentActor } from '@app/platform';
import {
  CorrectAnnualSummaryDto,
  CorrectResultDto,
  CreditExportQueryDto,
  CorrectionsQueryDto,
  DepartmentResultsQueryDto,
  ExemptPublicationDto,
  FeedBackReviewDto,
  PublicResultsQueryDto,
  ReceiveCommentDto,
  ReceiveObjectionDto,
  ReviewObjectionDto,
} from './publication.dto';
import {
  CompleteTaskCommand,
  CorrectAnnualSummaryCommand,
  PublishAnnualSummaryCommand,
  ReportUnreachableListCommand,
  CorrectResultCommand,
  ExemptPublicationCommand,
  FeedBackObjectionReviewCommand,
  PublishResultCommand,
  ReceiveInspectorCommentCommand,
  ReceiveObjectionCommand,
  ReviewObjectionCommand,
} from './publication.handlers';
import { creditExportCsv } from './credit-export';
import {
  CreditExportQuery,
  GetAnnualSummaryQuery,
  GetPublicResultQuery,
  GetResultRecordQuery,
  ListCorrectionsQuery,
  ListDepartmentResultsQuery,
  ListPublicResultsQuery,
  PublicResultDto,
} from './publication.queries';

const MAINTAINERS = ['staff', 'unit-head', 'credit-lead', 'admin'] as const;

/** 一公开 — task completion, results published or exempted, corrections, objections, comments, and the public disclosure views (000 §24, §26, 002 §28.4, §29). */
@ApiTags('publication')
@Controller()
export class PublicationController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly queries: QueryBus,
  ) {}

  @Post('tasks/:taskId/complete')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Complete the task once every dispatched target's inspection has ended; starts the 20-working-day publication clock (002 §28.4)" })
  @ApiCreatedResponse({ type: CommandAccepted })
  complete(@Param('taskId') taskId: string, @Command() context: CommandContext) {
    return this.commands.send(new CompleteTaskCommand(taskId, context));
  }

  @Post('tasks/:taskId/unreachable-list')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Report the completed task’s targets not inspected (unreachable, deregistered, revoked) to the city bureau above its department (002 §30: 由县局汇总后将名单上报市局)',
  })
  @ApiCreatedResponse({ type: CommandAccepted })
  reportUnreachable(@Param('taskId') taskId: string, @Command() context: CommandContext) {
    return this.commands.send(new ReportUnreachableListCommand(taskId, context));
  }

  @Post('results/:taskId/:targetId/publish')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Publish a reported inspection's result after the task completed; once only (002 §28.4, §29)" })
  @ApiCreatedResponse({ type: CommandAccepted })
  publish(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @Command() context: CommandContext) {
    return this.commands.send(new PublishResultCommand(taskId, targetId, context));
  }

  @Post('results/:taskId/:targetId/exempt')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Record that the law exempts the result from publication, with the reason and legal basis (002 §28.4)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  exempt(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @Body() body: ExemptPublicationDto, @Command() context: CommandContext) {
    return this.commands.send(new ExemptPublicationCommand(taskId, targetId, body, context));
  }

  @Post('results/:taskId/:targetId/corrections')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Correct a published result, signed by the unit's principal head (unit-head); published next to the original (002 §29)" })
  @ApiCreatedResponse({ type: CommandAccepted })
  correct(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @Body() body: CorrectResultDto, @Command() context: CommandContext) {
    return this.commands.send(new CorrectResultCommand(taskId, targetId, body, context));
  }

  @Post('results/:taskId/:targetId/objections')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Record the target's objection to a published result (002 §29)" })
  @ApiCreatedResponse({ type: CommandAccepted })
  object(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @Body() body: ReceiveObjectionDto, @Command() context: CommandContext) {
    return this.commands.send(new ReceiveObjectionCommand(taskId, targetId, body, context));
  }

  @Post('results/:taskId/:targetId/objections/:n/review')
  @ApiParam({ name: 'n', schema: { type: 'integer', minimum: 1 }, example: 1, description: 'The objection’s number: 1 for the first received on this result' })
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Review an objection; upheld corrects the result in the same decision, signed by the unit head (002 §29)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  review(
    @Param('taskId') taskId: string,
    @Param('targetId') targetId: string,
    @Param('n') n: string,
    @Body() body: ReviewObjectionDto,
    @Command() context: CommandContext,
  ) {
    return this.commands.send(new ReviewObjectionCommand(taskId, targetId, n, body, context));
  }

  @Post('results/:taskId/:targetId/objections/:n/feedback')
  @ApiParam({ name: 'n', schema: { type: 'integer', minimum: 1 }, example: 1, description: 'The objection’s number: 1 for the first received on this result' })
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Record that the review was fed back to the target (002 §29)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  feedBack(
    @Param('taskId') taskId: string,
    @Param('targetId') targetId: string,
    @Param('n') n: string,
    @Body() body: FeedBackReviewDto,
    @Command() context: CommandContext,
  ) {
    return this.commands.send(new FeedBackObjectionReviewCommand(taskId, targetId, n, body, context));
  }

  @Post('results/:taskId/:targetId/comments')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Record the target's comment on its inspectors; after 10 working days from feedback it is marked late (000 §24)" })
  @ApiCreatedResponse({ type: CommandAccepted })
  comment(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @Body() body: ReceiveCommentDto, @Command() context: CommandContext) {
    return this.commands.send(new ReceiveInspectorCommentCommand(taskId, targetId, body, context));
  }

  @Get('results/:taskId/:targetId')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "A result's whole record: publication or exemption, signed corrections, objections, comments (staff of its department and superiors, oversight)",
  })
  record(@Param('taskId') taskId: string, @Param('targetId') targetId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetResultRecordQuery(taskId, targetId, actor));
  }

  @Get('departments/:departmentId/credit-export')
  @ApiBearerAuth()
  @ApiProduces('text/csv')
  @ApiOperation({
    summary:
      'Every result the department published in a year, as it now stands, in the CSV the national enterprise credit-information publicity system takes (000 §25, 002 §6; docs/credit-export.md)',
  })
  async creditExport(@Param('departmentId') departmentId: string, @Query() query: CreditExportQueryDto, @CurrentActor() actor: Actor) {
    const results = await this.queries.execute<CreditExportQuery, PublicResultDto[]>(new CreditExportQuery(departmentId, query.year, actor));
    return new StreamableFile(Buffer.from(creditExportCsv(results), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="credit-export-${departmentId}-${query.year}.csv"`,
    });
  }

  @Get('departments/:departmentId/results')
  @ApiBearerAuth()
  @ApiOperation({ summary: "A department's result records, latest first" })
  departmentResults(@Param('departmentId') departmentId: string, @Query() query: DepartmentResultsQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListDepartmentResultsQuery(departmentId, query, actor));
  }

  @Get('public/results')
  @ApiOperation({
    summary: 'Published results, newest first, by department and year of publication, searchable by company name or credit code; corrections next to each',
  })
  publicResults(@Query() query: PublicResultsQueryDto) {
    return this.queries.execute(new ListPublicResultsQuery(query));
  }

  @Get('public/results/:taskId/:targetId')
  @ApiOperation({ summary: 'One published result with its corrections' })
  publicResult(@Param('taskId') taskId: string, @Param('targetId') targetId: string) {
    return this.queries.execute(new GetPublicResultQuery(taskId, targetId));
  }

  @Get('public/corrections')
  @ApiOperation({ summary: 'Corrections of published results, newest first, each with the original it corrects (002 §29)' })
  corrections(@Query() query: CorrectionsQueryDto) {
    return this.queries.execute(new ListCorrectionsQuery(query));
  }

  @Post('departments/:departmentId/annual-summaries/:year/publication')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Sign and publish the year's execution summary: its figures are frozen as the records add up now (000 §26; the unit head)" })
  @ApiCreatedResponse({ type: CommandAccepted })
  publishAnnualSummary(@Param('departmentId') departmentId: string, @Param('year', ParseIntPipe) year: number, @Command() context: CommandContext) {
    return this.commands.send(new PublishAnnualSummaryCommand(departmentId, year, context));
  }

  @Post('departments/:departmentId/annual-summaries/:year/corrections')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Correct a published summary beside the original, with the figures the records add up to now and the reason (000 §26; the unit head)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  correctAnnualSummary(
    @Param('departmentId') departmentId: string,
    @Param('year', ParseIntPipe) year: number,
    @Body() body: CorrectAnnualSummaryDto,
    @Command() context: CommandContext,
  ) {
    return this.commands.send(new CorrectAnnualSummaryCommand(departmentId, year, body.reason, context));
  }

  @Get('public/departments/:departmentId/annual-summaries/:year')
  @ApiOperation({ summary: "A department's execution of a year's plans (000 §26), available from 1 January of the following year" })
  annualSummary(@Param('departmentId') departmentId: string, @Param('year', ParseIntPipe) year: number) {
    return this.queries.execute(new GetAnnualSummaryQuery(departmentId, year));
  }
}
