/**
 * The draw's commands. The freeze computes the eligible pools from the live eligibility model
 * and records the log position they hold at; the draw itself is serialised through the yearly
 * quota ledger: it is decided against the ledger's revision R and lands only if the ledger is
 * still at R, so concurrent draws can never use the same last unit of a target's quota.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, KeyedSerializer, RecordedEvent, StreamNotFoundError, WrongExpectedRevisionError, formatPosition } from '@app/event-store';
import {
  ComputedStratum,
  DrawEvent,
  MAINTAINER_ROLES,
  VoidReasonCode,
  WITNESS_ROLES,
  DrawPoolFrozen,
  EntropyContribution,
  IllegalStateError,
  NotFoundError,
  ELIGIBILITY_RULES,
  PlanStanding,
  RatioCap,
  TaskSetUp,
  checklistDecider,
  checklistStream,
  checklistVersion,
  commitmentTo,
  computePools,
  drawDecider,
  drawOutcome,
  drawStream,
  eligibilityRulesOf,
  exclusionsHash,
  limitsFor,
  membershipOf,
  planDecider,
  planStream,
  poolRequestFor,
  plannedRatioOfClass,
  strictestRatioCap,
  quotaLedgerDecider,
  FrequencyUse,
  PlanItem,
  QuotaLedger,
  frequencyUses,
  taskIdOfDraw,
  quotaLedgerStream,
  taskStream,
  upcast,
  Exclusion,
} from '@app/domain';
import {
  APP_CONFIG,
  AppConfig,
  CLOCK,
  Clock,
  CommandContext,
  CommandResult,
  CommandRunner,
  DRAW_SERVER_KEY,
  DrawVerification,
  OrganisationDirectory,
  PoolsAtPosition,
  dateInChina,
  eligiblePoolsAt,
  serverSecretFor,
  verifyDraw,
} from '@app/platform';
import { READ_STORE, ReadStore } from '@app/read-store';
import { DRAWS, DrawView, TASKS } from '@app/projections';
import { EligibilityModel } from './eligibility-model';
import { EntropyDto, FreezeDrawDto } from './draws.dto';

export class FreezeDrawCommand {
  constructor(
    readonly taskId: string,
    readonly payload: FreezeDrawDto,
    readonly context: CommandContext,
  ) {}
}
export class ContributeEntropyCommand {
  constructor(
    readonly drawId: string,
    readonly payload: EntropyDto,
    readonly context: CommandContext,
  ) {}
}
export class ExecuteDrawCommand {
  constructor(
    readonly drawId: string,
    readonly context: CommandContext,
  ) {}
}
export class ConfirmDrawCommand {
  constructor(
    readonly drawId: string,
    readonly context: CommandContext,
  ) {}
}
export class VoidDrawCommand {
  constructor(
    readonly drawId: string,
    readonly reasonCode: VoidReasonCode,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}
export class GetDrawQuery {
  constructor(readonly drawId: string) {}
}
/** A page of a draw's exclusions, in the order of its pools. */
export class GetDrawExclusionsQuery {
  constructor(
    readonly drawId: string,
    readonly offset: number,
    readonly limit: number,
  ) {}
}
export class VerifyDrawQuery {
  constructor(readonly drawId: string) {}
}

/** A task's facts as its own stream records them. */
interface TaskFacts {
  readonly setUp: TaskSetUp['data'];
  readonly lockedDrawId: string | null;
  /** Joint departments that have not accepted the task yet (004 §2(4)). */
  readonly jointPending: readonly string[];
}

const MAX_LEDGER_ATTEMPTS = 50;

