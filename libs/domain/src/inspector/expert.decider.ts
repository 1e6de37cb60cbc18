/**
 * 专家库 — one non-enforcement expert of a department's pool (testing bodies, research
 * institutes, industry), drawn or appointed for specialised inspections (DOMAIN.md, Inspector
 * registry; 000 §20), with the same conflict-of-interest declarations as inspectors (000 §18,
 * 002 §23).
 */
import { Decider, assertNever } from '../shared/decider';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { Conflicts, decideConflict, evolveConflicts } from './conflict-of-interest';
import { ExpertCommand } from './expert.commands';
import { ExpertDetails, ExpertEvent } from './expert.events';

export interface PooledExpert {
  readonly status: 'active' | 'left';
  readonly expertId: string;
  readonly departmentId: string;
  readonly details: ExpertDetails;
  readonly joinedOn: string;
  readonly leftOn: string | null;
  readonly conflicts: Conflicts;
}

export type ExpertState = { readonly status: 'unregistered' } | PooledExpert;

const initialState: ExpertState = { status: 'unregistered' };

function decide(command: ExpertCommand, state: ExpertState): ExpertEvent[] {
  if (command.type === 'AddExpertToPool') {
    if (state.status !== 'unregistered') throw new IllegalStateError(`expert ${command.expertId} is already in the pool`, 'expertId');
    checkDetails(command.details);
    const { expertId, departmentId, joinedOn } = command;
    return [{ type: 'ExpertJoinedPool', data: { expertId, departmentId, joinedOn, ...copy(command.details) } }];
  }
  const expert = active(state, 'personId' in command ? command.personId : command.expertId);
  const { expertId, departmentId } = expert;
  switch (command.type) {
    case 'UpdateExpertDetails':
      checkDetails(command.details);
      if (JSON.stringify(copy(command.details)) === JSON.stringify(copy(expert.details))) {
        throw new IllegalStateError(`expert ${expertId}'s details are already these`, 'expertId');
      }
      return [{ type: 'ExpertDetailsUpdated', data: { expertId, departmentId, ...copy(command.details) } }];
    case 'RemoveExpertFromPool':
      if (command.leftOn < expert.joinedOn)
        throw new ValidationError(`leftOn ${command.leftOn} is before the expert joined the pool (${expert.joinedOn})`, 'leftOn');
      return [{ type: 'ExpertLeftPool', data: { expertId, departmentId, leftOn: command.leftOn, reason: command.reason } }];
    case 'DeclareConflictOfInterest':
    case 'WithdrawConflictOfInterest':
      return decideConflict(command, expert.conflicts, 'expert');
    default:
      return assertNever(command);
  }
}

function active(state: ExpertState, expertId: string): PooledExpert {
  if (state.status === 'unregistered') throw new NotFoundError(`expert ${expertId} is not in the pool`, 'expertId');
  if (state.status === 'left') throw new IllegalStateError(`expert ${expertId} left the pool on ${state.leftOn}`, 'expertId');
  return state;
}

/** A pool is searched by field for specialised work (000 §20), so an expert without one is useless there. */
function checkDetails(details: ExpertDetails): void {
  if (details.fields.length === 0) throw new ValidationError('an expert needs at least one field of expertise', 'fields');
}

/** Details in a fixed key order, so that comparing and storing them never depends on how the caller built them. */
function copy(details: ExpertDetails): ExpertDetails {
  const { name, fields, organisation, organisationKind, title, contact } = details;
  return { name, fields: [...fields], organisation, organisationKind, title, contact: { phone: contact.phone, email: contact.email } };
}

function evolve(state: ExpertState, event: ExpertEvent): ExpertState {
  if (event.type === 'ExpertJoinedPool') {
    const { expertId, departmentId, joinedOn, ...details } = event.data;
    return { status: 'active', expertId, departmentId, details: copy(details), joinedOn, leftOn: null, conflicts: new Map() };
  }
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'ExpertDetailsUpdated':
      return { ...state, details: copy(event.data) };
    case 'ExpertLeftPool':
      return { ...state, status: 'left', leftOn: event.data.leftOn };
    case 'ConflictOfInterestDeclared':
    case 'ConflictOfInterestWithdrawn':
      return { ...state, conflicts: evolveConflicts(state.conflicts, event) };
    default:
      return assertNever(event);
  }
}

export const expertDecider: Decider<ExpertState, ExpertCommand, ExpertEvent> = { initialState, decide, evolve };
