import { RecordedEvent } from '@app/event-store';
import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import { isDrawable } from '@app/domain';
import {
  INSPECTORS,
  INSPECTORS_ACTIVE_INDEX,
  InspectorView,
  inspectorsInPostCategoryIndex,
  inspectorsOfDepartmentIndex,
  inspectorsProjection,
  inspectorsWithSpecialtyIndex,
  toPublicInspector,
} from './inspectors.projection';
import { EXPERTS, ExpertView, expertsOfDepartmentIndex, expertsProjection } from './experts.projection';
import { recordedEvent } from '../testing';

let position = 0;
const recorded = (type: string, data: unknown, recordedAt?: string) => recordedEvent({ type, data, recordedAt, position: ++position, stream: 'inspector-x' });

async function project(events: RecordedEvent[]) {
  const store = new MemoryReadStore();
  await store.commit(await writesForBatch(events, [inspectorsProjection, expertsProjection], store), { name: 't', expected: null, next: 'x' });
  return store;
}

const members = async (store: MemoryReadStore, index: string) => (await store.rangeIndex(index)).map((e) => e.member);

const registered = recorded('InspectorRegistered', {
  inspectorId: 'li-ming',
  departmentId: 'lingling',
  name: '李明',
  gender: 'male',
  certificate: { number: '43110220001', validFrom: '2024-01-01', validUntil: '2026-12-31' },
  post: '执法员',
  postCategory: '行政执法',
  specialties: ['食品安全', '特种设备'],
  qualifications: [{ name: '特种设备检验员证', number: 'TS-0001', validUntil: null }],
  qualificationClass: 'A',
  joinedOn: '2024-03-01',
});

describe('inspectors projection (000 §12)', () => {
  it('builds the full staff document through a move, a post change, a revocation, a renewal and a withdrawn conflict', async () => {
    const store = await project([
      registered,
      recorded('InspectorMovedToDepartment', {
        inspectorId: 'li-ming',
        fromDepartmentId: 'lingling',
        toDepartmentId: 'qiyang',
        movedOn: '2025-01-02',
        reason: '调动',
      }),
      recorded('InspectorPostChanged', {
        inspectorId: 'li-ming',
        departmentId: 'qiyang',
        previousPost: '执法员',
        previousPostCategory: '行政执法',
        post: '稽查队员',
        postCategory: '稽查',
        changedOn: '2025-02-01',
      }),
      recorded('EnforcementCertificateRevoked', {
        inspectorId: 'li-ming',
        departmentId: 'qiyang',
        number: '43110220001',
        revokedOn: '2025-04-01',
        reason: '违纪',
      }),
      recorded('ConflictOfInterestDeclared', { personKind: 'inspector', personId: 'li-ming', targetId: 't-1', reason: '亲属持股', declaredOn: '2025-05-01' }),
      recorded('ConflictOfInterestWithdrawn', {
        personKind: 'inspector',
        personId: 'li-ming',
        targetId: 't-1',
        reason: '股权已转让',
        withdrawnOn: '2025-06-01',
      }),
      recorded('ConflictOfInterestDeclared', { personKind: 'inspector', personId: 'li-ming', targetId: 't-2', reason: '曾任职', declaredOn: '2025-06-02' }),
      recorded('ConflictOfInterestDeclared', {
        personKind: 'expert',
        personId: 'li-ming',
        targetId: 't-9',
        reason: 'an expert with the same id',
        declaredOn: '2025-06-02',
      }),
      recorded(
        'EnforcementCertificateIssued',
        {
          inspectorId: 'li-ming',
          departmentId: 'qiyang',
          certificate: { number: 'N2', validFrom: '2025-07-01', validUntil: '2028-06-30' },
          replaces: '43110220001',
        },
        '2025-07-01T01:00:00.000Z',
      ),
    ]);
    expect(await store.getDocument(INSPECTORS, 'li-ming')).toEqual({
      inspectorId: 'li-ming',
      departmentId: 'qiyang',
      name: '李明',
      gender: 'male',
      status: 'active',
      certificate: { number: 'N2', validFrom: '2025-07-01', validUntil: '2028-06-30', expiredOn: null, revokedOn: null, revocationReason: null },
      post: '稽查队员',
      postCategory: '稽查',
      specialties: ['食品安全', '特种设备'],
      qualifications: [{ name: '特种设备检验员证', number: 'TS-0001', validUntil: null }],
      qualificationClass: 'A',
      joinedOn: '2024-03-01',
      leftOn: null,
      departure: null,
      moves: [{ fromDepartmentId: 'lingling', toDepartmentId: 'qiyang', movedOn: '2025-01-02', reason: '调动' }],
      conflicts: [
        { targetId: 't-1', reason: '亲属持股', declaredOn: '2025-05-01', withdrawnOn: '2025-06-01', withdrawalReason: '股权已转让' },
        { targetId: 't-2', reason: '曾任职', declaredOn: '2025-06-02', withdrawnOn: null, withdrawalReason: null },
      ],
      registeredAt: '2026-01-05T02:00:00.000Z',
      updatedAt: '2025-07-01T01:00:00.000Z',
    });
    expect(await members(store, inspectorsOfDepartmentIndex('lingling'))).toEqual([]);
    expect(await members(store, inspectorsOfDepartmentIndex('qiyang'))).toEqual(['li-ming']);
    expect(await members(store, inspectorsInPostCategoryIndex('行政执法'))).toEqual([]);
    expect(await members(store, inspectorsInPostCategoryIndex('稽查'))).toEqual(['li-ming']);
    expect(await members(store, inspectorsWithSpecialtyIndex('特种设备'))).toEqual(['li-ming']);
  });

  it('records an expiry and a departure, and takes the leaver off the active and department lists', async () => {
    const store = await project([
      registered,
      recorded('EnforcementCertificateExpired', {
        inspectorId: 'li-ming',
        departmentId: 'lingling',
        number: '43110220001',
        validUntil: '2026-12-31',
        recordedOn: '2027-01-01',
      }),
      recorded('InspectorLeft', { inspectorId: 'li-ming', departmentId: 'lingling', kind: 'retired', leftOn: '2027-02-01', reason: null }),
    ]);
    const view = await store.getDocument<InspectorView>(INSPECTORS, 'li-ming');
    expect(view).toMatchObject({
      status: 'left',
      leftOn: '2027-02-01',
      departure: { kind: 'retired', reason: null },
      certificate: {
        number: '43110220001',
        validFrom: '2024-01-01',
        validUntil: '2026-12-31',
        expiredOn: '2027-01-01',
        revokedOn: null,
        revocationReason: null,
      },
    });
    expect(isDrawable(view!, '2026-12-31')).toEqual({ drawable: true });
    expect(isDrawable(view!, '2027-02-01').reason).toBe('left');
    expect(await members(store, INSPECTORS_ACTIVE_INDEX)).toEqual([]);
    expect(await members(store, inspectorsOfDepartmentIndex('lingling'))).toEqual([]);
    expect(await members(store, inspectorsWithSpecialtyIndex('食品安全'))).toEqual(['li-ming']);
  });

  it('publishes only name, unit, certificate number and validity, post category and specialties', async () => {
    const store = await project([
      registered,
      recorded('ConflictOfInterestDeclared', { personKind: 'inspector', personId: 'li-ming', targetId: 't-1', reason: '亲属持股', declaredOn: '2025-05-01' }),
    ]);
    const view = (await store.getDocument<InspectorView>(INSPECTORS, 'li-ming'))!;
    expect(toPublicInspector(view, '零陵区市场监督管理局', '2026-12-31')).toEqual({
      inspectorId: 'li-ming',
      name: '李明',
      department: { departmentId: 'lingling', name: '零陵区市场监督管理局' },
      certificate: { number: '43110220001', validFrom: '2024-01-01', validUntil: '2026-12-31', status: 'valid' },
      postCategory: '行政执法',
      specialties: ['食品安全', '特种设备'],
    });
    expect(toPublicInspector(view, null, '2027-01-01').certificate?.status).toBe('expired');
    expect(toPublicInspector(view, null, '2023-12-31').certificate?.status).toBe('not-yet-valid');
    const revoked = { ...view, certificate: { ...view.certificate!, revokedOn: '2025-04-01', revocationReason: '违纪' } };
    expect(toPublicInspector(revoked, null, '2025-04-01').certificate).toEqual({
      number: '43110220001',
      validFrom: '2024-01-01',
      validUntil: '2026-12-31',
      status: 'revoked',
    });
  });
});

