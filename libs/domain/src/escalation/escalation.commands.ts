import { Role } from '../shared/actor';
import { Duty, WorkingDayCounter } from '../deadlines/duties';

/** Who is acting, and where they stand relative to the duty's department: outside facts the handler reads from the log. */
export interface EscalationAuthority {
  /** The department or business unit the actor acts for. */
  readonly actingUnit: string;
  readonly role: Role;
  /** The answerable department's superiors, nearest first. */
  readonly superiorsOfAnswerable: readonly string[];
  /** When the acting unit is a discipline-inspection unit (纪检), the department it belongs to; otherwise null. */
  readonly disciplineUnitOf: string | null;
}

interface EscalationCommandBase {
  readonly dutyId: string;
  /** The duty as deriveDuties names it from its streams now; null when no such duty has started. */
  readonly duty: Duty | null;
  /** The working-day calendar with the schedules published so far, as assessDuty counts with it. */
  readonly calendar: WorkingDayCounter;
  /** Today in China, from the handler's clock: the day the act is taken and the duty assessed. */
  readonly actedOn: string;
  readonly authority: EscalationAuthority;
}

/** 怠政督办 */
export interface OrderDutySupervision extends EscalationCommandBase {
  readonly type: 'OrderDutySupervision';
  readonly instruction: string;
}

/** 失职问责 */
export interface PursueAccountability extends EscalationCommandBase {
  readonly type: 'PursueAccountability';
  readonly reason: string;
}

export type EscalationCommand = OrderDutySupervision | PursueAccountability;