/** Shared by the draw handlers: loading tasks and draws, and the pools frozen by this process. */
@Injectable()
export class DrawWorkbench {
  /**
   * Executions in this process take the ledger one at a time; the ledger's expected revision
   * still guards against other processes, whose conflicts are retried.
   */
  readonly ledgerQueue = new KeyedSerializer();
  /** Pools computed at each freeze, so the draw need not replay the log; rebuilt from the log after a restart. */
  private readonly frozenPools = new Map<string, PoolsAtPosition>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    readonly runner: CommandRunner,
    readonly directory: OrganisationDirectory,
    readonly model: EligibilityModel,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DRAW_SERVER_KEY) private readonly serverKey: Buffer,
    @Inject(APP_CONFIG) readonly config: AppConfig,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  today(): string {
    return dateInChina(this.clock.now());
  }

  serverSecret(drawId: string): string {
    return serverSecretFor(this.serverKey, drawStream(drawId));
  }

  async task(taskId: string): Promise<TaskFacts> {
    const events = await this.read(taskStream(taskId));
    const setUp = events.find((e) => e.type === 'TaskSetUp');
    if (!setUp) throw new NotFoundError(`task ${taskId} is not set up`, 'taskId');
    const locked = events.find((e) => e.type === 'TaskListLocked');
    const accepted = new Set(events.filter((e) => e.type === 'JointTaskAccepted').map((e) => (e.data as { jointDepartmentId: string }).jointDepartmentId));
    const data = setUp.data as TaskSetUp['data'];
    return {
      setUp: data,
      lockedDrawId: locked ? (locked.data as { drawId: string }).drawId : null,
      jointPending: data.jointDepartmentIds.filter((id) => !accepted.has(id)),
    };
  }

  async drawEvents(drawId: string): Promise<DrawEvent[]> {
    return (await this.read(drawStream(drawId))).map((e) => ({ type: e.type, data: upcast(e.type, e.schemaVersion, e.data) }) as DrawEvent);
  }

  /** The unit running the task may draw: its owner or a department it delegated execution to (000 §17). */
  async assertRunsTask(context: CommandContext, task: TaskSetUp['data'], roles?: CommandContext['actor']['role'][]): Promise<void> {
    const actor = context.actor;
    if (task.executingDepartmentIds.includes(actor.unit) && actor.unit !== task.departmentId) {
      await this.directory.assertActsFor(actor, actor.unit, roles ? { roles } : {});
      return;
    }
    await this.directory.assertActsFor(actor, task.departmentId, roles ? { roles } : {});
  }

  /**
   * The task's plan as it stands now, from one read of its stream: where it stands (the version in
   * force and whether it is published) and that version's items (none when the plan is not filed).
   */
  async planInForce(task: TaskSetUp['data']): Promise<{ standing: PlanStanding; items: readonly PlanItem[] }> {
    const { state } = await this.runner.load(planStream(task.planId), planDecider);
    const latest = state.status === 'none' ? undefined : state.versions[state.versions.length - 1];
    if (state.status === 'none' || !latest) return { standing: { planId: task.planId, version: task.planVersion, published: false }, items: [] };
    return {
      standing: { planId: task.planId, version: latest.version, published: state.isExecutable && latest.publishedOn !== null },
      items: latest.content.items,
    };
  }

  /** By class: the ratio the plan version in force sets for it (002 §14, §18). */
  plannedRatios(task: TaskSetUp['data'], planned: readonly PlanItem[]): Record<string, RatioCap | null> {
    return Object.fromEntries(task.classes.map((c) => [c.classId, plannedRatioOfClass(c, task.items, planned, task.specialCampaign)]));
  }

  /**
   * 抽查频次 (002 §14): the other tasks of the year's ledger, not released, as the tasks read model
   * holds them (their set-up never changes), and what the plan allows for each of the task's items.
   */
  async frequencyUses(task: TaskSetUp['data'], planned: readonly PlanItem[], ledger: QuotaLedger, drawId: string): Promise<FrequencyUse[]> {
    if (task.specialCampaign || !task.items.some((item) => item.category === 'general')) return [];
    const taskIds = [...new Set([...ledger.byDraw].filter(([id, entry]) => id !== drawId && !entry.released).map(([id]) => taskIdOfDraw(id)))];
    const views = (await this.reads.getDocuments<TaskSetUp['data']>(TASKS, taskIds)).filter((view): view is TaskSetUp['data'] => view !== null);
    return frequencyUses(task, planned, views);
  }

  /** The strictest cap among the task's general items, each read from the checklist version the task cites for it. */
  async ratioCap(task: TaskSetUp['data']): Promise<RatioCap | null> {
    const { state } = await this.runner.load(checklistStream(task.departmentId), checklistDecider);
    const cited = task.items.flatMap((item) => checklistVersion(state, item.checklistVersion)?.items.filter((listed) => listed.itemId === item.itemId) ?? []);
    return strictestRatioCap(task.items, { version: 0, items: cited });
  }

  remember(drawId: string, pools: PoolsAtPosition): void {
    this.frozenPools.set(drawId, pools);
  }

  async poolsOf(drawId: string, frozen: DrawPoolFrozen['data'], task: TaskSetUp['data']): Promise<PoolsAtPosition> {
    const cached = this.frozenPools.get(drawId);
    if (cached) return cached;
    const pools = await eligiblePoolsAt(
      this.store,
      parsePositionOf(frozen),
      task,
      frozen.frozenOn,
      eligibilityRulesOf(frozen),
      (at) => this.model.savedStateAtOrBefore(at),
      frozen.sixMonthRuleLifted?.targetIds,
    );
    this.frozenPools.set(drawId, pools);
    return pools;
  }

  private async read(stream: string): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(stream);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}

