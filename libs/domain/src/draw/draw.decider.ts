/**
 * The target draw's protocol (DOMAIN.md, The double draw; issue: verifiable, never deleted).
 * freeze → entropy (witnesses, beacon) → draw (the server's committed value revealed, the
 * algorithm run) → confirm; or void with a reason, which keeps everything recorded.
 */
import { Decider, assertNever } from '../shared/decider';
import { WITNESS_ROLES } from '../shared/actor';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import {
  DRAW_ALGORITHM,
  EntropyContribution,
  combineSeed,
  commitmentTo,
  countForRatio,
  drawWithSkips,
  exclusionsHash,
  membershipOf,
  poolHash,
} from './draw-algorithm';
import { DrawCommand, PlanStanding, RatioCap } from './draw.commands';
import { DrawEvent, DrawnStratum, FrozenStratum, VOID_REASONS } from './draw.events';
import { assertWithinFrequency } from './plan-frequency';
import { type ComputedStratum, complaintsStratumId } from './eligibility';
import { lockWriteBytesAtMost, matchingWriteBytesAtMost } from '../task/locked-list-size';

export type DrawState =
  | { readonly status: 'none' }
  | {
      readonly status: 'frozen' | 'drawn' | 'confirmed' | 'voided';
      readonly drawId: string;
      readonly taskId: string;
      readonly departmentId: string;
      readonly year: number;
      readonly strata: readonly FrozenStratum[];
      readonly serverCommitment: string;
      readonly beacon: { source: string; round: string } | null;
      readonly contributions: readonly EntropyContribution[];
      /** Who froze the pool; null on freezes recorded before it was kept. */
      readonly frozenBy: string | null;
      /** Who entered each witness or beacon value, in order; null where it was not kept. */
      readonly contributedBy: readonly (string | null)[];
      /** Status before voiding, so a voided draw still says how far it got. */
      readonly drawn: boolean;
    };

const initialState: DrawState = { status: 'none' };

const MAX_ENTROPY_LENGTH = 200;

