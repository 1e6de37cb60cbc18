/**
 * One thin handler per command: scope the actor to the owning jurisdiction (谁管辖、谁维护,
 * 000 §14), gather outside facts from other streams, then load → decide → append.
 *
 * Queries intersect member sets: every filter value names one set of the registry (dept:<id>,
 * area:<code>, …) and a name search names the set of each two-character piece of the text, so
 * the read store answers the page and the total from chunked bitmaps without reading documents
 * it does not return. A name text longer than two characters can match names that have all its
 * pieces but not the text itself; those candidates are checked against the documents: all of
 * them while there are at most NAME_CHECK_LIMIT, so the total is exact, and beyond that only as
 * far as the page needs, the total then counting the candidates (an upper bound, flagged).
 */
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Inject, PayloadTooLargeException } from '@nestjs/common';
import { CommandContext, CommandResult, CommandRunner, OrganisationDirectory, RequestValidationException } from '@app/platform';
import { TargetFileSource, TargetFileTooLarge, TargetImportRejected } from '@app/platform/target-import/target-file';
import { TargetImportReport, TargetImporter } from '@app/platform/target-import/target-importer';
import { READ_STORE, ReadStore } from '@app/read-store';
import {
  SUB_REGISTRIES,
  SubRegistryView,
  TARGETS,
  TARGETS_ALL,
  TARGET_SETS,
  TargetStatus,
  TargetView,
  targetsByArea,
  targetsByCreditGrade,
  targetsByDepartment,
  targetsByIndustry,
  nameGrams,
  normaliseName,
  targetsByNameGram,
  targetsByScale,
  targetsBySubRegistry,
  targetsByStatus,
  targetsByType,
} from '@app/projections';
import {
  Actor,
  NotFoundError,
  TargetStatusCommand,
  checkTargetRecord,
  departmentDecider,
  departmentStream,
  subRegistryDecider,
  subRegistryStream,
  targetDecider,
  targetIdOf,
  targetStream,
} from '@app/domain';
import {
  DefineSubRegistryDto,
  EnrolTargetDto,
  PublicTargetDto,
  PublicTargetsQueryDto,
  RegisterTargetDto,
  TargetStatusChangeDto,
  TargetsQueryDto,
  TransferTargetDto,
} from './targets.dto';

export class RegisterTargetCommand {
  constructor(
    readonly payload: RegisterTargetDto,
    readonly context: CommandContext,
  ) {}
}
export class ImportTargetsCommand {
  constructor(
    readonly departmentId: string,
    readonly file: TargetFileSource,
    readonly context: CommandContext,
  ) {}
}
export class ChangeTargetStatusCommand {
  constructor(
    readonly targetId: string,
    readonly payload: TargetStatusChangeDto,
    readonly context: CommandContext,
  ) {}
}
export class TransferTargetCommand {
  constructor(
    readonly targetId: string,
    readonly payload: TransferTargetDto,
    readonly context: CommandContext,
  ) {}
}
export class EnrolTargetCommand {
  constructor(
    readonly targetId: string,
    readonly payload: EnrolTargetDto,
    readonly context: CommandContext,
  ) {}
}
export class DefineSubRegistryCommand {
  constructor(
    readonly payload: DefineSubRegistryDto,
    readonly context: CommandContext,
  ) {}
}
export class ListTargetsQuery {
  constructor(
    readonly filter: TargetsQueryDto,
    readonly actor: Actor,
  ) {}
}
export class GetTargetQuery {
  constructor(
    readonly targetId: string,
    readonly actor: Actor,
  ) {}
}
export class ListPublicTargetsQuery {
  constructor(readonly filter: PublicTargetsQueryDto) {}
}
export class GetPublicTargetQuery {
  constructor(readonly targetId: string) {}
}
export class GetSubRegistryQuery {
  constructor(readonly subRegistryId: string) {}
}

/** Loads the target and checks that the actor acts for the department that owns it now. */
async function ownedTarget(runner: CommandRunner, directory: OrganisationDirectory, targetId: string, actor: Actor) {
  const loaded = await runner.load(targetStream(targetId), targetDecider);
  if (loaded.state.status !== 'registered') throw new NotFoundError(`target ${targetId} is not registered`, 'targetId');
  const jurisdiction = await directory.assertActsFor(actor, loaded.state.departmentId);
  return { state: loaded.state, jurisdiction };
}

