import { ConflictCommand } from './conflict-of-interest';
import { DepartureKind, EnforcementCertificate, Gender, QualificationCertificate } from './inspector.events';

export interface RegisterInspector {
  readonly type: 'RegisterInspector';
  readonly inspectorId: string;
  readonly departmentId: string;
  readonly name: string;
  readonly gender: Gender;
  readonly certificate: EnforcementCertificate | null;
  readonly post: string;
  readonly postCategory: string;
  readonly specialties: readonly string[];
  readonly qualifications: readonly QualificationCertificate[];
  readonly qualificationClass: string;
  readonly joinedOn: string;
}

export interface MoveInspector {
  readonly type: 'MoveInspector';
  readonly inspectorId: string;
  readonly toDepartmentId: string;
  readonly movedOn: string;
  readonly reason: string | null;
}

export interface ChangeInspectorPost {
  readonly type: 'ChangeInspectorPost';
  readonly inspectorId: string;
  readonly post: string;
  readonly postCategory: string;
  readonly changedOn: string;
}

/** Replaces the inspector's specialties, qualification certificates and qualification class, with the reason. */
export interface AmendInspectorQualifications {
  readonly type: 'AmendInspectorQualifications';
  readonly inspectorId: string;
  readonly specialties: readonly string[];
  readonly qualifications: readonly QualificationCertificate[];
  readonly qualificationClass: string;
  readonly reason: string;
  readonly amendedOn: string;
}

/** Issues a first certificate, renews one or replaces it with a new number. */
export interface IssueEnforcementCertificate {
  readonly type: 'IssueEnforcementCertificate';
  readonly inspectorId: string;
  readonly certificate: EnforcementCertificate;
}

export interface RecordCertificateExpiry {
  readonly type: 'RecordCertificateExpiry';
  readonly inspectorId: string;
  /** Today (YYYY-MM-DD), from the handler's clock: expiry is recorded only once it has happened. */
  readonly today: string;
}

export interface RevokeEnforcementCertificate {
  readonly type: 'RevokeEnforcementCertificate';
  readonly inspectorId: string;
  readonly revokedOn: string;
  readonly reason: string;
}

export interface RecordInspectorLeft {
  readonly type: 'RecordInspectorLeft';
  readonly inspectorId: string;
  readonly kind: DepartureKind;
  readonly leftOn: string;
  readonly reason: string | null;
}

export type InspectorCommand =
  | RegisterInspector
  | MoveInspector
  | ChangeInspectorPost
  | AmendInspectorQualifications
  | IssueEnforcementCertificate
  | RecordCertificateExpiry
  | RevokeEnforcementCertificate
  | RecordInspectorLeft
  | ConflictCommand;
