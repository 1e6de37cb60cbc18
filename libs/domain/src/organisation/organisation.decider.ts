/**
 * Departments and their units: needed for scoping (a user acts for their own unit), for the
 * "superior department" rules of the draw (DOMAIN.md, The double draw: 000 §19, 001 §2(2)1) and
 * for joint tasks across departments (004 §2(4)).
 */
import { Decider, assertNever } from '../shared/decider';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { OrganisationCommand } from './organisation.commands';
import { BusinessUnitKind, DepartmentLevel, DEPARTMENT_LEVELS, OrganisationEvent } from './organisation.events';

export type DepartmentState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly departmentId: string;
      readonly level: DepartmentLevel;
      readonly units: ReadonlyMap<string, BusinessUnitKind>;
    };

const initialState: DepartmentState = { status: 'unregistered' };

function decide(command: OrganisationCommand, state: DepartmentState): OrganisationEvent[] {
  switch (command.type) {
    case 'RegisterDepartment': {
      if (state.status === 'registered') throw new IllegalStateError(`department ${command.departmentId} is already registered`, 'departmentId');
      checkParent(command.level, command.parentId, command.parentLevel);
      const { departmentId, name, level, parentId, areaCode } = command;
      return [{ type: 'DepartmentRegistered', data: { departmentId, name, level, parentId, areaCode } }];
    }
    case 'AddBusinessUnit': {
      if (state.status !== 'registered') throw new NotFoundError(`department ${command.departmentId} is not registered`, 'departmentId');
      if (state.units.has(command.unitId)) throw new IllegalStateError(`unit ${command.unitId} already exists in ${command.departmentId}`, 'unitId');
      const { departmentId, unitId, name, kind } = command;
      return [{ type: 'BusinessUnitAdded', data: { departmentId, unitId, name, kind } }];
    }
    default:
      return assertNever(command);
  }
}

/** A province stands at the top; every other department sits directly under the level above it. */
function checkParent(level: DepartmentLevel, parentId: string | null, parentLevel: DepartmentLevel | null): void {
  if (level === 'province') {
    if (parentId !== null) throw new ValidationError('a province has no superior department', 'parentId');
    return;
  }
  if (parentId === null) throw new ValidationError(`a ${level} department needs its superior department`, 'parentId');
  if (parentLevel === null) throw new NotFoundError(`superior department ${parentId} is not registered`, 'parentId');
  const expected = DEPARTMENT_LEVELS[DEPARTMENT_LEVELS.indexOf(level) - 1];
  if (parentLevel !== expected) throw new ValidationError(`the superior of a ${level} department must be a ${expected}, not a ${parentLevel}`, 'parentId');
}

function evolve(state: DepartmentState, event: OrganisationEvent): DepartmentState {
  switch (event.type) {
    case 'DepartmentRegistered':
      return { status: 'registered', departmentId: event.data.departmentId, level: event.data.level, units: new Map() };
    case 'BusinessUnitAdded':
      if (state.status !== 'registered') return state;
      return { ...state, units: new Map(state.units).set(event.data.unitId, event.data.kind) };
    default:
      return assertNever(event);
  }
}

export const departmentDecider: Decider<DepartmentState, OrganisationCommand, OrganisationEvent> = { initialState, decide, evolve };
