/**
 * Who may be matched to a task's targets, as of a position in the log (000 §18, §20; 002 §21–23).
 * `applyCandidateEvent` folds the registry streams (departments, inspectors, experts,
 * checklists) into a `CandidateRegistry`; `computeMatchingPools` answers a matching's request
 * with the people considered, every exclusion with its reason, and each target's pool. The
 * freeze folds the log up to its head and records that position; verification folds the log
 * afresh up to the same position and must arrive at the same pools. Both run this code.
 *
 * Qualification rule (000 §20: 检查人员资格限制): the requirements are the union of the
 * `qualifications` of every checklist item of the task, each trimmed. An inspector meets a
 * requirement when it equals (exactly, after trimming) one of their specialties (专业特长) or
 * the name of one of their qualification certificates valid on the window's first day (no end
 * date, or an end date on or after it). A candidate must meet every requirement.
 *
 * The registry is mutated in place: it is folded from a long log once per freeze.
 */
import { ChecklistItem, ChecklistEvent } from '../checklist/checklist.events';
import { ConflictEvent, InspectorEvent, QualificationCertificate } from '../inspector/inspector.events';
import { InspectorState, inspectorDecider } from '../inspector/inspector.decider';
import { ExpertEvent } from '../inspector/expert.events';
import { ExpertState, expertDecider } from '../inspector/expert.decider';
import { isDrawable } from '../inspector/inspector.eligibility';
import { conflictsWith } from '../inspector/conflict-of-interest';
import { canonicalPool } from '../draw/draw-algorithm';
import { JointTaskAccepted, TaskDispatched, TaskItem, TaskListLocked, TaskSetUp } from '../task/task.events';
import { CandidateSource, ConsideredPerson, ExpertNeed, PersonExclusion } from './matching.events';

export interface InspectorFacts {
  state: InspectorState;
  specialties: string[];
  qualifications: QualificationCertificate[];
}

export interface CandidateRegistry {
  /** department → its superior (null for a province) */
  readonly departments: Map<string, string | null>;
  readonly inspectors: Map<string, InspectorFacts>;
  readonly experts: Map<string, ExpertState>;
  /** department → published checklist version → its items */
  readonly checklists: Map<string, Map<number, readonly ChecklistItem[]>>;
}

/** The streams whose events the registry folds; a reader of the log may skip every other one. */
export const CANDIDATE_STREAM_PREFIXES = ['department-', 'inspector-', 'expert-', 'checklist-'] as const;

export const emptyCandidateRegistry = (): CandidateRegistry => ({ departments: new Map(), inspectors: new Map(), experts: new Map(), checklists: new Map() });

const INSPECTOR_TYPES = new Set([
  'InspectorRegistered',
  'InspectorMovedToDepartment',
  'InspectorPostChanged',
  'InspectorQualificationsAmended',
  'EnforcementCertificateIssued',
  'EnforcementCertificateExpired',
  'EnforcementCertificateRevoked',
  'InspectorLeft',
]);
const EXPERT_TYPES = new Set(['ExpertJoinedPool', 'ExpertDetailsUpdated', 'ExpertLeftPool']);

/** Folds one event of the log into the registry; events of other kinds are ignored. */
export function applyCandidateEvent(registry: CandidateRegistry, event: { type: string; data: unknown }): void {
  const data = event.data as Record<string, unknown>;
  if (event.type === 'DepartmentRegistered') {
    registry.departments.set(data.departmentId as string, (data.parentId as string | null) ?? null);
  } else if (INSPECTOR_TYPES.has(event.type)) {
    applyInspector(registry, data.inspectorId as string, event as InspectorEvent);
  } else if (EXPERT_TYPES.has(event.type)) {
    applyExpert(registry, data.expertId as string, event as ExpertEvent);
  } else if (event.type === 'ConflictOfInterestDeclared' || event.type === 'ConflictOfInterestWithdrawn') {
    const conflict = event as ConflictEvent;
    if (conflict.data.personKind === 'inspector') applyInspector(registry, conflict.data.personId, conflict);
    else applyExpert(registry, conflict.data.personId, conflict);
  } else if (event.type === 'ChecklistVersionPublished') {
    const published = (event as Extract<ChecklistEvent, { type: 'ChecklistVersionPublished' }>).data;
    const versions = registry.checklists.get(published.departmentId) ?? new Map<number, readonly ChecklistItem[]>();
    versions.set(published.version, published.items);
    registry.checklists.set(published.departmentId, versions);
  }
}

function applyInspector(registry: CandidateRegistry, inspectorId: string, event: InspectorEvent): void {
  const current = registry.inspectors.get(inspectorId) ?? { state: inspectorDecider.initialState, specialties: [], qualifications: [] };
  const next: InspectorFacts = { ...current, state: inspectorDecider.evolve(current.state, event) };
  if (event.type === 'InspectorRegistered' || event.type === 'InspectorQualificationsAmended') {
    next.specialties = event.data.specialties.map((s) => s.trim());
    next.qualifications = event.data.qualifications;
  }
  registry.inspectors.set(inspectorId, next);
}

