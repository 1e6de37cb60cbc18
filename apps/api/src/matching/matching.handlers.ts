/**
 * Inspector matching (随机选派执法检查人员; 000 §18, §20; 002 §21–23): one thin handler per
 * command — check scope, gather the outside facts from the event log (the registry as of the
 * log's head, the task, the inspectors' current declarations), then load → decide → append —
 * and the query handlers over the read models. Who reads: the department's staff and its
 * superiors, and the legal and discipline (oversight) units everywhere, who supervise the draws
 * (000 §18–19). DOMAIN.md publishes inspector draws in the annual summary (000 §26); until that
 * exists nothing here is public.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, formatPosition } from '@app/event-store';
import {
  CLOCK,
  Clock,
  CommandContext,
  CommandResult,
  CommandRunner,
  DRAW_SERVER_KEY,
  OrganisationDirectory,
  loadCandidateRegistry,
  loadMatchingTask,
  logHead,
  serverSecretFor,
  verifyMatchingFromLog,
  dateInChina,
} from '@app/platform';
import { READ_STORE, ReadStore } from '@app/read-store';
import { INSPECTOR_WORKLOADS, InspectorWorkloadView, MATCHINGS, MatchingView, matchingId, matchingsOfTask, workloadsOfDepartment } from '@app/projections';
import {
  Actor,
  AppointedExpertStanding,
  CandidateRegistry,
  GROUP_SIZE,
  MatchingCommand,
  MatchingPoolRequest,
  MatchingVerification,
  ForbiddenError,
  NotFoundError,
  Role,
  commitmentTo,
  computeMatchingPools,
  matchingItemsFor,
  conflictsWith,
  inspectionDecider,
  inspectionStream,
  inspectorDecider,
  inspectorStream,
  matchingDecider,
  matchingStream,
  matchingTargets,
  mayRead,
} from '@app/domain';
import { FreezeMatchingDto, MatchingEntropyDto, RecusalDto, ReplacementDto } from './matching.dto';

/** The legal and discipline units supervise the draws and read every matching (000 §18–19), as do administrators. */
const SUPERVISORS: readonly Role[] = ['legal', 'oversight', 'admin'];

// ── commands ────────────────────────────────────────────────────────────────────────────────

export class FreezeMatchingCommand {
  constructor(
    readonly taskId: string,
    readonly payload: FreezeMatchingDto,
    readonly context: CommandContext,
  ) {}
}

export class ContributeMatchingEntropyCommand {
  constructor(
    readonly taskId: string,
    readonly departmentId: string,
    readonly payload: MatchingEntropyDto,
    readonly context: CommandContext,
  ) {}
}

export class AssignInspectorsCommand {
  constructor(
    readonly taskId: string,
    readonly departmentId: string,
    readonly context: CommandContext,
  ) {}
}

export class RecuseInspectorCommand {
  constructor(
    readonly taskId: string,
    readonly departmentId: string,
    readonly payload: RecusalDto,
    readonly context: CommandContext,
  ) {}
}

export class ReplaceInspectorCommand {
  constructor(
    readonly taskId: string,
    readonly departmentId: string,
    readonly payload: ReplacementDto,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(FreezeMatchingCommand)
export class FreezeMatchingHandler implements ICommandHandler<FreezeMatchingCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DRAW_SERVER_KEY) private readonly serverKey: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ taskId, payload, context }: FreezeMatchingCommand): Promise<CommandResult> {
    const { departmentId } = payload;
    await this.directory.assertActsFor(context.actor, departmentId);
    // the candidates are computed as of one position of the log, recorded so verification can fold to the same place
    const head = await logHead(this.store);
    const [task, registry] = await Promise.all([loadMatchingTask(this.store, taskId, head), loadCandidateRegistry(this.store, head)]);
    const { participates, targetIds } = matchingTargets(task, departmentId);
    const setUp = task.setUp;
    const neighbouringIds = payload.neighbouring?.departmentIds ?? [];
    const appointments = payload.experts?.appointments ?? [];
    const request: MatchingPoolRequest = {
      departmentId,
      includeSubordinates: payload.includeSubordinates ?? false,
      neighbouringDepartmentIds: neighbouringIds,
      ...matchingItemsFor(task, departmentId),
      drawableOn: setUp?.window.from ?? '',
      targetIds: targetIds ?? [],
      experts: {
        requested: (payload.experts?.requested ?? false) || appointments.length > 0,
        field: payload.experts?.field ?? null,
        appointedTargets: appointments.map((a) => a.targetId),
      },
    };
    const pools = computeMatchingPools(registry, request);
    const shortWithoutNeighbours =
      neighbouringIds.length === 0
        ? []
        : computeMatchingPools(registry, { ...request, neighbouringDepartmentIds: [] })
            .targets.filter((t) => t.members.length < GROUP_SIZE)
            .map((t) => t.targetId);
    const stream = matchingStream(taskId, departmentId);
    return this.runner.run(
      stream,
      matchingDecider,
      {
        type: 'FreezeMatchingPools',
        taskId,
        departmentId,
        task: { known: setUp !== null, locked: task.locked !== null, participates, targetIds, drawableOn: setUp?.window.from ?? null },
        includeSubordinates: request.includeSubordinates,
        neighbouring: payload.neighbouring ? { departmentIds: neighbouringIds, reason: payload.neighbouring.reason } : null,
        unknownDepartments: neighbouringIds.filter((id) => !registry.departments.has(id)),
        pools,
        shortWithoutNeighbours,
        experts: {
          requested: request.experts.requested,
          field: request.experts.field,
          appointments: appointments.map((a) => ({ ...a, standing: standingOf(registry, a.expertId, a.targetId) })),
        },
        candidatesPosition: formatPosition(head),
        serverCommitment: commitmentTo(serverSecretFor(this.serverKey, stream)),
        frozenOn: dateInChina(this.clock.now()),
      },
      context,
    );
  }
}

