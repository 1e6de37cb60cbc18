/**
 * One thin handler per command: find the owning department, check the actor's scope, gather the
 * outside facts (the cited checklist version from the department's checklist stream; the
 * superior from the organisation registry), then load → decide → append.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, CommandRunner, OrganisationDirectory } from '@app/platform';
import { READ_STORE, ReadStore } from '@app/read-store';
import { PLANS, PlanView, departmentPlansIndex, publishedPlansIndex } from '@app/projections';
import { Actor, CitedChecklist, NotFoundError, PlanContent, checklistDecider, checklistStream, checklistVersion, planDecider, planStream } from '@app/domain';
import { AdjustPlanDto, FilePlanDto, FilePlanWithSuperiorDto, PlanContentDto, PublicPlanDto, PublishPlanDto } from './plan.dto';

export class FilePlanCommand {
  constructor(
    readonly departmentId: string,
    readonly payload: FilePlanDto,
    readonly context: CommandContext,
  ) {}
}

export class PublishPlanCommand {
  constructor(
    readonly planId: string,
    readonly payload: PublishPlanDto,
    readonly context: CommandContext,
  ) {}
}

export class AdjustPlanCommand {
  constructor(
    readonly planId: string,
    readonly payload: AdjustPlanDto,
    readonly context: CommandContext,
  ) {}
}

export class FilePlanWithSuperiorCommand {
  constructor(
    readonly planId: string,
    readonly payload: FilePlanWithSuperiorDto,
    readonly context: CommandContext,
  ) {}
}

export class ListPublishedPlansQuery {
  constructor(readonly departmentId: string) {}
}
export class GetPublishedPlanQuery {
  constructor(readonly planId: string) {}
}
export class ListPlanDraftsQuery {
  constructor(
    readonly departmentId: string,
    readonly actor: Actor,
  ) {}
}
export class GetPlanDraftQuery {
  constructor(
    readonly planId: string,
    readonly actor: Actor,
  ) {}
}

const toContent = (dto: PlanContentDto): PlanContent => ({
  checklistVersion: dto.checklistVersion,
  items: dto.items.map((i) => ({
    itemId: i.itemId,
    checklistVersion: i.checklistVersion,
    scope: { ...i.scope, subRegistry: i.scope.subRegistry ?? null },
    ratio: i.ratio,
    frequency: i.frequency,
    riskRatios: i.riskRatios,
    trustworthyRatio: i.trustworthyRatio ?? null,
    windows: i.windows,
    estimatedTargets: i.estimatedTargets,
  })),
  split: dto.split,
});

/** The published checklist version the plan cites, read from the department's checklist stream. */
async function citedChecklist(runner: CommandRunner, departmentId: string, version: number): Promise<CitedChecklist | null> {
  const { state } = await runner.load(checklistStream(departmentId), checklistDecider);
  const published = checklistVersion(state, version);
  return published && { version: published.version, items: published.items };
}

/** The plan's owning department and year, from its own stream. */
async function planFacts(runner: CommandRunner, planId: string): Promise<{ departmentId: string; year: number }> {
  const { state } = await runner.load(planStream(planId), planDecider);
  if (state.status === 'none') throw new NotFoundError(`plan ${planId} is not filed`, 'planId');
  return { departmentId: state.departmentId, year: state.year };
}

@CommandHandler(FilePlanCommand)
export class FilePlanHandler implements ICommandHandler<FilePlanCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, payload, context }: FilePlanCommand): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, departmentId);
    const checklist = await citedChecklist(this.runner, departmentId, payload.checklistVersion);
    const command = { type: 'FilePlan', planId: payload.planId, departmentId, year: payload.year, content: toContent(payload), checklist } as const;
    return this.runner.run(planStream(payload.planId), planDecider, command, context);
  }
}

@CommandHandler(PublishPlanCommand)
export class PublishPlanHandler implements ICommandHandler<PublishPlanCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ planId, payload, context }: PublishPlanCommand): Promise<CommandResult> {
    const { departmentId } = await planFacts(this.runner, planId);
    await this.directory.assertActsFor(context.actor, departmentId);
    return this.runner.run(planStream(planId), planDecider, { type: 'PublishPlan', publishedOn: payload.publishedOn }, context);
  }
}