@CommandHandler(RegisterTargetCommand)
export class RegisterTargetHandler implements ICommandHandler<RegisterTargetCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ payload, context }: RegisterTargetCommand): Promise<CommandResult> {
    const { departmentId, ...record } = payload;
    await this.directory.assertActsFor(context.actor, departmentId);
    const check = checkTargetRecord(record);
    if (!check.ok) throw new RequestValidationException(check.problems);
    return this.runner.run(targetStream(targetIdOf(check.details)), targetDecider, { type: 'RegisterTarget', departmentId, record }, context);
  }
}

@CommandHandler(ImportTargetsCommand)
export class ImportTargetsHandler implements ICommandHandler<ImportTargetsCommand, TargetImportReport> {
  constructor(private readonly importer: TargetImporter) {}

  async execute({ departmentId, file, context }: ImportTargetsCommand): Promise<TargetImportReport> {
    try {
      return await this.importer.import(file, departmentId, context.actor);
    } catch (error) {
      if (error instanceof TargetFileTooLarge) throw new PayloadTooLargeException(error.problems[0]);
      if (error instanceof TargetImportRejected) throw new RequestValidationException(error.problems);
      throw error;
    }
  }
}

@CommandHandler(ChangeTargetStatusCommand)
export class ChangeTargetStatusHandler implements ICommandHandler<ChangeTargetStatusCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ targetId, payload, context }: ChangeTargetStatusCommand): Promise<CommandResult> {
    await ownedTarget(this.runner, this.directory, targetId, context.actor);
    return this.runner.run(targetStream(targetId), targetDecider, statusCommand(targetId, payload), context);
  }
}

/** The request's change, as the domain command it stands for. */
function statusCommand(targetId: string, { change, effectiveDate, source, grade, reason, decisionNumber }: TargetStatusChangeDto): TargetStatusCommand {
  const fact = { targetId, effectiveDate, source };
  const why = reason as string;
  const decision = decisionNumber as string;
  switch (change) {
    case 'credit-grade':
      return { type: 'GradeTargetCredit', ...fact, grade: grade! };
    case 'abnormal-in':
      return { type: 'ListTargetAsAbnormal', ...fact, reason: why };
    case 'abnormal-out':
      return { type: 'RemoveTargetFromAbnormalList', ...fact, reason: why };
    case 'serious-violation-in':
      return { type: 'ListTargetAsSeriousViolator', ...fact, reason: why };
    case 'serious-violation-out':
      return { type: 'RemoveTargetFromSeriousViolationList', ...fact, reason: why };
    case 'penalised':
      return { type: 'RecordTargetPenalty', ...fact, decisionNumber: decision };
    case 'trustworthy-on':
      return { type: 'MarkTargetTrustworthy', ...fact };
    case 'trustworthy-off':
      return { type: 'RemoveTargetTrustworthyMark', ...fact, reason: why };
    case 'deregistered':
      return { type: 'RecordTargetDeregistration', ...fact };
    case 'revoked':
      return { type: 'RecordTargetRevocation', ...fact, decisionNumber: decision };
  }
}

@CommandHandler(TransferTargetCommand)
export class TransferTargetHandler implements ICommandHandler<TransferTargetCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ targetId, payload, context }: TransferTargetCommand): Promise<CommandResult> {
    await ownedTarget(this.runner, this.directory, targetId, context.actor);
    const receiving = await this.runner.load(departmentStream(payload.toDepartmentId), departmentDecider);
    return this.runner.run(
      targetStream(targetId),
      targetDecider,
      { type: 'TransferTargetJurisdiction', targetId, ...payload, toDepartmentRegistered: receiving.state.status === 'registered' },
      context,
    );
  }
}

@CommandHandler(EnrolTargetCommand)
export class EnrolTargetHandler implements ICommandHandler<EnrolTargetCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ targetId, payload, context }: EnrolTargetCommand): Promise<CommandResult> {
    const { jurisdiction } = await ownedTarget(this.runner, this.directory, targetId, context.actor);
    const subRegistry = await this.runner.load(`subregistry-${payload.subRegistryId}`, subRegistryDecider);
    const standard = subRegistry.state.status === 'defined' ? { departmentId: subRegistry.state.departmentId, indicators: subRegistry.state.indicators } : null;
    return this.runner.run(
      targetStream(targetId),
      targetDecider,
      { type: 'EnrolTargetInSubRegistry', targetId, ...payload, standard, ownerChain: [jurisdiction.departmentId, ...jurisdiction.superiors] },
      context,
    );
  }
}

