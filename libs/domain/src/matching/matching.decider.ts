/**
 * Inspector matching's protocol (DOMAIN.md, The double draw → Inspectors; 000 §18, §20;
 * 002 §21–23): freeze the candidate pools → witnesses' entropy → match (the server's committed
 * value revealed, the groups drawn) → recusal by swap or by withdrawal with a drawn
 * replacement, and replacement on 002 §23's grounds with the executing unit's approval.
 * Nothing is ever removed: every change is its own event with its reason.
 */
import { Decider, assertNever } from '../shared/decider';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { DRAW_ALGORITHM, EntropyContribution, canonicalPool, commitmentTo, poolHash } from '../draw/draw-algorithm';
import { GROUP_SIZE, assignExperts, assignInspectors, drawReplacement } from './matching-algorithm';
import { MatchingCommand, FreezeMatchingPools } from './matching.commands';
import { ExpertAssignment, InspectionGroup, MatchingEvent, MatchingPoolsFrozen, ReplacementInspectorDrawn } from './matching.events';

export interface OpenMatching {
  readonly status: 'frozen' | 'matched';
  readonly taskId: string;
  readonly departmentId: string;
  readonly frozen: MatchingPoolsFrozen['data'];
  /** targetId → the canonical pool the freeze published (its hash is in `frozen`). */
  readonly pools: Readonly<Record<string, readonly string[]>>;
  /** Every contribution in recorded order, the server's last once revealed. */
  readonly contributions: readonly EntropyContribution[];
  readonly groups: Readonly<Record<string, InspectionGroup>>;
  readonly experts: readonly ExpertAssignment[];
  /** targetId → inspectors who recused from it or were released from it: never drawn for it again. */
  readonly barred: Readonly<Record<string, readonly string[]>>;
  /** targetId → replacements drawn for it so far. */
  readonly replacements: Readonly<Record<string, number>>;
}

export type MatchingState = { readonly status: 'none' } | OpenMatching;

const initialState: MatchingState = { status: 'none' };

const MAX_ENTROPY_LENGTH = 200;

/** A target's pool as published: the people considered, less the task-wide and the target's own exclusions. */
export function frozenPools(frozen: Pick<MatchingPoolsFrozen['data'], 'considered' | 'excluded' | 'targets'>): Record<string, string[]> {
  const out = new Set(frozen.excluded.map((e) => e.personId));
  const eligible = frozen.considered.map((c) => c.personId).filter((id) => !out.has(id));
  return Object.fromEntries(
    frozen.targets.map((t) => {
      const conflicted = new Set(t.excluded.map((e) => e.personId));
      return [t.targetId, canonicalPool(eligible.filter((id) => !conflicted.has(id)))];
    }),
  );
}