function parsePositionOf(frozen: DrawPoolFrozen['data']) {
  const [commit, prepare] = frozen.eligibilityPosition.split('/').map((n) => BigInt(n));
  return { commit, prepare };
}

/** Draw ids number a task's draws: `<taskId>-d1`, `-d2` after a voided one, … */
async function nextDrawOf(workbench: DrawWorkbench, taskId: string): Promise<{ drawId: string; open: string | null }> {
  let open: string | null = null;
  for (let n = 1; ; n++) {
    const drawId = `${taskId}-d${n}`;
    const outcome = drawOutcome(await workbench.drawEvents(drawId));
    if (outcome.status === 'none') return { drawId, open };
    open = outcome.status === 'voided' ? null : drawId;
  }
}

@CommandHandler(FreezeDrawCommand)
export class FreezeDrawHandler implements ICommandHandler<FreezeDrawCommand, CommandResult> {
  constructor(private readonly workbench: DrawWorkbench) {}

  async execute({ taskId, payload, context }: FreezeDrawCommand): Promise<CommandResult> {
    const { setUp, lockedDrawId, jointPending } = await this.workbench.task(taskId);
    await this.workbench.assertRunsTask(context, setUp);
    const { drawId, open } = await nextDrawOf(this.workbench, taskId);
    const { standing: plan, items: planned } = await this.workbench.planInForce(setUp);
    const ratioCap = await this.workbench.ratioCap(setUp);
    const plannedRatios = this.workbench.plannedRatios(setUp, planned);
    await this.workbench.model.caughtUp();
    // computed synchronously after the position is read: no event can slip in between
    const position = this.workbench.model.at;
    const lift = payload.sixMonthRuleLifted ?? null;
    const request = poolRequestFor(setUp, this.workbench.today(), ELIGIBILITY_RULES, lift?.targetIds);
    const strata: ComputedStratum[] = computePools(this.workbench.model.state, request);
    const quotaPerYear = limitsFor(this.workbench.model.state, request.departmentId).quotaPerYear;
    const result = await this.workbench.runner.run(
      drawStream(drawId),
      drawDecider,
      {
        type: 'FreezePool',
        drawId,
        taskId,
        departmentId: setUp.departmentId,
        year: setUp.year,
        taskOpen: lockedDrawId === null,
        openDrawOfTask: open,
        eligibilityPosition: position ? formatPosition(position) : '0/0',
        eligibilityRules: ELIGIBILITY_RULES,
        strata,
        plan,
        ratioCap,
        plannedRatios,
        jointPending,
        serverCommitment: commitmentTo(this.workbench.serverSecret(drawId)),
        beacon: payload.beacon ?? null,
        beaconRequiredAbove: this.workbench.config.drawBeaconRequiredAbove,
        listLimit: { largestWrite: this.workbench.config.eventStoreMaxAppendBytes, jointDepartments: setUp.jointDepartmentIds.length },
        frozenBy: context.actor.id,
        frozenOn: request.onDate,
        sixMonthRuleLifted: lift,
      },
      context,
    );
    this.workbench.remember(drawId, { strata, quotaPerYear });
    return result;
  }
}

