/**
 * 随机选派执法检查人员 — matching inspectors (and experts) to the locked targets of a task
 * (DOMAIN.md, The double draw → Inspectors: 000 §18, §20; 002 §21–23). Stream
 * `matching-<taskId>-<departmentId>`: a joint task has one matching per participating
 * department, each drawing its own people. The protocol mirrors the target draw: the candidate
 * pools are frozen and published before any randomness exists, witnesses contribute entropy
 * after the freeze, the server's committed value is revealed when the groups are drawn, and
 * every later change (recusal, replacement) is an event with its reason and, where 002 §23 asks
 * for it, its approver. docs/draw-algorithm.md, "Inspector matching", says how to re-run it.
 */
import { DomainEvent } from '../shared/decider';
import { Role } from '../shared/actor';
import { EntropyContribution } from '../draw/draw-algorithm';

/** Where a candidate comes from: the unit itself, a subordinate (000 §18), or a neighbouring area matched jointly because the unit is short. */
export type CandidateSource = 'own' | 'subordinate' | 'neighbouring';

export interface ConsideredPerson {
  readonly personId: string;
  /** The person's unit as of the freeze's log position. */
  readonly departmentId: string;
  readonly source: CandidateSource;
}

/** Why a person considered is not in a pool; every exclusion carries one. */
export type PersonExclusionReason =
  /** inspectors, from `isDrawable` on the window's first day (000 §12, §18; 002 §22) */
  | 'left'
  | 'no-certificate'
  | 'certificate-revoked'
  | 'certificate-not-yet-valid'
  | 'certificate-expired'
  /** the checklist items' 检查人员资格限制 are not all met (000 §20) */
  | 'lacks-qualification'
  /** a declared interest in the target (回避, 000 §18, 002 §23) */
  | 'conflict-of-interest'
  /** experts */
  | 'left-pool'
  | 'field-mismatch';

export interface PersonExclusion {
  readonly personId: string;
  readonly reason: PersonExclusionReason;
  readonly detail: string;
}

/** One target's candidate pool as published at the freeze: the considered people less the task-wide and the target's own exclusions. */
export interface FrozenTargetPool {
  readonly targetId: string;
  readonly poolHash: string;
  readonly poolSize: number;
  /** Exclusions that apply to this target only (conflicts of interest). */
  readonly excluded: PersonExclusion[];
}

/** Why experts take part: an item is inspected by sampling and testing, or the command asked for them. */
export type ExpertNeed = 'sampling-testing' | 'requested';

export interface ExpertAppointment {
  readonly targetId: string;
  readonly expertId: string;
  /** Why the expert is appointed directly instead of drawn (DOMAIN.md: 直接指定). */
  readonly reason: string;
}

export interface FrozenExperts {
  readonly need: ExpertNeed;
  /** The field (专业领域) drawn experts must cover; null when every target has an appointed expert. */
  readonly field: string | null;
  readonly considered: ConsideredPerson[];
  readonly excluded: PersonExclusion[];
  /** Pools of the targets whose expert is drawn. */
  readonly targets: FrozenTargetPool[];
  readonly appointments: ExpertAppointment[];
}

export type MatchingPoolsFrozen = DomainEvent<
  'MatchingPoolsFrozen',
  {
    taskId: string;
    departmentId: string;
    algorithm: string;
    /** The log position the candidates were computed at: anyone can recompute them from the log up to here. */
    candidatesPosition: string;
    /** The first day of the task's window: certificates and qualifications must be valid on it. */
    drawableOn: string;
    includeSubordinates: boolean;
    /** Neighbouring areas matched jointly because the unit is short (DOMAIN.md), or null. */
    neighbouring: { departmentIds: string[]; reason: string; shortTargets: string[] } | null;
    /** Every qualification requirement of the task's checklist items, each of which a candidate must meet. */
    requirements: string[];
    groupSize: number;
    considered: ConsideredPerson[];
    /** Exclusions that apply to every target (certificates, qualifications). */
    excluded: PersonExclusion[];
    targets: FrozenTargetPool[];
    experts: FrozenExperts | null;
    /** SHA-256 of the server's secret for this matching, revealed when the groups are drawn. */
    serverCommitment: string;
    frozenOn: string;
  }
>;

