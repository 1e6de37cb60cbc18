/**
 * 执法检查人员名录库 — one inspector of the registry: joining, moving unit, changing post,
 * certificate issue, lapse and revocation, leaving (000 §12, 002 §11 §22, 003 §2(1)), and the
 * conflict-of-interest declarations the draw's recusal rule reads (000 §18, 002 §23).
 */
import { Decider, assertNever } from '../shared/decider';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { Conflicts, decideConflict, evolveConflicts } from './conflict-of-interest';
import { InspectorCommand } from './inspector.commands';
import { CertificateStanding } from './inspector.eligibility';
import { EnforcementCertificate, InspectorEvent, InspectorRegistered } from './inspector.events';

export interface RegisteredInspector {
  readonly status: 'active' | 'left';
  readonly inspectorId: string;
  /** The unit the inspector belongs to now; it changes with every move. */
  readonly departmentId: string;
  readonly post: string;
  readonly postCategory: string;
  readonly joinedOn: string;
  readonly leftOn: string | null;
  readonly certificate: CertificateStanding | null;
  /** 专业特长, 资格证书 and 执法资格类别 as registered or last amended. */
  readonly qualifications: Pick<InspectorRegistered['data'], 'specialties' | 'qualifications' | 'qualificationClass'>;
  readonly conflicts: Conflicts;
}

export type InspectorState = { readonly status: 'unregistered' } | RegisteredInspector;

const initialState: InspectorState = { status: 'unregistered' };

function decide(command: InspectorCommand, state: InspectorState): InspectorEvent[] {
  if (command.type === 'RegisterInspector') {
    if (state.status !== 'unregistered') throw new IllegalStateError(`inspector ${command.inspectorId} is already registered`, 'inspectorId');
    if (command.certificate) checkValidity(command.certificate, 'certificate.validUntil');
    const { inspectorId, departmentId, name, gender, certificate, post, postCategory, specialties, qualifications, qualificationClass, joinedOn } = command;
    return [
      {
        type: 'InspectorRegistered',
        data: {
          inspectorId,
          departmentId,
          name,
          gender,
          certificate: certificate && { ...certificate },
          post,
          postCategory,
          specialties: [...specialties],
          qualifications: qualifications.map((q) => ({ ...q })),
          qualificationClass,
          joinedOn,
        },
      },
    ];
  }
  const inspector = active(state, 'personId' in command ? command.personId : command.inspectorId);
  const { inspectorId, departmentId } = inspector;
  switch (command.type) {
    case 'MoveInspector': {
      if (command.toDepartmentId === departmentId) throw new IllegalStateError(`inspector ${inspectorId} already belongs to ${departmentId}`, 'toDepartmentId');
      notBeforeJoining(inspector, command.movedOn, 'movedOn');
      const { toDepartmentId, movedOn, reason } = command;
      return [{ type: 'InspectorMovedToDepartment', data: { inspectorId, fromDepartmentId: departmentId, toDepartmentId, movedOn, reason } }];
    }
    case 'ChangeInspectorPost': {
      if (command.post === inspector.post && command.postCategory === inspector.postCategory) {
        throw new IllegalStateError(`inspector ${inspectorId} already holds post ${command.post} (${command.postCategory})`, 'post');
      }
      notBeforeJoining(inspector, command.changedOn, 'changedOn');
      const { post, postCategory, changedOn } = command;
      const previous = { previousPost: inspector.post, previousPostCategory: inspector.postCategory };
      return [{ type: 'InspectorPostChanged', data: { inspectorId, departmentId, ...previous, post, postCategory, changedOn } }];
    }
    case 'AmendInspectorQualifications': {
      const reason = command.reason.trim();
      if (!reason) throw new ValidationError('an amendment states its reason', 'reason');
      notBeforeJoining(inspector, command.amendedOn, 'amendedOn');
      const specialties = [...new Set(command.specialties.map((s) => s.trim()).filter((s) => s !== ''))];
      const qualifications = command.qualifications.map((q) => ({ name: q.name.trim(), number: q.number.trim(), validUntil: q.validUntil }));
      const names = qualifications.map((q) => `${q.name}/${q.number}`);
      if (new Set(names).size !== names.length) throw new ValidationError('a qualification certificate is listed twice', 'qualifications');
      const amended = { specialties, qualifications, qualificationClass: command.qualificationClass.trim() };
      if (JSON.stringify(amended) === JSON.stringify(inspector.qualifications)) {
        throw new IllegalStateError(`the amendment changes none of inspector ${inspectorId}'s specialties and qualifications`, 'qualifications');
      }
      const previousSpecialties = [...inspector.qualifications.specialties];
      return [
        {
          type: 'InspectorQualificationsAmended',
          data: { inspectorId, departmentId, ...amended, previousSpecialties, reason, amendedOn: command.amendedOn },
        },
      ];
    }
    case 'IssueEnforcementCertificate': {
      checkValidity(command.certificate, 'certificate.validUntil');
      const held = inspector.certificate;
      if (
        held &&
        held.number === command.certificate.number &&
        held.validFrom === command.certificate.validFrom &&
        held.validUntil === command.certificate.validUntil
      ) {
        throw new IllegalStateError(`inspector ${inspectorId} already holds certificate ${held.number} with this validity`, 'certificate');
      }
      return [
        { type: 'EnforcementCertificateIssued', data: { inspectorId, departmentId, certificate: { ...command.certificate }, replaces: held?.number ?? null } },
      ];
    }
    case 'RecordCertificateExpiry': {
      const held = standingCertificate(inspector);
      if (command.today <= held.validUntil) throw new IllegalStateError(`certificate ${held.number} is valid until ${held.validUntil}`, 'certificate');
      return [
        {
          type: 'EnforcementCertificateExpired',
          data: { inspectorId, departmentId, number: held.number, validUntil: held.validUntil, recordedOn: command.today },
        },
      ];
    }
    case 'RevokeEnforcementCertificate': {
      const held = standingCertificate(inspector);
      if (command.reason.trim() === '') throw new ValidationError('a reason is required', 'reason');
      notBeforeJoining(inspector, command.revokedOn, 'revokedOn');
      return [
        {
          type: 'EnforcementCertificateRevoked',
          data: { inspectorId, departmentId, number: held.number, revokedOn: command.revokedOn, reason: command.reason },
        },
      ];
    }
    case 'RecordInspectorLeft': {
      notBeforeJoining(inspector, command.leftOn, 'leftOn');
      const { kind, leftOn, reason } = command;
      return [{ type: 'InspectorLeft', data: { inspectorId, departmentId, kind, leftOn, reason } }];
    }
    case 'DeclareConflictOfInterest':
    case 'WithdrawConflictOfInterest':
      return decideConflict(command, inspector.conflicts, 'inspector');
    default:
      return assertNever(command);
  }
}

