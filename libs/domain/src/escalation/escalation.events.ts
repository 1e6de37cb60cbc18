/**
 * The escalation ladder as recorded acts (003 §3(4); DOMAIN.md, Oversight and assessment):
 * 怠政督办 — supervision ordered on a duty that is overdue, and 失职问责 — accountability pursued
 * for a duty closed late or still overdue. `assessDuty` only computes the rung; these events are
 * what a superior department, a discipline-inspection unit or an oversight unit actually did about
 * it, so the trace shows who was told, by whom, when and why (全程留痕、责任可溯).
 *
 * Stream `duty-escalation-<dutyId>`: one per duty. The rules (one act of each kind per duty, the
 * duty's own state) are about one duty alone, so a per-duty stream is the whole consistency
 * boundary; a per-department stream would serialise every act across the department and grow
 * without end, and the duty's own streams (inspection, result, task) belong to the department
 * supervised, whose commands an oversight act must not contend with or alter.
 */
import { DomainEvent } from '../shared/decider';
import { CalendarDutyKind } from '../deadlines/calendar-duties';
import { DutyKind } from '../deadlines/duties';

/** What both acts record about the duty, as `deriveDuties` names it on the day of the act. */
export interface EscalatedDuty {
  /** `<kind>:<taskId>:<targetId>[:<suffix>]`, as deriveDuties names it. */
  dutyId: string;
  kind: DutyKind | CalendarDutyKind;
  /** The clause that sets the deadline, e.g. `000 §21`. */
  clause: string;
  /** null for a department's dated duty of a year (calendar-duties.ts). */
  taskId: string | null;
  /** null for a dated duty. */
  targetId: string | null;
  /** The department answerable for the duty. */
  departmentId: string;
  /** The people answerable (the duty's `responsible`): those the act is addressed to. */
  responsible: string[];
  startedOn: string;
  dueOn: string;
  /** The day the duty was closed, null while it is still open. */
  closedOn: string | null;
  /** The due date was counted through a year without an official holiday schedule. */
  provisional: boolean;
  /** The department or unit that acted (the envelope names the person). */
  actingDepartmentId: string;
}

/** 怠政督办 — a superior or oversight unit orders the answerable department to finish an overdue duty. */
export type DutySupervisionOrdered = DomainEvent<
  'DutySupervisionOrdered',
  EscalatedDuty & {
    orderedOn: string;
    /** What the answerable people are told to do, and by when. */
    instruction: string;
  }
>;

/** 失职问责 — accountability pursued for a duty missed: closed after its deadline, or still overdue. */
export type AccountabilityPursued = DomainEvent<
  'AccountabilityPursued',
  EscalatedDuty & {
    pursuedOn: string;
    /** The rung the duty stood on that day: `closed-late` or `overdue`. */
    ladderState: 'closed-late' | 'overdue';
    /** Why, and what follows (e.g. a written self-examination, a referral to the discipline unit). */
    reason: string;
  }
>;

export type EscalationEvent = DutySupervisionOrdered | AccountabilityPursued;

export const ESCALATION_STREAM_PREFIX = 'duty-escalation-';
export const escalationStream = (dutyId: string) => `${ESCALATION_STREAM_PREFIX}${dutyId}`;