export type MatchingEntropyContributed = DomainEvent<'MatchingEntropyContributed', { taskId: string; departmentId: string; contribution: EntropyContribution }>;

/** The sub-pool one random selection ran over: the least-loaded candidates (see the algorithm). */
export interface DrawnFrom {
  readonly stratum: string;
  readonly poolHash: string;
  readonly poolSize: number;
  /** The highest assignment count admitted into the sub-pool. */
  readonly load: number;
  /** The combined seed, hex. */
  readonly seed: string;
}

export interface GroupMember {
  readonly inspectorId: string;
  readonly departmentId: string;
}

/** An inspection group: at least two inspectors, one of them the leader (组长, 002 §21). */
export interface InspectionGroup {
  readonly targetId: string;
  readonly leaderId: string;
  readonly members: GroupMember[];
}

/**
 * A group as an InspectorsMatched records it. Version 1 also recorded the sub-pool each group was
 * drawn from; verification recomputes it from the frozen pools and the entropy, and at about 250
 * bytes a target it made the matching of a few thousand targets outgrow a store's largest write, so
 * version 2 records the group alone.
 */
export interface DrawnGroup extends InspectionGroup {
  readonly drawnFrom?: DrawnFrom;
}

export interface ExpertAssignment {
  readonly targetId: string;
  readonly expertId: string;
  readonly how: 'drawn' | 'appointed';
  /** The appointment's reason; null when drawn. */
  readonly reason: string | null;
  /** The sub-pool a drawn expert came from, on matchings recorded as version 1 only (see DrawnGroup); null when appointed. */
  readonly drawnFrom?: DrawnFrom | null;
}

export type InspectorsMatched = DomainEvent<
  'InspectorsMatched',
  { taskId: string; departmentId: string; entropyKinds: string[]; groups: DrawnGroup[]; experts: ExpertAssignment[]; matchedOn: string }
>;

/** 回避 by swapping: the recusing inspector and another drawn inspector exchange places, leadership included (000 §18, 002 §23). */
export type InspectorsSwappedOnRecusal = DomainEvent<
  'InspectorsSwappedOnRecusal',
  {
    taskId: string;
    departmentId: string;
    inspectorId: string;
    targetId: string;
    withInspectorId: string;
    withTargetId: string;
    reason: string;
    /** Both groups as they stand after the swap. */
    groups: InspectionGroup[];
    swappedOn: string;
  }
>;

/** 回避 by withdrawing; a replacement is drawn in the same command (000 §18, 002 §23). */
export type InspectorWithdrewOnRecusal = DomainEvent<
  'InspectorWithdrewOnRecusal',
  { taskId: string; departmentId: string; inspectorId: string; targetId: string; reason: string; withdrawnOn: string }
>;

/** 岗位变动, 工作冲突, 身体原因 — the only grounds on which a drawn inspector is replaced (002 §23). */
export const RELEASE_CAUSES = ['post-change', 'work-conflict', 'health'] as const;
export type ReleaseCause = (typeof RELEASE_CAUSES)[number];

export interface Approver {
  readonly actorId: string;
  readonly role: Role;
  readonly unit: string;
}

/** A drawn inspector released on one of 002 §23's grounds, with the executing unit's approval. */
export type InspectorReleasedWithApproval = DomainEvent<
  'InspectorReleasedWithApproval',
  { taskId: string; departmentId: string; inspectorId: string; targetId: string; cause: ReleaseCause; reason: string; approvedBy: Approver; releasedOn: string }
>;

export type ReplacementInspectorDrawn = DomainEvent<
  'ReplacementInspectorDrawn',
  {
    taskId: string;
    departmentId: string;
    targetId: string;
    replacesInspectorId: string;
    inspectorId: string;
    /** The n-th replacement drawn for this target, from 1; part of the stratum. */
    n: number;
    drawnFrom: DrawnFrom;
    group: InspectionGroup;
    drawnOn: string;
  }
>;

export type MatchingEvent =
  | MatchingPoolsFrozen
  | MatchingEntropyContributed
  | InspectorsMatched
  | InspectorsSwappedOnRecusal
  | InspectorWithdrewOnRecusal
  | InspectorReleasedWithApproval
  | ReplacementInspectorDrawn;

export const matchingStream = (taskId: string, departmentId: string) => `matching-${taskId}-${departmentId}`;
