/**
 * The inspection record's handlers (DOMAIN.md, Inspection, report, publication). Each gathers the
 * outside facts its rule needs from the log — the task's dispatch, the department's matching,
 * the inspector and target registries — checks that the actor acts for the executing department,
 * then load → decide → append on `inspection-<taskId>-<targetId>`. The steps that need no
 * outside fact (pre-check, item and test results, report, feedback, entry, referral) share one
 * handler: they differ only in the domain command they carry.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, CommandRunner, OrganisationDirectory } from '@app/platform';
import { READ_STORE, ReadStore } from '@app/read-store';
import { INSPECTIONS, InspectionView, TASKS, TaskView, inspectionId, taskInspectionsIndex } from '@app/projections';
import {
  Actor,
  DeliverFeedback,
  DispatchFacts,
  EnterResults,
  ForbiddenError,
  InspectionRecord,
  NotFoundError,
  RecordItemResult,
  RecordOnSiteInspection,
  RecordPreCheck,
  RecordTestResult,
  ReferViolation,
  RegisteredInspectorFacts,
  ReportInspection,
  TargetRegistryFacts,
  TaskEvent,
  inspectionDecider,
  inspectionStream,
  inspectorDecider,
  inspectorStream,
  matchingDecider,
  matchingStream,
  mayRead,
  targetDecider,
  targetStream,
  taskStream,
} from '@app/domain';
import { HandOverDto, OnSiteInspectionDto, OpenInspectionDto, TakeOverDto, UnreachableDto } from './inspections.dto';

/** A step of the record that needs no outside fact. */
export type InspectionStep = RecordPreCheck | RecordItemResult | RecordTestResult | ReportInspection | DeliverFeedback | EnterResults | ReferViolation;

export class OpenInspectionCommand {
  constructor(
    readonly taskId: string,
    readonly payload: OpenInspectionDto,
    readonly context: CommandContext,
  ) {}
}

export class RecordInspectionStepCommand {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
    readonly step: InspectionStep,
    readonly context: CommandContext,
  ) {}
}

export class RecordOnSiteInspectionCommand {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
    readonly payload: OnSiteInspectionDto,
    readonly context: CommandContext,
  ) {}
}

export class RecordTargetUnreachableCommand {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
    readonly payload: UnreachableDto,
    readonly context: CommandContext,
  ) {}
}

export class HandOverInspectionCommand {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
    readonly payload: HandOverDto,
    readonly context: CommandContext,
  ) {}
}

export class TakeOverInspectionCommand {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
    readonly payload: TakeOverDto,
    readonly context: CommandContext,
  ) {}
}

export class GetInspectionQuery {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
    readonly actor: Actor,
  ) {}
}

export class ListTaskInspectionsQuery {
  constructor(
    readonly taskId: string,
    readonly page: { offset?: number; limit?: number },
    readonly actor: Actor,
  ) {}
}

/** The task's items (a joint task's with every accepting department's) and what it dispatched to one department, folded from `task-<taskId>`. */
const dispatchTo = (departmentId: string) => ({
  initialState: null as DispatchFacts | null,
  evolve(facts: DispatchFacts | null, event: TaskEvent): DispatchFacts | null {
    if (event.type === 'TaskSetUp') return { itemIds: event.data.items.map((i) => i.itemId), dispatchedTargetIds: [] };
    // 一对象一表单 (002 §24): a joint task's one form carries every accepting department's items too (004 §2(4))
    if (event.type === 'JointTaskAccepted' && facts) return { ...facts, itemIds: [...facts.itemIds, ...event.data.items.map((i) => i.itemId)] };
    if (event.type === 'TaskDispatched' && facts && event.data.executingDepartmentId === departmentId) {
      return { ...facts, dispatchedTargetIds: [...facts.dispatchedTargetIds, ...event.data.targetIds] };
    }
    return facts;
  },
});

/** The departments a task dispatched one target to: one, or with a joint task every department taking part (004 §2(4)). */
const departmentsDispatched = (targetId: string) => ({
  initialState: [] as string[],
  evolve(departments: string[], event: TaskEvent): string[] {
    if (event.type !== 'TaskDispatched' || !event.data.targetIds.includes(targetId) || departments.includes(event.data.executingDepartmentId)) return departments;
    return [...departments, event.data.executingDepartmentId];
  },
});

/** Loads an opened record and checks the actor acts for its executing department (403 before anything is decided). */
async function openedRecord(
  runner: CommandRunner,
  directory: OrganisationDirectory,
  taskId: string,
  targetId: string,
  actor: Actor,
): Promise<InspectionRecord> {
  const { state } = await runner.load(inspectionStream(taskId, targetId), inspectionDecider);
  if (state.status === 'none') throw new NotFoundError(`no inspection of ${targetId} has been opened under task ${taskId}`);
  await directory.assertActsFor(actor, state.departmentId);
  return state;
}

