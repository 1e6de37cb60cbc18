import { WorkingDayCalendar } from '@app/calendar';
import { packageWith2025 } from '@app/calendar/calendar.fixtures';
import { specFor } from '../shared/testing';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { Duty } from '../deadlines/duties';
import { EscalationAuthority, OrderDutySupervision, PursueAccountability } from './escalation.commands';
import { escalationDecider } from './escalation.decider';
import { AccountabilityPursued, DutySupervisionOrdered, EscalatedDuty } from './escalation.events';

const calendar = new WorkingDayCalendar(packageWith2025);
const DUTY_ID = 'report:food-2025:T000001';

/** The on-site inspection ended 2025-09-26: five working days over National Day make it due 2025-10-10 (000 §21). */
const REPORT: Duty = {
  dutyId: DUTY_ID,
  kind: 'report',
  clause: '000 §21',
  taskId: 'food-2025',
  targetId: 'T000001',
  departmentId: 'lingling',
  responsible: ['insp-1', 'insp-2'],
  startedOn: '2025-09-26',
  startedBy: 'OnSiteInspectionRecorded',
  workingDays: 5,
  closedOn: null,
  closedBy: null,
  objectionNumber: null,
};
const closedOn = (date: string): Duty => ({ ...REPORT, closedOn: date, closedBy: 'InspectionReported' });

/** lingling (county) → yongzhou (city) → hunan (province). */
const CITY: EscalationAuthority = { actingUnit: 'yongzhou', role: 'unit-head', superiorsOfAnswerable: ['yongzhou', 'hunan'], disciplineUnitOf: null };

const supervise = (over: Partial<OrderDutySupervision> = {}): OrderDutySupervision => ({
  type: 'OrderDutySupervision',
  dutyId: DUTY_ID,
  duty: REPORT,
  calendar,
  actedOn: '2025-10-13',
  authority: CITY,
  instruction: '三个工作日内报送检查报告',
  ...over,
});
const pursue = (over: Partial<PursueAccountability> = {}): PursueAccountability => ({
  type: 'PursueAccountability',
  dutyId: DUTY_ID,
  duty: REPORT,
  calendar,
  actedOn: '2025-10-20',
  authority: CITY,
  reason: '督办后仍未报送检查报告，责令书面检查',
  ...over,
});

const recorded = (over: Partial<EscalatedDuty> = {}): EscalatedDuty => ({
  dutyId: DUTY_ID,
  kind: 'report',
  clause: '000 §21',
  taskId: 'food-2025',
  targetId: 'T000001',
  departmentId: 'lingling',
  responsible: ['insp-1', 'insp-2'],
  startedOn: '2025-09-26',
  dueOn: '2025-10-10',
  closedOn: null,
  provisional: false,
  actingDepartmentId: 'yongzhou',
  ...over,
});
const ordered: DutySupervisionOrdered = {
  type: 'DutySupervisionOrdered',
  data: { ...recorded(), orderedOn: '2025-10-13', instruction: '三个工作日内报送检查报告' },
};
const pursued: AccountabilityPursued = {
  type: 'AccountabilityPursued',
  data: { ...recorded(), pursuedOn: '2025-10-20', ladderState: 'overdue', reason: '督办后仍未报送检查报告，责令书面检查' },
};

const given = specFor(escalationDecider);

