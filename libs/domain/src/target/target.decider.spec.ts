import { specFor } from '../shared/testing';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { withCreditCodeCheckCharacter } from './credit-code';
import { TargetCommand, TargetStatusCommand } from './target.commands';
import { targetDecider } from './target.decider';
import { TargetEvent, TargetRegistered } from './target.events';
import { checkTargetRecord } from './target-record';

const given = specFor(targetDecider);
const code = withCreditCodeCheckCharacter('91431102MA4L1A2B3');
const row = {
  creditCode: code,
  name: '零陵区湘味食品有限公司',
  subjectType: '企业',
  scale: '小型',
  industry: 'C1391',
  areaCode: '431102',
  address: '零陵区南津中路1号',
};
const details = {
  name: row.name,
  creditCode: code,
  registryId: null,
  subjectType: 'enterprise',
  scale: 'small',
  industry: 'C1391',
  areaCode: '431102',
  address: row.address,
  representative: null,
} as const;
const registered: TargetRegistered = { type: 'TargetRegistered', data: { targetId: code, departmentId: 'lingling', ...details } };
const fact = { targetId: code, effectiveDate: '2025-03-01', source: '国家企业信用信息公示系统' };
type StatusBody<C = TargetStatusCommand> = C extends TargetStatusCommand ? Omit<C, 'targetId' | 'effectiveDate' | 'source'> : never;
const status = (command: StatusBody) => ({ ...fact, ...command }) as TargetCommand;
const ev = (type: TargetEvent['type'], data: object) => ({ type, data: { ...fact, ...data } }) as TargetEvent;