async function targetFacts(runner: CommandRunner, targetId: string): Promise<TargetRegistryFacts | null> {
  const { state } = await runner.load(targetStream(targetId), targetDecider);
  return state.status === 'registered' ? { departmentId: state.departmentId, deregistered: state.deregistered, revoked: state.revoked } : null;
}

@CommandHandler(OpenInspectionCommand)
export class OpenInspectionHandler implements ICommandHandler<OpenInspectionCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, payload, context }: OpenInspectionCommand): Promise<CommandResult> {
    // maintainers of the executing department open its records (002 §24)
    await this.directory.assertActsFor(context.actor, payload.departmentId);
    const { state: task } = await this.runner.load(taskStream(taskId), dispatchTo(payload.departmentId));
    const command = { type: 'OpenInspection', taskId, ...payload, task } as const;
    return this.runner.run(inspectionStream(taskId, payload.targetId), inspectionDecider, command, context);
  }
}

@CommandHandler(RecordInspectionStepCommand)
export class RecordInspectionStepHandler implements ICommandHandler<RecordInspectionStepCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, targetId, step, context }: RecordInspectionStepCommand): Promise<CommandResult> {
    await openedRecord(this.runner, this.directory, taskId, targetId, context.actor);
    return this.runner.run(inspectionStream(taskId, targetId), inspectionDecider, step, context);
  }
}

@CommandHandler(RecordOnSiteInspectionCommand)
export class RecordOnSiteInspectionHandler implements ICommandHandler<RecordOnSiteInspectionCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, targetId, payload, context }: RecordOnSiteInspectionCommand): Promise<CommandResult> {
    const record = await openedRecord(this.runner, this.directory, taskId, targetId, context.actor);
    // the group drawn for the target by the executing department, after recusals and replacements (000 §18, 002 §21–23)
    const { state: matching } = await this.runner.load(matchingStream(taskId, record.departmentId), matchingDecider);
    const group = matching.status === 'matched' ? matching.groups[targetId] : undefined;
    // a joint task (004 §2(4)): every other department the target was dispatched to brings its own group to the one visit
    const { state: dispatchedTo } = await this.runner.load(taskStream(taskId), departmentsDispatched(targetId));
    const jointGroups = await Promise.all(
      dispatchedTo
        .filter((departmentId) => departmentId !== record.departmentId)
        .map(async (departmentId) => {
          const { state: theirs } = await this.runner.load(matchingStream(taskId, departmentId), matchingDecider);
          const their = theirs.status === 'matched' ? theirs.groups[targetId] : undefined;
          return { departmentId, inspectorIds: their ? their.members.map((m) => m.inspectorId) : null };
        }),
    );
    const registry = Object.fromEntries(
      await Promise.all(
        [...new Set(payload.inspectorIds)].map(async (id) => {
          const { state } = await this.runner.load(inspectorStream(id), inspectorDecider);
          const facts: RegisteredInspectorFacts | null =
            state.status === 'unregistered'
              ? null
              : { departmentId: state.departmentId, active: state.status === 'active', conflictWithTarget: state.conflicts.get(targetId) ?? null };
          return [id, facts] as const;
        }),
      ),
    );
    const command: RecordOnSiteInspection = {
      type: 'RecordOnSiteInspection',
      inspectorIds: payload.inspectorIds,
      credentialsShown: payload.credentialsShown,
      noticeDelivered: payload.noticeDelivered,
      acknowledgement:
        payload.acknowledgement.kind === 'signed'
          ? { kind: 'signed', signedBy: payload.acknowledgement.signedBy ?? '' }
          : { kind: 'refused', witness: payload.acknowledgement.witness ?? '' },
      methods: payload.methods,
      startedOn: payload.startedOn,
      endedOn: payload.endedOn,
      evidence: payload.evidence ?? [],
      matchedInspectorIds: group ? group.members.map((m) => m.inspectorId) : null,
      jointGroups: record.takenOver ? [] : jointGroups,
      registry,
    };
    return this.runner.run(inspectionStream(taskId, targetId), inspectionDecider, command, context);
  }
}

@CommandHandler(RecordTargetUnreachableCommand)
export class RecordTargetUnreachableHandler implements ICommandHandler<RecordTargetUnreachableCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, targetId, payload, context }: RecordTargetUnreachableCommand): Promise<CommandResult> {
    await openedRecord(this.runner, this.directory, taskId, targetId, context.actor);
    const command = {
      type: 'RecordTargetUnreachable',
      reason: payload.reason,
      recordedOn: payload.recordedOn,
      evidence: payload.evidence ?? [],
      target: await targetFacts(this.runner, targetId),
    } as const;
    return this.runner.run(inspectionStream(taskId, targetId), inspectionDecider, command, context);
  }
}

