import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { Command, CommandAccepted, CommandContext, CommandGateway, CurrentActor } from '@app/platform';
import {
  AddExpertDto,
  AmendInspectorQualificationsDto,
  ChangeInspectorPostDto,
  ConflictListDto,
  DeclareConflictDto,
  EnforcementCertificateDto,
  ExpertDetailsDto,
  ListExpertsQueryDto,
  ListInspectorsQueryDto,
  MoveInspectorDto,
  PublicInspectorDto,
  PublicInspectorPageDto,
  RecordDepartureDto,
  RegisterInspectorDto,
  RemoveExpertDto,
  RevokeCertificateDto,
  WithdrawConflictDto,
} from './inspectors.dto';
import {
  AddExpertCommand,
  AmendInspectorQualificationsCommand,
  ChangeInspectorPostCommand,
  DeclareConflictCommand,
  GetExpertQuery,
  GetPublicInspectorQuery,
  GetStaffInspectorQuery,
  IssueCertificateCommand,
  ListConflictsQuery,
  ListExpertsQuery,
  ListInspectorsQuery,
  MoveInspectorCommand,
  RecordCertificateExpiryCommand,
  RecordInspectorLeftCommand,
  RegisterInspectorCommand,
  RemoveExpertCommand,
  RevokeCertificateCommand,
  UpdateExpertCommand,
  WithdrawExpertConflictCommand,
  WithdrawInspectorConflictCommand,
} from './inspectors.handlers';

/** 执法检查人员名录库: maintained by each department's staff (000 §12, 002 §11 §22); its public entries are published. */
@ApiTags('inspectors')
@Controller('inspectors')
export class InspectorsController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Register an inspector in their department’s registry' })
  @ApiCreatedResponse({ type: CommandAccepted })
  register(@Body() body: RegisterInspectorDto, @Command() context: CommandContext) {
    return this.commands.send(new RegisterInspectorCommand(body, context));
  }

  @Post(':inspectorId/moves')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Move an inspector to another unit: recorded by the receiving department, or a superior of both' })
  @ApiCreatedResponse({ type: CommandAccepted })
  move(@Param('inspectorId') inspectorId: string, @Body() body: MoveInspectorDto, @Command() context: CommandContext) {
    return this.commands.send(new MoveInspectorCommand(inspectorId, body, context));
  }

  @Post(':inspectorId/post-changes')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change an inspector’s post and post category' })
  @ApiCreatedResponse({ type: CommandAccepted })
  changePost(@Param('inspectorId') inspectorId: string, @Body() body: ChangeInspectorPostDto, @Command() context: CommandContext) {
    return this.commands.send(new ChangeInspectorPostCommand(inspectorId, body, context));
  }

  @Post(':inspectorId/qualifications')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Amend an inspector’s specialties, qualification certificates and qualification class; matching reads them as of its freeze' })
  @ApiCreatedResponse({ type: CommandAccepted })
  amendQualifications(@Param('inspectorId') inspectorId: string, @Body() body: AmendInspectorQualificationsDto, @Command() context: CommandContext) {
    return this.commands.send(new AmendInspectorQualificationsCommand(inspectorId, body, context));
  }

  @Post(':inspectorId/certificates')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Issue, renew or replace the enforcement certificate (执法证)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  issueCertificate(@Param('inspectorId') inspectorId: string, @Body() body: EnforcementCertificateDto, @Command() context: CommandContext) {
    return this.commands.send(new IssueCertificateCommand(inspectorId, body, context));
  }

  @Post(':inspectorId/certificate/expiry')
  @HttpCode(201)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Record that the enforcement certificate has lapsed (only after its last valid day)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  recordExpiry(@Param('inspectorId') inspectorId: string, @Command() context: CommandContext) {
    return this.commands.send(new RecordCertificateExpiryCommand(inspectorId, context));
  }

  @Post(':inspectorId/certificate/revocation')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Record that the enforcement certificate was revoked' })
  @ApiCreatedResponse({ type: CommandAccepted })
  revoke(@Param('inspectorId') inspectorId: string, @Body() body: RevokeCertificateDto, @Command() context: CommandContext) {
    return this.commands.send(new RevokeCertificateCommand(inspectorId, body, context));
  }

  @Post(':inspectorId/departure')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Record that an inspector left (离职 / 调离 / 退休)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  leave(@Param('inspectorId') inspectorId: string, @Body() body: RecordDepartureDto, @Command() context: CommandContext) {
    return this.commands.send(new RecordInspectorLeftCommand(inspectorId, body, context));
  }

  @Post(':inspectorId/conflicts')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Declare a conflict of interest with a target (回避, 000 §18, 002 §23)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  declareConflict(@Param('inspectorId') inspectorId: string, @Body() body: DeclareConflictDto, @Command() context: CommandContext) {
    return this.commands.send(new DeclareConflictCommand('inspector', inspectorId, body, context));
  }

  @Post(':inspectorId/conflicts/:targetId/withdrawal')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Withdraw a conflict-of-interest declaration, with a reason' })
  @ApiCreatedResponse({ type: CommandAccepted })
  withdrawConflict(
    @Param('inspectorId') inspectorId: string,
    @Param('targetId') targetId: string,
    @Body() body: WithdrawConflictDto,
    @Command() context: CommandContext,
  ) {
    return this.commands.send(new WithdrawInspectorConflictCommand(inspectorId, targetId, body, context));
  }

  @Get()
  @ApiOperation({ summary: 'The published registry: name, unit, certificate number and validity, post category, specialties (000 §12)' })
  @ApiOkResponse({ type: PublicInspectorPageDto })
  list(@Query() filter: ListInspectorsQueryDto) {
    return this.queries.execute(new ListInspectorsQuery(filter));
  }

  @Get(':inspectorId')
  @ApiOperation({ summary: 'One inspector as the registry publishes them: name, unit, certificate and its validity (000 §12)' })
  @ApiOkResponse({ type: PublicInspectorDto })
  get(@Param('inspectorId') inspectorId: string) {
    return this.queries.execute(new GetPublicInspectorQuery(inspectorId));
  }
}