@CommandHandler(DefineSubRegistryCommand)
export class DefineSubRegistryHandler implements ICommandHandler<DefineSubRegistryCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ payload, context }: DefineSubRegistryCommand): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, payload.departmentId);
    return this.runner.run(subRegistryStream(payload.departmentId, payload.code), subRegistryDecider, { type: 'DefineSubRegistry', ...payload }, context);
  }
}

export interface TargetPage<T> {
  total: number;
  offset: number;
  limit: number;
  targets: T[];
  /** Set when a long name search had more candidates than it checked: `total` counts them all. */
  totalIsUpperBound?: boolean;
}

type TargetFilter = TargetsQueryDto;

const STATUS_TEST: Record<TargetStatus, (t: TargetView) => boolean> = {
  active: (t) => !t.revoked && !t.deregistered,
  abnormal: (t) => t.abnormal !== null,
  'serious-violation': (t) => t.seriousViolation !== null,
  penalised: (t) => t.penalties.length > 0,
  trustworthy: (t) => t.trustworthy !== null,
  revoked: (t) => t.revoked !== null,
  deregistered: (t) => t.deregistered !== null,
};

function matches(t: TargetView, f: TargetFilter): boolean {
  return (
    (!f.departmentId || t.departmentId === f.departmentId) &&
    (!f.areaCode || t.areaCode === f.areaCode) &&
    (!f.industry || (t.industry ?? '').startsWith(f.industry.toUpperCase())) &&
    (!f.subjectType || t.subjectType === f.subjectType) &&
    (!f.scale || t.scale === f.scale) &&
    (!f.status || STATUS_TEST[f.status](t)) &&
    (!f.creditGrade || t.creditGrade?.grade === f.creditGrade) &&
    (!f.subRegistryId || t.subRegistries.some((s) => s.subRegistryId === f.subRegistryId)) &&
    (!f.name || normaliseName(t.name).includes(normaliseName(f.name))) &&
    (!f.creditCode || t.creditCode === f.creditCode.toUpperCase())
  );
}

/** The member sets the filter names (the name by its two-character pieces); every target when none. */
function setsOf(f: TargetFilter): string[] {
  const sets = [
    ...(f.departmentId ? [targetsByDepartment(f.departmentId)] : []),
    ...(f.areaCode ? [targetsByArea(f.areaCode)] : []),
    ...(f.industry ? [targetsByIndustry(f.industry.toUpperCase())] : []),
    ...(f.subjectType ? [targetsByType(f.subjectType)] : []),
    ...(f.scale ? [targetsByScale(f.scale)] : []),
    ...(f.status ? [targetsByStatus(f.status)] : []),
    ...(f.creditGrade ? [targetsByCreditGrade(f.creditGrade)] : []),
    ...(f.subRegistryId ? [targetsBySubRegistry(f.subRegistryId)] : []),
    ...(f.name ? nameGrams(f.name).map(targetsByNameGram) : []),
  ];
  return sets.length > 0 ? sets : [TARGETS_ALL];
}

/** Candidates of a longer name text checked one by one so that the total is exact. */
const NAME_CHECK_LIMIT = 2000;

