/**
 * The inspector registry (执法检查人员名录库, 000 §12, 002 §11 §22) as staff read it: one full
 * document per inspector, with certificate standing, moves and every conflict-of-interest
 * declaration ever made (withdrawn ones stay, for the legal and discipline units, 000 §18).
 * The public view is cut from this document by `toPublicInspector` at read time.
 *
 * Indexes, scored by log position: `inspectors:active` and `inspectors:department:<id>` hold
 * only inspectors currently on a department's registry (so the common listing pages straight
 * from them); the specialty and post-category indexes also keep leavers, whom queries filter out.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, ReadChange, indexAdd, indexRemove, update } from '@app/read-store';
import type { CertificateStanding, DepartureKind, InspectorEvent, InspectorRegistered } from '@app/domain';

export interface ConflictRecord {
  targetId: string;
  reason: string;
  declaredOn: string;
  /** Set once withdrawn; a withdrawn declaration no longer makes the person recuse. */
  withdrawnOn: string | null;
  withdrawalReason: string | null;
}

export interface InspectorView {
  inspectorId: string;
  departmentId: string;
  name: string;
  gender: InspectorRegistered['data']['gender'];
  status: 'active' | 'left';
  certificate: (CertificateStanding & { revocationReason: string | null }) | null;
  post: string;
  postCategory: string;
  specialties: string[];
  qualifications: InspectorRegistered['data']['qualifications'];
  qualificationClass: string;
  joinedOn: string;
  leftOn: string | null;
  departure: { kind: DepartureKind; reason: string | null } | null;
  moves: { fromDepartmentId: string; toDepartmentId: string; movedOn: string; reason: string | null }[];
  conflicts: ConflictRecord[];
  registeredAt: string;
  updatedAt: string;
}

export const INSPECTORS = 'inspectors';
export const INSPECTORS_ACTIVE_INDEX = 'inspectors:active';
export const inspectorsOfDepartmentIndex = (departmentId: string) => `inspectors:department:${departmentId}`;
export const inspectorsWithSpecialtyIndex = (specialty: string) => `inspectors:specialty:${specialty}`;
export const inspectorsInPostCategoryIndex = (postCategory: string) => `inspectors:post-category:${postCategory}`;

const INSPECTOR_EVENT_TYPES: readonly InspectorEvent['type'][] = [
  'InspectorRegistered',
  'InspectorMovedToDepartment',
  'InspectorPostChanged',
  'InspectorQualificationsAmended',
  'EnforcementCertificateIssued',
  'EnforcementCertificateExpired',
  'EnforcementCertificateRevoked',
  'InspectorLeft',
  'ConflictOfInterestDeclared',
  'ConflictOfInterestWithdrawn',
];