@CommandHandler(ContributeEntropyCommand)
export class ContributeEntropyHandler implements ICommandHandler<ContributeEntropyCommand, CommandResult> {
  constructor(private readonly workbench: DrawWorkbench) {}

  async execute({ drawId, payload, context }: ContributeEntropyCommand): Promise<CommandResult> {
    const frozen = await frozenOf(this.workbench, drawId);
    // staff of the unit running the task enter beacon values; a witness or the legal unit enters witness values (004 §2(3))
    await this.workbench.assertRunsTask(context, (await this.workbench.task(frozen.taskId)).setUp, [...MAINTAINER_ROLES, ...WITNESS_ROLES]);
    const contribution: EntropyContribution = { kind: payload.kind, label: payload.label, value: payload.value };
    const contributor = { actorId: context.actor.id, role: context.actor.role };
    return this.workbench.runner.run(drawStream(drawId), drawDecider, { type: 'ContributeEntropy', contribution, contributor }, context);
  }
}

@CommandHandler(ExecuteDrawCommand)
export class ExecuteDrawHandler implements ICommandHandler<ExecuteDrawCommand, CommandResult> {
  constructor(private readonly workbench: DrawWorkbench) {}

  async execute({ drawId, context }: ExecuteDrawCommand): Promise<CommandResult> {
    // a retry of a draw that went through (and may be confirmed since) answers with its result
    const replay = await this.workbench.runner.previousResult(drawStream(drawId), context);
    if (replay) return replay;
    const frozen = await frozenOf(this.workbench, drawId);
    const { setUp } = await this.workbench.task(frozen.taskId);
    await this.workbench.assertRunsTask(context, setUp);
    const pools = await this.workbench.poolsOf(drawId, frozen, setUp);
    // read once, not on every retry against the ledger
    const plan = await this.workbench.planInForce(setUp);
    const ledgerStream = quotaLedgerStream(frozen.year);
    return this.workbench.ledgerQueue.run(ledgerStream, () => this.drawAgainstLedger(drawId, frozen.year, pools, plan, setUp, context));
  }

  private async drawAgainstLedger(
    drawId: string,
    year: number,
    pools: PoolsAtPosition,
    plan: { standing: PlanStanding; items: readonly PlanItem[] },
    setUp: TaskSetUp['data'],
    context: CommandContext,
  ): Promise<CommandResult> {
    const ledgerStream = quotaLedgerStream(year);
    const ledgerContext = { ...context, commandId: `${context.commandId}:quota`, causationId: context.commandId };
    for (let attempt = 1; ; attempt++) {
      const ledger = await this.workbench.runner.load(ledgerStream, quotaLedgerDecider);
      // a retried draw decides on the ledger as it stood before its own entry, so it decides the same
      const own = ledger.events.findIndex((e) => e.type === 'QuotaConsumed' && (e.data as { drawId: string }).drawId === drawId);
      const basis = own >= 0 ? await this.workbench.runner.load(ledgerStream, quotaLedgerDecider, own - 1) : ledger;
      const command = {
        type: 'ExecuteDraw' as const,
        strata: pools.strata,
        serverSecret: this.workbench.serverSecret(drawId),
        ledgerRevision: basis.revision ?? -1,
        used: basis.state.used,
        quotaPerYear: pools.quotaPerYear,
        plan: plan.standing,
        drawnOn: this.workbench.today(),
        frequency: await this.workbench.frequencyUses(setUp, plan.items, basis.state, drawId),
      };
      const decided = drawDecider.decide(command, await this.drawState(drawId));
      const drawn = decided.find((e) => e.type === 'TargetsDrawn');
      if (!drawn || drawn.type !== 'TargetsDrawn') throw new IllegalStateError('the draw produced no result');
      const exemptIn = pools.strata.map((s) => membershipOf(s.exempt));
      const consumed = drawn.data.strata.flatMap((s) => s.selected).filter((id) => !exemptIn.some((isExempt) => isExempt(id)));
      try {
        if (own < 0) {
          await this.workbench.runner.run(ledgerStream, quotaLedgerDecider, { type: 'ConsumeQuota', year, drawId, targetIds: consumed }, ledgerContext, {
            expectedRevision: ledger.revision,
          });
        }
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < MAX_LEDGER_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
          continue;
        }
        if (error instanceof WrongExpectedRevisionError) throw new IllegalStateError('other draws kept using the quota ledger; try again');
        throw error;
      }
      return this.workbench.runner.run(drawStream(drawId), drawDecider, command, context);
    }
  }

  private async drawState(drawId: string) {
    return (await this.workbench.runner.load(drawStream(drawId), drawDecider)).state;
  }
}

