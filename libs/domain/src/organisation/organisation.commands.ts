import { DepartmentLevel, BusinessUnitKind } from './organisation.events';

export interface RegisterDepartment {
  readonly type: 'RegisterDepartment';
  readonly departmentId: string;
  readonly name: string;
  readonly level: DepartmentLevel;
  readonly parentId: string | null;
  readonly areaCode: string;
  /** The parent's level as the registry knows it; null when the parent is not registered. */
  readonly parentLevel: DepartmentLevel | null;
}

export interface AddBusinessUnit {
  readonly type: 'AddBusinessUnit';
  readonly departmentId: string;
  readonly unitId: string;
  readonly name: string;
  readonly kind: BusinessUnitKind;
}

export type OrganisationCommand = RegisterDepartment | AddBusinessUnit;