describe('experts projection (专家库)', () => {
  const details = {
    name: '王芳',
    fields: ['电梯检验'],
    organisation: '湖南省特种设备检验检测研究院',
    organisationKind: 'testing-body',
    title: '高级工程师',
    contact: { phone: '13800000000', email: null },
  };

  it('builds the staff document with contact, updates and conflicts, and drops leavers from the pool index', async () => {
    const store = await project([
      recorded('ExpertJoinedPool', { expertId: 'wang-fang', departmentId: 'lingling', joinedOn: '2025-01-10', ...details }),
      recorded('ExpertDetailsUpdated', { expertId: 'wang-fang', departmentId: 'lingling', ...details, title: '正高级工程师' }),
      recorded('ConflictOfInterestDeclared', { personKind: 'expert', personId: 'wang-fang', targetId: 't-1', reason: '咨询', declaredOn: '2025-03-01' }),
      recorded('ConflictOfInterestDeclared', {
        personKind: 'inspector',
        personId: 'wang-fang',
        targetId: 't-9',
        reason: 'an inspector with the same id',
        declaredOn: '2025-03-01',
      }),
    ]);
    expect(await store.getDocument<ExpertView>(EXPERTS, 'wang-fang')).toEqual({
      expertId: 'wang-fang',
      departmentId: 'lingling',
      ...details,
      title: '正高级工程师',
      status: 'active',
      joinedOn: '2025-01-10',
      leftOn: null,
      leavingReason: null,
      conflicts: [{ targetId: 't-1', reason: '咨询', declaredOn: '2025-03-01', withdrawnOn: null, withdrawalReason: null }],
      registeredAt: '2026-01-05T02:00:00.000Z',
      updatedAt: '2026-01-05T02:00:00.000Z',
    });
    expect(await members(store, expertsOfDepartmentIndex('lingling'))).toEqual(['wang-fang']);

    const later = await project([
      recorded('ExpertJoinedPool', { expertId: 'wang-fang', departmentId: 'lingling', joinedOn: '2025-01-10', ...details }),
      recorded('ExpertLeftPool', { expertId: 'wang-fang', departmentId: 'lingling', leftOn: '2025-12-31', reason: '退休' }),
    ]);
    expect(await later.getDocument<ExpertView>(EXPERTS, 'wang-fang')).toMatchObject({ status: 'left', leftOn: '2025-12-31', leavingReason: '退休' });
    expect(await members(later, expertsOfDepartmentIndex('lingling'))).toEqual([]);
  });
});
