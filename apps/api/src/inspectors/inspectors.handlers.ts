/**
 * The inspector registry and expert pool: one thin handler per command (gather outside facts,
 * check scope, then load → decide → append) and the query handlers over the read models.
 * Scope: a department maintains its own registry and pool; moves follow `mayMoveInspector`;
 * conflict declarations may also be recorded by the legal unit (000 §18).
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, CommandContext, CommandResult, CommandRunner, OrganisationDirectory, dateInChina } from '@app/platform';
import { READ_STORE, ReadStore } from '@app/read-store';
import {
  DEPARTMENTS,
  DepartmentView,
  EXPERTS,
  ExpertView,
  INSPECTORS,
  INSPECTORS_ACTIVE_INDEX,
  InspectorView,
  PublicInspectorView,
  expertsOfDepartmentIndex,
  inspectorsInPostCategoryIndex,
  inspectorsOfDepartmentIndex,
  inspectorsWithSpecialtyIndex,
  toPublicInspector,
} from '@app/projections';
import {
  Actor,
  ExpertDetails,
  ForbiddenError,
  InspectorCommand,
  MAINTAINER_ROLES,
  NotFoundError,
  Role,
  expertDecider,
  expertStream,
  inspectorDecider,
  inspectorStream,
  isDrawable,
  mayMoveInspector,
} from '@app/domain';
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
  PublicInspectorPageDto,
  RecordDepartureDto,
  RegisterInspectorDto,
  RemoveExpertDto,
  RevokeCertificateDto,
  WithdrawConflictDto,
} from './inspectors.dto';

/** Conflict declarations may come from the person's own department or from its legal unit (000 §18). */
const CONFLICT_RECORDERS: readonly Role[] = [...MAINTAINER_ROLES, 'legal'];
/** Who reads conflict declarations across departments: the legal and discipline (oversight) units, and administrators (000 §18–19). */
const CONFLICT_READERS: readonly Role[] = ['legal', 'oversight', 'admin'];

/** The target registry's stream for a target; only its existence matters here. */
const targetStreamOf = (targetId: string) => `target-${targetId}`;
const anyEvents = { initialState: false, evolve: () => true };

// ── commands ────────────────────────────────────────────────────────────────────────────────

export class RegisterInspectorCommand {
  constructor(
    readonly payload: RegisterInspectorDto,
    readonly context: CommandContext,
  ) {}
}

export class AmendInspectorQualificationsCommand {
  constructor(
    readonly inspectorId: string,
    readonly payload: AmendInspectorQualificationsDto,
    readonly context: CommandContext,
  ) {}
}

export class ChangeInspectorPostCommand {
  constructor(
    readonly inspectorId: string,
    readonly payload: ChangeInspectorPostDto,
    readonly context: CommandContext,
  ) {}
}

export class IssueCertificateCommand {
  constructor(
    readonly inspectorId: string,
    readonly payload: EnforcementCertificateDto,
    readonly context: CommandContext,
  ) {}
}

export class RecordCertificateExpiryCommand {
  constructor(
    readonly inspectorId: string,
    readonly context: CommandContext,
  ) {}
}

export class RevokeCertificateCommand {
  constructor(
    readonly inspectorId: string,
    readonly payload: RevokeCertificateDto,
    readonly context: CommandContext,
  ) {}
}

export class RecordInspectorLeftCommand {
  constructor(
    readonly inspectorId: string,
    readonly payload: RecordDepartureDto,
    readonly context: CommandContext,
  ) {}
}

export class WithdrawInspectorConflictCommand {
  constructor(
    readonly inspectorId: string,
    readonly targetId: string,
    readonly payload: WithdrawConflictDto,
    readonly context: CommandContext,
  ) {}
}

export class MoveInspectorCommand {
  constructor(
    readonly inspectorId: string,
    readonly payload: MoveInspectorDto,
    readonly context: CommandContext,
  ) {}
}

export class DeclareConflictCommand {
  constructor(
    readonly personKind: 'inspector' | 'expert',
    readonly personId: string,
    readonly payload: DeclareConflictDto,
    readonly context: CommandContext,
  ) {}
}

export class AddExpertCommand {
  constructor(
    readonly payload: AddExpertDto,
    readonly context: CommandContext,
  ) {}
}

export class UpdateExpertCommand {
  constructor(
    readonly expertId: string,
    readonly payload: ExpertDetailsDto,
    readonly context: CommandContext,
  ) {}
}