function standingOf(registry: CandidateRegistry, expertId: string, targetId: string): AppointedExpertStanding {
  const state = registry.experts.get(expertId);
  if (!state || state.status === 'unregistered') return 'unknown';
  if (state.status === 'left') return 'left-pool';
  return conflictsWith(state, targetId) ? 'conflict-of-interest' : 'in-pool';
}

/** What every command on an existing matching does: check the actor acts for the department, then run. */
abstract class MatchingCommandHandler {
  constructor(
    protected readonly runner: CommandRunner,
    protected readonly directory: OrganisationDirectory,
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {}

  protected async runFor(taskId: string, departmentId: string, command: MatchingCommand, context: CommandContext): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, departmentId);
    return this.runner.run(matchingStream(taskId, departmentId), matchingDecider, command, context);
  }

  /** Which of the targets were already inspected on site in this task, and when the visit started. */
  protected async onSiteRecorded(taskId: string, targetIds: readonly string[]): Promise<Map<string, string>> {
    const recorded = new Map<string, string>();
    for (const targetId of new Set(targetIds)) {
      const { state } = await this.runner.load(inspectionStream(taskId, targetId), inspectionDecider);
      if (state.status !== 'none' && state.onSite) recorded.set(targetId, state.onSite.startedOn);
    }
    return recorded;
  }
}

@CommandHandler(ContributeMatchingEntropyCommand)
export class ContributeMatchingEntropyHandler extends MatchingCommandHandler implements ICommandHandler<ContributeMatchingEntropyCommand, CommandResult> {
  execute({ taskId, departmentId, payload, context }: ContributeMatchingEntropyCommand) {
    return this.runFor(taskId, departmentId, { type: 'ContributeMatchingEntropy', label: payload.label, value: payload.value }, context);
  }
}

@CommandHandler(AssignInspectorsCommand)
export class AssignInspectorsHandler extends MatchingCommandHandler implements ICommandHandler<AssignInspectorsCommand, CommandResult> {
  constructor(
    runner: CommandRunner,
    directory: OrganisationDirectory,
    @Inject(CLOCK) clock: Clock,
    @Inject(DRAW_SERVER_KEY) private readonly serverKey: Buffer,
  ) {
    super(runner, directory, clock);
  }

  execute({ taskId, departmentId, context }: AssignInspectorsCommand) {
    const serverSecret = serverSecretFor(this.serverKey, matchingStream(taskId, departmentId));
    return this.runFor(taskId, departmentId, { type: 'MatchInspectors', serverSecret, matchedOn: dateInChina(this.clock.now()) }, context);
  }
}

@CommandHandler(RecuseInspectorCommand)
export class RecuseInspectorHandler extends MatchingCommandHandler implements ICommandHandler<RecuseInspectorCommand, CommandResult> {
  async execute({ taskId, departmentId, payload, context }: RecuseInspectorCommand) {
    const today = dateInChina(this.clock.now());
    const { inspectorId, targetId, reason } = payload;
    if (payload.kind === 'withdraw') {
      const onSiteRecorded = await this.onSiteRecorded(taskId, [targetId]);
      return this.runFor(taskId, departmentId, { type: 'RecuseByWithdrawal', inspectorId, targetId, reason, onSiteRecorded, today }, context);
    }
    const withInspectorId = payload.withInspectorId!;
    // an interest declared since the freeze also bars a swap onto that target (000 §18)
    const declaredConflicts = new Map<string, string[]>();
    for (const id of [inspectorId, withInspectorId]) {
      const { state } = await this.runner.load(inspectorStream(id), inspectorDecider);
      declaredConflicts.set(id, state.status === 'unregistered' ? [] : [...state.conflicts.keys()]);
    }
    return this.runFor(
      taskId,
      departmentId,
      {
        type: 'RecuseBySwap',
        inspectorId,
        targetId,
        withInspectorId,
        withTargetId: payload.withTargetId!,
        reason,
        declaredConflicts,
        onSiteRecorded: await this.onSiteRecorded(taskId, [targetId, payload.withTargetId!]),
        today,
      },
      context,
    );
  }
}

