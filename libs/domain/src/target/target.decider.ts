/**
 * The target registry (检查对象名录库, 000 §13–14, 002 §10, 003 §2(1)): one stream per target,
 * maintained by the jurisdiction that owns it (谁管辖、谁维护). Status changes that later draw
 * rules depend on — credit grade, abnormal list, serious-violation list, penalties, trustworthy,
 * deregistered, revoked, moved — are each an event with their effective date and source.
 *
 * Transitions refused as nonsense (IllegalStateError):
 * - anything after deregistration (注销): the subject no longer exists; a deregistered target is
 *   not inspected (002 §30), so nothing can be drawn from or recorded on it any more;
 * - after revocation (吊销) only what can still happen to a revoked subject: deregistration,
 *   credit grading, penalties, serious-violation listing in and out, and removal from the
 *   abnormal list; not detail changes, abnormal listing, a trustworthy mark, a move or enrolment;
 * - listing on a list it is already on, removing from a list it is not on, a second mark or a
 *   removal of a mark it does not have, a penalty decision recorded twice;
 * - a trustworthy mark while on the abnormal list or the serious-violation list (守信 and 失信
 *   exclude each other).
 */
import { Decider, assertNever } from '../shared/decider';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { TargetCommand, TargetStatusCommand } from './target.commands';
import { CreditGrade, TargetEvent } from './target.events';
import { TargetDetails, checkTargetRecord, detailChanges, RawTargetRecord, targetIdOf } from './target-record';

export type TargetState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly targetId: string;
      readonly departmentId: string;
      readonly details: TargetDetails;
      readonly creditGrade: CreditGrade | null;
      readonly abnormal: boolean;
      readonly seriousViolation: boolean;
      readonly penaltyDecisions: readonly string[];
      readonly trustworthy: boolean;
      readonly revoked: boolean;
      readonly deregistered: boolean;
      readonly subRegistries: readonly string[];
    };
type Registered = Extract<TargetState, { status: 'registered' }>;

const initialState: TargetState = { status: 'unregistered' };

/** What may still be recorded on a revoked target. */
const ALLOWED_AFTER_REVOCATION: readonly TargetCommand['type'][] = [
  'RecordTargetDeregistration',
  'GradeTargetCredit',
  'RecordTargetPenalty',
  'ListTargetAsSeriousViolator',
  'RemoveTargetFromSeriousViolationList',
  'RemoveTargetFromAbnormalList',
];

function decide(command: TargetCommand, state: TargetState): TargetEvent[] {
  switch (command.type) {
    case 'RegisterTarget': {
      const details = validRecord(command.record);
      const targetId = targetIdOf(details);
      if (state.status === 'registered') throw new IllegalStateError(`target ${targetId} is already registered (owned by ${state.departmentId})`, 'creditCode');
      return [{ type: 'TargetRegistered', data: { targetId, departmentId: command.departmentId, ...details } }];
    }
    case 'ImportTargetRecord': {
      const details = validRecord(command.record);
      const targetId = targetIdOf(details);
      if (state.status === 'unregistered') return [{ type: 'TargetRegistered', data: { targetId, departmentId: command.departmentId, ...details } }];
      // 谁管辖、谁维护 (000 §14): only the owning jurisdiction maintains a target's record
      if (state.departmentId !== command.departmentId) {
        throw new ForbiddenError(`target ${targetId} is maintained by ${state.departmentId}, not ${command.departmentId} (谁管辖、谁维护)`, 'creditCode');
      }
      const { changed, previous } = detailChanges(state.details, details);
      if (Object.keys(changed).length === 0) return [];
      assertMayChange(state, command.type);
      return [{ type: 'TargetDetailsChanged', data: { targetId, departmentId: state.departmentId, changed, previous } }];
    }
    case 'EnrolTargetInSubRegistry': {
      const target = registered(state, command.targetId);
      assertMayChange(target, command.type);
      checkDate(command.effectiveDate);
      if (!command.standard) throw new NotFoundError(`sub-registry ${command.subRegistryId} is not defined`, 'subRegistryId');
      if (!command.ownerChain.includes(command.standard.departmentId)) {
        throw new ValidationError(
          `sub-registry ${command.subRegistryId} belongs to ${command.standard.departmentId}, which does not oversee ${target.departmentId}`,
          'subRegistryId',
        );
      }
      if (target.subRegistries.includes(command.subRegistryId))
        throw new IllegalStateError(`target ${target.targetId} is already enrolled in ${command.subRegistryId}`, 'subRegistryId');
      checkIndicatorValues(command.standard.indicators, command.values);
      return [
        {
          type: 'TargetEnrolledInSubRegistry',
          data: { targetId: target.targetId, subRegistryId: command.subRegistryId, values: { ...command.values }, effectiveDate: command.effectiveDate },
        },
      ];
    }
    default:
      return decideStatus(command, registered(state, command.targetId));
  }
}

