/**
 * Re-runs an inspector matching from the log (issue 4 item 8; docs/draw-algorithm.md,
 * "Inspector matching"): the candidate pools are recomputed from the registry as folded up to
 * the freeze's recorded position, their hashes compared with the published ones, the server
 * value checked against its commitment, every seed recombined, every group, expert and
 * replacement drawn again and every recusal replayed. The first difference is reported with the
 * target and the step; nothing here trusts the pools or results the matching stream states.
 */
import { commitmentTo, poolHash } from '../draw/draw-algorithm';
import { DomainError } from '../shared/errors';
import { CandidateRegistry, ComputedTargetPool, MatchingTaskFacts, computeMatchingPools, matchingItemsFor, matchingTargets } from './candidates';
import { assignInspectors } from './matching-algorithm';
import { InspectionGroup, MatchingEvent, MatchingPoolsFrozen, FrozenTargetPool, DrawnFrom } from './matching.events';
import { MatchingState, OpenMatching, expertsFor, matchingDecider, replacementFor, withoutSubPool } from './matching.decider';

export type MatchingVerificationStep =
  'freeze' | 'candidates' | 'pool-hash' | 'exclusions' | 'server-commitment' | 'seed' | 'selection' | 'experts' | 'recusal' | 'replacement';

export interface MatchingMismatch {
  readonly step: MatchingVerificationStep;
  /** The target the step is about; null for steps about the whole matching. */
  readonly targetId: string | null;
  readonly detail: string;
}

export type MatchingVerification =
  | { readonly ok: true; readonly targets: number; readonly recusals: number; readonly replacements: number }
  | { readonly ok: false; readonly mismatch: MatchingMismatch };

export interface MatchingFacts {
  /** The registry folded up to and including the freeze's `candidatesPosition`. */
  readonly registry: CandidateRegistry;
  /** The task's events up to the same position. */
  readonly task: MatchingTaskFacts;
}