function decide(command: DrawCommand, state: DrawState): DrawEvent[] {
  if (command.type === 'FreezePool') {
    if (state.status !== 'none') throw new IllegalStateError(`draw ${command.drawId} already exists`, 'drawId');
    if (!command.taskOpen) throw new IllegalStateError(`task ${command.taskId} is not open for a draw: it is missing or its list is locked`, 'taskId');
    if (command.openDrawOfTask)
      throw new IllegalStateError(`task ${command.taskId} has an open draw ${command.openDrawOfTask}: confirm or void it first`, 'taskId');
    assertPlanPublished(command.plan, 'frozen');
    // 004 §2(4): one list for every department of a joint task, drawn once all of them have joined
    if (command.jointPending && command.jointPending.length > 0) {
      throw new IllegalStateError(
        `task ${command.taskId} is a joint task and ${command.jointPending.join(', ')} ${command.jointPending.length === 1 ? 'has' : 'have'} not accepted it yet; the one list is drawn once every invited department has joined (004 §2(4))`,
        'jointDepartmentIds',
      );
    }
    if (command.strata.every((s) => s.members.length === 0)) throw new ValidationError(`no target of task ${command.taskId} is eligible`, 'taskId');
    // 002 §15: targets with many complaints are outside the ratio limits; their stratum is drawn at the class's higher ratio
    if (command.ratioCap)
      command.strata.filter((s) => s.stratumId !== complaintsStratumId(s.classId)).forEach((s) => assertCountWithin(s, command.ratioCap!, CHECKLIST_CAP));
    // 002 §14, §18: the plan's ratio binds each class's own stratum however it is sized (its grade strata are bound at set-up)
    for (const s of command.strata) {
      const planned = s.stratumId === s.classId ? command.plannedRatios?.[s.classId] : null;
      if (planned) assertCountWithin(s, planned, PLANNED_RATIO);
    }
    if (command.sixMonthRuleLifted) assertLiftNeeded(command.sixMonthRuleLifted, command.strata);
    const drawing = command.strata.reduce((sum, s) => sum + s.count, 0);
    if (drawing > command.beaconRequiredAbove && !command.beacon) {
      throw new ValidationError(
        `this draw takes ${drawing} targets; a draw of more than ${command.beaconRequiredAbove} names a public beacon at its freeze, so no one who runs it holds all its randomness (004 §2(3))`,
        'beacon',
      );
    }
    if (command.listLimit) assertListCanBeLocked(command.strata, drawing, command.listLimit);
    const strata: FrozenStratum[] = command.strata.map((s) => ({
      stratumId: s.stratumId,
      classId: s.classId,
      poolHash: poolHash(s.members),
      poolSize: s.members.length,
      count: s.count,
      exemptMembers: s.exemptMembers,
      excludedCount: s.excluded.length,
      excludedHash: exclusionsHash(s.excluded),
    }));
    const { drawId, taskId, departmentId, year, eligibilityPosition, eligibilityRules, serverCommitment, beacon, frozenBy, frozenOn, sixMonthRuleLifted } =
      command;
    return [
      {
        type: 'DrawPoolFrozen',
        data: {
          drawId,
          taskId,
          departmentId,
          year,
          algorithm: DRAW_ALGORITHM,
          eligibilityRules,
          eligibilityPosition,
          strata,
          serverCommitment,
          beacon,
          frozenBy,
          frozenOn,
          ...(sixMonthRuleLifted ? { sixMonthRuleLifted: { targetIds: [...sixMonthRuleLifted.targetIds], reason: sixMonthRuleLifted.reason.trim() } } : {}),
        },
      },
    ];
  }
  if (state.status === 'none') throw new NotFoundError('the draw does not exist', 'drawId');
  const { drawId, departmentId } = state;
  switch (command.type) {
    case 'ContributeEntropy': {
      if (state.status !== 'frozen') throw new IllegalStateError(`draw ${drawId} is ${state.status}: entropy is taken only between the freeze and the draw`);
      const { kind, label, value } = command.contribution;
      if (!label.trim()) throw new ValidationError('say whose contribution this is', 'label');
      if (!value.trim() || value.length > MAX_ENTROPY_LENGTH) throw new ValidationError(`the value must be 1–${MAX_ENTROPY_LENGTH} characters`, 'value');
      if (kind === 'server') throw new ValidationError('the server value is revealed by the draw itself', 'kind');
      if (kind === 'witness' && !WITNESS_ROLES.includes(command.contributor.role)) {
        throw new ForbiddenError(
          `a witness value is entered by the witness under their own identity — a witness's or the legal unit's account, not a ${command.contributor.role}'s (004 §2(3), 000 §18)`,
          'kind',
        );
      }
      if (kind === 'beacon') {
        if (!state.beacon) throw new IllegalStateError(`draw ${drawId} named no beacon at its freeze`, 'kind');
        if (state.contributions.some((c) => c.kind === 'beacon')) throw new IllegalStateError(`the beacon value of draw ${drawId} is already recorded`, 'kind');
      }
      return [
        {
          type: 'EntropyContributed',
          data: { drawId, departmentId, contribution: { kind, label: label.trim(), value }, contributedBy: command.contributor.actorId },
        },
      ];
    }
    case 'ExecuteDraw': {
      if (state.status !== 'frozen') throw new IllegalStateError(`draw ${drawId} is ${state.status}`);
      assertPlanPublished(command.plan, 'drawn');
      assertWithinFrequency(command.frequency ?? [], state.year);
      if (!state.contributions.some((c) => c.kind !== 'server')) {
        throw new IllegalStateError('at least one witness or beacon contribution must be revealed after the freeze before drawing (004 §2(3))');
      }
      if (state.beacon && !state.contributions.some((c) => c.kind === 'beacon'))
        throw new IllegalStateError(`the beacon ${state.beacon.source} round ${state.beacon.round} named at the freeze is not revealed yet`);
      // 004 §2(3): the one who froze the pool never holds all the randomness of the draw
      if (state.frozenBy !== null && !state.contributedBy.some((by) => by !== null && by !== state.frozenBy)) {
        throw new IllegalStateError(
          `every value so far was entered by ${state.frozenBy}, who froze the pool; a witness or someone else must contribute before the draw (004 §2(3))`,
        );
      }
      if (commitmentTo(command.serverSecret) !== state.serverCommitment) throw new IllegalStateError('the server value does not match its commitment');
      const server: EntropyContribution = { kind: 'server', label: 'server', value: command.serverSecret };
      const contributions = [...state.contributions, server];
      const drawn: DrawnStratum[] = state.strata.map((frozen) => {
        const pool = command.strata.find((s) => s.stratumId === frozen.stratumId);
        if (!pool || poolHash(pool.members) !== frozen.poolHash)
          throw new IllegalStateError(`the pool of stratum ${frozen.stratumId} no longer matches its frozen hash`);
        const isExempt = membershipOf(pool.exempt);
        const seed = combineSeed({ poolHash: frozen.poolHash, stratum: frozen.stratumId, contributions });
        const { selected, skipped } = drawWithSkips(
          pool.members,
          seed,
          frozen.count,
          (id) => !isExempt(id) && (command.used.get(id) ?? 0) >= command.quotaPerYear,
        );
        return {
          stratumId: frozen.stratumId,
          selected,
          skipped: skipped.map((targetId) => ({
            targetId,
            detail: `its ${command.quotaPerYear} draws of ${state.year} were used after the freeze (quota ledger revision ${command.ledgerRevision})`,
          })),
        };
      });
      return [
        { type: 'EntropyContributed', data: { drawId, departmentId, contribution: server } },
        {
          type: 'TargetsDrawn',
          data: {
            drawId,
            departmentId,
            entropyKinds: contributions.map((c) => c.kind),
            ledgerRevision: command.ledgerRevision,
            strata: drawn,
            drawnOn: command.drawnOn,
          },
        },
      ];
    }
    case 'ConfirmDraw':
      if (state.status !== 'drawn') throw new IllegalStateError(`draw ${drawId} is ${state.status}: only a drawn list is confirmed`);
      return [{ type: 'DrawConfirmed', data: { drawId, departmentId, confirmedOn: command.confirmedOn } }];
    case 'VoidDraw':
      if (state.status === 'voided') throw new IllegalStateError(`draw ${drawId} is already voided`);
      if (command.lockedByTask) throw new IllegalStateError(`the list of draw ${drawId} is locked by its task and can no longer be voided`);
      if (!Object.hasOwn(VOID_REASONS, command.reasonCode)) {
        throw new ValidationError(`reasonCode must be one of ${Object.keys(VOID_REASONS).join(', ')}`, 'reasonCode');
      }
      if (command.reason.trim().length < 2) throw new ValidationError('voiding a draw needs its reason', 'reason');
      return [
        { type: 'DrawVoided', data: { drawId, departmentId, reasonCode: command.reasonCode, reason: command.reason.trim(), voidedOn: command.voidedOn } },
      ];
    default:
      return assertNever(command);
  }
}

