/**
 * One thin handler per command: find the owning department, check the actor's scope, gather the
 * outside facts from the log (the plan in force and the checklist version it rests on, the named
 * departments and their superiors, the draw's outcome, each drawn target's owner), then load →
 * decide → append. Queries read the task, visit and announcement read models.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, CommandRunner, OrganisationDirectory } from '@app/platform';
import { READ_STORE, ReadStore } from '@app/read-store';
import {
  CHECKLIST_VERSIONS,
  ChecklistVersionView,
  DEPARTMENTS,
  DepartmentView,
  TARGETS,
  TARGET_VISITS,
  TASKS,
  TargetView,
  TargetVisitsView,
  TaskView,
  checklistVersionId,
  dateScore,
  departmentTasksIndex,
  taskAnnouncementsIndex,
  targetVisitsId,
} from '@app/projections';
import {
  Actor,
  CitedChecklist,
  DrawEvent,
  ForbiddenError,
  NotFoundError,
  PlanInForce,
  TaskDepartmentFacts,
  Visit,
  checklistDecider,
  checklistStream,
  checklistVersion,
  currentChecklistVersion,
  departmentDecider,
  departmentStream,
  drawOutcome,
  drawStream,
  mayActFor,
  mayRead,
  planDecider,
  planStream,
  targetDecider,
  targetStream,
  taskDecider,
  taskStream,
} from '@app/domain';
import { AcceptJointTaskDto, AnnouncementsQueryDto, DepartmentTasksQueryDto, FileImplementationPlanDto, LockTaskListDto, SetUpTaskDto, TaskAnnouncementDto, TaskAnnouncementPageDto } from './tasks.dto';

export class SetUpTaskCommand {
  constructor(
    readonly payload: SetUpTaskDto,
    readonly context: CommandContext,
  ) {}
}

export class FileImplementationPlanCommand {
  constructor(
    readonly taskId: string,
    readonly payload: FileImplementationPlanDto,
    readonly context: CommandContext,
  ) {}
}

export class LockTaskListCommand {
  constructor(
    readonly taskId: string,
    readonly payload: LockTaskListDto,
    readonly context: CommandContext,
  ) {}
}

export class AcceptJointTaskCommand {
  constructor(
    readonly taskId: string,
    readonly payload: AcceptJointTaskDto,
    readonly context: CommandContext,
  ) {}
}

export class GetTaskQuery {
  constructor(
    readonly taskId: string,
    readonly actor: Actor,
  ) {}
}
export class ListDepartmentTasksQuery {
  constructor(
    readonly departmentId: string,
    readonly query: DepartmentTasksQueryDto,
    readonly actor: Actor,
  ) {}
}
export class GetTaskVisitsQuery {
  constructor(
    readonly taskId: string,
    readonly actor: Actor,
  ) {}
}
export class GetTargetVisitsQuery {
  constructor(
    readonly targetId: string,
    readonly year: number,
    readonly actor: Actor,
  ) {}
}
export class ListAnnouncementsQuery {
  constructor(readonly query: AnnouncementsQueryDto) {}
}
export class GetAnnouncementQuery {
  constructor(readonly taskId: string) {}
}

/** Collects a draw's events as stored, for `drawOutcome`. */
const drawEvents = { initialState: [] as readonly DrawEvent[], evolve: (events: readonly DrawEvent[], event: DrawEvent) => [...events, event] };