@CommandHandler(HandOverInspectionCommand)
export class HandOverInspectionHandler implements ICommandHandler<HandOverInspectionCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, targetId, payload, context }: HandOverInspectionCommand): Promise<CommandResult> {
    await openedRecord(this.runner, this.directory, taskId, targetId, context.actor);
    const command = {
      type: 'HandOverInspection',
      toDepartmentId: payload.toDepartmentId,
      handedOverOn: payload.handedOverOn,
      toDepartmentRegistered: (await this.directory.department(payload.toDepartmentId)) !== null,
      target: await targetFacts(this.runner, targetId),
    } as const;
    return this.runner.run(inspectionStream(taskId, targetId), inspectionDecider, command, context);
  }
}

@CommandHandler(TakeOverInspectionCommand)
export class TakeOverInspectionHandler implements ICommandHandler<TakeOverInspectionCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, targetId, payload, context }: TakeOverInspectionCommand): Promise<CommandResult> {
    const { state } = await this.runner.load(inspectionStream(taskId, targetId), inspectionDecider);
    if (state.status === 'none') throw new NotFoundError(`no inspection of ${targetId} has been opened under task ${taskId}`);
    if (!state.handover) throw new NotFoundError(`the inspection of ${targetId} under task ${taskId} has not been handed over`);
    // the receiving side records its half of the handover (002 §30)
    await this.directory.assertActsFor(context.actor, state.handover.toDepartmentId);
    const command = { type: 'TakeOverInspection', departmentId: state.handover.toDepartmentId, takenOverOn: payload.takenOverOn } as const;
    return this.runner.run(inspectionStream(taskId, targetId), inspectionDecider, command, context);
  }
}

/** Staff of any department that executed the record or of its superiors, and oversight. */
async function mayReadRecord(directory: OrganisationDirectory, actor: Actor, view: InspectionView): Promise<boolean> {
  const jurisdictions = await Promise.all(view.departmentIds.map((id) => directory.jurisdiction(id)));
  return jurisdictions.some((j) => mayRead(actor, j));
}

@QueryHandler(GetInspectionQuery)
export class GetInspectionHandler implements IQueryHandler<GetInspectionQuery, InspectionView> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, targetId, actor }: GetInspectionQuery): Promise<InspectionView> {
    const view = await this.reads.getDocument<InspectionView>(INSPECTIONS, inspectionId(taskId, targetId));
    if (!view) throw new NotFoundError(`no inspection of ${targetId} has been opened under task ${taskId}`);
    if (!(await mayReadRecord(this.directory, actor, view))) {
      throw new ForbiddenError(`a ${actor.role} of ${actor.unit} may not read the inspection of ${targetId} under task ${taskId}`);
    }
    return view;
  }
}

@QueryHandler(ListTaskInspectionsQuery)
export class ListTaskInspectionsHandler implements IQueryHandler<ListTaskInspectionsQuery, { total: number; inspections: InspectionView[] }> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, page, actor }: ListTaskInspectionsQuery): Promise<{ total: number; inspections: InspectionView[] }> {
    const task = await this.reads.getDocument<TaskView>(TASKS, taskId);
    if (!task) throw new NotFoundError(`task ${taskId} is not set up`, 'taskId');
    const members = (await this.reads.rangeIndex(taskInspectionsIndex(taskId))).map((e) => e.member);
    const views = (
      await this.reads.getDocuments<InspectionView>(
        INSPECTIONS,
        members.map((targetId) => inspectionId(taskId, targetId)),
      )
    ).filter((v): v is InspectionView => v !== null);
    const participants = await Promise.all(
      [...new Set([task.departmentId, ...task.executingDepartmentIds, ...task.jointDepartmentIds])].map((id) => this.directory.jurisdiction(id)),
    );
    // the task's departments see every record of it; a department that took a record over sees that record only
    const participant = participants.some((j) => mayRead(actor, j));
    const readable = participant ? views : await this.readableOnly(actor, views);
    if (!participant && readable.length === 0) {
      throw new ForbiddenError(`a ${actor.role} of ${actor.unit} may not read the inspections of task ${taskId}`);
    }
    const offset = page.offset ?? 0;
    return { total: readable.length, inspections: readable.slice(offset, offset + (page.limit ?? 50)) };
  }

  private async readableOnly(actor: Actor, views: readonly InspectionView[]): Promise<InspectionView[]> {
    const allowed = await Promise.all(views.map((view) => mayReadRecord(this.directory, actor, view)));
    return views.filter((_, i) => allowed[i]);
  }
}

export const INSPECTION_HANDLERS = [
  OpenInspectionHandler,
  RecordInspectionStepHandler,
  RecordOnSiteInspectionHandler,
  RecordTargetUnreachableHandler,
  HandOverInspectionHandler,
  TakeOverInspectionHandler,
  GetInspectionHandler,
  ListTaskInspectionsHandler,
];