/**
 * 004 §4(4): a plan that is not published is not executed; 002 §12: an adjustment is a new version
 * that must be published before anything is drawn under it — not only before tasks are set up.
 */
function assertPlanPublished(plan: PlanStanding, step: 'frozen' | 'drawn'): void {
  if (!plan.published) {
    throw new IllegalStateError(
      `version ${plan.version} of plan ${plan.planId} is not published; nothing is ${step} under a plan until its version in force is published (004 §4(4), 002 §12)`,
      'planId',
    );
  }
}

/** What bounds a stratum's count, as its refusal names it, and the clauses it cites. */
interface CountBound {
  readonly name: (bound: RatioCap) => string;
  readonly clauses: string;
}
/** A general item's ratio cap in the checklist. */
const CHECKLIST_CAP: CountBound = { name: ({ itemId, cap }) => `the cap of ${cap}% of general item ${itemId}`, clauses: '002 §9, §18' };
/** The ratio the plan sets for the class's general items. */
const PLANNED_RATIO: CountBound = { name: ({ itemId, cap }) => `the ratio of ${cap}% the plan sets for general item ${itemId}`, clauses: '002 §14, §18' };

/**
 * 001 §2(2)1 holds 原则上 (in principle): the freeze may lift it for named targets, with a reason
 * that the log and the public draw page keep. A lift must be needed — every named target is one the
 * rule would have excluded from this draw's pools — so it records exactly the exceptions made.
 */