@CommandHandler(SetUpTaskCommand)
export class SetUpTaskHandler implements ICommandHandler<SetUpTaskCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ payload, context }: SetUpTaskCommand): Promise<CommandResult> {
    const inForce = await this.planInForce(payload.planId);
    const plan = inForce?.plan ?? null;
    // the unit that owns the plan sets up its tasks (DOMAIN.md, The double draw)
    if (plan) await this.directory.assertActsFor(context.actor, plan.departmentId);
    const owner = plan?.departmentId;
    const executingDepartmentIds = payload.executingDepartmentIds ?? (owner ? [owner] : []);
    const jointDepartmentIds = payload.jointDepartmentIds ?? [];
    const named = [...new Set([...(owner ? [owner] : []), ...executingDepartmentIds, ...jointDepartmentIds])];
    const departments = Object.fromEntries(await Promise.all(named.map(async (id) => [id, await this.facts(id)] as const)));
    const command = {
      type: 'SetUpTask',
      taskId: payload.taskId,
      planId: payload.planId,
      year: payload.year,
      title: payload.title,
      businessUnitId: payload.businessUnitId ?? null,
      executingDepartmentIds,
      jointDepartmentIds,
      itemIds: payload.itemIds,
      window: { from: payload.window.from, to: payload.window.to },
      classes: payload.classes.map((c) => ({
        classId: c.classId,
        label: c.label,
        filter: c.filter ? { ...c.filter, subRegistryId: c.filter.subRegistryId ?? null, creditGrades: c.filter.creditGrades ?? [] } : null,
        ratio: c.ratio ?? null,
        count: c.count ?? null,
        // absent: the plan's trustworthy ratio of the task's items (000 §16); null: drawn like the others
        trustworthyRatio: c.trustworthyRatio,
        complaintsRatio: c.complaintsRatio ?? null,
        // absent: the plan's per-grade ratios (002 §15)
        ...(c.gradeRatios ? { gradeRatios: c.gradeRatios.map(({ grade, ratio }) => ({ grade, ratio })) } : {}),
      })),
      specialCampaign: payload.specialCampaign ?? false,
      setUpOn: payload.setUpOn,
      plan,
      checklist: inForce && (await this.checklist(inForce.plan.departmentId, inForce.checklistVersion)),
      departments,
      businessUnitIds: owner ? await this.businessUnits(owner) : [],
    } as const;
    return this.runner.run(taskStream(payload.taskId), taskDecider, command, context);
  }

  /** The plan's latest version and the checklist version it rests on. */
  private async planInForce(planId: string): Promise<{ plan: PlanInForce; checklistVersion: number } | null> {
    const { state } = await this.runner.load(planStream(planId), planDecider);
    if (state.status === 'none') return null;
    const latest = state.versions[state.versions.length - 1];
    const plan = {
      planId,
      departmentId: state.departmentId,
      year: state.year,
      version: latest.version,
      isExecutable: state.isExecutable,
      publishedOn: latest.publishedOn,
      items: latest.content.items,
    };
    return { plan, checklistVersion: latest.content.checklistVersion };
  }

  private async checklist(departmentId: string, version: number): Promise<CitedChecklist | null> {
    const { state } = await this.runner.load(checklistStream(departmentId), checklistDecider);
    const published = checklistVersion(state, version);
    return published && { version: published.version, items: published.items };
  }

  private async facts(departmentId: string): Promise<TaskDepartmentFacts | null> {
    const department = await this.directory.department(departmentId);
    if (!department) return null;
    const { superiors } = await this.directory.jurisdiction(departmentId);
    return { level: department.level, areaCode: department.areaCode, superiors };
  }

  private async businessUnits(departmentId: string): Promise<string[]> {
    const { state } = await this.runner.load(departmentStream(departmentId), departmentDecider);
    return state.status === 'registered' ? [...state.units.keys()] : [];
  }
}

/** The owning department files its task's 实施方案 with its superior (004 §4(5)). */
@CommandHandler(FileImplementationPlanCommand)
export class FileImplementationPlanHandler implements ICommandHandler<FileImplementationPlanCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, payload, context }: FileImplementationPlanCommand): Promise<CommandResult> {
    const { state } = await this.runner.load(taskStream(taskId), taskDecider);
    if (state.status === 'none') throw new NotFoundError(`task ${taskId} is not set up`, 'taskId');
    const { superiors } = await this.directory.assertActsFor(context.actor, state.task.departmentId);
    const command = {
      type: 'FileImplementationPlan',
      summary: payload.summary,
      filedTo: payload.filedTo,
      alsoFiledWith: payload.alsoFiledWith ?? null,
      filedOn: payload.filedOn,
      superiorId: superiors[0] ?? null,
    } as const;
    return this.runner.run(taskStream(taskId), taskDecider, command, context);
  }
}

@CommandHandler(LockTaskListCommand)
export class LockTaskListHandler implements ICommandHandler<LockTaskListCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, payload, context }: LockTaskListCommand): Promise<CommandResult> {
    const { state } = await this.runner.load(taskStream(taskId), taskDecider);
    if (state.status === 'none') throw new NotFoundError(`task ${taskId} is not set up`, 'taskId');
    // the owner locks its list, or a department it delegated the execution to (000 §17)
    const deciders = [state.task.departmentId, ...state.task.executingDepartmentIds];
    const jurisdictions = await Promise.all([...new Set(deciders)].map((id) => this.directory.jurisdiction(id)));
    if (!jurisdictions.some((j) => mayActFor(context.actor, j))) {
      throw new ForbiddenError(`a ${context.actor.role} of ${context.actor.unit} may not lock the list of task ${taskId}`);
    }
    const draw = drawOutcome((await this.runner.load(drawStream(payload.drawId), drawEvents)).state);
    const targetIds = [...new Set(draw.targets.map((t) => t.targetId))];
    const targetOwners = Object.fromEntries(
      await Promise.all(
        targetIds.map(async (id) => {
          const { state: target } = await this.runner.load(targetStream(id), targetDecider);
          return [id, target.status === 'registered' ? target.departmentId : null] as const;
        }),
      ),
    );
    const command = { type: 'LockTaskList', drawId: payload.drawId, lockedOn: payload.lockedOn, draw, targetOwners } as const;
    return this.runner.run(taskStream(taskId), taskDecider, command, context);
  }
}

