import { specFor } from '../shared/testing';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { expertDecider } from './expert.decider';
import { ExpertDetails, ExpertEvent } from './expert.events';

const spec = specFor(expertDecider);

const details: ExpertDetails = {
  name: '王芳',
  fields: ['电梯检验'],
  organisation: '湖南省特种设备检验检测研究院',
  organisationKind: 'testing-body',
  title: '高级工程师',
  contact: { phone: '13800000000', email: null },
};
const joined: ExpertEvent = { type: 'ExpertJoinedPool', data: { expertId: 'wang-fang', departmentId: 'lingling', joinedOn: '2025-01-10', ...details } };
const left: ExpertEvent = { type: 'ExpertLeftPool', data: { expertId: 'wang-fang', departmentId: 'lingling', leftOn: '2025-12-31', reason: null } };

describe('expert pool (专家库: non-enforcement experts for specialised inspections, 000 §12 §20)', () => {
  describe('when joining', () => {
    it('records field, organisation, title and the private contact', () =>
      spec().when({ type: 'AddExpertToPool', expertId: 'wang-fang', departmentId: 'lingling', details, joinedOn: '2025-01-10' }).then([joined]));

    it('refuses an expert without a field of expertise', () =>
      spec()
        .when({ type: 'AddExpertToPool', expertId: 'wang-fang', departmentId: 'lingling', details: { ...details, fields: [] }, joinedOn: '2025-01-10' })
        .thenThrows(ValidationError, /at least one field/, 'fields'));

    it('refuses to add the same expert twice', () =>
      spec([joined])
        .when({ type: 'AddExpertToPool', expertId: 'wang-fang', departmentId: 'lingling', details, joinedOn: '2025-01-10' })
        .thenThrows(IllegalStateError, /already in the pool/, 'expertId'));
  });

  describe('when updating details', () => {
    it('records the full new details', () =>
      spec([joined])
        .when({ type: 'UpdateExpertDetails', expertId: 'wang-fang', details: { ...details, title: '正高级工程师' } })
        .then([{ type: 'ExpertDetailsUpdated', data: { expertId: 'wang-fang', departmentId: 'lingling', ...details, title: '正高级工程师' } }]));

    it('refuses an update that changes nothing', () =>
      spec([joined])
        .when({ type: 'UpdateExpertDetails', expertId: 'wang-fang', details })
        .thenThrows(IllegalStateError, /already these/));

    it('refuses to drop every field of expertise', () =>
      spec([joined])
        .when({ type: 'UpdateExpertDetails', expertId: 'wang-fang', details: { ...details, fields: [] } })
        .thenThrows(ValidationError, /at least one field/, 'fields'));

    it('refuses an expert who is not in the pool', () =>
      spec()
        .when({ type: 'UpdateExpertDetails', expertId: 'wang-fang', details })
        .thenThrows(NotFoundError, /not in the pool/, 'expertId'));

    it('refuses an expert who has left', () =>
      spec([joined, left])
        .when({ type: 'UpdateExpertDetails', expertId: 'wang-fang', details })
        .thenThrows(IllegalStateError, /left the pool on 2025-12-31/));
  });

  describe('when leaving', () => {
    it('records the date and reason', () =>
      spec([joined]).when({ type: 'RemoveExpertFromPool', expertId: 'wang-fang', leftOn: '2025-12-31', reason: null }).then([left]));

    it('refuses a date before joining', () =>
      spec([joined])
        .when({ type: 'RemoveExpertFromPool', expertId: 'wang-fang', leftOn: '2025-01-09', reason: null })
        .thenThrows(ValidationError, /before the expert joined/, 'leftOn'));

    it('refuses to leave twice', () =>
      spec([joined, left])
        .when({ type: 'RemoveExpertFromPool', expertId: 'wang-fang', leftOn: '2026-01-31', reason: null })
        .thenThrows(IllegalStateError, /left/));
  });

  describe('when declaring a conflict of interest (回避, 000 §18, 002 §23)', () => {
    it('records it on the expert stream as an expert declaration', () =>
      spec([joined])
        .when({
          type: 'DeclareConflictOfInterest',
          personId: 'wang-fang',
          targetId: 't-1',
          reason: '曾为该企业提供咨询',
          today: '2026-03-02',
          targetKnown: true,
        })
        .then([
          {
            type: 'ConflictOfInterestDeclared',
            data: { personKind: 'expert', personId: 'wang-fang', targetId: 't-1', reason: '曾为该企业提供咨询', declaredOn: '2026-03-02' },
          },
        ]));

    it('refuses a target not in the registry, a declaration without a reason, and a second declaration', () => {
      const declare = {
        type: 'DeclareConflictOfInterest',
        personId: 'wang-fang',
        targetId: 't-1',
        reason: '曾为该企业提供咨询',
        today: '2026-03-02',
        targetKnown: true,
      } as const;
      const declared: ExpertEvent = {
        type: 'ConflictOfInterestDeclared',
        data: { personKind: 'expert', personId: 'wang-fang', targetId: 't-1', reason: '曾为该企业提供咨询', declaredOn: '2026-03-02' },
      };
      spec([joined])
        .when({ ...declare, targetKnown: false })
        .thenThrows(NotFoundError, /not in the target registry/, 'targetId');
      spec([joined])
        .when({ ...declare, reason: ' ' })
        .thenThrows(ValidationError, /reason is required/, 'reason');
      spec([joined, declared])
        .when(declare)
        .thenThrows(IllegalStateError, /already declared/, 'targetId');
    });

    it('refuses to declare for an expert who is not in the pool', () =>
      spec()
        .when({ type: 'DeclareConflictOfInterest', personId: 'wang-fang', targetId: 't-1', reason: 'x', today: '2026-03-02', targetKnown: true })
        .thenThrows(NotFoundError, /not in the pool/, 'expertId'));

    it('refuses to withdraw a declaration that is not in force', () =>
      spec([joined])
        .when({ type: 'WithdrawConflictOfInterest', personId: 'wang-fang', targetId: 't-1', reason: 'x', today: '2026-04-02' })
        .thenThrows(NotFoundError, /no conflict of interest/, 'targetId'));

    it('refuses after leaving', () =>
      spec([joined, left])
        .when({ type: 'DeclareConflictOfInterest', personId: 'wang-fang', targetId: 't-1', reason: 'x', today: '2026-03-02', targetKnown: true })
        .thenThrows(IllegalStateError, /left/));

    it('withdraws a declaration in force', () =>
      spec([
        joined,
        { type: 'ConflictOfInterestDeclared', data: { personKind: 'expert', personId: 'wang-fang', targetId: 't-1', reason: 'x', declaredOn: '2026-03-02' } },
      ])
        .when({ type: 'WithdrawConflictOfInterest', personId: 'wang-fang', targetId: 't-1', reason: '咨询合同已终止三年', today: '2026-04-02' })
        .then([
          {
            type: 'ConflictOfInterestWithdrawn',
            data: { personKind: 'expert', personId: 'wang-fang', targetId: 't-1', reason: '咨询合同已终止三年', withdrawnOn: '2026-04-02' },
          },
        ]));
  });
});