@CommandHandler(ConfirmDrawCommand)
export class ConfirmDrawHandler implements ICommandHandler<ConfirmDrawCommand, CommandResult> {
  constructor(private readonly workbench: DrawWorkbench) {}

  async execute({ drawId, context }: ConfirmDrawCommand): Promise<CommandResult> {
    const frozen = await frozenOf(this.workbench, drawId);
    await this.workbench.assertRunsTask(context, (await this.workbench.task(frozen.taskId)).setUp);
    return this.workbench.runner.run(drawStream(drawId), drawDecider, { type: 'ConfirmDraw', confirmedOn: this.workbench.today() }, context);
  }
}

@CommandHandler(VoidDrawCommand)
export class VoidDrawHandler implements ICommandHandler<VoidDrawCommand, CommandResult> {
  constructor(private readonly workbench: DrawWorkbench) {}

  async execute({ drawId, reasonCode, reason, context }: VoidDrawCommand): Promise<CommandResult> {
    const frozen = await frozenOf(this.workbench, drawId);
    const task = await this.workbench.task(frozen.taskId);
    // voiding is a decision of the unit's head, not of the staff who ran the draw
    await this.workbench.directory.assertActsFor(context.actor, task.setUp.departmentId, { roles: ['unit-head', 'admin'] });
    const result = await this.workbench.runner.run(
      drawStream(drawId),
      drawDecider,
      { type: 'VoidDraw', reasonCode, reason, lockedByTask: task.lockedDrawId === drawId, voidedOn: this.workbench.today() },
      context,
    );
    await this.workbench.runner.run(
      quotaLedgerStream(frozen.year),
      quotaLedgerDecider,
      { type: 'ReleaseQuota', year: frozen.year, drawId },
      { ...context, commandId: `${context.commandId}:quota`, causationId: context.commandId },
    );
    return result;
  }
}

async function frozenOf(workbench: DrawWorkbench, drawId: string): Promise<DrawPoolFrozen['data']> {
  const frozen = (await workbench.drawEvents(drawId)).find((e): e is DrawPoolFrozen => e.type === 'DrawPoolFrozen');
  if (!frozen) throw new NotFoundError(`draw ${drawId} does not exist`, 'drawId');
  return frozen.data;
}

@QueryHandler(GetDrawQuery)
export class GetDrawHandler implements IQueryHandler<GetDrawQuery, DrawView> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ drawId }: GetDrawQuery): Promise<DrawView> {
    const draw = await this.reads.getDocument<DrawView>(DRAWS, drawId);
    if (!draw) throw new NotFoundError(`draw ${drawId} does not exist`, 'drawId');
    return draw;
  }
}

/** One exclusion of a draw, with the pool it was kept out of. */
export interface DrawExclusion extends Exclusion {
  readonly stratumId: string;
  readonly classId: string;
}

export interface DrawExclusionsPage {
  readonly drawId: string;
  /** Every exclusion of the draw, as its freeze counted them. */
  readonly total: number;
  readonly offset: number;
  readonly items: DrawExclusion[];
}

/**
 * A draw's exclusions a page at a time. A freeze publishes only their count and hash per pool
 * (DrawPoolFrozen version 2): the list is recomputed from the log at the freeze's eligibility
 * position — the pools the draw itself uses — and shown only when it hashes to what the freeze
 * published; a mismatch is refused, and the verification names it. A version-1 freeze carries
 * its list, which is shown as published.
 */