@CommandHandler(AcceptJointTaskCommand)
export class AcceptJointTaskHandler implements ICommandHandler<AcceptJointTaskCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, payload, context }: AcceptJointTaskCommand): Promise<CommandResult> {
    // the invited department's own maintainers accept for it (004 §2(4))
    await this.directory.assertActsFor(context.actor, payload.departmentId);
    const { state: checklist } = await this.runner.load(checklistStream(payload.departmentId), checklistDecider);
    const latest = currentChecklistVersion(checklist);
    const command = {
      type: 'AcceptJointTask',
      jointDepartmentId: payload.departmentId,
      itemIds: payload.itemIds,
      acceptedOn: payload.acceptedOn,
      checklist: latest && { version: latest.version, items: latest.items },
    } as const;
    return this.runner.run(taskStream(taskId), taskDecider, command, context);
  }
}

/** Staff of the owner, of an executing or joint department, or of any of their superiors, and oversight. */
async function assertMayReadTask(directory: OrganisationDirectory, actor: Actor, task: TaskView): Promise<void> {
  const participants = [...new Set([task.departmentId, ...task.executingDepartmentIds, ...task.jointDepartmentIds])];
  const jurisdictions = await Promise.all(participants.map((id) => directory.jurisdiction(id)));
  if (!jurisdictions.some((j) => mayRead(actor, j))) throw new ForbiddenError(`a ${actor.role} of ${actor.unit} may not read task ${task.taskId}`);
}

async function loadTask(reads: ReadStore, taskId: string): Promise<TaskView> {
  const task = await reads.getDocument<TaskView>(TASKS, taskId);
  if (!task) throw new NotFoundError(`task ${taskId} is not set up`, 'taskId');
  return task;
}

@QueryHandler(GetTaskQuery)
export class GetTaskHandler implements IQueryHandler<GetTaskQuery, TaskView> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, actor }: GetTaskQuery): Promise<TaskView> {
    const task = await loadTask(this.reads, taskId);
    await assertMayReadTask(this.directory, actor, task);
    return task;
  }
}

const yearRange = (year: number | undefined) => (year === undefined ? {} : { min: dateScore(`${year}-01-01`), max: dateScore(`${year}-12-31`) });

@QueryHandler(ListDepartmentTasksQuery)
export class ListDepartmentTasksHandler implements IQueryHandler<ListDepartmentTasksQuery, { total: number; tasks: TaskView[] }> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, query, actor }: ListDepartmentTasksQuery): Promise<{ total: number; tasks: TaskView[] }> {
    await this.directory.assertMayRead(actor, departmentId);
    const index = departmentTasksIndex(departmentId);
    const all = await this.reads.rangeIndex(index, { ...yearRange(query.year), reverse: true });
    const page = all.slice(query.offset ?? 0, (query.offset ?? 0) + (query.limit ?? 50));
    const tasks = await this.reads.getDocuments<TaskView>(
      TASKS,
      page.map((e) => e.member),
    );
    return { total: all.length, tasks: tasks.filter((t): t is TaskView => t !== null) };
  }
}

/** Each target of the task's locked list with the visit that covers the task there. */
export interface TaskVisitView {
  targetId: string;
  visit: Visit;
}

@QueryHandler(GetTaskVisitsQuery)
export class GetTaskVisitsHandler implements IQueryHandler<GetTaskVisitsQuery, TaskVisitView[]> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, actor }: GetTaskVisitsQuery): Promise<TaskVisitView[]> {
    const task = await loadTask(this.reads, taskId);
    await assertMayReadTask(this.directory, actor, task);
    const targetIds = [...new Set((task.lock?.targets ?? []).map((t) => t.targetId))];
    const docs = await this.reads.getDocuments<TargetVisitsView>(
      TARGET_VISITS,
      targetIds.map((id) => targetVisitsId(task.year, id)),
    );
    return docs.flatMap((doc) => {
      const visit = doc?.visits.find((v) => v.tasks.some((t) => t.taskId === taskId));
      return doc && visit ? [{ targetId: doc.targetId, visit }] : [];
    });
  }
}

