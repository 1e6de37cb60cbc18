import { Body, Controller, Get, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor } from '@app/domain';
import { APP_CONFIG, AppConfig, Command, CommandAccepted, CommandContext, CommandGateway, CurrentActor } from '@app/platform';
import {
  DefineSubRegistryDto,
  EnrolTargetDto,
  ImportTargetsQueryDto,
  PublicTargetDto,
  PublicTargetsQueryDto,
  RegisterTargetDto,
  TargetStatusChangeDto,
  TargetsQueryDto,
  TransferTargetDto,
} from './targets.dto';
import {
  ChangeTargetStatusCommand,
  DefineSubRegistryCommand,
  EnrolTargetCommand,
  GetPublicTargetQuery,
  GetSubRegistryQuery,
  GetTargetQuery,
  ImportTargetsCommand,
  ListPublicTargetsQuery,
  ListTargetsQuery,
  RegisterTargetCommand,
  TransferTargetCommand,
} from './targets.handlers';
import { spoolUpload } from './target-upload';

/** Staff who maintain their department's registry (谁管辖、谁维护, 000 §14). */
const MAINTAINERS = ['staff', 'unit-head', 'credit-lead', 'admin'] as const;

@ApiTags('targets')
@Controller()
export class TargetsController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('targets')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Register one target in the registry of its owning department' })
  @ApiCreatedResponse({ type: CommandAccepted })
  register(@Body() body: RegisterTargetDto, @Command() context: CommandContext) {
    return this.commands.send(new RegisterTargetCommand(body, context));
  }

  @Post('targets/import')
  @ApiBearerAuth()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Import targets from a CSV or XLSX file (docs/target-import.md); a file with any bad row is refused whole' })
  async import(@Query() query: ImportTargetsQueryDto, @Req() request: FastifyRequest, @Command() context: CommandContext) {
    const upload = await spoolUpload(request, this.config.importUploadMaxBytes);
    return this.commands.send(new ImportTargetsCommand(query.departmentId, upload.file, context)).finally(upload.discard);
  }

  @Post('targets/:targetId/status-changes')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Record a status change: credit grade, abnormal or serious-violation list in/out, penalty, trustworthy, deregistration, revocation',
  })
  @ApiCreatedResponse({ type: CommandAccepted })
  changeStatus(@Param('targetId') targetId: string, @Body() body: TargetStatusChangeDto, @Command() context: CommandContext) {
    return this.commands.send(new ChangeTargetStatusCommand(targetId, body, context));
  }

  @Post('targets/:targetId/transfer')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Move the target to another jurisdiction (002 §30)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  transfer(@Param('targetId') targetId: string, @Body() body: TransferTargetDto, @Command() context: CommandContext) {
    return this.commands.send(new TransferTargetCommand(targetId, body, context));
  }

  @Post('targets/:targetId/sub-registries')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Enrol the target in a specialised sub-registry with its classification indicator values' })
  @ApiCreatedResponse({ type: CommandAccepted })
  enrol(@Param('targetId') targetId: string, @Body() body: EnrolTargetDto, @Command() context: CommandContext) {
    return this.commands.send(new EnrolTargetCommand(targetId, body, context));
  }

  @Get('targets')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Targets of a department, filtered and paged (staff)' })
  list(@Query() query: TargetsQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListTargetsQuery(query, actor));
  }

  @Get('targets/:targetId')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One target with its status (staff of the owning department, its superiors, oversight)' })
  get(@Param('targetId') targetId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetTargetQuery(targetId, actor));
  }

  @Get('public/targets')
  @ApiOperation({ summary: 'The public view of the registry, filtered and paged' })
  listPublic(@Query() query: PublicTargetsQueryDto) {
    return this.queries.execute(new ListPublicTargetsQuery(query));
  }

  @Get('public/targets/:targetId')
  @ApiOperation({ summary: 'One target as the registry publishes it: name, credit code, subject type and status' })
  @ApiOkResponse({ type: PublicTargetDto })
  getPublic(@Param('targetId') targetId: string) {
    return this.queries.execute(new GetPublicTargetQuery(targetId));
  }

  @Post('sub-registries')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Define a specialised sub-registry (专项名录库) and its build standard' })
  @ApiCreatedResponse({ type: CommandAccepted })
  defineSubRegistry(@Body() body: DefineSubRegistryDto, @Command() context: CommandContext) {
    return this.commands.send(new DefineSubRegistryCommand(body, context));
  }

  @Get('sub-registries/:subRegistryId')
  @ApiOperation({ summary: "A sub-registry's build standard" })
  getSubRegistry(@Param('subRegistryId') subRegistryId: string) {
    return this.queries.execute(new GetSubRegistryQuery(subRegistryId));
  }
}