describe('target registry decider (000 §13–14, 002 §10, 003 §2(1))', () => {
  describe('registering one target', () => {
    it('records the target with its owning jurisdiction as the first event (谁管辖、谁维护, 000 §14)', () => {
      given([]).when({ type: 'RegisterTarget', departmentId: 'lingling', record: row }).then([registered]);
    });

    it('keys a product without a credit code by its registry id', () => {
      const product = { name: '散装白酒', subjectType: '产品', registryId: 'P-431102-0001', areaCode: '431102' };
      given([])
        .when({ type: 'RegisterTarget', departmentId: 'lingling', record: product })
        .then([
          {
            type: 'TargetRegistered',
            data: {
              targetId: 'P-431102-0001',
              departmentId: 'lingling',
              name: '散装白酒',
              creditCode: null,
              registryId: 'P-431102-0001',
              subjectType: 'product',
              scale: null,
              industry: null,
              areaCode: '431102',
              address: null,
              representative: null,
            },
          },
        ]);
    });

    it('refuses a second registration of the same target', () => {
      given([registered])
        .when({ type: 'RegisterTarget', departmentId: 'lingling', record: row })
        .thenThrows(IllegalStateError, /already registered/, 'creditCode');
    });

    it('refuses a credit code whose check character is wrong (GB 32100-2015)', () => {
      given([])
        .when({ type: 'RegisterTarget', departmentId: 'lingling', record: { ...row, creditCode: code.slice(0, 17) + (code[17] === '0' ? '1' : '0') } })
        .thenThrows(ValidationError, /check character is wrong/, 'creditCode');
    });
  });

  describe('checking a record', () => {
    it('reports every problem of a record at once', () => {
      const check = checkTargetRecord({ name: '', subjectType: '公司', scale: '巨型', industry: 'C99', areaCode: '4311' });
      expect(check.ok).toBe(false);
      expect(!check.ok && check.problems.map((p) => p.field)).toEqual(['name', 'subjectType', 'scale', 'registryId', 'industry', 'areaCode']);
    });

    it('requires a credit code of a market subject (enterprise, individual business, co-operative, foreign enterprise)', () => {
      const check = checkTargetRecord({ name: '某个体户', subjectType: '个体工商户', registryId: 'X-1', areaCode: '431102' });
      expect(!check.ok && check.problems).toEqual([{ field: 'creditCode', reason: 'is required for a individual-business' }]);
    });

    it('accepts English codes and Chinese names alike, and upper-cases codes', () => {
      const check = checkTargetRecord({ ...row, creditCode: code.toLowerCase(), subjectType: 'foreign-enterprise', scale: 'micro', industry: 'f52' });
      expect(check.ok && check.details).toMatchObject({ creditCode: code, subjectType: 'foreign-enterprise', scale: 'micro', industry: 'F52' });
    });

    it('refuses an area code outside any province and an industry division outside its section', () => {
      const check = checkTargetRecord({ ...row, areaCode: '991102', industry: 'A13' });
      expect(!check.ok && check.problems.map((p) => p.reason)).toEqual([
        expect.stringMatching(/division 13 does not belong to section A/),
        expect.stringMatching(/province code/),
      ]);
    });
  });

  describe('importing a row', () => {
    const importRow = (record: object, departmentId = 'lingling'): TargetCommand => ({ type: 'ImportTargetRecord', departmentId, record });

    it('registers a target the registry does not know', () => {
      given([]).when(importRow(row)).then([registered]);
    });

    it('appends nothing for a row that matches the registry', () => {
      given([registered]).when(importRow(row)).then([]);
    });

    it('records only the changed fields, with their earlier values', () => {
      given([registered])
        .when(importRow({ ...row, address: '零陵区南津中路2号', scale: '中型' }))
        .then([
          {
            type: 'TargetDetailsChanged',
            data: {
              targetId: code,
              departmentId: 'lingling',
              changed: { scale: 'medium', address: '零陵区南津中路2号' },
              previous: { scale: 'small', address: row.address },
            },
          },
        ]);
    });

    it("refuses to change another jurisdiction's target (谁管辖、谁维护, 000 §14)", () => {
      given([registered])
        .when(importRow({ ...row, address: '别处' }, 'qiyang'))
        .thenThrows(ForbiddenError, /maintained by lingling/, 'creditCode');
    });

    it('refuses changes to a deregistered target but accepts an unchanged row (002 §30)', () => {
      const deregistered = [registered, ev('TargetDeregistered', {})];
      given(deregistered)
        .when(importRow({ ...row, address: '别处' }))
        .thenThrows(IllegalStateError, /deregistered/);
      given(deregistered).when(importRow(row)).then([]);
    });

    it('refuses changes to a revoked target', () => {
      given([registered, ev('TargetRevoked', { decisionNumber: '零市监罚〔2025〕1号' })])
        .when(importRow({ ...row, address: '别处' }))
        .thenThrows(IllegalStateError, /revoked/);
    });

    it('applies earlier changes before comparing', () => {
      const changed: TargetEvent = {
        type: 'TargetDetailsChanged',
        data: { targetId: code, departmentId: 'lingling', changed: { scale: 'medium' }, previous: { scale: 'small' } },
      };
      given([registered, changed])
        .when(importRow({ ...row, scale: '中型' }))
        .then([]);
    });
  });

  describe('status changes (DOMAIN.md, Target registry: status that changes what a draw may do)', () => {
    it('grades credit risk and remembers the previous grade', () => {
      given([registered, ev('TargetCreditGraded', { grade: 'B', previousGrade: null })])
        .when(status({ type: 'GradeTargetCredit', grade: 'D' }))
        .then([ev('TargetCreditGraded', { grade: 'D', previousGrade: 'B' })]);
    });

    it('lists on and removes from the abnormal-operation list (经营异常名录)', () => {
      given([registered])
        .when(status({ type: 'ListTargetAsAbnormal', reason: '未按规定公示年报' }))
        .then([ev('TargetListedAsAbnormal', { reason: '未按规定公示年报' })]);
      given([registered, ev('TargetListedAsAbnormal', { reason: 'x' })])
        .when(status({ type: 'RemoveTargetFromAbnormalList', reason: '已补报' }))
        .then([ev('TargetRemovedFromAbnormalList', { reason: '已补报' })]);
    });

    it('refuses to list twice or remove a target that is not listed', () => {
      given([registered, ev('TargetListedAsAbnormal', { reason: 'x' })])
        .when(status({ type: 'ListTargetAsAbnormal', reason: 'y' }))
        .thenThrows(IllegalStateError, /already on the abnormal/);
      given([registered])
        .when(status({ type: 'RemoveTargetFromAbnormalList', reason: 'y' }))
        .thenThrows(IllegalStateError, /is not on the abnormal-operation list/, 'change');
      given([registered, ev('TargetListedAsSeriousViolator', { reason: 'x' })])
        .when(status({ type: 'ListTargetAsSeriousViolator', reason: 'y' }))
        .thenThrows(IllegalStateError, /already on the serious-violation/);
      given([registered])
        .when(status({ type: 'RemoveTargetFromSeriousViolationList', reason: 'y' }))
        .thenThrows(IllegalStateError, /not on the serious-violation/);
    });

    it('lists on and removes from the serious-violation list (严重违法失信名单)', () => {
      given([registered])
        .when(status({ type: 'ListTargetAsSeriousViolator', reason: '提交虚假材料' }))
        .then([ev('TargetListedAsSeriousViolator', { reason: '提交虚假材料' })]);
      given([registered, ev('TargetListedAsSeriousViolator', { reason: 'x' })])
        .when(status({ type: 'RemoveTargetFromSeriousViolationList', reason: '期满' }))
        .then([ev('TargetRemovedFromSeriousViolationList', { reason: '期满' })]);
    });

    it('records penalties by decision number, each once', () => {
      const penalty = { decisionNumber: '零市监罚〔2025〕12号' };
      given([registered])
        .when(status({ type: 'RecordTargetPenalty', ...penalty }))
        .then([ev('TargetPenalised', penalty)]);
      given([registered, ev('TargetPenalised', penalty)])
        .when(status({ type: 'RecordTargetPenalty', ...penalty }))
        .thenThrows(IllegalStateError, /already recorded/, 'decisionNumber');
    });

    it('marks and unmarks a trustworthy target (守信), each only once', () => {
      given([registered])
        .when(status({ type: 'MarkTargetTrustworthy' }))
        .then([ev('TargetMarkedTrustworthy', {})]);
      given([registered, ev('TargetMarkedTrustworthy', {})])
        .when(status({ type: 'MarkTargetTrustworthy' }))
        .thenThrows(IllegalStateError, /already marked/);
      given([registered, ev('TargetMarkedTrustworthy', {})])
        .when(status({ type: 'RemoveTargetTrustworthyMark', reason: '到期' }))
        .then([ev('TargetTrustworthyMarkRemoved', { reason: '到期' })]);
      given([registered])
        .when(status({ type: 'RemoveTargetTrustworthyMark', reason: '到期' }))
        .thenThrows(IllegalStateError, /not marked trustworthy/);
    });

    it('refuses a trustworthy mark while the target is on a list (守信 and 失信 exclude each other)', () => {
      given([registered, ev('TargetListedAsAbnormal', { reason: 'x' })])
        .when(status({ type: 'MarkTargetTrustworthy' }))
        .thenThrows(IllegalStateError, /abnormal-operation list/);
      given([registered, ev('TargetListedAsSeriousViolator', { reason: 'x' })])
        .when(status({ type: 'MarkTargetTrustworthy' }))
        .thenThrows(IllegalStateError, /serious-violation list/);
    });

    it('records revocation once, then only what can still happen to a revoked subject', () => {
      const revoked = [registered, ev('TargetRevoked', { decisionNumber: 'D1' })];
      given([registered])
        .when(status({ type: 'RecordTargetRevocation', decisionNumber: 'D1' }))
        .then([ev('TargetRevoked', { decisionNumber: 'D1' })]);
      given(revoked)
        .when(status({ type: 'RecordTargetRevocation', decisionNumber: 'D2' }))
        .thenThrows(IllegalStateError, /is revoked/);
      given(revoked)
        .when(status({ type: 'ListTargetAsSeriousViolator', reason: 'x' }))
        .then([ev('TargetListedAsSeriousViolator', { reason: 'x' })]);
      given(revoked)
        .when(status({ type: 'RecordTargetDeregistration' }))
        .then([ev('TargetDeregistered', {})]);
      given(revoked)
        .when(status({ type: 'MarkTargetTrustworthy' }))
        .thenThrows(IllegalStateError, /revoked/);
      given(revoked)
        .when(status({ type: 'ListTargetAsAbnormal', reason: 'x' }))
        .thenThrows(IllegalStateError, /revoked/);
    });

    it('records nothing after deregistration (002 §30)', () => {
      const deregistered = [registered, ev('TargetDeregistered', {})];
      given([registered])
        .when(status({ type: 'RecordTargetDeregistration' }))
        .then([ev('TargetDeregistered', {})]);
      given(deregistered)
        .when(status({ type: 'RecordTargetDeregistration' }))
        .thenThrows(IllegalStateError, /deregistered/, 'change');
      given(deregistered)
        .when(status({ type: 'GradeTargetCredit', grade: 'A' }))
        .thenThrows(IllegalStateError, /deregistered/);
      given(deregistered)
        .when(status({ type: 'TransferTargetJurisdiction', toDepartmentId: 'qiyang', toDepartmentRegistered: true }))
        .thenThrows(IllegalStateError, /deregistered/);
    });

    it('moves the target to another jurisdiction, naming both (002 §30)', () => {
      given([registered])
        .when(status({ type: 'TransferTargetJurisdiction', toDepartmentId: 'qiyang', toDepartmentRegistered: true }))
        .then([ev('TargetJurisdictionTransferred', { fromDepartmentId: 'lingling', toDepartmentId: 'qiyang' })]);
    });

    it('refuses a move to the same or an unregistered department', () => {
      given([registered])
        .when(status({ type: 'TransferTargetJurisdiction', toDepartmentId: 'lingling', toDepartmentRegistered: true }))
        .thenThrows(ValidationError, /already maintained/, 'toDepartmentId');
      given([registered])
        .when(status({ type: 'TransferTargetJurisdiction', toDepartmentId: 'nowhere', toDepartmentRegistered: false }))
        .thenThrows(NotFoundError, /not registered/, 'toDepartmentId');
    });

    it('lets the new jurisdiction maintain the target after a move, and not the old one', () => {
      const moved = [registered, ev('TargetJurisdictionTransferred', { fromDepartmentId: 'lingling', toDepartmentId: 'qiyang' })];
      given(moved)
        .when({ type: 'ImportTargetRecord', departmentId: 'lingling', record: { ...row, address: 'x' } })
        .thenThrows(ForbiddenError, /maintained by qiyang/);
      given(moved).when({ type: 'ImportTargetRecord', departmentId: 'qiyang', record: row }).then([]);
    });

    it('refuses a status change of an unregistered target, a bad date or an empty source', () => {
      given([])
        .when(status({ type: 'MarkTargetTrustworthy' }))
        .thenThrows(NotFoundError, /not registered/, 'targetId');
      given([registered])
        .when({ ...status({ type: 'MarkTargetTrustworthy' }), effectiveDate: '2025-02-30' } as TargetCommand)
        .thenThrows(ValidationError, /YYYY-MM-DD/, 'effectiveDate');
      given([registered])
        .when({ ...status({ type: 'MarkTargetTrustworthy' }), source: ' ' } as TargetCommand)
        .thenThrows(ValidationError, /source/, 'source');
    });
  });

  describe('enrolling in a sub-registry (专项名录库, 000 §13)', () => {
    const standard = { departmentId: 'yongzhou', indicators: [{ name: '经营类别', values: ['大型餐馆', '小餐饮', '集体食堂'] }] };
    const enrol = (overrides: object = {}): TargetCommand => ({
      type: 'EnrolTargetInSubRegistry',
      targetId: code,
      subRegistryId: 'yongzhou-catering',
      standard,
      ownerChain: ['lingling', 'yongzhou', 'hunan'],
      values: { 经营类别: '小餐饮' },
      effectiveDate: '2025-03-01',
      ...overrides,
    });
    const enrolled: TargetEvent = {
      type: 'TargetEnrolledInSubRegistry',
      data: { targetId: code, subRegistryId: 'yongzhou-catering', values: { 经营类别: '小餐饮' }, effectiveDate: '2025-03-01' },
    };

    it("enrols with indicator values allowed by the sub-registry's build standard", () => {
      given([registered]).when(enrol()).then([enrolled]);
    });

    it('refuses a second enrolment, an undefined sub-registry, or one of a department that does not oversee the owner', () => {
      given([registered, enrolled])
        .when(enrol())
        .thenThrows(IllegalStateError, /already enrolled/);
      given([registered])
        .when(enrol({ standard: null }))
        .thenThrows(NotFoundError, /not defined/, 'subRegistryId');
      given([registered])
        .when(enrol({ standard: { ...standard, departmentId: 'changsha' } }))
        .thenThrows(ValidationError, /does not oversee lingling/);
    });

    it('refuses missing, unknown or disallowed indicator values', () => {
      given([registered])
        .when(enrol({ values: {} }))
        .thenThrows(ValidationError, /required/, 'values.经营类别');
      given([registered])
        .when(enrol({ values: { 经营类别: '夜宵' } }))
        .thenThrows(ValidationError, /not one of/, 'values.经营类别');
      given([registered])
        .when(enrol({ values: { 经营类别: '小餐饮', 面积: '50' } }))
        .thenThrows(ValidationError, /not a classification indicator/, 'values.面积');
    });

    it('refuses to enrol a revoked target, or with an effective date that is not a day', () => {
      given([registered, ev('TargetRevoked', { decisionNumber: 'D1' })])
        .when(enrol())
        .thenThrows(IllegalStateError, /revoked/, 'change');
      given([registered])
        .when(enrol({ effectiveDate: '2025-13-01' }))
        .thenThrows(ValidationError, /YYYY-MM-DD/, 'effectiveDate');
    });

    it('refuses to enrol an unregistered or deregistered target', () => {
      given([])
        .when(enrol())
        .thenThrows(NotFoundError, /not registered/);
      given([registered, ev('TargetDeregistered', {})])
        .when(enrol())
        .thenThrows(IllegalStateError, /deregistered/);
    });
  });
});