@QueryHandler(GetTargetVisitsQuery)
export class GetTargetVisitsHandler implements IQueryHandler<GetTargetVisitsQuery, { year: number; targetId: string; visits: Visit[] }> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ targetId, year, actor }: GetTargetVisitsQuery): Promise<{ year: number; targetId: string; visits: Visit[] }> {
    const target = await this.reads.getDocument<TargetView>(TARGETS, targetId);
    if (!target) throw new NotFoundError(`target ${targetId} is not registered`, 'targetId');
    const doc = await this.reads.getDocument<TargetVisitsView>(TARGET_VISITS, targetVisitsId(year, targetId));
    const visits = doc?.visits ?? [];
    // the target's owner and its superiors, and every department a visit counts for
    const departments = [...new Set([target.departmentId, ...visits.flatMap((v) => v.counted.map((c) => c.departmentId))])];
    const jurisdictions = await Promise.all(departments.map((id) => this.directory.jurisdiction(id)));
    if (!jurisdictions.some((j) => mayRead(actor, j)))
      throw new ForbiddenError(`a ${actor.role} of ${actor.unit} may not read the visits of target ${targetId}`);
    return { year, targetId, visits };
  }
}

/** Only what the announcement publishes: the drawn list itself stays with staff. */
async function toAnnouncements(reads: ReadStore, tasks: readonly (TaskView | null)[]): Promise<TaskAnnouncementDto[]> {
  const announced = tasks.filter((t): t is TaskView & { announcement: NonNullable<TaskView['announcement']> } => t !== null && t.announcement !== null);
  const versionIds = [...new Set(announced.flatMap((t) => t.items.map((i) => checklistVersionId(t.departmentId, i.checklistVersion))))];
  const versions = await reads.getDocuments<ChecklistVersionView>(CHECKLIST_VERSIONS, versionIds);
  const nameOf = new Map(
    versions.flatMap((v) => (v ? v.items.map((i) => [`${checklistVersionId(v.departmentId, v.version)}/${i.itemId}`, i.name] as const) : [])),
  );
  const departmentIds = [...new Set(announced.map((t) => t.departmentId))];
  const departments = await reads.getDocuments<DepartmentView>(DEPARTMENTS, departmentIds);
  const departmentName = new Map(departments.flatMap((d) => (d ? [[d.departmentId, d.name] as const] : [])));
  return announced.map((t) => ({
    taskId: t.taskId,
    title: t.title,
    departmentId: t.departmentId,
    departmentName: departmentName.get(t.departmentId) ?? null,
    year: t.year,
    items: t.items.map((i) => ({
      itemId: i.itemId,
      name: nameOf.get(`${checklistVersionId(t.departmentId, i.checklistVersion)}/${i.itemId}`) ?? null,
      checklistVersion: i.checklistVersion,
      category: i.category,
    })),
    window: t.window,
    targetCount: t.announcement.targetCount,
    announcedOn: t.announcement.announcedOn,
  }));
}

@QueryHandler(ListAnnouncementsQuery)
export class ListAnnouncementsHandler implements IQueryHandler<ListAnnouncementsQuery, TaskAnnouncementPageDto> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ query }: ListAnnouncementsQuery): Promise<TaskAnnouncementPageDto> {
    const index = taskAnnouncementsIndex({ departmentId: query.departmentId, year: query.year });
    const [total, page] = await Promise.all([
      this.reads.indexSize(index),
      this.reads.rangeIndex(index, { reverse: true, offset: query.offset ?? 0, limit: query.limit ?? 50 }),
    ]);
    const tasks = await this.reads.getDocuments<TaskView>(
      TASKS,
      page.map((e) => e.member),
    );
    return { total, announcements: await toAnnouncements(this.reads, tasks) };
  }
}

@QueryHandler(GetAnnouncementQuery)
export class GetAnnouncementHandler implements IQueryHandler<GetAnnouncementQuery, TaskAnnouncementDto> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ taskId }: GetAnnouncementQuery): Promise<TaskAnnouncementDto> {
    const [announcement] = await toAnnouncements(this.reads, [await this.reads.getDocument<TaskView>(TASKS, taskId)]);
    if (!announcement) throw new NotFoundError(`task ${taskId} has no published announcement`);
    return announcement;
  }
}

export const TASK_HANDLERS = [
  SetUpTaskHandler,
  FileImplementationPlanHandler,
  LockTaskListHandler,
  AcceptJointTaskHandler,
  GetTaskHandler,
  ListDepartmentTasksHandler,
  GetTaskVisitsHandler,
  GetTargetVisitsHandler,
  ListAnnouncementsHandler,
  GetAnnouncementHandler,
];