/** What staff, the legal unit and oversight read: everything, including gender, qualifications and conflicts. */
@ApiTags('inspectors')
@ApiBearerAuth()
@Controller('staff')
export class StaffRegistryController {
  constructor(private readonly queries: QueryBus) {}

  @Get('inspectors/:inspectorId')
  @ApiOperation({ summary: 'The full registry record: own department and its superiors; legal, oversight and admin everywhere' })
  @ApiOkResponse({ description: 'The full inspector document' })
  inspector(@Param('inspectorId') inspectorId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetStaffInspectorQuery(inspectorId, actor));
  }

  @Get('inspectors/:inspectorId/conflicts')
  @ApiOperation({ summary: 'Every conflict-of-interest declaration of an inspector, withdrawn ones included (000 §18–19)' })
  @ApiOkResponse({ type: ConflictListDto })
  inspectorConflicts(@Param('inspectorId') inspectorId: string) {
    return this.queries.execute(new ListConflictsQuery('inspector', inspectorId));
  }

  @Get('experts/:expertId/conflicts')
  @ApiOperation({ summary: 'Every conflict-of-interest declaration of an expert, withdrawn ones included (000 §18–19)' })
  @ApiOkResponse({ type: ConflictListDto })
  expertConflicts(@Param('expertId') expertId: string) {
    return this.queries.execute(new ListConflictsQuery('expert', expertId));
  }
}

/** 专家库: non-enforcement experts; nothing of it is published (contact details are private). */
@ApiTags('experts')
@ApiBearerAuth()
@Controller('experts')
export class ExpertsController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Add an expert to a department’s pool' })
  @ApiCreatedResponse({ type: CommandAccepted })
  add(@Body() body: AddExpertDto, @Command() context: CommandContext) {
    return this.commands.send(new AddExpertCommand(body, context));
  }

  @Post(':expertId/details')
  @ApiOperation({ summary: 'Replace an expert’s details (field, organisation, title, contact)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  update(@Param('expertId') expertId: string, @Body() body: ExpertDetailsDto, @Command() context: CommandContext) {
    return this.commands.send(new UpdateExpertCommand(expertId, body, context));
  }

  @Post(':expertId/departure')
  @ApiOperation({ summary: 'Record that an expert left the pool' })
  @ApiCreatedResponse({ type: CommandAccepted })
  remove(@Param('expertId') expertId: string, @Body() body: RemoveExpertDto, @Command() context: CommandContext) {
    return this.commands.send(new RemoveExpertCommand(expertId, body, context));
  }

  @Post(':expertId/conflicts')
  @ApiOperation({ summary: 'Declare an expert’s conflict of interest with a target (000 §18, 002 §23)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  declareConflict(@Param('expertId') expertId: string, @Body() body: DeclareConflictDto, @Command() context: CommandContext) {
    return this.commands.send(new DeclareConflictCommand('expert', expertId, body, context));
  }

  @Post(':expertId/conflicts/:targetId/withdrawal')
  @ApiOperation({ summary: 'Withdraw an expert’s conflict-of-interest declaration, with a reason' })
  @ApiCreatedResponse({ type: CommandAccepted })
  withdrawConflict(
    @Param('expertId') expertId: string,
    @Param('targetId') targetId: string,
    @Body() body: WithdrawConflictDto,
    @Command() context: CommandContext,
  ) {
    return this.commands.send(new WithdrawExpertConflictCommand(expertId, targetId, body, context));
  }

  @Get()
  @ApiOperation({ summary: 'A department’s current pool, by field: own department and superiors; legal, oversight and admin everywhere' })
  @ApiOkResponse({ description: 'A page of expert documents' })
  list(@Query() filter: ListExpertsQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListExpertsQuery(filter, actor));
  }

  @Get(':expertId')
  @ApiOperation({ summary: 'One expert of the pool, contact included (own department and superiors; legal, oversight and admin everywhere)' })
  @ApiOkResponse({ description: 'The full expert document, contact included' })
  get(@Param('expertId') expertId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetExpertQuery(expertId, actor));
  }
}