function assertLiftNeeded(lift: { readonly targetIds: readonly string[]; readonly reason: string }, strata: readonly ComputedStratum[]): void {
  if (lift.reason.trim().length < MIN_LIFT_REASON)
    throw new ValidationError(`lifting the six-month rule needs a reason of at least ${MIN_LIFT_REASON} characters (001 §2(2)1)`, 'sixMonthRuleLifted.reason');
  if (lift.targetIds.length === 0) throw new ValidationError('name the targets the six-month rule is lifted for', 'sixMonthRuleLifted.targetIds');
  if (new Set(lift.targetIds).size !== lift.targetIds.length) throw new ValidationError('a target is named twice', 'sixMonthRuleLifted.targetIds');
  const lifted = new Set(strata.flatMap((s) => s.sixMonthRuleLifted ?? []));
  const needless = lift.targetIds.filter((id) => !lifted.has(id));
  if (needless.length > 0) {
    throw new ValidationError(
      `the six-month rule does not keep ${needless.slice(0, 10).join(', ')}${needless.length > 10 ? ` and ${needless.length - 10} more` : ''} out of this draw: nothing to lift (001 §2(2)1)`,
      'sixMonthRuleLifted.targetIds',
    );
  }
}

/** A reason a reader can check, not a placeholder. */
const MIN_LIFT_REASON = 10;

/**
 * A ratio binds the size of the draw whatever form it is given in: a class sized by count may not
 * draw more of its pool than the ratio allows, rounded up as a ratio would be (countForRatio).
 */
function assertCountWithin(s: ComputedStratum, bound: RatioCap, { name, clauses }: CountBound): void {
  const poolSize = s.members.length;
  const allowed = countForRatio(poolSize, bound.cap);
  if (s.count > allowed) {
    const share = poolSize === 0 ? 100 : Math.round((s.count / poolSize) * 1000) / 10;
    throw new ValidationError(
      `stratum ${s.stratumId} would draw ${s.count} of ${poolSize} eligible targets (${share}%), above ${name(bound)}: at most ${allowed} (${clauses})`,
      'classes',
    );
  }
}

function evolve(state: DrawState, event: DrawEvent): DrawState {
  switch (event.type) {
    case 'DrawPoolFrozen': {
      const { drawId, taskId, departmentId, year, strata, serverCommitment, beacon } = event.data;
      const frozenBy = event.data.frozenBy ?? null;
      return {
        status: 'frozen',
        drawId,
        taskId,
        departmentId,
        year,
        strata,
        serverCommitment,
        beacon,
        contributions: [],
        frozenBy,
        contributedBy: [],
        drawn: false,
      };
    }
    case 'EntropyContributed':
      return state.status === 'none' || event.data.contribution.kind === 'server'
        ? state
        : {
            ...state,
            contributions: [...state.contributions, event.data.contribution],
            contributedBy: [...state.contributedBy, event.data.contributedBy ?? null],
          };
    case 'TargetsDrawn':
      return state.status === 'none' ? state : { ...state, status: 'drawn', drawn: true };
    case 'DrawConfirmed':
      return state.status === 'none' ? state : { ...state, status: 'confirmed' };
    case 'DrawVoided':
      return state.status === 'none' ? state : { ...state, status: 'voided' };
    default:
      return assertNever(event);
  }
}

export const drawDecider: Decider<DrawState, DrawCommand, DrawEvent> = { initialState, decide, evolve };

/**
 * 002 §19: a drawn list is locked, dispatched and announced in one write. One the event store
 * could not take would be refused at the lock, after witnesses and the draw; it is refused here,
 * before any randomness exists, with what to do about it.
 */
function assertListCanBeLocked(strata: readonly ComputedStratum[], drawing: number, limit: { largestWrite: number; jointDepartments: number }): void {
  let longestTargetId = '';
  for (const s of strata) if (s.count > 0) for (const id of s.members) if (id.length > longestTargetId.length) longestTargetId = id;
  const longestClassId = strata.reduce((longest, s) => Math.max(longest, Buffer.byteLength(s.classId)), 0);
  const targetIdBytes = Buffer.byteLength(longestTargetId);
  const bytes = Math.max(
    lockWriteBytesAtMost({ count: drawing, longestTargetId: targetIdBytes, longestClassId, jointDepartments: limit.jointDepartments }),
    matchingWriteBytesAtMost({ count: drawing, longestTargetId: targetIdBytes }),
  );
  if (bytes > limit.largestWrite) {
    throw new ValidationError(
      `this draw takes ${drawing} targets; locking a list that long or matching inspectors to it writes up to ${bytes} bytes at once, more than the event store takes in one write (${limit.largestWrite} bytes): split the task into smaller ones`,
      'taskId',
    );
  }
}