export class RemoveExpertCommand {
  constructor(
    readonly expertId: string,
    readonly payload: RemoveExpertDto,
    readonly context: CommandContext,
  ) {}
}

export class WithdrawExpertConflictCommand {
  constructor(
    readonly expertId: string,
    readonly targetId: string,
    readonly payload: WithdrawConflictDto,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(RegisterInspectorCommand)
export class RegisterInspectorHandler implements ICommandHandler<RegisterInspectorCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ payload, context }: RegisterInspectorCommand): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, payload.departmentId);
    const { certificate, qualifications, ...rest } = payload;
    return this.runner.run(
      inspectorStream(payload.inspectorId),
      inspectorDecider,
      {
        type: 'RegisterInspector',
        ...rest,
        certificate: certificate ? { number: certificate.number, validFrom: certificate.validFrom, validUntil: certificate.validUntil } : null,
        qualifications: qualifications.map((q) => ({ name: q.name, number: q.number, validUntil: q.validUntil ?? null })),
      },
      context,
    );
  }
}

/** The department an inspector belongs to now, from the inspector's own stream; 404 when there is no such inspector. */
async function inspectorDepartment(runner: CommandRunner, inspectorId: string): Promise<string> {
  const { state } = await runner.load(inspectorStream(inspectorId), inspectorDecider);
  if (state.status === 'unregistered') throw new NotFoundError(`inspector ${inspectorId} is not registered`, 'inspectorId');
  return state.departmentId;
}

async function expertDepartment(runner: CommandRunner, expertId: string): Promise<string> {
  const { state } = await runner.load(expertStream(expertId), expertDecider);
  if (state.status === 'unregistered') throw new NotFoundError(`expert ${expertId} is not in the pool`, 'expertId');
  return state.departmentId;
}

/** What every command on an existing inspector does: find their current department, check scope, run. */
abstract class ExistingInspectorHandler {
  constructor(
    protected readonly runner: CommandRunner,
    protected readonly directory: OrganisationDirectory,
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {}

  protected async runFor(inspectorId: string, command: InspectorCommand, context: CommandContext, roles = MAINTAINER_ROLES): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, await inspectorDepartment(this.runner, inspectorId), { roles });
    return this.runner.run(inspectorStream(inspectorId), inspectorDecider, command, context);
  }
}

@CommandHandler(ChangeInspectorPostCommand)
export class ChangeInspectorPostHandler extends ExistingInspectorHandler implements ICommandHandler<ChangeInspectorPostCommand, CommandResult> {
  execute({ inspectorId, payload, context }: ChangeInspectorPostCommand) {
    return this.runFor(inspectorId, { type: 'ChangeInspectorPost', inspectorId, ...payload }, context);
  }
}

@CommandHandler(AmendInspectorQualificationsCommand)
export class AmendInspectorQualificationsHandler
  extends ExistingInspectorHandler
  implements ICommandHandler<AmendInspectorQualificationsCommand, CommandResult>
{
  execute({ inspectorId, payload, context }: AmendInspectorQualificationsCommand) {
    const qualifications = payload.qualifications.map((q) => ({ name: q.name, number: q.number, validUntil: q.validUntil ?? null }));
    return this.runFor(inspectorId, { type: 'AmendInspectorQualifications', inspectorId, ...payload, qualifications }, context);
  }
}

@CommandHandler(IssueCertificateCommand)
export class IssueCertificateHandler extends ExistingInspectorHandler implements ICommandHandler<IssueCertificateCommand, CommandResult> {
  execute({ inspectorId, payload, context }: IssueCertificateCommand) {
    return this.runFor(inspectorId, { type: 'IssueEnforcementCertificate', inspectorId, certificate: { ...payload } }, context);
  }
}

@CommandHandler(RecordCertificateExpiryCommand)
export class RecordCertificateExpiryHandler extends ExistingInspectorHandler implements ICommandHandler<RecordCertificateExpiryCommand, CommandResult> {
  execute({ inspectorId, context }: RecordCertificateExpiryCommand) {
    return this.runFor(inspectorId, { type: 'RecordCertificateExpiry', inspectorId, today: dateInChina(this.clock.now()) }, context);
  }
}

@CommandHandler(RevokeCertificateCommand)
export class RevokeCertificateHandler extends ExistingInspectorHandler implements ICommandHandler<RevokeCertificateCommand, CommandResult> {
  execute({ inspectorId, payload, context }: RevokeCertificateCommand) {
    return this.runFor(inspectorId, { type: 'RevokeEnforcementCertificate', inspectorId, ...payload }, context);
  }
}

