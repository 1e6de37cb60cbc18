import { ComputedMatchingPools } from './candidates';
import { Approver, ReleaseCause } from './matching.events';

/** Where an appointed expert stands, as the handler found it in the log. */
export type AppointedExpertStanding = 'in-pool' | 'unknown' | 'left-pool' | 'conflict-of-interest';

export interface FreezeMatchingPools {
  readonly type: 'FreezeMatchingPools';
  readonly taskId: string;
  readonly departmentId: string;
  /** The task as found in the log: its list locked, this department taking part, its targets (null: not dispatched to it yet). */
  readonly task: {
    readonly known: boolean;
    readonly locked: boolean;
    readonly participates: boolean;
    readonly targetIds: readonly string[] | null;
    readonly drawableOn: string | null;
  };
  readonly includeSubordinates: boolean;
  readonly neighbouring: { readonly departmentIds: readonly string[]; readonly reason: string } | null;
  /** Named neighbouring departments that are not registered. */
  readonly unknownDepartments: readonly string[];
  readonly pools: ComputedMatchingPools;
  /** Targets with fewer than a group's worth of candidates when no neighbouring area is counted. */
  readonly shortWithoutNeighbours: readonly string[];
  readonly experts: {
    readonly requested: boolean;
    readonly field: string | null;
    readonly appointments: readonly {
      readonly targetId: string;
      readonly expertId: string;
      readonly reason: string;
      readonly standing: AppointedExpertStanding;
    }[];
  };
  readonly candidatesPosition: string;
  readonly serverCommitment: string;
  readonly frozenOn: string;
}

export interface ContributeMatchingEntropy {
  readonly type: 'ContributeMatchingEntropy';
  /** Who typed the value in, e.g. '公证员 张某'. */
  readonly label: string;
  readonly value: string;
}

export interface MatchInspectors {
  readonly type: 'MatchInspectors';
  /** The server's secret, whose SHA-256 was committed at the freeze. */
  readonly serverSecret: string;
  readonly matchedOn: string;
}

export interface RecuseBySwap {
  readonly type: 'RecuseBySwap';
  readonly inspectorId: string;
  readonly targetId: string;
  readonly withInspectorId: string;
  readonly withTargetId: string;
  readonly reason: string;
  /** Conflicts of interest the two inspectors have declared as of now, as the handler found them. */
  readonly declaredConflicts: ReadonlyMap<string, readonly string[]>;
  readonly onSiteRecorded: OnSiteRecorded;
  readonly today: string;
}

/**
 * The targets named by a recusal or replacement whose on-site inspection is already recorded,
 * with the day it started: the group that inspected a target can no longer change (000 §18, 002 §23).
 */
export type OnSiteRecorded = ReadonlyMap<string, string>;

export interface RecuseByWithdrawal {
  readonly type: 'RecuseByWithdrawal';
  readonly inspectorId: string;
  readonly targetId: string;
  readonly reason: string;
  readonly onSiteRecorded: OnSiteRecorded;
  readonly today: string;
}

export interface ReplaceWithApproval {
  readonly type: 'ReplaceWithApproval';
  readonly inspectorId: string;
  readonly targetId: string;
  readonly cause: ReleaseCause;
  readonly reason: string;
  /** Who is acting; only a unit-head of the executing department can approve (002 §23). */
  readonly approver: Approver;
  readonly onSiteRecorded: OnSiteRecorded;
  readonly today: string;
}

export type MatchingCommand = FreezeMatchingPools | ContributeMatchingEntropy | MatchInspectors | RecuseBySwap | RecuseByWithdrawal | ReplaceWithApproval;