@QueryHandler(GetDrawExclusionsQuery)
export class GetDrawExclusionsHandler implements IQueryHandler<GetDrawExclusionsQuery, DrawExclusionsPage> {
  /** Lists checked against their published hashes, by draw; one recomputation however many visitors ask at once. */
  private readonly checked = new Map<string, Promise<DrawExclusion[]>>();

  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly workbench: DrawWorkbench,
  ) {}

  async execute({ drawId, offset, limit }: GetDrawExclusionsQuery): Promise<DrawExclusionsPage> {
    const draw = await this.reads.getDocument<DrawView>(DRAWS, drawId);
    if (!draw) throw new NotFoundError(`draw ${drawId} does not exist`, 'drawId');
    const total = draw.strata.reduce((sum, s) => sum + s.excludedCount, 0);
    const all = total === 0 ? [] : await this.exclusionsOf(draw);
    return { drawId, total, offset, items: all.slice(offset, offset + limit) };
  }

  private exclusionsOf(draw: DrawView): Promise<DrawExclusion[]> {
    const known = this.checked.get(draw.drawId);
    if (known) return known;
    const list = this.recompute(draw);
    this.checked.set(draw.drawId, list);
    list.catch(() => this.checked.delete(draw.drawId));
    return list;
  }

  private async recompute(draw: DrawView): Promise<DrawExclusion[]> {
    const published = (s: DrawView['strata'][number]) => s.excluded?.map((e) => ({ ...e, stratumId: s.stratumId, classId: s.classId }));
    let list: DrawExclusion[];
    if (draw.strata.every((s) => s.excluded)) list = draw.strata.flatMap((s) => published(s)!);
    else {
      const frozen = await frozenOf(this.workbench, draw.drawId);
      const pools = await this.workbench.poolsOf(draw.drawId, frozen, (await this.workbench.task(frozen.taskId)).setUp);
      list = frozen.strata.flatMap((s) => {
        const recomputed = pools.strata.find((p) => p.stratumId === s.stratumId)?.excluded ?? [];
        if (recomputed.length !== s.excludedCount || exclusionsHash(recomputed) !== s.excludedHash) {
          throw new IllegalStateError(
            `the exclusions of pool ${s.stratumId} recomputed from the log do not match what the freeze published; see GET /draws/${draw.drawId}/verification`,
            'drawId',
          );
        }
        return recomputed.map((e) => ({ ...e, stratumId: s.stratumId, classId: s.classId }));
      });
    }
    return list;
  }
}

/**
 * Re-runs a draw from the log. The fold up to the freeze starts from the eligibility state this
 * process saved at or before the freeze when there is one (a million targets need not be folded
 * again for every visitor); `cli verify-draw` always folds from the first event. A draw that
 * verified once after being drawn is answered from memory: what it was checked against is
 * append-only, and a rewritten log is what `cli verify-log` catches.
 */
@QueryHandler(VerifyDrawQuery)
export class VerifyDrawHandler implements IQueryHandler<VerifyDrawQuery, DrawVerification> {
  private readonly verified = new Map<string, DrawVerification>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly model: EligibilityModel,
  ) {}

  async execute({ drawId }: VerifyDrawQuery): Promise<DrawVerification> {
    const known = this.verified.get(drawId);
    if (known) return known;
    const verification = await verifyDraw(this.store, drawId, (at) => this.model.savedStateAtOrBefore(at));
    if (verification.firstMismatch?.step === 'freeze') throw new NotFoundError(`draw ${drawId} does not exist`, 'drawId');
    const drawn = verification.checks.some((c) => c.step.startsWith('selection'));
    if (verification.ok && drawn) this.verified.set(drawId, verification);
    return verification;
  }
}

export const DRAW_HANDLERS = [
  FreezeDrawHandler,
  ContributeEntropyHandler,
  ExecuteDrawHandler,
  ConfirmDrawHandler,
  VoidDrawHandler,
  GetDrawHandler,
  GetDrawExclusionsHandler,
  VerifyDrawHandler,
];