export const inspectorsProjection: Projection = {
  name: 'inspectors',
  eventTypes: INSPECTOR_EVENT_TYPES,
  project(recorded: RecordedEvent): ReadChange[] {
    const event = { type: recorded.type, data: recorded.data } as InspectorEvent;
    const at = recorded.metadata.recordedAt;
    const score = Number(recorded.position.commit);
    const change = (inspectorId: string, apply: (view: InspectorView) => Partial<InspectorView>) =>
      update<InspectorView>(INSPECTORS, inspectorId, (view) => view && { ...view, ...apply(view), updatedAt: at });
    switch (event.type) {
      case 'InspectorRegistered': {
        const d = event.data;
        return [
          update<InspectorView>(INSPECTORS, d.inspectorId, () => ({
            inspectorId: d.inspectorId,
            departmentId: d.departmentId,
            name: d.name,
            gender: d.gender,
            status: 'active',
            certificate: d.certificate && { ...d.certificate, expiredOn: null, revokedOn: null, revocationReason: null },
            post: d.post,
            postCategory: d.postCategory,
            specialties: d.specialties,
            qualifications: d.qualifications,
            qualificationClass: d.qualificationClass,
            joinedOn: d.joinedOn,
            leftOn: null,
            departure: null,
            moves: [],
            conflicts: [],
            registeredAt: at,
            updatedAt: at,
          })),
          indexAdd(INSPECTORS_ACTIVE_INDEX, d.inspectorId, score),
          indexAdd(inspectorsOfDepartmentIndex(d.departmentId), d.inspectorId, score),
          indexAdd(inspectorsInPostCategoryIndex(d.postCategory), d.inspectorId, score),
          ...d.specialties.map((s) => indexAdd(inspectorsWithSpecialtyIndex(s), d.inspectorId, score)),
        ];
      }
      case 'InspectorMovedToDepartment': {
        const { inspectorId, fromDepartmentId, toDepartmentId, movedOn, reason } = event.data;
        return [
          change(inspectorId, (v) => ({ departmentId: toDepartmentId, moves: [...v.moves, { fromDepartmentId, toDepartmentId, movedOn, reason }] })),
          indexRemove(inspectorsOfDepartmentIndex(fromDepartmentId), inspectorId),
          indexAdd(inspectorsOfDepartmentIndex(toDepartmentId), inspectorId, score),
        ];
      }
      case 'InspectorQualificationsAmended': {
        const { inspectorId, specialties, qualifications, qualificationClass, previousSpecialties } = event.data;
        return [
          change(inspectorId, () => ({ specialties, qualifications, qualificationClass })),
          ...previousSpecialties.filter((s) => !specialties.includes(s)).map((s) => indexRemove(inspectorsWithSpecialtyIndex(s), inspectorId)),
          ...specialties.filter((s) => !previousSpecialties.includes(s)).map((s) => indexAdd(inspectorsWithSpecialtyIndex(s), inspectorId, score)),
        ];
      }
      case 'InspectorPostChanged': {
        const { inspectorId, previousPostCategory, post, postCategory } = event.data;
        return [
          change(inspectorId, () => ({ post, postCategory })),
          indexRemove(inspectorsInPostCategoryIndex(previousPostCategory), inspectorId),
          indexAdd(inspectorsInPostCategoryIndex(postCategory), inspectorId, score),
        ];
      }
      case 'EnforcementCertificateIssued':
        return [
          change(event.data.inspectorId, () => ({ certificate: { ...event.data.certificate, expiredOn: null, revokedOn: null, revocationReason: null } })),
        ];
      case 'EnforcementCertificateExpired':
        return [change(event.data.inspectorId, (v) => ({ certificate: v.certificate && { ...v.certificate, expiredOn: event.data.recordedOn } }))];
      case 'EnforcementCertificateRevoked': {
        const { revokedOn, reason } = event.data;
        return [change(event.data.inspectorId, (v) => ({ certificate: v.certificate && { ...v.certificate, revokedOn, revocationReason: reason } }))];
      }
      case 'InspectorLeft': {
        const { inspectorId, departmentId, kind, leftOn, reason } = event.data;
        return [
          change(inspectorId, () => ({ status: 'left', leftOn, departure: { kind, reason } })),
          indexRemove(INSPECTORS_ACTIVE_INDEX, inspectorId),
          indexRemove(inspectorsOfDepartmentIndex(departmentId), inspectorId),
        ];
      }
      case 'ConflictOfInterestDeclared':
      case 'ConflictOfInterestWithdrawn':
        // the same event types live on expert streams; the experts projection takes those
        if (event.data.personKind !== 'inspector') return [];
        return [change(event.data.personId, (v) => ({ conflicts: foldConflict(v.conflicts, event) }))];
      default:
        return [];
    }
  },
};

/** Appends a declaration, or closes the open one for the target on withdrawal. */
export function foldConflict(
  records: ConflictRecord[],
  event: Extract<InspectorEvent, { type: 'ConflictOfInterestDeclared' | 'ConflictOfInterestWithdrawn' }>,
): ConflictRecord[] {
  if (event.type === 'ConflictOfInterestDeclared') {
    const { targetId, reason, declaredOn } = event.data;
    return [...records, { targetId, reason, declaredOn, withdrawnOn: null, withdrawalReason: null }];
  }
  const { targetId, reason, withdrawnOn } = event.data;
  return records.map((r) => (r.targetId === targetId && r.withdrawnOn === null ? { ...r, withdrawnOn, withdrawalReason: reason } : r));
}

/** What the public sees of a certificate: its number and validity, never why it was revoked. */
export type PublicCertificateStatus = 'valid' | 'not-yet-valid' | 'expired' | 'revoked';

/**
 * The published registry entry (000 §12: name, unit, enforcement certificate number, post and
 * specialty classification). Gender, qualification certificate numbers, conflict declarations
 * and the reasons for moves, departures and revocations are not published: the legal and
 * discipline units read those in the staff view.
 */
export interface PublicInspectorView {
  inspectorId: string;
  name: string;
  department: { departmentId: string; name: string | null };
  certificate: { number: string; validFrom: string; validUntil: string; status: PublicCertificateStatus } | null;
  postCategory: string;
  specialties: string[];
}

/** `today` decides whether the certificate is shown as valid or expired (validUntil inclusive). */
export function toPublicInspector(view: InspectorView, departmentName: string | null, today: string): PublicInspectorView {
  const c = view.certificate;
  return {
    inspectorId: view.inspectorId,
    name: view.name,
    department: { departmentId: view.departmentId, name: departmentName },
    certificate: c && { number: c.number, validFrom: c.validFrom, validUntil: c.validUntil, status: certificateStatus(c, today) },
    postCategory: view.postCategory,
    specialties: view.specialties,
  };
}

function certificateStatus(c: CertificateStanding, today: string): PublicCertificateStatus {
  if (c.revokedOn !== null && c.revokedOn <= today) return 'revoked';
  if (today < c.validFrom) return 'not-yet-valid';
  if (today > c.validUntil) return 'expired';
  return 'valid';
}