@CommandHandler(RecordInspectorLeftCommand)
export class RecordInspectorLeftHandler extends ExistingInspectorHandler implements ICommandHandler<RecordInspectorLeftCommand, CommandResult> {
  execute({ inspectorId, payload, context }: RecordInspectorLeftCommand) {
    return this.runFor(
      inspectorId,
      { type: 'RecordInspectorLeft', inspectorId, kind: payload.kind, leftOn: payload.leftOn, reason: payload.reason ?? null },
      context,
    );
  }
}

@CommandHandler(WithdrawInspectorConflictCommand)
export class WithdrawInspectorConflictHandler extends ExistingInspectorHandler implements ICommandHandler<WithdrawInspectorConflictCommand, CommandResult> {
  execute({ inspectorId, targetId, payload, context }: WithdrawInspectorConflictCommand) {
    const today = dateInChina(this.clock.now());
    return this.runFor(
      inspectorId,
      { type: 'WithdrawConflictOfInterest', personId: inspectorId, targetId, reason: payload.reason, today },
      context,
      CONFLICT_RECORDERS,
    );
  }
}

@CommandHandler(MoveInspectorCommand)
export class MoveInspectorHandler implements ICommandHandler<MoveInspectorCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ inspectorId, payload, context }: MoveInspectorCommand): Promise<CommandResult> {
    const from = await this.directory.jurisdiction(await inspectorDepartment(this.runner, inspectorId));
    const to = await this.directory.jurisdiction(payload.toDepartmentId).catch((error: unknown) => {
      throw error instanceof NotFoundError ? new NotFoundError(error.message, 'toDepartmentId') : error;
    });
    if (!mayMoveInspector(context.actor, from, to)) {
      throw new ForbiddenError(`a ${context.actor.role} of ${context.actor.unit} may not move an inspector from ${from.departmentId} to ${to.departmentId}`);
    }
    return this.runner.run(
      inspectorStream(inspectorId),
      inspectorDecider,
      { type: 'MoveInspector', inspectorId, toDepartmentId: payload.toDepartmentId, movedOn: payload.movedOn, reason: payload.reason ?? null },
      context,
    );
  }
}

@CommandHandler(DeclareConflictCommand)
export class DeclareConflictHandler implements ICommandHandler<DeclareConflictCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ personKind, personId, payload, context }: DeclareConflictCommand): Promise<CommandResult> {
    const departmentId = personKind === 'inspector' ? await inspectorDepartment(this.runner, personId) : await expertDepartment(this.runner, personId);
    await this.directory.assertActsFor(context.actor, departmentId, { roles: CONFLICT_RECORDERS });
    const targetKnown = (await this.runner.load(targetStreamOf(payload.targetId), anyEvents)).state;
    const command = { type: 'DeclareConflictOfInterest' as const, personId, ...payload, today: dateInChina(this.clock.now()), targetKnown };
    return personKind === 'inspector'
      ? this.runner.run(inspectorStream(personId), inspectorDecider, command, context)
      : this.runner.run(expertStream(personId), expertDecider, command, context);
  }
}

const expertDetails = (dto: ExpertDetailsDto): ExpertDetails => ({
  name: dto.name,
  fields: [...dto.fields],
  organisation: dto.organisation,
  organisationKind: dto.organisationKind,
  title: dto.title,
  contact: { phone: dto.contact.phone ?? null, email: dto.contact.email ?? null },
});

@CommandHandler(AddExpertCommand)
export class AddExpertHandler implements ICommandHandler<AddExpertCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ payload, context }: AddExpertCommand): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, payload.departmentId);
    const { expertId, departmentId, joinedOn } = payload;
    return this.runner.run(
      expertStream(expertId),
      expertDecider,
      { type: 'AddExpertToPool', expertId, departmentId, joinedOn, details: expertDetails(payload) },
      context,
    );
  }
}

@CommandHandler(UpdateExpertCommand)
export class UpdateExpertHandler implements ICommandHandler<UpdateExpertCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ expertId, payload, context }: UpdateExpertCommand): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, await expertDepartment(this.runner, expertId));
    return this.runner.run(expertStream(expertId), expertDecider, { type: 'UpdateExpertDetails', expertId, details: expertDetails(payload) }, context);
  }
}

