import { InspectionMethod } from '../checklist/checklist.events';
import { EvidenceReference, ItemResultRecorded, OnSiteInspectionRecorded, TargetFoundUnreachable } from './inspection.events';

/** What the task's own stream says about this target for the opening department: an outside fact the handler loads. */
export interface DispatchFacts {
  /** The task's checklist items (TaskSetUp), each of which gets a result on the form. */
  readonly itemIds: readonly string[];
  /** Every target the task dispatched (TaskDispatched) to the opening department. */
  readonly dispatchedTargetIds: readonly string[];
}

export interface OpenInspection {
  readonly type: 'OpenInspection';
  readonly taskId: string;
  readonly targetId: string;
  /** The executing department opening the record. */
  readonly departmentId: string;
  /** YYYY-MM-DD */
  readonly openedOn: string;
  /** null when the task is not set up. */
  readonly task: DispatchFacts | null;
}

export interface RecordPreCheck {
  readonly type: 'RecordPreCheck';
  readonly checkedOn: string;
  readonly sources: readonly string[];
  readonly notes: string;
}

/** A named inspector as the registry knows them: for a record whose department has no matched group for the target. */
export interface RegisteredInspectorFacts {
  readonly departmentId: string;
  readonly active: boolean;
  /** A conflict of interest with this record's target the inspector has declared and not withdrawn (000 §18). */
  readonly conflictWithTarget: { readonly declaredOn: string; readonly reason: string } | null;
}

export interface RecordOnSiteInspection {
  readonly type: 'RecordOnSiteInspection';
  readonly inspectorIds: readonly string[];
  readonly credentialsShown: boolean;
  readonly noticeDelivered: boolean;
  readonly acknowledgement: OnSiteInspectionRecorded['data']['acknowledgement'];
  readonly methods: readonly InspectionMethod[];
  readonly startedOn: string;
  readonly endedOn: string;
  readonly evidence: readonly EvidenceReference[];
  /**
   * The group matched to this target by the executing department's matching of the task
   * (`matching-<taskId>-<departmentId>`, after recusals and replacements); null when there is none.
   */
  readonly matchedInspectorIds: readonly string[] | null;
  /**
   * A joint task (004 §2(4)): the group each other department of the task matched to this target
   * (null: it has matched none yet). One visit with every department on one record: each is
   * represented by someone of its own group. Absent or empty for a task of one department.
   */
  readonly jointGroups?: readonly { readonly departmentId: string; readonly inspectorIds: readonly string[] | null }[];
  /** Each named inspector in the registry, null when not registered. */
  readonly registry: Readonly<Record<string, RegisteredInspectorFacts | null>>;
}

export interface RecordItemResult {
  readonly type: 'RecordItemResult';
  readonly itemId: string;
  readonly result: ItemResultRecorded['data']['result'];
  readonly findings: string;
  readonly evidence: readonly EvidenceReference[];
  readonly recordedOn: string;
}

export interface RecordTestResult {
  readonly type: 'RecordTestResult';
  readonly itemId: string;
  readonly laboratory: string;
  readonly conclusion: 'pass' | 'fail';
  readonly deliveredOn: string;
  readonly settledOn: string;
  readonly evidence: readonly EvidenceReference[];
}

/** The target as the registry knows it today: an outside fact for the special outcomes of 002 §30. */
export interface TargetRegistryFacts {
  /** The department maintaining the target now (moved by transfers). */
  readonly departmentId: string;
  readonly deregistered: boolean;
  readonly revoked: boolean;
}

export interface RecordTargetUnreachable {
  readonly type: 'RecordTargetUnreachable';
  readonly reason: TargetFoundUnreachable['data']['reason'];
  readonly recordedOn: string;
  readonly evidence: readonly EvidenceReference[];
  /** null when the target is not registered. */
  readonly target: TargetRegistryFacts | null;
}

export interface HandOverInspection {
  readonly type: 'HandOverInspection';
  readonly toDepartmentId: string;
  readonly handedOverOn: string;
  /** Whether the receiving department is registered. */
  readonly toDepartmentRegistered: boolean;
  readonly target: TargetRegistryFacts | null;
}

export interface TakeOverInspection {
  readonly type: 'TakeOverInspection';
  /** The department taking the inspection up. */
  readonly departmentId: string;
  readonly takenOverOn: string;
}

export interface ReportInspection {
  readonly type: 'ReportInspection';
  readonly reportedOn: string;
  readonly content: string;
  readonly findings: string;
  readonly evaluation: string;
  readonly handlingOpinion: string;
  readonly foundProblems: boolean;
}

export interface DeliverFeedback {
  readonly type: 'DeliverFeedback';
  readonly channel: 'direct' | 'post';
  readonly deliveredOn: string;
}

export interface EnterResults {
  readonly type: 'EnterResults';
  readonly enteredOn: string;
}

export interface ReferViolation {
  readonly type: 'ReferViolation';
  readonly to: 'case-handling' | 'judiciary';
  readonly referenceNumber: string;
  readonly referredOn: string;
}

export type InspectionCommand =
  | OpenInspection
  | RecordPreCheck
  | RecordOnSiteInspection
  | RecordItemResult
  | RecordTestResult
  | RecordTargetUnreachable
  | HandOverInspection
  | TakeOverInspection
  | ReportInspection
  | DeliverFeedback
  | EnterResults
  | ReferViolation;