async function findTargets(reads: ReadStore, filter: TargetFilter): Promise<TargetPage<TargetView>> {
  const offset = filter.offset ?? 0;
  const limit = filter.limit ?? 50;
  if (filter.creditCode) {
    const target = await reads.getDocument<TargetView>(TARGETS, filter.creditCode.toUpperCase());
    const found = target && matches(target, filter) ? [target] : [];
    return { total: found.length, offset, limit, targets: found.slice(offset, offset + limit) };
  }
  if (filter.name !== undefined && [...normaliseName(filter.name)].length < 2)
    throw new RequestValidationException([{ field: 'name', reason: 'name must hold at least 2 characters to search by' }]);
  const sets = setsOf(filter);
  const exact = !filter.name || [...normaliseName(filter.name)].length === 2;
  if (exact) {
    const page = await reads.intersectSets(TARGET_SETS, sets, { offset, limit });
    const targets = (await reads.getDocuments<TargetView>(TARGETS, page.members)).filter((t): t is TargetView => t !== null);
    return { total: page.total, offset, limit, targets };
  }
  // Longer texts: the sets give the names holding every piece; the documents say which hold the text.
  const candidates = (await reads.intersectSets(TARGET_SETS, sets, { limit: 0 })).total;
  const exactTotal = candidates <= NAME_CHECK_LIMIT;
  // all candidates when few (an exact total); else only as many as the page needs, a chunk at a time
  const chunk = exactTotal ? Math.max(1, candidates) : Math.max(200, 2 * (offset + limit));
  const page: TargetView[] = [];
  let total = 0;
  let seen = 0;
  while (seen < candidates) {
    const members = (await reads.intersectSets(TARGET_SETS, sets, { offset: seen, limit: chunk })).members;
    if (members.length === 0) break;
    for (const target of await reads.getDocuments<TargetView>(TARGETS, members)) {
      if (!target || !matches(target, filter)) continue;
      if (total >= offset && page.length < limit) page.push(target);
      total += 1;
    }
    seen += members.length;
    if (!exactTotal && page.length >= limit) return { total: total + (candidates - seen), offset, limit, targets: page, totalIsUpperBound: true };
  }
  return { total, offset, limit, targets: page };
}

export function toPublicTarget(t: TargetView): PublicTargetDto {
  return {
    targetId: t.targetId,
    name: t.name,
    creditCode: t.creditCode,
    subjectType: t.subjectType,
    areaCode: t.areaCode,
    status: t.deregistered ? 'deregistered' : t.revoked ? 'revoked' : 'active',
  };
}

@QueryHandler(ListTargetsQuery)
export class ListTargetsHandler implements IQueryHandler<ListTargetsQuery, TargetPage<TargetView>> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ filter, actor }: ListTargetsQuery): Promise<TargetPage<TargetView>> {
    const everywhere = actor.role === 'admin' || actor.role === 'oversight';
    const departmentId = filter.departmentId ?? (everywhere ? undefined : actor.unit);
    if (departmentId) await this.directory.assertMayRead(actor, departmentId);
    return findTargets(this.reads, { ...filter, departmentId });
  }
}

@QueryHandler(GetTargetQuery)
export class GetTargetHandler implements IQueryHandler<GetTargetQuery, TargetView> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ targetId, actor }: GetTargetQuery): Promise<TargetView> {
    const target = await this.reads.getDocument<TargetView>(TARGETS, targetId);
    if (!target) throw new NotFoundError(`target ${targetId} is not registered`, 'targetId');
    await this.directory.assertMayRead(actor, target.departmentId);
    return target;
  }
}

@QueryHandler(ListPublicTargetsQuery)
export class ListPublicTargetsHandler implements IQueryHandler<ListPublicTargetsQuery, TargetPage<PublicTargetDto>> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ filter }: ListPublicTargetsQuery): Promise<TargetPage<PublicTargetDto>> {
    const page = await findTargets(this.reads, filter);
    return { ...page, targets: page.targets.map(toPublicTarget) };
  }
}

@QueryHandler(GetPublicTargetQuery)
export class GetPublicTargetHandler implements IQueryHandler<GetPublicTargetQuery, PublicTargetDto> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ targetId }: GetPublicTargetQuery): Promise<PublicTargetDto> {
    const target = await this.reads.getDocument<TargetView>(TARGETS, targetId);
    if (!target) throw new NotFoundError(`target ${targetId} is not registered`, 'targetId');
    return toPublicTarget(target);
  }
}

@QueryHandler(GetSubRegistryQuery)
export class GetSubRegistryHandler implements IQueryHandler<GetSubRegistryQuery, SubRegistryView> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ subRegistryId }: GetSubRegistryQuery): Promise<SubRegistryView> {
    const subRegistry = await this.reads.getDocument<SubRegistryView>(SUB_REGISTRIES, subRegistryId);
    if (!subRegistry) throw new NotFoundError(`sub-registry ${subRegistryId} is not defined`, 'subRegistryId');
    return subRegistry;
  }
}

export const TARGET_HANDLERS = [
  RegisterTargetHandler,
  ImportTargetsHandler,
  ChangeTargetStatusHandler,
  TransferTargetHandler,
  EnrolTargetHandler,
  DefineSubRegistryHandler,
  ListTargetsHandler,
  GetTargetHandler,
  ListPublicTargetsHandler,
  GetPublicTargetHandler,
  GetSubRegistryHandler,
];
