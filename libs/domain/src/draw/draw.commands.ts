import { Role } from '../shared/actor';
import { EntropyContribution } from './draw-algorithm';
import { VoidReasonCode } from './draw.events';
import { ComputedStratum } from './eligibility';
import { FrequencyUse } from './plan-frequency';

/** The plan a task executes, as its stream stands when the draw is frozen or executed. */
export interface PlanStanding {
  readonly planId: string;
  /** The version in force: the latest. */
  readonly version: number;
  /** Whether that version is published (公示); an adjustment is a new, unpublished version until it is. */
  readonly published: boolean;
}

/** The strictest ratio cap among the task's general items (一般事项), or null when none is capped. */
export interface RatioCap {
  readonly itemId: string;
  /** Percent. */
  readonly cap: number;
}

export interface FreezePool {
  readonly type: 'FreezePool';
  readonly drawId: string;
  readonly taskId: string;
  readonly departmentId: string;
  readonly year: number;
  /** The task can still be drawn: set up, not yet locked. */
  readonly taskOpen: boolean;
  /** Another draw of the same task that is neither voided nor finished, if any. */
  readonly openDrawOfTask: string | null;
  readonly eligibilityPosition: string;
  /** The version of the eligibility rules the strata were computed under (pool-request.ts). */
  readonly eligibilityRules: string;
  readonly strata: readonly ComputedStratum[];
  readonly plan: PlanStanding;
  readonly ratioCap: RatioCap | null;
  /** By class id: the ratio the plan version in force sets for the class (plannedRatioOfClass); a class absent or null is not bound. */
  readonly plannedRatios?: Readonly<Record<string, RatioCap | null>>;
  /** Joint departments invited to the task that have not accepted it yet (004 §2(4)); none when absent. */
  readonly jointPending?: readonly string[];
  readonly serverCommitment: string;
  readonly beacon: { source: string; round: string } | null;
  /** A draw of more targets than this must name a beacon (configuration DRAW_BEACON_REQUIRED_ABOVE). */
  readonly beaconRequiredAbove: number;
  /**
   * The largest write the event store takes (configuration EVENT_STORE_MAX_APPEND_BYTES) and the
   * task's joint departments: a draw whose list could not be locked in one write is refused at
   * its freeze (locked-list-size.ts). Not checked when absent.
   */
  readonly listLimit?: { readonly largestWrite: number; readonly jointDepartments: number } | null;
  /** The actor who freezes the pool: someone else must contribute randomness before the draw (004 §2(3)). */
  readonly frozenBy: string;
  readonly frozenOn: string;
  /** The six-month rule lifted for these targets with this reason (001 §2(2)1); the strata were computed with it. */
  readonly sixMonthRuleLifted?: { readonly targetIds: readonly string[]; readonly reason: string } | null;
}

export interface ContributeEntropy {
  readonly type: 'ContributeEntropy';
  readonly contribution: EntropyContribution;
  /** Who enters it, under their own identity. */
  readonly contributor: { readonly actorId: string; readonly role: Role };
}

export interface ExecuteDraw {
  readonly type: 'ExecuteDraw';
  /** The pools as recomputed for this draw; their hashes must equal the frozen ones. */
  readonly strata: readonly ComputedStratum[];
  /** The server's secret, whose SHA-256 was committed at the freeze. */
  readonly serverSecret: string;
  /** The quota ledger as of `ledgerRevision`: draws of each target this year. */
  readonly ledgerRevision: number;
  readonly used: ReadonlyMap<string, number>;
  readonly quotaPerYear: number;
  readonly plan: PlanStanding;
  readonly drawnOn: string;
  /** 抽查频次 (plan-frequency.ts): per general item, the plan's frequency and the tasks that drew for it this year; none when absent. */
  readonly frequency?: readonly FrequencyUse[];
}

export interface ConfirmDraw {
  readonly type: 'ConfirmDraw';
  readonly confirmedOn: string;
}

export interface VoidDraw {
  readonly type: 'VoidDraw';
  readonly reasonCode: VoidReasonCode;
  readonly reason: string;
  /** The task's list is locked on this draw: it can no longer be voided. */
  readonly lockedByTask: boolean;
  readonly voidedOn: string;
}

export type DrawCommand = FreezePool | ContributeEntropy | ExecuteDraw | ConfirmDraw | VoidDraw;
