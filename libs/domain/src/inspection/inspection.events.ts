/**
 * One target's inspection under a task, from the pre-check to publication, objections and
 * corrections (DOMAIN.md, Inspection, report, publication: 000 §21–26, 002 §24–32).
 * Stream `inspection-<taskId>-<targetId>`; the first event names the executing department.
 * Dates are YYYY-MM-DD (China); deadlines are counted in working days from them (docs/deadlines.md).
 */
import { DomainEvent } from '../shared/decider';
import { InspectionMethod } from '../checklist/checklist.events';

/** 一对象一档案: files live elsewhere; their SHA-256 lives in the history (002 §32). */
export interface EvidenceReference {
  readonly name: string;
  readonly sha256: string;
  readonly mediaType: string;
}

/** The executing unit takes up a dispatched target (一对象一表单: one record per target, 002 §24). */
export type InspectionOpened = DomainEvent<'InspectionOpened', { taskId: string; targetId: string; departmentId: string; itemIds: string[]; openedOn: string }>;

/** 预查比对 — checked against internal systems before going on site (002 §25). */
export type PreCheckRecorded = DomainEvent<'PreCheckRecorded', { taskId: string; targetId: string; checkedOn: string; sources: string[]; notes: string }>;

/** On site: at least two inspectors, credentials shown, notice handed over, the target signs or refuses before a witness (002 §26). */
export type OnSiteInspectionRecorded = DomainEvent<
  'OnSiteInspectionRecorded',
  {
    taskId: string;
    targetId: string;
    inspectorIds: string[];
    credentialsShown: boolean;
    noticeDelivered: boolean;
    acknowledgement: { kind: 'signed'; signedBy: string } | { kind: 'refused'; witness: string };
    methods: InspectionMethod[];
    startedOn: string;
    endedOn: string;
    evidence: EvidenceReference[];
  }
>;

/** The result for one checklist item; sampling and testing may wait for a laboratory's result. */
export type ItemResultRecorded = DomainEvent<
  'ItemResultRecorded',
  {
    taskId: string;
    targetId: string;
    itemId: string;
    result: 'compliant' | 'non-compliant' | 'not-applicable' | 'awaiting-test';
    findings: string;
    evidence: EvidenceReference[];
    recordedOn: string;
  }
>;

/** 第三方检测 — a test result; the report clock starts when its objection period ends or the retest result is delivered (000 §21). */
export type TestResultRecorded = DomainEvent<
  'TestResultRecorded',
  {
    taskId: string;
    targetId: string;
    itemId: string;
    laboratory: string;
    conclusion: 'pass' | 'fail';
    deliveredOn: string;
    /** The day the report clock starts: the objection period's end, or the retest result's delivery. */
    settledOn: string;
    evidence: EvidenceReference[];
  }
>;

/** 002 §30: unreachable at the registered address, or deregistered/revoked before the deadline — not inspected, counted as completed. */
export type TargetFoundUnreachable = DomainEvent<
  'TargetFoundUnreachable',
  { taskId: string; targetId: string; reason: 'not-at-registered-address' | 'deregistered' | 'revoked'; recordedOn: string; evidence: EvidenceReference[] }
>;

/** 002 §30: the target moved; the inspection is handed to the new jurisdiction (recorded on both sides). */
export type InspectionHandedOver = DomainEvent<
  'InspectionHandedOver',
  { taskId: string; targetId: string; fromDepartmentId: string; toDepartmentId: string; handedOverOn: string }
>;

/**
 * 002 §30, the receiving side: the new jurisdiction takes the handed-over inspection up and is the
 * executing department of this stream from then on (the same record continues: one form per
 * target, 一对象一表单).
 */
export type InspectionTakenOver = DomainEvent<
  'InspectionTakenOver',
  { taskId: string; targetId: string; fromDepartmentId: string; departmentId: string; takenOverOn: string }
>;

/** The report: time, content, findings, evaluation, handling opinion (000 §21). `concludedOn` is the day the inspection ended. */
export type InspectionReported = DomainEvent<
  'InspectionReported',
  {
    taskId: string;
    targetId: string;
    departmentId: string;
    reportedOn: string;
    concludedOn: string;
    content: string;
    findings: string;
    evaluation: string;
    handlingOpinion: string;
    /** False when nothing was found: lower levels may then not draw the target for six months (001 §2(2)1). */
    foundProblems: boolean;
  }
>;

/** The result fed back to the target, directly or by post (000 §22). */
export type FeedbackDelivered = DomainEvent<'FeedbackDelivered', { taskId: string; targetId: string; channel: 'direct' | 'post'; deliveredOn: string }>;

/** Report and feedback entered into the system (000 §23). */
export type ResultsEntered = DomainEvent<'ResultsEntered', { taskId: string; targetId: string; enteredOn: string }>;

/** Violations to the case-handling unit (administrative penalty), crimes to the judiciary (000 §25, 002 §31). */
export type ViolationReferred = DomainEvent<
  'ViolationReferred',
  { taskId: string; targetId: string; to: 'case-handling' | 'judiciary'; referenceNumber: string; referredOn: string }
>;

export type InspectionEvent =
  | InspectionOpened
  | PreCheckRecorded
  | OnSiteInspectionRecorded
  | ItemResultRecorded
  | TestResultRecorded
  | TargetFoundUnreachable
  | InspectionHandedOver
  | InspectionTakenOver
  | InspectionReported
  | FeedbackDelivered
  | ResultsEntered
  | ViolationReferred;

export const inspectionStream = (taskId: string, targetId: string) => `inspection-${taskId}-${targetId}`;