function decide(command: MatchingCommand, state: MatchingState): MatchingEvent[] {
  if (command.type === 'FreezeMatchingPools') {
    if (state.status !== 'none')
      throw new IllegalStateError(`the matching of task ${state.taskId} for ${state.departmentId} is already frozen`, 'departmentId');
    return [freeze(command)];
  }
  if (state.status === 'none') throw new NotFoundError('no matching has been frozen for this task and department', 'departmentId');
  const { taskId, departmentId } = state;
  switch (command.type) {
    case 'ContributeMatchingEntropy': {
      if (state.status !== 'frozen')
        throw new IllegalStateError(
          `the matching of task ${taskId} for ${departmentId} is already drawn: entropy is taken only between the freeze and the draw`,
        );
      if (!command.label.trim()) throw new ValidationError('say whose contribution this is', 'label');
      if (!command.value.trim() || command.value.length > MAX_ENTROPY_LENGTH)
        throw new ValidationError(`the value must be 1–${MAX_ENTROPY_LENGTH} characters`, 'value');
      return [
        {
          type: 'MatchingEntropyContributed',
          data: { taskId, departmentId, contribution: { kind: 'witness', label: command.label.trim(), value: command.value } },
        },
      ];
    }
    case 'MatchInspectors': {
      if (state.status !== 'frozen') throw new IllegalStateError(`the inspectors of task ${taskId} for ${departmentId} are already matched`);
      // mirrors the target draw: outside entropy after the freeze makes the server unable to choose the result alone (004 §2(3))
      if (state.contributions.length === 0)
        throw new IllegalStateError('at least one witness contribution must be revealed after the freeze before matching (004 §2(3))');
      if (commitmentTo(command.serverSecret) !== state.frozen.serverCommitment) throw new IllegalStateError('the server value does not match its commitment');
      const server: EntropyContribution = { kind: 'server', label: 'server', value: command.serverSecret };
      const contributions = [...state.contributions, server];
      const homes = homesOf(state.frozen);
      const groups = assignInspectors(
        state.frozen.targets.map((t) => ({ targetId: t.targetId, members: state.pools[t.targetId] })),
        contributions,
      ).map((g) => ({
        targetId: g.targetId,
        leaderId: g.members[0],
        members: g.members.map((inspectorId) => ({ inspectorId, departmentId: homes.get(inspectorId)! })),
      }));
      return [
        { type: 'MatchingEntropyContributed', data: { taskId, departmentId, contribution: server } },
        {
          type: 'InspectorsMatched',
          data: {
            taskId,
            departmentId,
            entropyKinds: contributions.map((c) => c.kind),
            groups,
            experts: expertsFor(state.frozen, contributions).map(withoutSubPool),
            matchedOn: command.matchedOn,
          },
        },
      ];
    }
    case 'RecuseBySwap': {
      const matched = assertMatched(state);
      if (!command.reason.trim()) throw new ValidationError('a recusal needs its reason (000 §18)', 'reason');
      if (command.targetId === command.withTargetId) throw new ValidationError('a swap exchanges two different targets', 'withTargetId');
      assertNotInspectedYet(command.onSiteRecorded, command.targetId, 'targetId');
      assertNotInspectedYet(command.onSiteRecorded, command.withTargetId, 'withTargetId');
      const own = groupOf(matched, command.targetId, command.inspectorId, 'inspectorId');
      const other = groupOf(matched, command.withTargetId, command.withInspectorId, 'withInspectorId');
      // both must remain eligible where they go: in the frozen pool, not barred, no conflict declared since (000 §18, 002 §23)
      mayJoin(matched, command.withInspectorId, own, command.declaredConflicts, 'withInspectorId');
      mayJoin(matched, command.inspectorId, other, command.declaredConflicts, 'inspectorId');
      const swap = (group: InspectionGroup, out: string, incoming: string): InspectionGroup => {
        const home = homesOf(matched.frozen).get(incoming)!;
        return {
          targetId: group.targetId,
          leaderId: group.leaderId === out ? incoming : group.leaderId,
          members: group.members.map((m) => (m.inspectorId === out ? { inspectorId: incoming, departmentId: home } : m)),
        };
      };
      const { inspectorId, targetId, withInspectorId, withTargetId } = command;
      return [
        {
          type: 'InspectorsSwappedOnRecusal',
          data: {
            taskId,
            departmentId,
            inspectorId,
            targetId,
            withInspectorId,
            withTargetId,
            reason: command.reason.trim(),
            groups: [swap(own, inspectorId, withInspectorId), swap(other, withInspectorId, inspectorId)],
            swappedOn: command.today,
          },
        },
      ];
    }
    case 'RecuseByWithdrawal': {
      const matched = assertMatched(state);
      if (!command.reason.trim()) throw new ValidationError('a recusal needs its reason (000 §18)', 'reason');
      assertNotInspectedYet(command.onSiteRecorded, command.targetId, 'targetId');
      const group = groupOf(matched, command.targetId, command.inspectorId, 'inspectorId');
      const { inspectorId, targetId } = command;
      return [
        {
          type: 'InspectorWithdrewOnRecusal',
          data: { taskId, departmentId, inspectorId, targetId, reason: command.reason.trim(), withdrawnOn: command.today },
        },
        replacementFor(matched, group, inspectorId, command.today),
      ];
    }
    case 'ReplaceWithApproval': {
      const matched = assertMatched(state);
      // 002 §23: a drawn inspector is not replaced at will — only with the executing unit's approval
      const { approver } = command;
      if (approver.role !== 'unit-head' || approver.unit !== departmentId) {
        throw new ForbiddenError(
          `replacing a drawn inspector for ${command.cause} needs the approval of a unit-head of ${departmentId} (002 §23); a ${approver.role} of ${approver.unit} cannot approve it`,
        );
      }
      if (!command.reason.trim()) throw new ValidationError('a replacement needs its reason (002 §23)', 'reason');
      assertNotInspectedYet(command.onSiteRecorded, command.targetId, 'targetId');
      const group = groupOf(matched, command.targetId, command.inspectorId, 'inspectorId');
      const { inspectorId, targetId, cause } = command;
      return [
        {
          type: 'InspectorReleasedWithApproval',
          data: { taskId, departmentId, inspectorId, targetId, cause, reason: command.reason.trim(), approvedBy: { ...approver }, releasedOn: command.today },
        },
        replacementFor(matched, group, inspectorId, command.today),
      ];
    }
    default:
      return assertNever(command);
  }
}

