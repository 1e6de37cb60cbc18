/**
 * Inspector matchings as staff, the legal unit and the discipline unit read them (000 §18–19:
 * they supervise the draws): one document per task and department with the frozen pools and
 * every exclusion, the entropy, the groups as they stand, and the whole history of recusals and
 * replacements with reasons and approvers; and each inspector's assignments (workload). DOMAIN.md
 * publishes inspector draws in the annual summary (000 §26); until that summary exists these
 * views are for staff only.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, ReadChange, indexAdd, update } from '@app/read-store';
import type {
  Approver,
  ConsideredPerson,
  EntropyContribution,
  ExpertAssignment,
  FrozenExperts,
  FrozenTargetPool,
  InspectionGroup,
  MatchingEvent,
  MatchingPoolsFrozen,
  PersonExclusion,
  ReleaseCause,
} from '@app/domain';

export type MatchingHistoryEntry =
  | { kind: 'swap'; inspectorId: string; targetId: string; withInspectorId: string; withTargetId: string; reason: string; on: string; by: string }
  | { kind: 'withdrawal'; inspectorId: string; targetId: string; reason: string; on: string; by: string }
  | { kind: 'release'; inspectorId: string; targetId: string; cause: ReleaseCause; reason: string; approvedBy: Approver; on: string }
  | {
      kind: 'replacement';
      targetId: string;
      replacesInspectorId: string;
      inspectorId: string;
      n: number;
      stratum: string;
      poolHash: string;
      poolSize: number;
      seed: string;
      on: string;
    };

export interface MatchingView {
  taskId: string;
  departmentId: string;
  status: 'frozen' | 'matched';
  algorithm: string;
  candidatesPosition: string;
  drawableOn: string;
  includeSubordinates: boolean;
  neighbouring: MatchingPoolsFrozen['data']['neighbouring'];
  requirements: string[];
  considered: ConsideredPerson[];
  excluded: PersonExclusion[];
  targets: FrozenTargetPool[];
  experts: FrozenExperts | null;
  serverCommitment: string;
  contributions: EntropyContribution[];
  /** The groups as they stand now, in target order; empty until matched. */
  groups: (InspectionGroup & { drawnFrom: { stratum: string; poolHash: string; poolSize: number; load: number; seed: string } | null })[];
  expertAssignments: ExpertAssignment[];
  /** Recusals, releases and replacements in the order they happened (全程留痕). */
  history: MatchingHistoryEntry[];
  frozenOn: string;
  matchedOn: string | null;
}

export interface InspectorAssignment {
  taskId: string;
  /** The department whose matching it is. */
  matchingDepartmentId: string;
  targetId: string;
  role: 'leader' | 'member';
}

/** Each inspector's current assignments across all matchings. */
export interface InspectorWorkloadView {
  inspectorId: string;
  /** The inspector's unit when first assigned. */
  departmentId: string;
  assignments: InspectorAssignment[];
}

export const MATCHINGS = 'matchings';
export const INSPECTOR_WORKLOADS = 'inspector-workloads';
export const matchingId = (taskId: string, departmentId: string) => `${taskId}:${departmentId}`;
export const matchingsOfTask = (taskId: string) => `matchings:task:${taskId}`;
/** Inspectors of a department ever assigned, scored by their latest assignment. */
export const workloadsOfDepartment = (departmentId: string) => `inspector-workloads:dept:${departmentId}`;

const keyOf = (taskId: string, departmentId: string, targetId: string) => `${taskId}|${departmentId}|${targetId}`;