@CommandHandler(RemoveExpertCommand)
export class RemoveExpertHandler implements ICommandHandler<RemoveExpertCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ expertId, payload, context }: RemoveExpertCommand): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, await expertDepartment(this.runner, expertId));
    return this.runner.run(
      expertStream(expertId),
      expertDecider,
      { type: 'RemoveExpertFromPool', expertId, leftOn: payload.leftOn, reason: payload.reason ?? null },
      context,
    );
  }
}

@CommandHandler(WithdrawExpertConflictCommand)
export class WithdrawExpertConflictHandler implements ICommandHandler<WithdrawExpertConflictCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ expertId, targetId, payload, context }: WithdrawExpertConflictCommand): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, await expertDepartment(this.runner, expertId), { roles: CONFLICT_RECORDERS });
    return this.runner.run(
      expertStream(expertId),
      expertDecider,
      { type: 'WithdrawConflictOfInterest', personId: expertId, targetId, reason: payload.reason, today: dateInChina(this.clock.now()) },
      context,
    );
  }
}

// ── queries ─────────────────────────────────────────────────────────────────────────────────

export class ListInspectorsQuery {
  constructor(readonly filter: ListInspectorsQueryDto) {}
}
export class GetPublicInspectorQuery {
  constructor(readonly inspectorId: string) {}
}
export class GetStaffInspectorQuery {
  constructor(
    readonly inspectorId: string,
    readonly actor: Actor,
  ) {}
}
/** Read by the legal and discipline (oversight) units and administrators: the route's roles (000 §18–19). */
export class ListConflictsQuery {
  constructor(
    readonly personKind: 'inspector' | 'expert',
    readonly personId: string,
  ) {}
}
export class ListExpertsQuery {
  constructor(
    readonly filter: ListExpertsQueryDto,
    readonly actor: Actor,
  ) {}
}
export class GetExpertQuery {
  constructor(
    readonly expertId: string,
    readonly actor: Actor,
  ) {}
}

const DEFAULT_LIMIT = 50;

@QueryHandler(ListInspectorsQuery)
export class ListInspectorsHandler implements IQueryHandler<ListInspectorsQuery, PublicInspectorPageDto> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Department (or no) filter alone pages straight from its index of current inspectors. Any
   * other filter reads the smallest candidate index whole and filters documents in memory: a
   * department's registry is hundreds of people, and drawability depends on the day asked.
   */
  async execute({ filter }: ListInspectorsQuery): Promise<PublicInspectorPageDto> {
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? DEFAULT_LIMIT;
    const primary = filter.departmentId ? inspectorsOfDepartmentIndex(filter.departmentId) : INSPECTORS_ACTIVE_INDEX;
    let total: number;
    let page: InspectorView[];
    if (!filter.specialty && !filter.postCategory && !filter.drawableOn) {
      total = await this.reads.indexSize(primary);
      page = await this.documents((await this.reads.rangeIndex(primary, { offset, limit })).map((e) => e.member));
    } else {
      const candidates = [primary];
      if (filter.specialty) candidates.push(inspectorsWithSpecialtyIndex(filter.specialty));
      if (filter.postCategory) candidates.push(inspectorsInPostCategoryIndex(filter.postCategory));
      const sizes = await Promise.all(candidates.map((index) => this.reads.indexSize(index)));
      const smallest = candidates[sizes.indexOf(Math.min(...sizes))];
      const matching = (await this.documents((await this.reads.rangeIndex(smallest)).map((e) => e.member))).filter(
        (v) =>
          v.status === 'active' &&
          (!filter.departmentId || v.departmentId === filter.departmentId) &&
          (!filter.specialty || v.specialties.includes(filter.specialty)) &&
          (!filter.postCategory || v.postCategory === filter.postCategory) &&
          (!filter.drawableOn || isDrawable(v, filter.drawableOn).drawable),
      );
      total = matching.length;
      page = matching.slice(offset, offset + limit);
    }
    return { total, offset, limit, items: await publish(this.reads, page, dateInChina(this.clock.now())) };
  }

  private async documents(ids: string[]): Promise<InspectorView[]> {
    return (await this.reads.getDocuments<InspectorView>(INSPECTORS, ids)).filter((v): v is InspectorView => v !== null);
  }
}