function freeze(command: FreezeMatchingPools): MatchingPoolsFrozen {
  const { taskId, departmentId, task, pools, neighbouring, experts } = command;
  if (!task.known) throw new NotFoundError(`task ${taskId} is not set up`, 'taskId');
  if (!task.locked || task.drawableOn === null)
    throw new IllegalStateError(`the list of task ${taskId} is not locked yet: inspectors are matched to the locked list (002 §19–21)`, 'taskId');
  if (!task.participates) throw new IllegalStateError(`department ${departmentId} neither executes nor joins task ${taskId}`, 'departmentId');
  if (task.targetIds === null)
    throw new IllegalStateError(`task ${taskId} has several executing departments and has not been dispatched to ${departmentId} yet`, 'departmentId');
  if (task.targetIds.length === 0) throw new IllegalStateError(`no locked target of task ${taskId} is executed by ${departmentId}`, 'departmentId');
  if (pools.missingItems.length > 0)
    throw new IllegalStateError(`the task's items ${pools.missingItems.join(', ')} are not in the published checklist`, 'taskId');
  if (neighbouring) {
    if (!neighbouring.reason.trim()) throw new ValidationError('say why neighbouring areas are matched jointly', 'neighbouring.reason');
    if (neighbouring.departmentIds.includes(departmentId)) throw new ValidationError(`${departmentId} is not its own neighbour`, 'neighbouring.departmentIds');
    if (command.unknownDepartments.length > 0)
      throw new NotFoundError(`departments ${command.unknownDepartments.join(', ')} are not registered`, 'neighbouring.departmentIds');
    // DOMAIN.md: a unit matches jointly with neighbouring areas only when it has too few inspectors
    if (command.shortWithoutNeighbours.length === 0) {
      throw new IllegalStateError(
        `${departmentId} has at least ${GROUP_SIZE} eligible inspectors for every target: neighbouring areas are matched only when the unit is short`,
        'neighbouring.departmentIds',
      );
    }
  }
  const short = pools.targets.find((t) => t.members.length < GROUP_SIZE);
  if (short) {
    // every inspector left out, with why: the unit sees whom to qualify, renew or recuse (000 §18, 002 §22)
    const excluded = [...pools.excluded, ...short.excluded].map((e) => `${e.personId} (${e.reason}: ${e.detail})`);
    throw new IllegalStateError(
      `target ${short.targetId} has ${short.members.length} eligible inspector(s); a group needs at least ${GROUP_SIZE} (002 §21): include subordinate units or name neighbouring areas. ` +
        (excluded.length > 0 ? `Excluded: ${excluded.join('; ')}` : 'No inspector was excluded: the unit has too few'),
      'targetId',
    );
  }
  const appointed = new Set<string>();
  for (const [i, a] of experts.appointments.entries()) {
    const field = `experts.appointments.${i}`;
    if (!task.targetIds.includes(a.targetId))
      throw new ValidationError(`target ${a.targetId} is not on ${departmentId}'s list of task ${taskId}`, `${field}.targetId`);
    if (appointed.has(a.targetId)) throw new ValidationError(`target ${a.targetId} has two appointed experts`, `${field}.targetId`);
    if (!a.reason.trim()) throw new ValidationError('an expert appointed directly needs the reason (DOMAIN.md: 直接指定)', `${field}.reason`);
    if (a.standing === 'unknown') throw new NotFoundError(`expert ${a.expertId} is not in the expert pool`, `${field}.expertId`);
    if (a.standing === 'left-pool') throw new IllegalStateError(`expert ${a.expertId} has left the expert pool`, `${field}.expertId`);
    if (a.standing === 'conflict-of-interest')
      throw new IllegalStateError(`expert ${a.expertId} has declared an interest in target ${a.targetId} (000 §18)`, `${field}.expertId`);
    appointed.add(a.targetId);
  }
  const expertPools = pools.experts;
  if (expertPools) {
    const empty = expertPools.targets.find((t) => t.members.length === 0);
    if (empty && experts.field === null) {
      const why = expertPools.need === 'sampling-testing' ? 'an item of the task is inspected by sampling and testing' : 'experts were asked for';
      throw new ValidationError(`${why}: name the experts' field, or appoint an expert for every target`, 'experts.field');
    }
    if (empty)
      throw new IllegalStateError(
        `no expert in ${experts.field} is eligible for target ${empty.targetId}: appoint one directly with the reason`,
        'experts.field',
      );
  }
  return {
    type: 'MatchingPoolsFrozen',
    data: {
      taskId,
      departmentId,
      algorithm: DRAW_ALGORITHM,
      candidatesPosition: command.candidatesPosition,
      drawableOn: task.drawableOn,
      includeSubordinates: command.includeSubordinates,
      neighbouring: neighbouring && {
        departmentIds: [...neighbouring.departmentIds],
        reason: neighbouring.reason.trim(),
        shortTargets: [...command.shortWithoutNeighbours],
      },
      requirements: pools.requirements,
      groupSize: GROUP_SIZE,
      considered: pools.considered,
      excluded: pools.excluded,
      targets: pools.targets.map((t) => ({ targetId: t.targetId, poolHash: poolHash(t.members), poolSize: t.members.length, excluded: t.excluded })),
      experts: expertPools && {
        need: expertPools.need,
        field: experts.field,
        considered: expertPools.considered,
        excluded: expertPools.excluded,
        targets: expertPools.targets.map((t) => ({ targetId: t.targetId, poolHash: poolHash(t.members), poolSize: t.members.length, excluded: t.excluded })),
        appointments: experts.appointments.map(({ targetId, expertId, reason }) => ({ targetId, expertId, reason: reason.trim() })),
      },
      serverCommitment: command.serverCommitment,
      frozenOn: command.frozenOn,
    },
  };
}

