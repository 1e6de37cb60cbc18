import { fold } from '../shared/decider';
import { conflictsWith } from './conflict-of-interest';
import { inspectorDecider } from './inspector.decider';
import { isDrawable } from './inspector.eligibility';
import { InspectorEvent, InspectorRegistered } from './inspector.events';

const registered: InspectorRegistered = {
  type: 'InspectorRegistered',
  data: {
    inspectorId: 'li-ming',
    departmentId: 'lingling',
    name: '李明',
    gender: 'male',
    certificate: { number: '43110220001', validFrom: '2024-01-01', validUntil: '2026-12-31' },
    post: '执法员',
    postCategory: '行政执法',
    specialties: [],
    qualifications: [],
    qualificationClass: 'A',
    joinedOn: '2024-03-01',
  },
};
const stateAfter = (...events: InspectorEvent[]) => fold(inspectorDecider, [registered, ...events]);

describe('isDrawable: an inspector without a valid certificate cannot be drawn (000 §12 §18, 002 §22)', () => {
  it('is drawable within the certificate validity', () => expect(isDrawable(stateAfter(), '2025-06-01')).toEqual({ drawable: true }));

  it('is drawable on the first valid day', () => expect(isDrawable(stateAfter(), '2024-01-01')).toEqual({ drawable: true }));

  it('is not drawable the day before the certificate becomes valid', () =>
    expect(isDrawable(stateAfter(), '2023-12-31')).toEqual({
      drawable: false,
      reason: 'certificate-not-yet-valid',
      detail: 'enforcement certificate 43110220001 is valid only from 2024-01-01',
    }));

  it('is drawable the day before validUntil and on validUntil itself (inclusive)', () => {
    expect(isDrawable(stateAfter(), '2026-12-30')).toEqual({ drawable: true });
    expect(isDrawable(stateAfter(), '2026-12-31')).toEqual({ drawable: true });
  });

  it('is not drawable from the day after validUntil on', () => {
    for (const day of ['2027-01-01', '2027-06-30']) {
      expect(isDrawable(stateAfter(), day)).toEqual({
        drawable: false,
        reason: 'certificate-expired',
        detail: 'enforcement certificate 43110220001 expired after 2026-12-31',
      });
    }
  });

  it('is drawable again once a renewed certificate is issued', () => {
    const renewed = stateAfter(
      {
        type: 'EnforcementCertificateExpired',
        data: { inspectorId: 'li-ming', departmentId: 'lingling', number: '43110220001', validUntil: '2026-12-31', recordedOn: '2027-01-02' },
      },
      {
        type: 'EnforcementCertificateIssued',
        data: {
          inspectorId: 'li-ming',
          departmentId: 'lingling',
          certificate: { number: 'N2', validFrom: '2027-01-05', validUntil: '2029-12-31' },
          replaces: '43110220001',
        },
      },
    );
    expect(isDrawable(renewed, '2027-01-04').reason).toBe('certificate-not-yet-valid');
    expect(isDrawable(renewed, '2027-01-05')).toEqual({ drawable: true });
  });

  it('is not drawable without any certificate', () =>
    expect(isDrawable(fold(inspectorDecider, [{ ...registered, data: { ...registered.data, certificate: null } }]), '2025-06-01')).toEqual({
      drawable: false,
      reason: 'no-certificate',
      detail: 'holds no enforcement certificate',
    }));

  it('is not drawable from the day of revocation on, and was before it', () => {
    const revoked = stateAfter({
      type: 'EnforcementCertificateRevoked',
      data: { inspectorId: 'li-ming', departmentId: 'lingling', number: '43110220001', revokedOn: '2025-04-01', reason: '违纪' },
    });
    expect(isDrawable(revoked, '2025-03-31')).toEqual({ drawable: true });
    expect(isDrawable(revoked, '2025-04-01')).toEqual({
      drawable: false,
      reason: 'certificate-revoked',
      detail: 'enforcement certificate 43110220001 was revoked on 2025-04-01',
    });
  });

  it('is not drawable from the day of leaving on, whatever the certificate says', () => {
    const gone = stateAfter({
      type: 'InspectorLeft',
      data: { inspectorId: 'li-ming', departmentId: 'lingling', kind: 'retired', leftOn: '2025-06-30', reason: null },
    });
    expect(isDrawable(gone, '2025-06-29')).toEqual({ drawable: true });
    expect(isDrawable(gone, '2025-06-30')).toEqual({ drawable: false, reason: 'left', detail: 'left the registry on 2025-06-30' });
  });

  it('is not drawable when not registered at all', () =>
    expect(isDrawable(inspectorDecider.initialState, '2025-06-01')).toEqual({
      drawable: false,
      reason: 'not-registered',
      detail: 'not in the inspector registry',
    }));
});

describe('conflictsWith: the declarations recusal reads (000 §18, 002 §23)', () => {
  const declared: InspectorEvent = {
    type: 'ConflictOfInterestDeclared',
    data: { personKind: 'inspector', personId: 'li-ming', targetId: 't-1', reason: '亲属任法定代表人', declaredOn: '2026-03-02' },
  };

  it('returns the declaration in force for the target', () =>
    expect(conflictsWith(stateAfter(declared), 't-1')).toEqual({ targetId: 't-1', reason: '亲属任法定代表人', declaredOn: '2026-03-02' }));

  it('returns null for another target', () => expect(conflictsWith(stateAfter(declared), 't-2')).toBeNull());

  it('returns null once the declaration is withdrawn', () =>
    expect(
      conflictsWith(
        stateAfter(declared, {
          type: 'ConflictOfInterestWithdrawn',
          data: { personKind: 'inspector', personId: 'li-ming', targetId: 't-1', reason: 'x', withdrawnOn: '2026-04-01' },
        }),
        't-1',
      ),
    ).toBeNull());

  it('returns null for an unregistered person', () => expect(conflictsWith(inspectorDecider.initialState, 't-1')).toBeNull());
});