/** Every command but registration needs a registered inspector who has not left. */
function active(state: InspectorState, inspectorId: string): RegisteredInspector {
  if (state.status === 'unregistered') throw new NotFoundError(`inspector ${inspectorId} is not registered`, 'inspectorId');
  if (state.status === 'left') throw new IllegalStateError(`inspector ${inspectorId} left the registry on ${state.leftOn}`, 'inspectorId');
  return state;
}

/** A certificate that can still lapse or be revoked: held, and neither lapsed nor revoked yet. */
function standingCertificate(inspector: RegisteredInspector): CertificateStanding {
  const held = inspector.certificate;
  if (!held) throw new IllegalStateError(`inspector ${inspector.inspectorId} holds no enforcement certificate`, 'certificate');
  if (held.revokedOn) throw new IllegalStateError(`certificate ${held.number} was revoked on ${held.revokedOn}`, 'certificate');
  if (held.expiredOn) throw new IllegalStateError(`certificate ${held.number} was recorded as expired on ${held.expiredOn}`, 'certificate');
  return held;
}

function checkValidity(certificate: EnforcementCertificate, field: string): void {
  if (certificate.validUntil < certificate.validFrom) {
    throw new ValidationError(`the certificate's validity ends (${certificate.validUntil}) before it starts (${certificate.validFrom})`, field);
  }
}

function notBeforeJoining(inspector: RegisteredInspector, date: string, field: string): void {
  if (date < inspector.joinedOn) throw new ValidationError(`${field} ${date} is before the inspector joined the registry (${inspector.joinedOn})`, field);
}

function evolve(state: InspectorState, event: InspectorEvent): InspectorState {
  if (event.type === 'InspectorRegistered') {
    const { inspectorId, departmentId, post, postCategory, joinedOn, certificate, specialties, qualifications, qualificationClass } = event.data;
    return {
      status: 'active',
      inspectorId,
      departmentId,
      post,
      postCategory,
      joinedOn,
      leftOn: null,
      certificate: certificate && { ...certificate, expiredOn: null, revokedOn: null },
      qualifications: { specialties, qualifications, qualificationClass },
      conflicts: new Map(),
    };
  }
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'InspectorMovedToDepartment':
      return { ...state, departmentId: event.data.toDepartmentId };
    case 'InspectorPostChanged':
      return { ...state, post: event.data.post, postCategory: event.data.postCategory };
    case 'InspectorQualificationsAmended': {
      const { specialties, qualifications, qualificationClass } = event.data;
      return { ...state, qualifications: { specialties, qualifications, qualificationClass } };
    }
    case 'EnforcementCertificateIssued':
      return { ...state, certificate: { ...event.data.certificate, expiredOn: null, revokedOn: null } };
    case 'EnforcementCertificateExpired':
      return { ...state, certificate: state.certificate && { ...state.certificate, expiredOn: event.data.recordedOn } };
    case 'EnforcementCertificateRevoked':
      return { ...state, certificate: state.certificate && { ...state.certificate, revokedOn: event.data.revokedOn } };
    case 'InspectorLeft':
      return { ...state, status: 'left', leftOn: event.data.leftOn };
    case 'ConflictOfInterestDeclared':
    case 'ConflictOfInterestWithdrawn':
      return { ...state, conflicts: evolveConflicts(state.conflicts, event) };
    default:
      return assertNever(event);
  }
}

export const inspectorDecider: Decider<InspectorState, InspectorCommand, InspectorEvent> = { initialState, decide, evolve };