class Mismatch extends Error {
  constructor(readonly mismatch: MatchingMismatch) {
    super(mismatch.detail);
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function expect(ok: boolean, step: MatchingVerificationStep, targetId: string | null, detail: string): void {
  if (!ok) throw new Mismatch({ step, targetId, detail });
}

export function verifyMatching(events: readonly MatchingEvent[], facts: MatchingFacts): MatchingVerification {
  try {
    return run(events, facts);
  } catch (error) {
    if (error instanceof Mismatch) return { ok: false, mismatch: error.mismatch };
    throw error;
  }
}

function run(events: readonly MatchingEvent[], facts: MatchingFacts): MatchingVerification {
  const [first, ...rest] = events;
  expect(first?.type === 'MatchingPoolsFrozen', 'freeze', null, 'the stream does not begin with a frozen pool');
  const frozen = (first as MatchingPoolsFrozen).data;
  const pools = recomputePools(frozen, facts);

  let state: MatchingState = matchingDecider.evolve(matchingDecider.initialState, first);
  // every later step runs on the recomputed pools, never on what the stream says they were
  state = { ...(state as OpenMatching), pools };
  let before: OpenMatching | null = null;
  let recusals = 0;
  let replacements = 0;
  for (const event of rest) {
    const open = state as OpenMatching;
    switch (event.type) {
      case 'MatchingEntropyContributed':
        if (event.data.contribution.kind === 'server') {
          const revealed = commitmentTo(event.data.contribution.value);
          expect(
            revealed === frozen.serverCommitment,
            'server-commitment',
            null,
            `committed ${frozen.serverCommitment}; the revealed value hashes to ${revealed}`,
          );
        }
        break;
      case 'InspectorsMatched':
        checkGroups(open, event.data.groups);
        checkExperts(open, event.data.experts);
        expect(
          same(
            event.data.entropyKinds,
            open.contributions.map((c) => c.kind),
          ),
          'seed',
          null,
          `recorded entropy kinds ${event.data.entropyKinds.join(', ')}`,
        );
        break;
      case 'InspectorsSwappedOnRecusal': {
        recusals++;
        const { inspectorId, targetId, withInspectorId, withTargetId, reason, swappedOn } = event.data;
        const redone = decideAgain(
          open,
          {
            type: 'RecuseBySwap',
            onSiteRecorded: new Map<string, string>(),
            inspectorId,
            targetId,
            withInspectorId,
            withTargetId,
            reason,
            declaredConflicts: new Map(),
            today: swappedOn,
          },
          'recusal',
          targetId,
        );
        expect(
          redone.type === 'InspectorsSwappedOnRecusal' && same(redone.data.groups, event.data.groups),
          'recusal',
          targetId,
          `the swap of ${inspectorId} and ${withInspectorId} does not give the recorded groups`,
        );
        break;
      }
      case 'InspectorWithdrewOnRecusal':
      case 'InspectorReleasedWithApproval':
        if (event.type === 'InspectorWithdrewOnRecusal') recusals++;
        expect(
          Boolean(open.groups[event.data.targetId]?.members.some((m) => m.inspectorId === event.data.inspectorId)),
          'recusal',
          event.data.targetId,
          `inspector ${event.data.inspectorId} was not in the group`,
        );
        before = open;
        break;
      case 'ReplacementInspectorDrawn': {
        replacements++;
        const { targetId, replacesInspectorId } = event.data;
        expect(before !== null, 'replacement', targetId, 'a replacement without a withdrawal or release before it');
        const expected = replacementFor(before!, before!.groups[targetId], replacesInspectorId, event.data.drawnOn).data;
        checkDrawnFrom('replacement', targetId, expected.drawnFrom, event.data.drawnFrom);
        expect(
          expected.inspectorId === event.data.inspectorId && same(expected.group, event.data.group),
          'replacement',
          targetId,
          `re-run draws ${expected.inspectorId}; recorded ${event.data.inspectorId}`,
        );
        before = null;
        break;
      }
      default:
        expect(false, 'freeze', null, `unexpected ${(event as { type: string }).type} after the freeze`);
    }
    state = { ...matchingDecider.evolve(open, event), pools } as OpenMatching;
  }
  return { ok: true, targets: frozen.targets.length, recusals, replacements };
}

/** The freeze recomputed from the registry: the people considered and excluded, each target's hash and exclusions. */
function recomputePools(frozen: MatchingPoolsFrozen['data'], facts: MatchingFacts): Record<string, string[]> {
  const setUp = facts.task.setUp;
  expect(setUp !== null, 'freeze', null, `task ${frozen.taskId} is not in the log`);
  const { targetIds } = matchingTargets(facts.task, frozen.departmentId);
  expect(targetIds !== null, 'freeze', null, `${frozen.departmentId} had no locked targets of task ${frozen.taskId} at the freeze`);
  expect(
    setUp!.window.from === frozen.drawableOn,
    'freeze',
    null,
    `published drawable day ${frozen.drawableOn}; the task's window starts ${setUp!.window.from}`,
  );
  const computed = computeMatchingPools(facts.registry, {
    departmentId: frozen.departmentId,
    includeSubordinates: frozen.includeSubordinates,
    neighbouringDepartmentIds: frozen.neighbouring?.departmentIds ?? [],
    ...matchingItemsFor(facts.task, frozen.departmentId),
    drawableOn: setUp!.window.from,
    targetIds: targetIds!,
    experts: {
      requested: frozen.experts?.need === 'requested',
      field: frozen.experts?.field ?? null,
      appointedTargets: frozen.experts?.appointments.map((a) => a.targetId) ?? [],
    },
  });
  expect(
    same(computed.requirements, frozen.requirements),
    'candidates',
    null,
    `published requirements ${frozen.requirements.join(', ')}; recomputed ${computed.requirements.join(', ')}`,
  );
  expect(
    same(computed.considered, frozen.considered),
    'candidates',
    null,
    `published ${frozen.considered.length} people considered; recomputed ${computed.considered.length}`,
  );
  expect(
    same(computed.excluded, frozen.excluded),
    'exclusions',
    null,
    `published ${frozen.excluded.length} task-wide exclusions; recomputed ${computed.excluded.length}`,
  );
  compareTargets(frozen.targets, computed.targets, 'pool-hash');
  if (frozen.experts || computed.experts) {
    expect(
      Boolean(frozen.experts && computed.experts && frozen.experts.need === computed.experts.need),
      'experts',
      null,
      'whether and why experts take part does not reproduce',
    );
    expect(
      same(computed.experts!.considered, frozen.experts!.considered) && same(computed.experts!.excluded, frozen.experts!.excluded),
      'experts',
      null,
      'the experts considered or excluded do not reproduce',
    );
    compareTargets(frozen.experts!.targets, computed.experts!.targets, 'experts');
  }
  return Object.fromEntries(computed.targets.map((t) => [t.targetId, t.members]));
}

function compareTargets(published: readonly FrozenTargetPool[], computed: readonly ComputedTargetPool[], step: 'pool-hash' | 'experts'): void {
  expect(
    same(
      published.map((t) => t.targetId),
      computed.map((t) => t.targetId),
    ),
    step,
    null,
    `published targets ${published.map((t) => t.targetId).join(', ')}; recomputed ${computed.map((t) => t.targetId).join(', ')}`,
  );
  for (const [i, target] of published.entries()) {
    const { members, excluded } = computed[i];
    const hash = poolHash(members);
    expect(
      hash === target.poolHash && members.length === target.poolSize,
      step,
      target.targetId,
      `published ${target.poolHash} (${target.poolSize}); recomputed ${hash} (${members.length})`,
    );
    expect(
      same(excluded, target.excluded),
      step === 'pool-hash' ? 'exclusions' : step,
      target.targetId,
      `published ${target.excluded.length} exclusions; recomputed ${excluded.length}`,
    );
  }
}

function checkGroups(state: OpenMatching, recorded: readonly (InspectionGroup & { drawnFrom?: DrawnFrom })[]): void {
  const rerun = assignInspectors(
    state.frozen.targets.map((t) => ({ targetId: t.targetId, members: state.pools[t.targetId] })),
    state.contributions,
  );
  expect(rerun.length === recorded.length, 'selection', null, `recorded ${recorded.length} groups; re-run ${rerun.length}`);
  for (const [i, group] of rerun.entries()) {
    const published = recorded[i];
    expect(published.targetId === group.targetId, 'selection', group.targetId, `recorded a group for ${published.targetId} in its place`);
    // recorded by version-1 matchings only; version 2 leaves the sub-pool to this re-run
    if (published.drawnFrom) checkDrawnFrom('selection', group.targetId, group.drawnFrom, published.drawnFrom);
    const members = published.members.map((m) => m.inspectorId);
    expect(
      same(members, group.members) && published.leaderId === group.members[0],
      'selection',
      group.targetId,
      `re-run draws ${group.members.join(', ')} (leader ${group.members[0]}); recorded ${members.join(', ')} (leader ${published.leaderId})`,
    );
  }
}

function checkExperts(state: OpenMatching, recorded: InspectorsMatchedExperts): void {
  const drawn = expertsFor(state.frozen, state.contributions);
  // a version-1 matching recorded each drawn expert's sub-pool; version 2 leaves it to this re-run
  const rerun = recorded.some((e) => e.drawnFrom !== undefined) ? drawn : drawn.map(withoutSubPool);
  expect(
    same(rerun, recorded),
    'experts',
    null,
    `re-run assigns ${rerun.map((e) => `${e.targetId}:${e.expertId}`).join(', ')}; recorded ${recorded.map((e) => `${e.targetId}:${e.expertId}`).join(', ')}`,
  );
}

type InspectorsMatchedExperts = Extract<MatchingEvent, { type: 'InspectorsMatched' }>['data']['experts'];

/** The sub-pool first (its hash), then the seed recombined from it and the entropy. */
function checkDrawnFrom(step: 'selection' | 'replacement', targetId: string, expected: DrawnFrom, recorded: DrawnFrom): void {
  expect(
    expected.poolHash === recorded.poolHash &&
      expected.poolSize === recorded.poolSize &&
      expected.load === recorded.load &&
      expected.stratum === recorded.stratum,
    step === 'selection' ? 'pool-hash' : step,
    targetId,
    `the least-loaded sub-pool re-runs as ${expected.poolHash} (${expected.poolSize}, load ${expected.load}); recorded ${recorded.poolHash} (${recorded.poolSize}, load ${recorded.load})`,
  );
  expect(expected.seed === recorded.seed, step === 'selection' ? 'seed' : step, targetId, `the seed recombines to ${expected.seed}; recorded ${recorded.seed}`);
}

function decideAgain(
  state: OpenMatching,
  command: Parameters<typeof matchingDecider.decide>[0],
  step: MatchingVerificationStep,
  targetId: string,
): MatchingEvent {
  try {
    return matchingDecider.decide(command, state)[0];
  } catch (error) {
    if (error instanceof DomainError) throw new Mismatch({ step, targetId, detail: error.message });
    throw error;
  }
}