/** An assignment as InspectorsMatched records it from version 2 on: without the sub-pool, which verification recomputes. */
export function withoutSubPool({ targetId, expertId, how, reason }: ExpertAssignment): ExpertAssignment {
  return { targetId, expertId, how, reason };
}

/** Drawn experts (stratum `experts/<targetId>`) and the appointed ones, in target order, each with the sub-pool it was drawn from. */
export function expertsFor(frozen: MatchingPoolsFrozen['data'], contributions: readonly EntropyContribution[]): ExpertAssignment[] {
  if (!frozen.experts) return [];
  const pools = frozenPools({ considered: frozen.experts.considered, excluded: frozen.experts.excluded, targets: frozen.experts.targets });
  const drawn: ExpertAssignment[] = assignExperts(
    frozen.experts.targets.map((t) => ({ targetId: t.targetId, members: pools[t.targetId] })),
    contributions,
  ).map((g) => ({ targetId: g.targetId, expertId: g.members[0], how: 'drawn', reason: null, drawnFrom: g.drawnFrom }));
  const appointed: ExpertAssignment[] = frozen.experts.appointments.map((a) => ({
    targetId: a.targetId,
    expertId: a.expertId,
    how: 'appointed',
    reason: a.reason,
    drawnFrom: null,
  }));
  return [...drawn, ...appointed].sort((a, b) => (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0));
}

/** Assignments each inspector holds in the matching now: the loads the next draw levels against. */
export function loadsOf(groups: Readonly<Record<string, InspectionGroup>>): Map<string, number> {
  const loads = new Map<string, number>();
  for (const group of Object.values(groups)) for (const m of group.members) loads.set(m.inspectorId, (loads.get(m.inspectorId) ?? 0) + 1);
  return loads;
}

/**
 * The replacement for an inspector leaving a group (000 §18, 002 §23): drawn from the target's
 * frozen pool less the group and everyone barred from the target, least-loaded first. The
 * remaining drawn member leads if the leaver led; the replacement joins as a member.
 */
export function replacementFor(state: OpenMatching, group: InspectionGroup, leaving: string, today: string): ReplacementInspectorDrawn {
  const { targetId } = group;
  const staying = group.members.filter((m) => m.inspectorId !== leaving);
  const barred = new Set([...(state.barred[targetId] ?? []), leaving, ...staying.map((m) => m.inspectorId)]);
  const remaining = state.pools[targetId].filter((id) => !barred.has(id));
  const n = (state.replacements[targetId] ?? 0) + 1;
  const loads = loadsOf({ ...state.groups, [targetId]: { ...group, members: staying } });
  const { inspectorId, drawnFrom } = drawReplacement({ targetId, n, remaining, loads, contributions: state.contributions });
  const members = [...staying, { inspectorId, departmentId: homesOf(state.frozen).get(inspectorId)! }];
  return {
    type: 'ReplacementInspectorDrawn',
    data: {
      taskId: state.taskId,
      departmentId: state.departmentId,
      targetId,
      replacesInspectorId: leaving,
      inspectorId,
      n,
      drawnFrom,
      group: { targetId, leaderId: group.leaderId === leaving ? staying[0].inspectorId : group.leaderId, members },
      drawnOn: today,
    },
  };
}

