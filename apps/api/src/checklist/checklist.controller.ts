import { BadRequestException, Body, Controller, Get, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { Command, CommandAccepted, CommandContext, CommandGateway, CurrentActor } from '@app/platform';
import {
  ChecklistDraftDto,
  ChecklistItemFieldsDto,
  ChecklistVersionViewDto,
  ChecklistVersionsDto,
  DraftChecklistItemDto,
  PublishChecklistVersionDto,
  ReviewChecklistDraftDto,
  WithdrawChecklistItemDto,
} from './checklist.dto';
import {
  DraftChecklistItemCommand,
  GetChecklistDraftQuery,
  GetChecklistVersionQuery,
  GetCurrentChecklistQuery,
  ListChecklistVersionsQuery,
  PublishChecklistVersionCommand,
  ReviewChecklistDraftCommand,
  ReviseChecklistItemCommand,
  WithdrawChecklistItemCommand,
} from './checklist.handlers';

const versionPipe = new ParseIntPipe({ exceptionFactory: () => new BadRequestException({ field: 'version', reason: 'must be a whole version number' }) });

/** 随机抽查事项清单 — a department's checklist: staff edit the draft and publish versions; the public reads them. */
@ApiTags('checklist')
@Controller('departments/:departmentId/checklist')
export class ChecklistController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly queries: QueryBus,
  ) {}

  @Post('draft/items')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add an item to the draft checklist' })
  @ApiCreatedResponse({ type: CommandAccepted })
  draft(@Param('departmentId') departmentId: string, @Body() body: DraftChecklistItemDto, @Command() context: CommandContext) {
    return this.commands.send(new DraftChecklistItemCommand(departmentId, body, context));
  }

  @Put('draft/items/:itemId')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revise an item of the draft (the whole item)' })
  @ApiOkResponse({ type: CommandAccepted })
  revise(
    @Param('departmentId') departmentId: string,
    @Param('itemId') itemId: string,
    @Body() body: ChecklistItemFieldsDto,
    @Command() context: CommandContext,
  ) {
    return this.commands.send(new ReviseChecklistItemCommand(departmentId, itemId, body, context));
  }

  @Post('draft/items/:itemId/withdraw')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Withdraw an item from the draft, and so from the next published version' })
  @ApiCreatedResponse({ type: CommandAccepted })
  withdraw(
    @Param('departmentId') departmentId: string,
    @Param('itemId') itemId: string,
    @Body() body: WithdrawChecklistItemDto,
    @Command() context: CommandContext,
  ) {
    return this.commands.send(new WithdrawChecklistItemCommand(departmentId, itemId, body, context));
  }

  @Post('draft/reviews')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The justice bureau's legality review of the draft as it now stands (004 §4(3)): approved, or returned with reasons" })
  @ApiCreatedResponse({ type: CommandAccepted })
  review(@Param('departmentId') departmentId: string, @Body() body: ReviewChecklistDraftDto, @Command() context: CommandContext) {
    return this.commands.send(new ReviewChecklistDraftCommand(departmentId, body, context));
  }

  @Post('versions')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Publish the draft as the next version of the checklist' })
  @ApiCreatedResponse({ type: CommandAccepted })
  publish(@Param('departmentId') departmentId: string, @Body() body: PublishChecklistVersionDto, @Command() context: CommandContext) {
    return this.commands.send(new PublishChecklistVersionCommand(departmentId, body, context));
  }

  @Get()
  @ApiOperation({ summary: 'The checklist in force: the latest published version' })
  @ApiOkResponse({ type: ChecklistVersionViewDto })
  current(@Param('departmentId') departmentId: string) {
    return this.queries.execute(new GetCurrentChecklistQuery(departmentId));
  }

  @Get('versions')
  @ApiOperation({ summary: 'Every published version: number, date, reason for the adjustment, item count' })
  @ApiOkResponse({ type: ChecklistVersionsDto })
  versions(@Param('departmentId') departmentId: string) {
    return this.queries.execute(new ListChecklistVersionsQuery(departmentId));
  }

  @Get('versions/:version')
  @ApiOperation({ summary: 'One published version, as it was published' })
  @ApiOkResponse({ type: ChecklistVersionViewDto })
  version(@Param('departmentId') departmentId: string, @Param('version', versionPipe) version: number) {
    return this.queries.execute(new GetChecklistVersionQuery(departmentId, version));
  }

  @Get('draft')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The draft with the edits not yet published (staff of the department and its superiors)' })
  @ApiOkResponse({ type: ChecklistDraftDto })
  draftView(@Param('departmentId') departmentId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetChecklistDraftQuery(departmentId, actor));
  }
}