function applyExpert(registry: CandidateRegistry, expertId: string, event: ExpertEvent): void {
  registry.experts.set(expertId, expertDecider.evolve(registry.experts.get(expertId) ?? expertDecider.initialState, event));
}

/** The task as a matching needs it: its set-up, the locked list, and the dispatches. */
export interface MatchingTaskFacts {
  readonly setUp: TaskSetUp['data'] | null;
  readonly locked: TaskListLocked['data'] | null;
  readonly dispatches: readonly TaskDispatched['data'][];
  /** The joint departments' acceptances (004 §2(4)); absent in facts read before they existed. */
  readonly jointAcceptances?: readonly JointTaskAccepted['data'][];
}

export const taskFactsFrom = (events: readonly { type: string; data: unknown }[]): MatchingTaskFacts => ({
  setUp: (events.find((e) => e.type === 'TaskSetUp')?.data as TaskSetUp['data'] | undefined) ?? null,
  locked: (events.find((e) => e.type === 'TaskListLocked')?.data as TaskListLocked['data'] | undefined) ?? null,
  dispatches: events.filter((e) => e.type === 'TaskDispatched').map((e) => e.data as TaskDispatched['data']),
  jointAcceptances: events.filter((e) => e.type === 'JointTaskAccepted').map((e) => e.data as JointTaskAccepted['data']),
});

/**
 * The items a department's inspectors are matched for, and whose checklist states their
 * qualifications: the task's own, from the owner's checklist — or, for a joint department that
 * accepted the task, the items of its own checklist it inspects for (004 §2(4), §4(3)).
 */
export function matchingItemsFor(task: MatchingTaskFacts, departmentId: string): { checklistDepartmentId: string; items: readonly TaskItem[] } {
  const accepted = task.jointAcceptances?.find((a) => a.jointDepartmentId === departmentId);
  if (accepted) return { checklistDepartmentId: departmentId, items: accepted.items };
  return { checklistDepartmentId: task.setUp?.departmentId ?? departmentId, items: task.setUp?.items ?? [] };
}

/**
 * The locked targets a department matches people to. A department takes part when it executes
 * the task or joins it (004 §2(4)); it matches the targets dispatched to it, or — before any
 * dispatch to it — every locked target when the task is joint (each department matches its own
 * inspectors to the one list) or when it is the only executing department. Null: it must wait
 * for the dispatch.
 */
export function matchingTargets(task: MatchingTaskFacts, departmentId: string): { participates: boolean; targetIds: string[] | null } {
  const setUp = task.setUp;
  if (!setUp) return { participates: false, targetIds: null };
  const participates = setUp.executingDepartmentIds.includes(departmentId) || setUp.jointDepartmentIds.includes(departmentId);
  if (!participates || !task.locked) return { participates, targetIds: null };
  const dispatched = task.dispatches.filter((d) => d.executingDepartmentId === departmentId);
  if (dispatched.length > 0) return { participates, targetIds: canonicalPool([...new Set(dispatched.flatMap((d) => d.targetIds))]) };
  const wholeList = setUp.jointDepartmentIds.length > 0 || setUp.executingDepartmentIds.length === 1;
  return { participates, targetIds: wholeList ? canonicalPool(task.locked.targets.map((t) => t.targetId)) : null };
}

export interface MatchingPoolRequest {
  readonly departmentId: string;
  readonly includeSubordinates: boolean;
  readonly neighbouringDepartmentIds: readonly string[];
  /** The department whose checklist the task's items cite (the task's owner). */
  readonly checklistDepartmentId: string;
  readonly items: readonly TaskItem[];
  /** The window's first day. */
  readonly drawableOn: string;
  readonly targetIds: readonly string[];
  readonly experts: { readonly requested: boolean; readonly field: string | null; readonly appointedTargets: readonly string[] };
}

export interface ComputedTargetPool {
  readonly targetId: string;
  /** Canonical order. */
  readonly members: string[];
  readonly excluded: PersonExclusion[];
}

export interface ComputedMatchingPools {
  readonly requirements: string[];
  /** Task items not found in the cited published checklist version, as `itemId@version`. */
  readonly missingItems: string[];
  readonly considered: ConsideredPerson[];
  readonly excluded: PersonExclusion[];
  readonly targets: ComputedTargetPool[];
  readonly experts: {
    readonly need: ExpertNeed;
    readonly considered: ConsideredPerson[];
    readonly excluded: PersonExclusion[];
    readonly targets: ComputedTargetPool[];
  } | null;
}

