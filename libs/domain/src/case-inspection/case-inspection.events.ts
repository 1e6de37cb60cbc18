/**
 * 非随机检查 — inspections outside the random regime (000 §11, 002 §2): prompted by a complaint
 * or tip-off (投诉举报), referred or assigned by another authority (转办、交办), or an emergency
 * (突发事件). They are recorded so the whole of a target's supervision is on the record, but they
 * use none of its random-inspection quota, and complaints feed the draw's "many complaints"
 * exemption (002 §15). Stream `case-inspection-<inspectionId>`.
 */
import { DomainEvent } from '../shared/decider';

export const CASE_TRIGGERS = ['complaint', 'tip-off', 'referral', 'assignment', 'emergency'] as const;
export type CaseTrigger = (typeof CASE_TRIGGERS)[number];

/** The triggers that count as complaints about the target for 002 §15. */
export const COMPLAINT_TRIGGERS: readonly CaseTrigger[] = ['complaint', 'tip-off'];

export type NonRandomInspectionRecorded = DomainEvent<
  'NonRandomInspectionRecorded',
  {
    inspectionId: string;
    /** The department that inspected. */
    departmentId: string;
    targetId: string;
    trigger: CaseTrigger;
    /** Where it came from: the complaint's work-order number, the referring document, … */
    source: string;
    inspectedOn: string;
    findings: string;
    foundProblems: boolean;
    recordedOn: string;
  }
>;

export type CaseInspectionEvent = NonRandomInspectionRecorded;

export const caseInspectionStream = (inspectionId: string) => `case-inspection-${inspectionId}`;