/** Cuts the published entries from the staff documents, naming each one's department. */
async function publish(reads: ReadStore, views: InspectorView[], today: string): Promise<PublicInspectorView[]> {
  const departmentIds = [...new Set(views.map((v) => v.departmentId))];
  const departments = await reads.getDocuments<DepartmentView>(DEPARTMENTS, departmentIds);
  const names = new Map(departmentIds.map((id, i) => [id, departments[i]?.name ?? null]));
  return views.map((v) => toPublicInspector(v, names.get(v.departmentId) ?? null, today));
}

@QueryHandler(GetPublicInspectorQuery)
export class GetPublicInspectorHandler implements IQueryHandler<GetPublicInspectorQuery, PublicInspectorView> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The public registry shows the people on it now; a leaver's record stays with staff. */
  async execute({ inspectorId }: GetPublicInspectorQuery): Promise<PublicInspectorView> {
    const view = await this.reads.getDocument<InspectorView>(INSPECTORS, inspectorId);
    if (!view || view.status !== 'active') throw new NotFoundError(`inspector ${inspectorId} is not in the registry`);
    const [published] = await publish(this.reads, [view], dateInChina(this.clock.now()));
    return published;
  }
}

/** Staff read their own department's and their subordinates' records; legal, oversight and admin read all (000 §18–19). */
async function assertMayReadStaffView(directory: OrganisationDirectory, actor: Actor, departmentId: string): Promise<void> {
  if (CONFLICT_READERS.includes(actor.role)) return;
  await directory.assertMayRead(actor, departmentId);
}

@QueryHandler(GetStaffInspectorQuery)
export class GetStaffInspectorHandler implements IQueryHandler<GetStaffInspectorQuery, InspectorView> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ inspectorId, actor }: GetStaffInspectorQuery): Promise<InspectorView> {
    const view = await this.reads.getDocument<InspectorView>(INSPECTORS, inspectorId);
    if (!view) throw new NotFoundError(`inspector ${inspectorId} is not registered`);
    await assertMayReadStaffView(this.directory, actor, view.departmentId);
    return view;
  }
}

@QueryHandler(ListConflictsQuery)
export class ListConflictsHandler implements IQueryHandler<ListConflictsQuery, ConflictListDto> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ personKind, personId }: ListConflictsQuery): Promise<ConflictListDto> {
    const view = await this.reads.getDocument<InspectorView | ExpertView>(personKind === 'inspector' ? INSPECTORS : EXPERTS, personId);
    if (!view) throw new NotFoundError(`${personKind} ${personId} is not registered`);
    return { personKind, personId, departmentId: view.departmentId, conflicts: view.conflicts };
  }
}

@QueryHandler(ListExpertsQuery)
export class ListExpertsHandler implements IQueryHandler<ListExpertsQuery, { total: number; offset: number; limit: number; items: ExpertView[] }> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ filter, actor }: ListExpertsQuery) {
    await assertMayReadStaffView(this.directory, actor, filter.departmentId);
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? DEFAULT_LIMIT;
    const ids = (await this.reads.rangeIndex(expertsOfDepartmentIndex(filter.departmentId))).map((e) => e.member);
    const experts = (await this.reads.getDocuments<ExpertView>(EXPERTS, ids)).filter(
      (e): e is ExpertView => e !== null && (!filter.field || e.fields.includes(filter.field)),
    );
    return { total: experts.length, offset, limit, items: experts.slice(offset, offset + limit) };
  }
}

@QueryHandler(GetExpertQuery)
export class GetExpertHandler implements IQueryHandler<GetExpertQuery, ExpertView> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ expertId, actor }: GetExpertQuery): Promise<ExpertView> {
    const view = await this.reads.getDocument<ExpertView>(EXPERTS, expertId);
    if (!view) throw new NotFoundError(`expert ${expertId} is not in the pool`);
    await assertMayReadStaffView(this.directory, actor, view.departmentId);
    return view;
  }
}

export const INSPECTOR_HANDLERS = [
  RegisterInspectorHandler,
  ChangeInspectorPostHandler,
  AmendInspectorQualificationsHandler,
  IssueCertificateHandler,
  RecordCertificateExpiryHandler,
  RevokeCertificateHandler,
  RecordInspectorLeftHandler,
  WithdrawInspectorConflictHandler,
  MoveInspectorHandler,
  DeclareConflictHandler,
  AddExpertHandler,
  UpdateExpertHandler,
  RemoveExpertHandler,
  WithdrawExpertConflictHandler,
  ListInspectorsHandler,
  GetPublicInspectorHandler,
  GetStaffInspectorHandler,
  ListConflictsHandler,
  ListExpertsHandler,
  GetExpertHandler,
];