@CommandHandler(ReplaceInspectorCommand)
export class ReplaceInspectorHandler extends MatchingCommandHandler implements ICommandHandler<ReplaceInspectorCommand, CommandResult> {
  async execute({ taskId, departmentId, payload, context }: ReplaceInspectorCommand) {
    const { actor } = context;
    const approver = { actorId: actor.id, role: actor.role, unit: actor.unit };
    const onSiteRecorded = await this.onSiteRecorded(taskId, [payload.targetId]);
    return this.runFor(taskId, departmentId, { type: 'ReplaceWithApproval', ...payload, approver, onSiteRecorded, today: dateInChina(this.clock.now()) }, context);
  }
}

// ── queries ─────────────────────────────────────────────────────────────────────────────────

export class ListTaskMatchingsQuery {
  constructor(
    readonly taskId: string,
    readonly actor: Actor,
  ) {}
}

export class GetMatchingQuery {
  constructor(
    readonly taskId: string,
    readonly departmentId: string,
    readonly actor: Actor,
  ) {}
}

export class VerifyMatchingQuery {
  constructor(
    readonly taskId: string,
    readonly departmentId: string,
    readonly actor: Actor,
  ) {}
}

export class GetInspectorWorkloadQuery {
  constructor(
    readonly departmentId: string,
    readonly actor: Actor,
  ) {}
}

async function mayReadMatching(directory: OrganisationDirectory, actor: Actor, departmentId: string): Promise<boolean> {
  return SUPERVISORS.includes(actor.role) || mayRead(actor, await directory.jurisdiction(departmentId));
}

async function assertMayReadMatching(directory: OrganisationDirectory, actor: Actor, departmentId: string): Promise<void> {
  if (!(await mayReadMatching(directory, actor, departmentId)))
    throw new ForbiddenError(`a ${actor.role} of ${actor.unit} may not read the matchings of ${departmentId}`);
}

@QueryHandler(ListTaskMatchingsQuery)
export class ListTaskMatchingsHandler implements IQueryHandler<ListTaskMatchingsQuery, MatchingView[]> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  /** A joint task's matchings, each shown to whoever may read its department. */
  async execute({ taskId, actor }: ListTaskMatchingsQuery): Promise<MatchingView[]> {
    const ids = (await this.reads.rangeIndex(matchingsOfTask(taskId))).map((e) => e.member);
    const views = (await this.reads.getDocuments<MatchingView>(MATCHINGS, ids)).filter((v): v is MatchingView => v !== null);
    const readable: MatchingView[] = [];
    for (const view of views) if (await mayReadMatching(this.directory, actor, view.departmentId)) readable.push(view);
    return readable;
  }
}

@QueryHandler(GetMatchingQuery)
export class GetMatchingHandler implements IQueryHandler<GetMatchingQuery, MatchingView> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, departmentId, actor }: GetMatchingQuery): Promise<MatchingView> {
    await assertMayReadMatching(this.directory, actor, departmentId);
    const view = await this.reads.getDocument<MatchingView>(MATCHINGS, matchingId(taskId, departmentId));
    if (!view) throw new NotFoundError(`task ${taskId} has no matching for ${departmentId}`);
    return view;
  }
}

@QueryHandler(VerifyMatchingQuery)
export class VerifyMatchingHandler implements IQueryHandler<VerifyMatchingQuery, MatchingVerification> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, departmentId, actor }: VerifyMatchingQuery): Promise<MatchingVerification> {
    await assertMayReadMatching(this.directory, actor, departmentId);
    const result = await verifyMatchingFromLog(this.store, taskId, departmentId);
    if (!result) throw new NotFoundError(`task ${taskId} has no matching for ${departmentId}`);
    return result;
  }
}

export interface InspectorWorkload extends InspectorWorkloadView {
  count: number;
}

@QueryHandler(GetInspectorWorkloadQuery)
export class GetInspectorWorkloadHandler implements IQueryHandler<GetInspectorWorkloadQuery, InspectorWorkload[]> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  /** The department's inspectors who hold or held assignments, busiest first. */
  async execute({ departmentId, actor }: GetInspectorWorkloadQuery): Promise<InspectorWorkload[]> {
    await assertMayReadMatching(this.directory, actor, departmentId);
    const ids = (await this.reads.rangeIndex(workloadsOfDepartment(departmentId))).map((e) => e.member);
    const views = (await this.reads.getDocuments<InspectorWorkloadView>(INSPECTOR_WORKLOADS, ids)).filter((v): v is InspectorWorkloadView => v !== null);
    return views
      .map((v) => ({ ...v, count: v.assignments.length }))
      .sort((a, b) => b.count - a.count || (a.inspectorId < b.inspectorId ? -1 : a.inspectorId > b.inspectorId ? 1 : 0));
  }
}

export const MATCHING_HANDLERS = [
  FreezeMatchingHandler,
  ContributeMatchingEntropyHandler,
  AssignInspectorsHandler,
  RecuseInspectorHandler,
  ReplaceInspectorHandler,
  ListTaskMatchingsHandler,
  GetMatchingHandler,
  VerifyMatchingHandler,
  GetInspectorWorkloadHandler,
];