export const matchingsProjection: Projection = {
  name: 'matchings',
  eventTypes: [
    'MatchingPoolsFrozen',
    'MatchingEntropyContributed',
    'InspectorsMatched',
    'InspectorsSwappedOnRecusal',
    'InspectorWithdrewOnRecusal',
    'InspectorReleasedWithApproval',
    'ReplacementInspectorDrawn',
  ],
  project(recorded: RecordedEvent): ReadChange[] {
    const event = { type: recorded.type, data: recorded.data } as MatchingEvent;
    const { taskId, departmentId } = event.data;
    const id = matchingId(taskId, departmentId);
    const on = (view: (v: MatchingView) => MatchingView) => update<MatchingView>(MATCHINGS, id, (v) => v && view(v));
    const by = recorded.metadata.actorId;
    const score = Number(recorded.position.commit);
    switch (event.type) {
      case 'MatchingPoolsFrozen': {
        const d = event.data;
        return [
          update<MatchingView>(MATCHINGS, id, () => ({
            taskId,
            departmentId,
            status: 'frozen',
            algorithm: d.algorithm,
            candidatesPosition: d.candidatesPosition,
            drawableOn: d.drawableOn,
            includeSubordinates: d.includeSubordinates,
            neighbouring: d.neighbouring,
            requirements: d.requirements,
            considered: d.considered,
            excluded: d.excluded,
            targets: d.targets,
            experts: d.experts,
            serverCommitment: d.serverCommitment,
            contributions: [],
            groups: [],
            expertAssignments: [],
            history: [],
            frozenOn: d.frozenOn,
            matchedOn: null,
          })),
          indexAdd(matchingsOfTask(taskId), id, score),
        ];
      }
      case 'MatchingEntropyContributed':
        return [on((v) => ({ ...v, contributions: [...v.contributions, event.data.contribution] }))];
      case 'InspectorsMatched': {
        const { groups, experts, matchedOn } = event.data;
        return [
          // a version-2 matching records no sub-pool (verification recomputes it): null, as after a recusal
          on((v) => ({
            ...v,
            status: 'matched',
            groups: groups.map((g) => ({ ...g, drawnFrom: g.drawnFrom ?? null })),
            expertAssignments: experts,
            matchedOn,
          })),
          ...groups.flatMap((g) =>
            g.members.flatMap((m) =>
              assign(
                m.inspectorId,
                m.departmentId,
                { taskId, matchingDepartmentId: departmentId, targetId: g.targetId, role: roleIn(g, m.inspectorId) },
                score,
              ),
            ),
          ),
        ];
      }
      case 'InspectorsSwappedOnRecusal': {
        const d = event.data;
        const entry: MatchingHistoryEntry = {
          kind: 'swap',
          inspectorId: d.inspectorId,
          targetId: d.targetId,
          withInspectorId: d.withInspectorId,
          withTargetId: d.withTargetId,
          reason: d.reason,
          on: d.swappedOn,
          by,
        };
        return [
          on((v) => ({ ...v, groups: replaceGroups(v.groups, d.groups), history: [...v.history, entry] })),
          unassign(d.inspectorId, taskId, departmentId, d.targetId),
          unassign(d.withInspectorId, taskId, departmentId, d.withTargetId),
          ...d.groups.flatMap((g) =>
            g.members.flatMap((m) =>
              assign(
                m.inspectorId,
                m.departmentId,
                { taskId, matchingDepartmentId: departmentId, targetId: g.targetId, role: roleIn(g, m.inspectorId) },
                score,
              ),
            ),
          ),
        ];
      }
      case 'InspectorWithdrewOnRecusal': {
        const d = event.data;
        const entry: MatchingHistoryEntry = { kind: 'withdrawal', inspectorId: d.inspectorId, targetId: d.targetId, reason: d.reason, on: d.withdrawnOn, by };
        return [on((v) => ({ ...v, history: [...v.history, entry] })), unassign(d.inspectorId, taskId, departmentId, d.targetId)];
      }
      case 'InspectorReleasedWithApproval': {
        const d = event.data;
        const entry: MatchingHistoryEntry = {
          kind: 'release',
          inspectorId: d.inspectorId,
          targetId: d.targetId,
          cause: d.cause,
          reason: d.reason,
          approvedBy: d.approvedBy,
          on: d.releasedOn,
        };
        return [on((v) => ({ ...v, history: [...v.history, entry] })), unassign(d.inspectorId, taskId, departmentId, d.targetId)];
      }
      case 'ReplacementInspectorDrawn': {
        const d = event.data;
        const { stratum, poolHash, poolSize, seed } = d.drawnFrom;
        const entry: MatchingHistoryEntry = {
          kind: 'replacement',
          targetId: d.targetId,
          replacesInspectorId: d.replacesInspectorId,
          inspectorId: d.inspectorId,
          n: d.n,
          stratum,
          poolHash,
          poolSize,
          seed,
          on: d.drawnOn,
        };
        return [
          on((v) => ({ ...v, groups: replaceGroups(v.groups, [d.group]), history: [...v.history, entry] })),
          ...d.group.members.flatMap((m) =>
            assign(
              m.inspectorId,
              m.departmentId,
              { taskId, matchingDepartmentId: departmentId, targetId: d.targetId, role: roleIn(d.group, m.inspectorId) },
              score,
            ),
          ),
        ];
      }
    }
  },
};

const roleIn = (group: InspectionGroup, inspectorId: string): 'leader' | 'member' => (group.leaderId === inspectorId ? 'leader' : 'member');

/** A group replaced keeps the drawing record of the original draw only while its members are unchanged. */
function replaceGroups(current: MatchingView['groups'], changed: readonly InspectionGroup[]): MatchingView['groups'] {
  return current.map((g) => {
    const next = changed.find((c) => c.targetId === g.targetId);
    return next ? { ...next, drawnFrom: null } : g;
  });
}

/** Adds or updates (the role may change) the inspector's assignment to one target of one matching. */
function assign(inspectorId: string, departmentId: string, assignment: InspectorAssignment, score: number): ReadChange[] {
  const key = keyOf(assignment.taskId, assignment.matchingDepartmentId, assignment.targetId);
  return [
    update<InspectorWorkloadView>(INSPECTOR_WORKLOADS, inspectorId, (v) => {
      const current = v ?? { inspectorId, departmentId, assignments: [] };
      return { ...current, assignments: [...current.assignments.filter((a) => keyOf(a.taskId, a.matchingDepartmentId, a.targetId) !== key), assignment] };
    }),
    indexAdd(workloadsOfDepartment(departmentId), inspectorId, score),
  ];
}

function unassign(inspectorId: string, taskId: string, matchingDepartmentId: string, targetId: string): ReadChange {
  const key = keyOf(taskId, matchingDepartmentId, targetId);
  return update<InspectorWorkloadView>(
    INSPECTOR_WORKLOADS,
    inspectorId,
    (v) => v && { ...v, assignments: v.assignments.filter((a) => keyOf(a.taskId, a.matchingDepartmentId, a.targetId) !== key) },
  );
}