describe('003 §3(4) 怠政督办 — supervision of an overdue duty', () => {
  it('should record who ordered it, against which duty, addressed to the people answerable', () => {
    given().when(supervise()).then([ordered]);
  });

  it('should trim the instruction and refuse an empty one (400)', () => {
    given()
      .when(supervise({ instruction: '   ' }))
      .thenThrows(ValidationError, /instruction/, 'instruction');
  });

  it('should refuse a duty on its due day: it is a reminder (提醒), not yet overdue', () => {
    given()
      .when(supervise({ actedOn: '2025-10-10' }))
      .thenThrows(IllegalStateError, /reminder on 2025-10-10: 督办 is for a duty overdue/, 'dutyId');
  });

  it('should count the deadline in working days: 2025-10-08 falls in the National Day holiday, long before the due date', () => {
    given()
      .when(supervise({ actedOn: '2025-10-08' }))
      .thenThrows(IllegalStateError, /due 2025-10-10/);
  });

  it('should refuse a duty closed on time, and one closed late (that is 问责, not 督办)', () => {
    given()
      .when(supervise({ duty: closedOn('2025-10-10') }))
      .thenThrows(IllegalStateError, /closed-on-time/);
    given()
      .when(supervise({ duty: closedOn('2025-10-11') }))
      .thenThrows(IllegalStateError, /closed-late/);
  });

  it('should refuse a duty not started by the day of the act', () => {
    given()
      .when(supervise({ actedOn: '2025-09-25' }))
      .thenThrows(IllegalStateError, /starts on 2025-09-26/);
  });

  it('should refuse a second supervision of the same duty', () => {
    given([ordered])
      .when(supervise({ actedOn: '2025-10-14' }))
      .thenThrows(IllegalStateError, /already recorded on 2025-10-13/, 'dutyId');
  });

  it('should answer an unknown duty with not found', () => {
    given()
      .when(supervise({ duty: null }))
      .thenThrows(NotFoundError, /no duty/, 'dutyId');
  });
});

describe('003 §3(4) 失职问责 — accountability for a duty missed (002 §36 失职照单问责)', () => {
  it('should pursue a duty still overdue, after supervision', () => {
    given([ordered]).when(pursue()).then([pursued]);
  });

  it('should pursue a duty closed after its deadline, recording when it was closed', () => {
    given()
      .when(pursue({ duty: closedOn('2025-10-14') }))
      .then([
        {
          type: 'AccountabilityPursued',
          data: { ...recorded({ closedOn: '2025-10-14' }), pursuedOn: '2025-10-20', ladderState: 'closed-late', reason: pursue().reason },
        },
      ]);
  });

  it('should never pursue a duty done on time (尽职照单免责) or not yet due', () => {
    given()
      .when(pursue({ duty: closedOn('2025-10-10') }))
      .thenThrows(IllegalStateError, /closed-on-time.*问责 is for a duty closed late or still overdue/);
    given()
      .when(pursue({ actedOn: '2025-10-09' }))
      .thenThrows(IllegalStateError, /reminder/);
  });

  it('should refuse a second accountability for the same duty', () => {
    given([ordered, pursued])
      .when(pursue({ actedOn: '2025-10-21' }))
      .thenThrows(IllegalStateError, /问责.*already recorded on 2025-10-20/);
  });

  it('should refuse an empty reason', () => {
    given()
      .when(pursue({ reason: '' }))
      .thenThrows(ValidationError, /reason/, 'reason');
  });
});

describe('003 §3(4), DOMAIN.md Oversight: who may escalate', () => {
  it('should refuse the answerable department itself, and a department outside its chain', () => {
    given()
      .when(supervise({ authority: { ...CITY, actingUnit: 'lingling' } }))
      .thenThrows(ForbiddenError, /lingling is neither a superior of lingling/);
    given()
      .when(supervise({ authority: { ...CITY, actingUnit: 'qiyang' } }))
      .thenThrows(ForbiddenError, /oversight unit/);
  });

  it("should let the province supervise, and a discipline-inspection unit (纪检) of the county's own department or above", () => {
    given()
      .when(supervise({ authority: { ...CITY, actingUnit: 'hunan' } }))
      .then([{ ...ordered, data: { ...ordered.data, actingDepartmentId: 'hunan' } }]);
    const discipline = { ...CITY, actingUnit: 'lingling-jijian', disciplineUnitOf: 'lingling' };
    given()
      .when(pursue({ authority: discipline }))
      .then([{ ...pursued, data: { ...pursued.data, actingDepartmentId: 'lingling-jijian' } }]);
  });

  it('should refuse a discipline unit of another county', () => {
    given()
      .when(pursue({ authority: { ...CITY, actingUnit: 'qiyang-jijian', disciplineUnitOf: 'qiyang' } }))
      .thenThrows(ForbiddenError);
  });

  it('should let an oversight unit act on any department', () => {
    const oversight = { actingUnit: 'hunan-supervision', role: 'oversight' as const, superiorsOfAnswerable: ['yongzhou', 'hunan'], disciplineUnitOf: null };
    given()
      .when(supervise({ authority: oversight }))
      .then([{ ...ordered, data: { ...ordered.data, actingDepartmentId: 'hunan-supervision' } }]);
  });
});
