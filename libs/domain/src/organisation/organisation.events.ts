import { DomainEvent } from '../shared/decider';

/** 行政层级 — the administrative level of a department. */
export const DEPARTMENT_LEVELS = ['province', 'city', 'county'] as const;
export type DepartmentLevel = (typeof DEPARTMENT_LEVELS)[number];

/**
 * Kinds of unit inside a department: 业务科室 (business unit), the credit-supervision unit that
 * leads the work (信用监管科室), the legal unit (法规科室) and discipline inspection (纪检).
 */
export const BUSINESS_UNIT_KINDS = ['business', 'credit-supervision', 'legal', 'discipline'] as const;
export type BusinessUnitKind = (typeof BUSINESS_UNIT_KINDS)[number];

export type DepartmentRegistered = DomainEvent<
  'DepartmentRegistered',
  {
    departmentId: string;
    name: string;
    level: DepartmentLevel;
    /** The superior department; null only for a province. */
    parentId: string | null;
    areaCode: string;
  }
>;

export type BusinessUnitAdded = DomainEvent<'BusinessUnitAdded', { departmentId: string; unitId: string; name: string; kind: BusinessUnitKind }>;

export type OrganisationEvent = DepartmentRegistered | BusinessUnitAdded;

export const departmentStream = (departmentId: string) => `department-${departmentId}`;