function decideStatus(command: TargetStatusCommand, target: Registered): TargetEvent[] {
  assertMayChange(target, command.type);
  checkDate(command.effectiveDate);
  if (command.source.trim() === '') throw new ValidationError('the source of the fact is required', 'source');
  const fact = { targetId: target.targetId, effectiveDate: command.effectiveDate, source: command.source };
  switch (command.type) {
    case 'GradeTargetCredit':
      return [{ type: 'TargetCreditGraded', data: { ...fact, grade: command.grade, previousGrade: target.creditGrade } }];
    case 'ListTargetAsAbnormal':
      if (target.abnormal) throw new IllegalStateError(`target ${target.targetId} is already on the abnormal-operation list`, 'change');
      return [{ type: 'TargetListedAsAbnormal', data: { ...fact, reason: command.reason } }];
    case 'RemoveTargetFromAbnormalList':
      if (!target.abnormal) throw new IllegalStateError(`target ${target.targetId} is not on the abnormal-operation list`, 'change');
      return [{ type: 'TargetRemovedFromAbnormalList', data: { ...fact, reason: command.reason } }];
    case 'ListTargetAsSeriousViolator':
      if (target.seriousViolation) throw new IllegalStateError(`target ${target.targetId} is already on the serious-violation list`, 'change');
      return [{ type: 'TargetListedAsSeriousViolator', data: { ...fact, reason: command.reason } }];
    case 'RemoveTargetFromSeriousViolationList':
      if (!target.seriousViolation) throw new IllegalStateError(`target ${target.targetId} is not on the serious-violation list`, 'change');
      return [{ type: 'TargetRemovedFromSeriousViolationList', data: { ...fact, reason: command.reason } }];
    case 'RecordTargetPenalty':
      if (target.penaltyDecisions.includes(command.decisionNumber)) {
        throw new IllegalStateError(`penalty decision ${command.decisionNumber} is already recorded for ${target.targetId}`, 'decisionNumber');
      }
      return [{ type: 'TargetPenalised', data: { ...fact, decisionNumber: command.decisionNumber } }];
    case 'MarkTargetTrustworthy':
      if (target.trustworthy) throw new IllegalStateError(`target ${target.targetId} is already marked trustworthy`, 'change');
      if (target.abnormal || target.seriousViolation) {
        throw new IllegalStateError(
          `target ${target.targetId} is on the ${target.abnormal ? 'abnormal-operation' : 'serious-violation'} list and cannot be marked trustworthy`,
          'change',
        );
      }
      return [{ type: 'TargetMarkedTrustworthy', data: fact }];
    case 'RemoveTargetTrustworthyMark':
      if (!target.trustworthy) throw new IllegalStateError(`target ${target.targetId} is not marked trustworthy`, 'change');
      return [{ type: 'TargetTrustworthyMarkRemoved', data: { ...fact, reason: command.reason } }];
    case 'RecordTargetDeregistration':
      return [{ type: 'TargetDeregistered', data: fact }];
    case 'RecordTargetRevocation':
      // a second revocation is refused by assertMayChange: revocation is not among what follows it
      return [{ type: 'TargetRevoked', data: { ...fact, decisionNumber: command.decisionNumber } }];
    case 'TransferTargetJurisdiction':
      if (command.toDepartmentId === target.departmentId)
        throw new ValidationError(`target ${target.targetId} is already maintained by ${target.departmentId}`, 'toDepartmentId');
      if (!command.toDepartmentRegistered) throw new NotFoundError(`department ${command.toDepartmentId} is not registered`, 'toDepartmentId');
      return [{ type: 'TargetJurisdictionTransferred', data: { ...fact, fromDepartmentId: target.departmentId, toDepartmentId: command.toDepartmentId } }];
    default:
      return assertNever(command);
  }
}