function assertMatched(state: OpenMatching): OpenMatching {
  if (state.status !== 'matched') throw new IllegalStateError(`the inspectors of task ${state.taskId} for ${state.departmentId} are not matched yet`);
  return state;
}

function groupOf(state: OpenMatching, targetId: string, inspectorId: string, field: string): InspectionGroup {
  const group = state.groups[targetId];
  if (!group) throw new NotFoundError(`target ${targetId} is not on this matching's list`, field === 'inspectorId' ? 'targetId' : 'withTargetId');
  if (!group.members.some((m) => m.inspectorId === inspectorId))
    throw new IllegalStateError(`inspector ${inspectorId} is not in the group of target ${targetId}`, field);
  return group;
}

function mayJoin(state: OpenMatching, inspectorId: string, group: InspectionGroup, declared: ReadonlyMap<string, readonly string[]>, field: string): void {
  const { targetId } = group;
  if (group.members.some((m) => m.inspectorId === inspectorId))
    throw new IllegalStateError(`inspector ${inspectorId} is already in the group of target ${targetId}`, field);
  if ((state.barred[targetId] ?? []).includes(inspectorId))
    throw new IllegalStateError(`inspector ${inspectorId} has left the group of target ${targetId} and cannot return to it`, field);
  if (!state.pools[targetId].includes(inspectorId) || (declared.get(inspectorId) ?? []).includes(targetId)) {
    throw new IllegalStateError(
      `inspector ${inspectorId} is not eligible for target ${targetId}: an interest is declared or they were not in its pool (000 §18)`,
      field,
    );
  }
}

function homesOf(frozen: MatchingPoolsFrozen['data']): Map<string, string> {
  return new Map(frozen.considered.map((c) => [c.personId, c.departmentId]));
}

function withBarred(state: OpenMatching, targetId: string, inspectorId: string): OpenMatching {
  const group = state.groups[targetId];
  return {
    ...state,
    barred: { ...state.barred, [targetId]: [...(state.barred[targetId] ?? []), inspectorId] },
    groups: { ...state.groups, [targetId]: { ...group, members: group.members.filter((m) => m.inspectorId !== inspectorId) } },
  };
}

/**
 * 000 §18, 002 §23: a recusal or replacement changes who inspects; once the on-site inspection is
 * recorded the group that inspected is a fact, and changing the matched group afterwards would
 * make the record and the draw disagree.
 */
function assertNotInspectedYet(onSiteRecorded: ReadonlyMap<string, string>, targetId: string, field: string): void {
  const startedOn = onSiteRecorded.get(targetId);
  if (startedOn !== undefined) {
    throw new IllegalStateError(
      `${targetId} was inspected on site on ${startedOn}; its group can no longer change — a recusal or replacement comes before the visit (000 §18, 002 §23)`,
      field,
    );
  }
}

function evolve(state: MatchingState, event: MatchingEvent): MatchingState {
  if (event.type === 'MatchingPoolsFrozen') {
    const { taskId, departmentId } = event.data;
    return {
      status: 'frozen',
      taskId,
      departmentId,
      frozen: event.data,
      pools: frozenPools(event.data),
      contributions: [],
      groups: {},
      experts: [],
      barred: {},
      replacements: {},
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'MatchingEntropyContributed':
      return { ...state, contributions: [...state.contributions, event.data.contribution] };
    case 'InspectorsMatched':
      return {
        ...state,
        status: 'matched',
        groups: Object.fromEntries(event.data.groups.map(({ targetId, leaderId, members }) => [targetId, { targetId, leaderId, members }])),
        experts: event.data.experts,
      };
    case 'InspectorsSwappedOnRecusal': {
      const barred = { ...state.barred, [event.data.targetId]: [...(state.barred[event.data.targetId] ?? []), event.data.inspectorId] };
      return { ...state, barred, groups: { ...state.groups, ...Object.fromEntries(event.data.groups.map((g) => [g.targetId, g])) } };
    }
    case 'InspectorWithdrewOnRecusal':
    case 'InspectorReleasedWithApproval':
      return withBarred(state, event.data.targetId, event.data.inspectorId);
    case 'ReplacementInspectorDrawn':
      return {
        ...state,
        groups: { ...state.groups, [event.data.targetId]: event.data.group },
        replacements: { ...state.replacements, [event.data.targetId]: event.data.n },
      };
    default:
      return assertNever(event);
  }
}

export const matchingDecider: Decider<MatchingState, MatchingCommand, MatchingEvent> = { initialState, decide, evolve };
