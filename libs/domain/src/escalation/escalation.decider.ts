/**
 * The ladder's acts (003 §3(4)): 督办 on a duty overdue on the day of the act, 问责 on a duty
 * closed after its deadline or still overdue; each at most once per duty; taken only by a
 * superior of the answerable department, a discipline-inspection unit of it or of a superior, or
 * an oversight unit (DOMAIN.md, Oversight and assessment; 002 §36 尽职照单免责、失职照单问责: a duty
 * done on time is never held to account). The rung is read with `assessDuty` and the working-day
 * calendar the command brings, exactly as the deadline queries read it.
 */
import { Decider, assertNever } from '../shared/decider';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { Duty, LadderState, assessDuty } from '../deadlines/duties';
import { EscalationAuthority, EscalationCommand } from './escalation.commands';
import { EscalatedDuty, EscalationEvent } from './escalation.events';

export interface EscalationState {
  /** The day 督办 was ordered on this duty, null before. */
  readonly supervisedOn: string | null;
  /** The day 问责 was pursued for this duty, null before. */
  readonly accountabilityOn: string | null;
}

const initialState: EscalationState = { supervisedOn: null, accountabilityOn: null };

/**
 * A superior department supervises its subordinates (上级督办); a discipline-inspection unit (纪检)
 * those of its own department and below; an oversight unit every department. The answerable
 * department never escalates its own duty.
 */
export function mayEscalate(departmentId: string, authority: EscalationAuthority): boolean {
  if (authority.role === 'oversight') return true;
  if (authority.superiorsOfAnswerable.includes(authority.actingUnit)) return true;
  const discipline = authority.disciplineUnitOf;
  return discipline !== null && (discipline === departmentId || authority.superiorsOfAnswerable.includes(discipline));
}

const ACT_NAMES = { OrderDutySupervision: '督办 (supervision)', PursueAccountability: '问责 (accountability)' } as const;

function decide(command: EscalationCommand, state: EscalationState): EscalationEvent[] {
  const text = (command.type === 'OrderDutySupervision' ? command.instruction : command.reason).trim();
  const textField = command.type === 'OrderDutySupervision' ? 'instruction' : 'reason';
  if (!text) throw new ValidationError(`${textField} must say what is required and why`, textField);
  const duty = command.duty;
  if (!duty || duty.dutyId !== command.dutyId) throw new NotFoundError(`no duty ${command.dutyId} has started`, 'dutyId');
  if (duty.departmentId === null) throw new IllegalStateError(`no record names the department answerable for ${duty.dutyId} yet`, 'dutyId');
  if (!mayEscalate(duty.departmentId, command.authority)) {
    throw new ForbiddenError(
      `${command.authority.actingUnit} is neither a superior of ${duty.departmentId}, nor a discipline-inspection unit of it or above, nor an oversight unit (003 §3(4))`,
    );
  }
  const already = command.type === 'OrderDutySupervision' ? state.supervisedOn : state.accountabilityOn;
  if (already !== null) throw new IllegalStateError(`${ACT_NAMES[command.type]} on ${duty.dutyId} was already recorded on ${already}`, 'dutyId');
  const assessment = assessDuty(duty, command.calendar, command.actedOn);
  if (!assessment) throw new IllegalStateError(`${duty.dutyId} starts on ${duty.startedOn}, after ${command.actedOn}`, 'dutyId');
  const allowed: readonly LadderState[] = command.type === 'OrderDutySupervision' ? ['overdue'] : ['overdue', 'closed-late'];
  if (!allowed.includes(assessment.state)) {
    const rule = command.type === 'OrderDutySupervision' ? '督办 is for a duty overdue' : '问责 is for a duty closed late or still overdue';
    throw new IllegalStateError(`${duty.dutyId} (due ${assessment.dueOn}) is ${assessment.state} on ${command.actedOn}: ${rule} (003 §3(4))`, 'dutyId');
  }
  const recorded = escalated(duty, duty.departmentId, assessment.dueOn, assessment.provisional, command.authority.actingUnit);
  switch (command.type) {
    case 'OrderDutySupervision':
      return [{ type: 'DutySupervisionOrdered', data: { ...recorded, orderedOn: command.actedOn, instruction: text } }];
    case 'PursueAccountability':
      return [
        {
          type: 'AccountabilityPursued',
          data: { ...recorded, pursuedOn: command.actedOn, ladderState: assessment.state as 'closed-late' | 'overdue', reason: text },
        },
      ];
    default:
      return assertNever(command);
  }
}

function escalated(duty: Duty, departmentId: string, dueOn: string, provisional: boolean, actingDepartmentId: string): EscalatedDuty {
  const { dutyId, kind, clause, taskId, targetId, startedOn, closedOn } = duty;
  return {
    dutyId,
    kind,
    clause,
    taskId,
    targetId,
    departmentId,
    responsible: [...duty.responsible],
    startedOn,
    dueOn,
    closedOn,
    provisional,
    actingDepartmentId,
  };
}

function evolve(state: EscalationState, event: EscalationEvent): EscalationState {
  switch (event.type) {
    case 'DutySupervisionOrdered':
      return { ...state, supervisedOn: event.data.orderedOn };
    case 'AccountabilityPursued':
      return { ...state, accountabilityOn: event.data.pursuedOn };
    default:
      return assertNever(event);
  }
}

export const escalationDecider: Decider<EscalationState, EscalationCommand, EscalationEvent> = { initialState, decide, evolve };