@CommandHandler(AdjustPlanCommand)
export class AdjustPlanHandler implements ICommandHandler<AdjustPlanCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ planId, payload, context }: AdjustPlanCommand): Promise<CommandResult> {
    const { departmentId } = await planFacts(this.runner, planId);
    await this.directory.assertActsFor(context.actor, departmentId);
    const checklist = await citedChecklist(this.runner, departmentId, payload.checklistVersion);
    return this.runner.run(planStream(planId), planDecider, { type: 'AdjustPlan', reason: payload.reason, content: toContent(payload), checklist }, context);
  }
}

@CommandHandler(FilePlanWithSuperiorCommand)
export class FilePlanWithSuperiorHandler implements ICommandHandler<FilePlanWithSuperiorCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ planId, payload, context }: FilePlanWithSuperiorCommand): Promise<CommandResult> {
    const { departmentId, year } = await planFacts(this.runner, planId);
    await this.directory.assertActsFor(context.actor, departmentId);
    const department = await this.directory.department(departmentId);
    // 000 §15: Hunan's deadline is the end of March; another jurisdiction passes its own
    const deadline = payload.deadline ?? `${year}-03-31`;
    const command = { type: 'FilePlanWithSuperior', superiorId: department?.parentId ?? null, filedOn: payload.filedOn, deadline } as const;
    return this.runner.run(planStream(planId), planDecider, command, context);
  }
}

/** The public's view: only published versions; null when none is published yet. */
export function toPublicPlan(plan: PlanView): PublicPlanDto | null {
  const versions = plan.versions.filter((v) => v.publishedOn !== null);
  const current = versions.find((v) => v.version === plan.currentPublishedVersion);
  if (!current) return null;
  return { planId: plan.planId, departmentId: plan.departmentId, year: plan.year, currentVersion: current.version, current, versions };
}

@QueryHandler(ListPublishedPlansQuery)
export class ListPublishedPlansHandler implements IQueryHandler<ListPublishedPlansQuery, PublicPlanDto[]> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ departmentId }: ListPublishedPlansQuery): Promise<PublicPlanDto[]> {
    const ids = (await this.reads.rangeIndex(publishedPlansIndex(departmentId), { reverse: true })).map((e) => e.member);
    const plans = await this.reads.getDocuments<PlanView>(PLANS, ids);
    return plans.flatMap((p) => {
      const shown = p && toPublicPlan(p);
      return shown ? [shown] : [];
    });
  }
}

@QueryHandler(GetPublishedPlanQuery)
export class GetPublishedPlanHandler implements IQueryHandler<GetPublishedPlanQuery, PublicPlanDto> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ planId }: GetPublishedPlanQuery): Promise<PublicPlanDto> {
    const plan = await this.reads.getDocument<PlanView>(PLANS, planId);
    const shown = plan && toPublicPlan(plan);
    if (!shown) throw new NotFoundError(`plan ${planId} is not published`);
    return shown;
  }
}

@QueryHandler(ListPlanDraftsQuery)
export class ListPlanDraftsHandler implements IQueryHandler<ListPlanDraftsQuery, PlanView[]> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, actor }: ListPlanDraftsQuery): Promise<PlanView[]> {
    await this.directory.assertMayRead(actor, departmentId);
    const ids = (await this.reads.rangeIndex(departmentPlansIndex(departmentId), { reverse: true })).map((e) => e.member);
    const plans = await this.reads.getDocuments<PlanView>(PLANS, ids);
    return plans.filter((p): p is PlanView => p !== null);
  }
}

@QueryHandler(GetPlanDraftQuery)
export class GetPlanDraftHandler implements IQueryHandler<GetPlanDraftQuery, PlanView> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ planId, actor }: GetPlanDraftQuery): Promise<PlanView> {
    const plan = await this.reads.getDocument<PlanView>(PLANS, planId);
    if (!plan) throw new NotFoundError(`plan ${planId} is not filed`);
    await this.directory.assertMayRead(actor, plan.departmentId);
    return plan;
  }
}

export const PLAN_HANDLERS = [
  FilePlanHandler,
  PublishPlanHandler,
  AdjustPlanHandler,
  FilePlanWithSuperiorHandler,
  ListPublishedPlansHandler,
  GetPublishedPlanHandler,
  ListPlanDraftsHandler,
  GetPlanDraftHandler,
];