function validRecord(record: RawTargetRecord): TargetDetails {
  const check = checkTargetRecord(record);
  if (!check.ok) throw new ValidationError(`${check.problems[0].field} ${check.problems[0].reason}`, check.problems[0].field);
  return check.details;
}

function registered(state: TargetState, targetId: string): Registered {
  if (state.status !== 'registered') throw new NotFoundError(`target ${targetId} is not registered`, 'targetId');
  return state;
}

function assertMayChange(target: Registered, command: TargetCommand['type']): void {
  if (target.deregistered) throw new IllegalStateError(`target ${target.targetId} is deregistered; nothing more is recorded on it (002 §30)`, 'change');
  if (target.revoked && !ALLOWED_AFTER_REVOCATION.includes(command)) {
    throw new IllegalStateError(
      `target ${target.targetId} is revoked; only deregistration, credit grading, penalties, serious-violation listing and list removals are still recorded`,
      'change',
    );
  }
}

function checkDate(date: string): void {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!parsed || parsed.toISOString().slice(0, 10) !== date) throw new ValidationError(`'${date}' is not a date in the form YYYY-MM-DD`, 'effectiveDate');
}

function checkIndicatorValues(indicators: readonly { name: string; values: readonly string[] }[], values: Readonly<Record<string, string>>): void {
  for (const name of Object.keys(values)) {
    if (!indicators.some((i) => i.name === name)) throw new ValidationError(`${name} is not a classification indicator of this sub-registry`, `values.${name}`);
  }
  for (const indicator of indicators) {
    const value = values[indicator.name];
    if (value === undefined) throw new ValidationError(`a value for ${indicator.name} is required`, `values.${indicator.name}`);
    if (!indicator.values.includes(value)) throw new ValidationError(`'${value}' is not one of ${indicator.values.join(', ')}`, `values.${indicator.name}`);
  }
}

function evolve(state: TargetState, event: TargetEvent): TargetState {
  if (event.type === 'TargetRegistered') {
    const { targetId, departmentId, ...details } = event.data;
    return {
      status: 'registered',
      targetId,
      departmentId,
      details,
      creditGrade: null,
      abnormal: false,
      seriousViolation: false,
      penaltyDecisions: [],
      trustworthy: false,
      revoked: false,
      deregistered: false,
      subRegistries: [],
    };
  }
  if (state.status !== 'registered') return state;
  switch (event.type) {
    case 'TargetDetailsChanged':
      return { ...state, details: { ...state.details, ...event.data.changed } };
    case 'TargetCreditGraded':
      return { ...state, creditGrade: event.data.grade };
    case 'TargetListedAsAbnormal':
      return { ...state, abnormal: true };
    case 'TargetRemovedFromAbnormalList':
      return { ...state, abnormal: false };
    case 'TargetListedAsSeriousViolator':
      return { ...state, seriousViolation: true };
    case 'TargetRemovedFromSeriousViolationList':
      return { ...state, seriousViolation: false };
    case 'TargetPenalised':
      return { ...state, penaltyDecisions: [...state.penaltyDecisions, event.data.decisionNumber] };
    case 'TargetMarkedTrustworthy':
      return { ...state, trustworthy: true };
    case 'TargetTrustworthyMarkRemoved':
      return { ...state, trustworthy: false };
    case 'TargetDeregistered':
      return { ...state, deregistered: true };
    case 'TargetRevoked':
      return { ...state, revoked: true };
    case 'TargetJurisdictionTransferred':
      return { ...state, departmentId: event.data.toDepartmentId };
    case 'TargetEnrolledInSubRegistry':
      return { ...state, subRegistries: [...state.subRegistries, event.data.subRegistryId] };
    default:
      return assertNever(event);
  }
}

export const targetDecider: Decider<TargetState, TargetCommand, TargetEvent> = { initialState, decide, evolve };
