import { DomainEvent } from '../shared/decider';

/** 性别 — published nowhere; kept for the staff view only (000 §12). */
export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

/** 离职 resigned, 调离 transferred out of the regulator, 退休 retired. */
export const DEPARTURE_KINDS = ['resigned', 'transferred-out', 'retired'] as const;
export type DepartureKind = (typeof DEPARTURE_KINDS)[number];

/**
 * 行政执法证 — the enforcement certificate. Dates are calendar days (YYYY-MM-DD); `validUntil` is
 * inclusive, as printed on the certificate (有效期至): the certificate is valid on that day and
 * lapses the day after.
 */
export interface EnforcementCertificate {
  number: string;
  validFrom: string;
  validUntil: string;
}

/** 资格证书 — a professional qualification certificate (e.g. 特种设备检验员证). */
export interface QualificationCertificate {
  name: string;
  number: string;
  /** Last valid day; null for a certificate without an end date. */
  validUntil: string | null;
}

export type InspectorRegistered = DomainEvent<
  'InspectorRegistered',
  {
    inspectorId: string;
    /** The unit the inspector belongs to (所在单位). */
    departmentId: string;
    name: string;
    gender: Gender;
    /** Null until the inspector holds an enforcement certificate. */
    certificate: EnforcementCertificate | null;
    /** 岗位 and 岗位类别 */
    post: string;
    postCategory: string;
    /** 专业特长 */
    specialties: string[];
    qualifications: QualificationCertificate[];
    /** 执法资格类别 */
    qualificationClass: string;
    joinedOn: string;
  }
>;

export type InspectorMovedToDepartment = DomainEvent<
  'InspectorMovedToDepartment',
  { inspectorId: string; fromDepartmentId: string; toDepartmentId: string; movedOn: string; reason: string | null }
>;

export type InspectorPostChanged = DomainEvent<
  'InspectorPostChanged',
  { inspectorId: string; departmentId: string; previousPost: string; previousPostCategory: string; post: string; postCategory: string; changedOn: string }
>;

/** A certificate issued, renewed or replaced; it supersedes whatever certificate was held before. */
/**
 * 专业特长、资格证书、执法资格类别 amended: the whole new set, with the reason. Matching reads an
 * inspector's qualifications as they stood at its freeze (000 §10, §18).
 */
export type InspectorQualificationsAmended = DomainEvent<
  'InspectorQualificationsAmended',
  {
    inspectorId: string;
    departmentId: string;
    specialties: string[];
    qualifications: QualificationCertificate[];
    qualificationClass: string;
    /** The specialties before, so readers can move the inspector between specialty lists. */
    previousSpecialties: string[];
    reason: string;
    amendedOn: string;
  }
>;

export type EnforcementCertificateIssued = DomainEvent<
  'EnforcementCertificateIssued',
  { inspectorId: string; departmentId: string; certificate: EnforcementCertificate; replaces: string | null }
>;

export type EnforcementCertificateExpired = DomainEvent<
  'EnforcementCertificateExpired',
  { inspectorId: string; departmentId: string; number: string; validUntil: string; recordedOn: string }
>;

export type EnforcementCertificateRevoked = DomainEvent<
  'EnforcementCertificateRevoked',
  { inspectorId: string; departmentId: string; number: string; revokedOn: string; reason: string }
>;

export type InspectorLeft = DomainEvent<
  'InspectorLeft',
  { inspectorId: string; departmentId: string; kind: DepartureKind; leftOn: string; reason: string | null }
>;

/** Who a conflict-of-interest declaration is about: an inspector or an expert. */
export type PersonKind = 'inspector' | 'expert';

/** 回避 — an interest in a target that makes the person recuse from it (000 §18, 002 §23). */
export type ConflictOfInterestDeclared = DomainEvent<
  'ConflictOfInterestDeclared',
  { personKind: PersonKind; personId: string; targetId: string; reason: string; declaredOn: string }
>;

export type ConflictOfInterestWithdrawn = DomainEvent<
  'ConflictOfInterestWithdrawn',
  { personKind: PersonKind; personId: string; targetId: string; reason: string; withdrawnOn: string }
>;

export type ConflictEvent = ConflictOfInterestDeclared | ConflictOfInterestWithdrawn;

export type InspectorEvent =
  | InspectorRegistered
  | InspectorMovedToDepartment
  | InspectorPostChanged
  | InspectorQualificationsAmended
  | EnforcementCertificateIssued
  | EnforcementCertificateExpired
  | EnforcementCertificateRevoked
  | InspectorLeft
  | ConflictEvent;

export const inspectorStream = (inspectorId: string) => `inspector-${inspectorId}`;
