import { specFor } from '../shared/testing';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { AmendInspectorQualifications, RegisterInspector } from './inspector.commands';
import { inspectorDecider } from './inspector.decider';
import { InspectorEvent, InspectorRegistered } from './inspector.events';

const spec = specFor(inspectorDecider);

const registerLi: RegisterInspector = {
  type: 'RegisterInspector',
  inspectorId: 'li-ming',
  departmentId: 'lingling',
  name: '李明',
  gender: 'male',
  certificate: { number: '43110220001', validFrom: '2024-01-01', validUntil: '2026-12-31' },
  post: '市场监管所执法员',
  postCategory: '行政执法',
  specialties: ['食品安全', '特种设备'],
  qualifications: [{ name: '特种设备检验员证', number: 'TS-0001', validUntil: null }],
  qualificationClass: 'A',
  joinedOn: '2024-03-01',
};

const { type: _type, ...registeredData } = registerLi;
const registered: InspectorRegistered = { type: 'InspectorRegistered', data: registeredData as InspectorRegistered['data'] };
const left: InspectorEvent = {
  type: 'InspectorLeft',
  data: { inspectorId: 'li-ming', departmentId: 'lingling', kind: 'resigned', leftOn: '2025-06-30', reason: null },
};
const moved: InspectorEvent = {
  type: 'InspectorMovedToDepartment',
  data: { inspectorId: 'li-ming', fromDepartmentId: 'lingling', toDepartmentId: 'qiyang', movedOn: '2025-01-02', reason: null },
};

