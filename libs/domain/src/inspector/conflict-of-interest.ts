/**
 * 回避 — conflict-of-interest declarations, shared by inspectors and experts. A person with an
 * interest in a target must recuse from it when drawn, by swapping or withdrawing (000 §18,
 * 002 §23); the declarations recorded here are what the draw consults through `conflictsWith`.
 */
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { ConflictEvent, PersonKind } from './inspector.events';

export interface DeclareConflictOfInterest {
  readonly type: 'DeclareConflictOfInterest';
  readonly personId: string;
  readonly targetId: string;
  readonly reason: string;
  /** Today (YYYY-MM-DD), from the handler's clock. */
  readonly today: string;
  /** Whether `target-<targetId>` has any events, as the handler found it. */
  readonly targetKnown: boolean;
}

export interface WithdrawConflictOfInterest {
  readonly type: 'WithdrawConflictOfInterest';
  readonly personId: string;
  readonly targetId: string;
  readonly reason: string;
  readonly today: string;
}

export type ConflictCommand = DeclareConflictOfInterest | WithdrawConflictOfInterest;

export interface ConflictDeclaration {
  readonly targetId: string;
  readonly reason: string;
  readonly declaredOn: string;
}

/** Declarations in force, by target id. */
export type Conflicts = ReadonlyMap<string, ConflictDeclaration>;

export function decideConflict(command: ConflictCommand, conflicts: Conflicts, personKind: PersonKind): ConflictEvent[] {
  const { personId, targetId, reason, today } = command;
  if (reason.trim() === '') throw new ValidationError('a reason is required', 'reason');
  switch (command.type) {
    case 'DeclareConflictOfInterest':
      if (!command.targetKnown) throw new NotFoundError(`target ${targetId} is not in the target registry`, 'targetId');
      if (conflicts.has(targetId)) throw new IllegalStateError(`a conflict of interest with target ${targetId} is already declared`, 'targetId');
      return [{ type: 'ConflictOfInterestDeclared', data: { personKind, personId, targetId, reason, declaredOn: today } }];
    case 'WithdrawConflictOfInterest':
      if (!conflicts.has(targetId)) throw new NotFoundError(`no conflict of interest with target ${targetId} is declared`, 'targetId');
      return [{ type: 'ConflictOfInterestWithdrawn', data: { personKind, personId, targetId, reason, withdrawnOn: today } }];
  }
}

export function evolveConflicts(conflicts: Conflicts, event: ConflictEvent): Conflicts {
  const next = new Map(conflicts);
  if (event.type === 'ConflictOfInterestDeclared') {
    const { targetId, reason, declaredOn } = event.data;
    next.set(targetId, { targetId, reason, declaredOn });
  } else {
    next.delete(event.data.targetId);
  }
  return next;
}

/** The declaration in force that makes this person recuse from the target, or null (000 §18, 002 §23). */
export function conflictsWith(state: { readonly status: string; readonly conflicts?: Conflicts }, targetId: string): ConflictDeclaration | null {
  return state.conflicts?.get(targetId) ?? null;
}