export function computeMatchingPools(registry: CandidateRegistry, request: MatchingPoolRequest): ComputedMatchingPools {
  const versions = registry.checklists.get(request.checklistDepartmentId);
  const missingItems: string[] = [];
  const items: ChecklistItem[] = [];
  for (const { itemId, checklistVersion } of request.items) {
    const item = versions?.get(checklistVersion)?.find((i) => i.itemId === itemId);
    if (item) items.push(item);
    else missingItems.push(`${itemId}@${checklistVersion}`);
  }
  const requirements = [...new Set(items.flatMap((i) => i.qualifications.map((q) => q.trim())).filter((q) => q !== ''))].sort();
  const targetIds = canonicalPool([...request.targetIds]);
  const sourceOf = sourceFinder(registry, request);

  const considered: ConsideredPerson[] = [];
  const excluded: PersonExclusion[] = [];
  const eligible: { personId: string; state: InspectorState }[] = [];
  for (const inspectorId of canonicalPool([...registry.inspectors.keys()])) {
    const { state, specialties, qualifications } = registry.inspectors.get(inspectorId)!;
    if (state.status === 'unregistered') continue;
    const source = sourceOf(state.departmentId);
    if (!source) continue;
    considered.push({ personId: inspectorId, departmentId: state.departmentId, source });
    const drawability = isDrawable(state, request.drawableOn);
    if (!drawability.drawable) {
      excluded.push({ personId: inspectorId, reason: drawability.reason as PersonExclusion['reason'], detail: drawability.detail! });
      continue;
    }
    const held = new Set([
      ...specialties,
      ...qualifications.filter((q) => q.validUntil === null || q.validUntil >= request.drawableOn).map((q) => q.name.trim()),
    ]);
    const lacking = requirements.filter((r) => !held.has(r));
    if (lacking.length > 0) {
      excluded.push({ personId: inspectorId, reason: 'lacks-qualification', detail: `does not meet ${lacking.join(', ')} on ${request.drawableOn}` });
      continue;
    }
    eligible.push({ personId: inspectorId, state });
  }
  const targets = targetIds.map((targetId) => poolFor(targetId, eligible));

  const need: ExpertNeed | null = items.some((i) => i.methods.includes('sampling-testing'))
    ? 'sampling-testing'
    : request.experts.requested
      ? 'requested'
      : null;
  return { requirements, missingItems, considered, excluded, targets, experts: need ? { need, ...expertPools(registry, request, targetIds, sourceOf) } : null };
}

function expertPools(
  registry: CandidateRegistry,
  request: MatchingPoolRequest,
  targetIds: string[],
  sourceOf: (departmentId: string) => CandidateSource | null,
) {
  const considered: ConsideredPerson[] = [];
  const excluded: PersonExclusion[] = [];
  const eligible: { personId: string; state: ExpertState }[] = [];
  const field = request.experts.field?.trim() ?? null;
  for (const expertId of canonicalPool([...registry.experts.keys()])) {
    const state = registry.experts.get(expertId)!;
    if (state.status === 'unregistered') continue;
    const source = sourceOf(state.departmentId);
    if (!source) continue;
    considered.push({ personId: expertId, departmentId: state.departmentId, source });
    if (state.status === 'left') excluded.push({ personId: expertId, reason: 'left-pool', detail: `left the expert pool on ${state.leftOn}` });
    else if (field === null || !state.details.fields.map((f) => f.trim()).includes(field)) {
      excluded.push({
        personId: expertId,
        reason: 'field-mismatch',
        detail: `fields ${state.details.fields.join(', ')} do not include ${field ?? '(no field named)'}`,
      });
    } else eligible.push({ personId: expertId, state });
  }
  const appointed = new Set(request.experts.appointedTargets);
  return { considered, excluded, targets: targetIds.filter((t) => !appointed.has(t)).map((targetId) => poolFor(targetId, eligible)) };
}

/** The eligible people less those with a declared interest in the target (回避, 000 §18, 002 §23). */
function poolFor(targetId: string, eligible: readonly { personId: string; state: InspectorState | ExpertState }[]): ComputedTargetPool {
  const members: string[] = [];
  const excluded: PersonExclusion[] = [];
  for (const { personId, state } of eligible) {
    const conflict = conflictsWith(state, targetId);
    if (conflict) excluded.push({ personId, reason: 'conflict-of-interest', detail: `declared ${conflict.declaredOn}: ${conflict.reason}` });
    else members.push(personId);
  }
  return { targetId, members, excluded };
}

/** own unit, its subordinates when asked for (000 §18), named neighbouring areas; null: not a source. */
function sourceFinder(registry: CandidateRegistry, request: MatchingPoolRequest): (departmentId: string) => CandidateSource | null {
  const neighbours = new Set(request.neighbouringDepartmentIds);
  const isUnder = (departmentId: string): boolean => {
    let parent = registry.departments.get(departmentId) ?? null;
    while (parent !== null) {
      if (parent === request.departmentId) return true;
      parent = registry.departments.get(parent) ?? null;
    }
    return false;
  };
  return (departmentId) => {
    if (departmentId === request.departmentId) return 'own';
    if (request.includeSubordinates && isUnder(departmentId)) return 'subordinate';
    if (neighbours.has(departmentId)) return 'neighbouring';
    return null;
  };
}