describe('inspector (执法检查人员名录库, 000 §12, 002 §11 §22)', () => {
  describe('when registering', () => {
    it('records name, unit, gender, certificate, post, specialties and qualifications (000 §12)', () => spec().when(registerLi).then([registered]));

    it('registers an inspector who holds no certificate yet (they cannot be drawn until they do)', () =>
      spec()
        .when({ ...registerLi, certificate: null })
        .then([{ type: 'InspectorRegistered', data: { ...registered.data, certificate: null } }]));

    it('refuses a certificate whose validity ends before it starts', () =>
      spec()
        .when({ ...registerLi, certificate: { number: 'x', validFrom: '2026-01-01', validUntil: '2025-12-31' } })
        .thenThrows(ValidationError, /ends \(2025-12-31\) before it starts/, 'certificate.validUntil'));

    it('accepts a certificate valid for a single day', () =>
      spec()
        .when({ ...registerLi, certificate: { number: 'x', validFrom: '2026-01-01', validUntil: '2026-01-01' } })
        .then([
          { type: 'InspectorRegistered', data: { ...registered.data, certificate: { number: 'x', validFrom: '2026-01-01', validUntil: '2026-01-01' } } },
        ]));

    it('refuses to register the same inspector twice', () =>
      spec([registered])
        .when(registerLi)
        .thenThrows(IllegalStateError, /already registered/, 'inspectorId'));
  });

  describe('when moving to another unit (inspector registry: changes when people move units)', () => {
    it('records both the sending and the receiving department', () =>
      spec([registered])
        .when({ type: 'MoveInspector', inspectorId: 'li-ming', toDepartmentId: 'qiyang', movedOn: '2025-01-02', reason: '工作调动' })
        .then([
          {
            type: 'InspectorMovedToDepartment',
            data: { inspectorId: 'li-ming', fromDepartmentId: 'lingling', toDepartmentId: 'qiyang', movedOn: '2025-01-02', reason: '工作调动' },
          },
        ]));

    it('moves from the unit the inspector belongs to now, after an earlier move', () =>
      spec([registered, moved])
        .when({ type: 'MoveInspector', inspectorId: 'li-ming', toDepartmentId: 'lingling', movedOn: '2025-05-01', reason: null })
        .then([
          {
            type: 'InspectorMovedToDepartment',
            data: { inspectorId: 'li-ming', fromDepartmentId: 'qiyang', toDepartmentId: 'lingling', movedOn: '2025-05-01', reason: null },
          },
        ]));

    it('refuses a move to the unit the inspector already belongs to', () =>
      spec([registered])
        .when({ type: 'MoveInspector', inspectorId: 'li-ming', toDepartmentId: 'lingling', movedOn: '2025-01-02', reason: null })
        .thenThrows(IllegalStateError, /already belongs to lingling/, 'toDepartmentId'));

    it('refuses a move dated before the inspector joined', () =>
      spec([registered])
        .when({ type: 'MoveInspector', inspectorId: 'li-ming', toDepartmentId: 'qiyang', movedOn: '2024-02-01', reason: null })
        .thenThrows(ValidationError, /before the inspector joined/, 'movedOn'));

    it('refuses to move an inspector who is not registered', () =>
      spec()
        .when({ type: 'MoveInspector', inspectorId: 'li-ming', toDepartmentId: 'qiyang', movedOn: '2025-01-02', reason: null })
        .thenThrows(NotFoundError, /not registered/, 'inspectorId'));

    it('refuses to move an inspector who has left', () =>
      spec([registered, left])
        .when({ type: 'MoveInspector', inspectorId: 'li-ming', toDepartmentId: 'qiyang', movedOn: '2025-07-02', reason: null })
        .thenThrows(IllegalStateError, /left the registry on 2025-06-30/, 'inspectorId'));
  });

  describe('when changing post (inspector registry: changes when people move posts)', () => {
    it('records the new post and category in the current unit', () =>
      spec([registered, moved])
        .when({ type: 'ChangeInspectorPost', inspectorId: 'li-ming', post: '稽查队员', postCategory: '稽查', changedOn: '2025-02-01' })
        .then([
          {
            type: 'InspectorPostChanged',
            data: {
              inspectorId: 'li-ming',
              departmentId: 'qiyang',
              previousPost: '市场监管所执法员',
              previousPostCategory: '行政执法',
              post: '稽查队员',
              postCategory: '稽查',
              changedOn: '2025-02-01',
            },
          },
        ]));

    it('refuses a change to the post already held', () =>
      spec([registered])
        .when({ type: 'ChangeInspectorPost', inspectorId: 'li-ming', post: registerLi.post, postCategory: registerLi.postCategory, changedOn: '2025-02-01' })
        .thenThrows(IllegalStateError, /already holds post/, 'post'));

    it('refuses a change dated before joining', () =>
      spec([registered])
        .when({ type: 'ChangeInspectorPost', inspectorId: 'li-ming', post: '稽查队员', postCategory: '稽查', changedOn: '2023-12-31' })
        .thenThrows(ValidationError, /before the inspector joined/, 'changedOn'));

    it('refuses a change after leaving', () =>
      spec([registered, left])
        .when({ type: 'ChangeInspectorPost', inspectorId: 'li-ming', post: '稽查队员', postCategory: '稽查', changedOn: '2025-08-01' })
        .thenThrows(IllegalStateError, /left the registry/));
  });

  describe('when amending specialties and qualifications (000 §10, §12: the registry keeps them current)', () => {
    const amend = (overrides: Partial<AmendInspectorQualifications> = {}): AmendInspectorQualifications => ({
      type: 'AmendInspectorQualifications',
      inspectorId: 'li-ming',
      specialties: ['食品安全', '特种设备', '计量'],
      qualifications: [
        { name: '特种设备检验员证', number: 'TS-0001', validUntil: null },
        { name: '计量检定员证', number: 'JL-0042', validUntil: '2029-06-30' },
      ],
      qualificationClass: 'A',
      reason: ' 取得计量检定员证 ',
      amendedOn: '2026-02-01',
      ...overrides,
    });

    it('records the whole new set with the reason and the specialties before', () =>
      spec([registered])
        .when(amend())
        .then([
          {
            type: 'InspectorQualificationsAmended',
            data: {
              inspectorId: 'li-ming',
              departmentId: 'lingling',
              specialties: ['食品安全', '特种设备', '计量'],
              qualifications: [
                { name: '特种设备检验员证', number: 'TS-0001', validUntil: null },
                { name: '计量检定员证', number: 'JL-0042', validUntil: '2029-06-30' },
              ],
              qualificationClass: 'A',
              previousSpecialties: ['食品安全', '特种设备'],
              reason: '取得计量检定员证',
              amendedOn: '2026-02-01',
            },
          },
        ]));

    it('refuses an amendment that changes nothing', () =>
      spec([registered])
        .when(amend({ specialties: registerLi.specialties, qualifications: registerLi.qualifications }))
        .thenThrows(IllegalStateError, /changes none/, 'qualifications'));

    it('refuses without a reason', () =>
      spec([registered])
        .when(amend({ reason: '  ' }))
        .thenThrows(ValidationError, /states its reason/, 'reason'));

    it('refuses for an inspector who left', () =>
      spec([registered, left])
        .when(amend())
        .thenThrows(IllegalStateError, /left the registry/));
  });

  describe('when issuing, renewing or replacing the enforcement certificate', () => {
    const renewed = { number: '43110220099', validFrom: '2027-01-01', validUntil: '2029-12-31' };

    it('replaces the certificate held and names the one it replaces', () =>
      spec([registered])
        .when({ type: 'IssueEnforcementCertificate', inspectorId: 'li-ming', certificate: renewed })
        .then([
          { type: 'EnforcementCertificateIssued', data: { inspectorId: 'li-ming', departmentId: 'lingling', certificate: renewed, replaces: '43110220001' } },
        ]));

    it('issues a first certificate to an inspector who held none', () =>
      spec([{ type: 'InspectorRegistered', data: { ...registered.data, certificate: null } }])
        .when({ type: 'IssueEnforcementCertificate', inspectorId: 'li-ming', certificate: renewed })
        .then([{ type: 'EnforcementCertificateIssued', data: { inspectorId: 'li-ming', departmentId: 'lingling', certificate: renewed, replaces: null } }]));

    it('issues a new certificate after the old one was revoked', () =>
      spec([
        registered,
        {
          type: 'EnforcementCertificateRevoked',
          data: { inspectorId: 'li-ming', departmentId: 'lingling', number: '43110220001', revokedOn: '2025-01-01', reason: 'x' },
        },
      ])
        .when({ type: 'IssueEnforcementCertificate', inspectorId: 'li-ming', certificate: renewed })
        .then([
          { type: 'EnforcementCertificateIssued', data: { inspectorId: 'li-ming', departmentId: 'lingling', certificate: renewed, replaces: '43110220001' } },
        ]));

    it('refuses a certificate whose validity ends before it starts', () =>
      spec([registered])
        .when({ type: 'IssueEnforcementCertificate', inspectorId: 'li-ming', certificate: { ...renewed, validUntil: '2026-12-31' } })
        .thenThrows(ValidationError, /before it starts/, 'certificate.validUntil'));

    it('refuses the very certificate already held', () =>
      spec([registered])
        .when({ type: 'IssueEnforcementCertificate', inspectorId: 'li-ming', certificate: registerLi.certificate! })
        .thenThrows(IllegalStateError, /already holds certificate 43110220001/, 'certificate'));

    it('refuses a certificate for an inspector who has left', () =>
      spec([registered, left])
        .when({ type: 'IssueEnforcementCertificate', inspectorId: 'li-ming', certificate: renewed })
        .thenThrows(IllegalStateError, /left/));
  });

  describe('when recording that the certificate has lapsed', () => {
    it('records the lapse the day after the last valid day (validUntil is inclusive)', () =>
      spec([registered])
        .when({ type: 'RecordCertificateExpiry', inspectorId: 'li-ming', today: '2027-01-01' })
        .then([
          {
            type: 'EnforcementCertificateExpired',
            data: { inspectorId: 'li-ming', departmentId: 'lingling', number: '43110220001', validUntil: '2026-12-31', recordedOn: '2027-01-01' },
          },
        ]));

    it('refuses on the last valid day', () =>
      spec([registered])
        .when({ type: 'RecordCertificateExpiry', inspectorId: 'li-ming', today: '2026-12-31' })
        .thenThrows(IllegalStateError, /valid until 2026-12-31/, 'certificate'));

    it('refuses when no certificate is held', () =>
      spec([{ type: 'InspectorRegistered', data: { ...registered.data, certificate: null } }])
        .when({ type: 'RecordCertificateExpiry', inspectorId: 'li-ming', today: '2027-01-01' })
        .thenThrows(IllegalStateError, /holds no enforcement certificate/, 'certificate'));

    it('refuses to record the same lapse twice', () =>
      spec([
        registered,
        {
          type: 'EnforcementCertificateExpired',
          data: { inspectorId: 'li-ming', departmentId: 'lingling', number: '43110220001', validUntil: '2026-12-31', recordedOn: '2027-01-01' },
        },
      ])
        .when({ type: 'RecordCertificateExpiry', inspectorId: 'li-ming', today: '2027-02-01' })
        .thenThrows(IllegalStateError, /recorded as expired on 2027-01-01/));
  });

  describe('when revoking the certificate', () => {
    it('records the revocation with its date and reason', () =>
      spec([registered])
        .when({ type: 'RevokeEnforcementCertificate', inspectorId: 'li-ming', revokedOn: '2025-04-01', reason: '违纪' })
        .then([
          {
            type: 'EnforcementCertificateRevoked',
            data: { inspectorId: 'li-ming', departmentId: 'lingling', number: '43110220001', revokedOn: '2025-04-01', reason: '违纪' },
          },
        ]));

    it('refuses without a reason', () =>
      spec([registered])
        .when({ type: 'RevokeEnforcementCertificate', inspectorId: 'li-ming', revokedOn: '2025-04-01', reason: '  ' })
        .thenThrows(ValidationError, /reason is required/, 'reason'));

    it('refuses a revocation dated before joining', () =>
      spec([registered])
        .when({ type: 'RevokeEnforcementCertificate', inspectorId: 'li-ming', revokedOn: '2024-01-01', reason: '违纪' })
        .thenThrows(ValidationError, /before the inspector joined/, 'revokedOn'));

    it('refuses to revoke a certificate already revoked', () =>
      spec([
        registered,
        {
          type: 'EnforcementCertificateRevoked',
          data: { inspectorId: 'li-ming', departmentId: 'lingling', number: '43110220001', revokedOn: '2025-04-01', reason: 'x' },
        },
      ])
        .when({ type: 'RevokeEnforcementCertificate', inspectorId: 'li-ming', revokedOn: '2025-05-01', reason: '违纪' })
        .thenThrows(IllegalStateError, /was revoked on 2025-04-01/, 'certificate'));
  });

  describe('when leaving (离职/调离)', () => {
    it('records the departure from the current unit', () =>
      spec([registered, moved])
        .when({ type: 'RecordInspectorLeft', inspectorId: 'li-ming', kind: 'transferred-out', leftOn: '2025-06-30', reason: '调往县政府' })
        .then([
          {
            type: 'InspectorLeft',
            data: { inspectorId: 'li-ming', departmentId: 'qiyang', kind: 'transferred-out', leftOn: '2025-06-30', reason: '调往县政府' },
          },
        ]));

    it('refuses a departure dated before joining', () =>
      spec([registered])
        .when({ type: 'RecordInspectorLeft', inspectorId: 'li-ming', kind: 'resigned', leftOn: '2024-02-29', reason: null })
        .thenThrows(ValidationError, /before the inspector joined/, 'leftOn'));

    it('refuses to record leaving twice', () =>
      spec([registered, left])
        .when({ type: 'RecordInspectorLeft', inspectorId: 'li-ming', kind: 'resigned', leftOn: '2025-07-30', reason: null })
        .thenThrows(IllegalStateError, /left the registry on 2025-06-30/));
  });

  describe('when declaring a conflict of interest (回避, 000 §18, 002 §23)', () => {
    const declare = {
      type: 'DeclareConflictOfInterest' as const,
      personId: 'li-ming',
      targetId: '91431102MA4L000001',
      reason: '配偶任该企业股东',
      today: '2026-03-02',
      targetKnown: true,
    };
    const declared: InspectorEvent = {
      type: 'ConflictOfInterestDeclared',
      data: { personKind: 'inspector', personId: 'li-ming', targetId: '91431102MA4L000001', reason: '配偶任该企业股东', declaredOn: '2026-03-02' },
    };

    it('records the target and the reason, dated today', () => spec([registered]).when(declare).then([declared]));

    it('refuses a target that is not in the target registry', () =>
      spec([registered])
        .when({ ...declare, targetKnown: false })
        .thenThrows(NotFoundError, /not in the target registry/, 'targetId'));

    it('refuses a declaration without a reason', () =>
      spec([registered])
        .when({ ...declare, reason: '' })
        .thenThrows(ValidationError, /reason/, 'reason'));

    it('refuses a second declaration for the same target', () =>
      spec([registered, declared])
        .when(declare)
        .thenThrows(IllegalStateError, /already declared/, 'targetId'));

    it('refuses a declaration after leaving', () => spec([registered, left]).when(declare).thenThrows(IllegalStateError, /left/));

    it('withdraws a declaration with a reason', () =>
      spec([registered, declared])
        .when({ type: 'WithdrawConflictOfInterest', personId: 'li-ming', targetId: '91431102MA4L000001', reason: '已离婚', today: '2026-05-01' })
        .then([
          {
            type: 'ConflictOfInterestWithdrawn',
            data: { personKind: 'inspector', personId: 'li-ming', targetId: '91431102MA4L000001', reason: '已离婚', withdrawnOn: '2026-05-01' },
          },
        ]));

    it('refuses to withdraw a declaration that is not in force', () =>
      spec([registered])
        .when({ type: 'WithdrawConflictOfInterest', personId: 'li-ming', targetId: '91431102MA4L000001', reason: 'x', today: '2026-05-01' })
        .thenThrows(NotFoundError, /no conflict of interest/, 'targetId'));

    it('lets a withdrawn declaration be declared again', () =>
      spec([
        registered,
        declared,
        {
          type: 'ConflictOfInterestWithdrawn',
          data: { personKind: 'inspector', personId: 'li-ming', targetId: '91431102MA4L000001', reason: 'x', withdrawnOn: '2026-04-01' },
        },
      ])
        .when(declare)
        .then([declared]));
  });
});
