import { WorkingDayCalendar } from '@app/calendar';
import { ILLUSTRATIVE_SCHEDULE_2027, packageWith2025 } from '@app/calendar/calendar.fixtures';
import { Duty, DutyFact, assessDuty, deriveDuties } from './duties';

const TASK = 'food-2025';
const TARGET = 'T000001';
const on = { taskId: TASK, targetId: TARGET };

const fact = (type: string, data: object, actorId: string | null = 'staff-1'): DutyFact => ({ type, data: { ...on, ...data }, actorId });
const opened = (openedOn = '2025-09-20') => fact('InspectionOpened', { departmentId: 'lingling', itemIds: ['hn-zj-01'], openedOn }, 'opener-1');
const onSite = (endedOn: string, inspectorIds = ['insp-1', 'insp-2']) => fact('OnSiteInspectionRecorded', { inspectorIds, startedOn: endedOn, endedOn });
const reported = (reportedOn: string, concludedOn = '2025-09-26') =>
  fact('InspectionReported', {
    departmentId: 'lingling',
    reportedOn,
    concludedOn,
    content: 'c',
    findings: 'f',
    evaluation: 'e',
    handlingOpinion: 'h',
    foundProblems: false,
  });
const delivered = (deliveredOn: string) => fact('FeedbackDelivered', { channel: 'direct', deliveredOn });
const entered = (enteredOn: string) => fact('ResultsEntered', { enteredOn });
const completed = (completedOn: string, lists: { reported?: string[]; unreachable?: string[]; handedOver?: string[] } = { reported: [TARGET] }) =>
  fact('TaskCompleted', { taskId: TASK, departmentId: 'yongzhou', completedOn, reported: [], unreachable: [], handedOver: [], ...lists }, 'owner-1');
const published = (publishedOn: string) => fact('ResultPublished', { departmentId: 'lingling', publishedOn });
const objection = (objectionNumber: number, receivedOn: string) =>
  fact('ObjectionReceived', { departmentId: 'lingling', objectionNumber, receivedOn, grounds: 'g', objector: 'o' }, 'desk-1');
const reviewed = (objectionNumber: number, reviewedOn: string) =>
  fact('ObjectionReviewed', { departmentId: 'lingling', objectionNumber, reviewedOn, upheld: true, reasoning: 'r', reviewedBy: 'legal-1' }, 'legal-1');
const fedBack = (objectionNumber: number, fedBackOn: string) =>
  fact('ObjectionReviewFedBack', { departmentId: 'lingling', objectionNumber, fedBackOn, channel: 'post' });

const duties = (...facts: DutyFact[]) => deriveDuties(TASK, TARGET, facts);
const only = (kind: Duty['kind'], ...facts: DutyFact[]) => {
  const found = duties(...facts).filter((duty) => duty.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
};

/** 2025 as officially scheduled; 2027 statutory days only (no official schedule yet). */
const calendar = new WorkingDayCalendar(packageWith2025);
const dueOf = (duty: Duty, asOf = '2030-01-01') => assessDuty(duty, calendar, asOf);

// DOMAIN.md, Inspection, report, publication (000 §21–§23, 002 §28.4, 002 §29, 002 §30) and
// Oversight and assessment (003 §3(4)): which event starts which clock, which ends it.
describe('duties', () => {
  describe('report (000 §21)', () => {
    it('starts when the on-site inspection ends: 2025-09-26 is due 2025-10-10, answerable by the inspectors on site', () => {
      const duty = only('report', opened(), onSite('2025-09-26'));
      expect(duty).toEqual({
        dutyId: `report:${TASK}:${TARGET}`,
        kind: 'report',
        clause: '000 §21',
        taskId: TASK,
        targetId: TARGET,
        departmentId: 'lingling',
        responsible: ['insp-1', 'insp-2'],
        startedOn: '2025-09-26',
        startedBy: 'OnSiteInspectionRecorded',
        workingDays: 5,
        closedOn: null,
        closedBy: null,
        objectionNumber: null,
      });
      expect(dueOf(duty, '2025-09-26')).toEqual({ dueOn: '2025-10-10', provisional: false, provisionalYears: [], state: 'pending' });
    });

    it('where testing is needed, starts when the test result settles (000 §21), and not before', () => {
      const awaiting = fact('ItemResultRecorded', { itemId: 'hn-zj-01', result: 'awaiting-test', findings: '', evidence: [], recordedOn: '2025-09-26' });
      const settled = fact('TestResultRecorded', {
        itemId: 'hn-zj-01',
        laboratory: 'lab',
        conclusion: 'pass',
        deliveredOn: '2025-10-09',
        settledOn: '2025-10-20',
      });
      expect(duties(opened(), onSite('2025-09-26'), awaiting)).toEqual([]);
      expect(only('report', opened(), onSite('2025-09-26'), awaiting, settled)).toMatchObject({ startedOn: '2025-10-20', startedBy: 'TestResultRecorded' });
    });

    it('a report recorded without on-site facts starts the clock on the day it says the inspection ended', () =>
      expect(only('report', opened(), reported('2025-10-09', '2025-09-26'))).toMatchObject({
        startedOn: '2025-09-26',
        startedBy: 'InspectionReported',
        closedOn: '2025-10-09',
      }));

    it('is ended by InspectionReported', () =>
      expect(only('report', opened(), onSite('2025-09-26'), reported('2025-10-10'))).toMatchObject({ closedOn: '2025-10-10', closedBy: 'InspectionReported' }));

    it('an unreachable target closes it as completed, on time (002 §30)', () => {
      const unreachable = fact('TargetFoundUnreachable', { reason: 'not-at-registered-address', recordedOn: '2025-09-25', evidence: [] });
      const duty = only('report', opened(), unreachable);
      expect(duty).toMatchObject({ startedOn: '2025-09-25', closedOn: '2025-09-25', closedBy: 'TargetFoundUnreachable', responsible: ['opener-1'] });
      expect(dueOf(duty)?.state).toBe('closed-on-time');
    });

    it('a hand-over closes it for the department that handed over (002 §30)', () => {
      const handedOver = fact('InspectionHandedOver', { fromDepartmentId: 'lingling', toDepartmentId: 'qiyang', handedOverOn: '2025-09-29' });
      expect(only('report', opened(), onSite('2025-09-26'), handedOver)).toMatchObject({
        departmentId: 'lingling',
        startedOn: '2025-09-26',
        closedOn: '2025-09-29',
        closedBy: 'InspectionHandedOver',
      });
    });

    it('the jurisdiction taking a handed-over inspection up owes its own report (002 §30)', () => {
      const handedOver = fact('InspectionHandedOver', { fromDepartmentId: 'lingling', toDepartmentId: 'qiyang', handedOverOn: '2025-09-29' });
      const takenOver = fact('InspectionTakenOver', { fromDepartmentId: 'lingling', departmentId: 'qiyang', takenOverOn: '2025-09-30' }, 'qiyang-staff');
      const reports = duties(
        opened(),
        onSite('2025-09-26'),
        handedOver,
        takenOver,
        onSite('2025-10-15', ['insp-7', 'insp-8']),
        reported('2025-10-17', '2025-10-15'),
      );
      expect(reports.filter((d) => d.kind === 'report').map((d) => [d.dutyId, d.departmentId, d.responsible, d.startedOn, d.closedOn, d.closedBy])).toEqual([
        [`report:${TASK}:${TARGET}`, 'lingling', ['insp-1', 'insp-2'], '2025-09-26', '2025-09-29', 'InspectionHandedOver'],
        [`report:${TASK}:${TARGET}:qiyang`, 'qiyang', ['insp-7', 'insp-8'], '2025-10-15', '2025-10-17', 'InspectionReported'],
      ]);
      // and the duties after the report are its own
      expect(only('entry', opened(), handedOver, takenOver, reported('2025-10-17', '2025-10-15'), delivered('2025-10-20')).departmentId).toBe('qiyang');
    });
  });

  it('feedback (000 §22): 5 working days after the report, ended by FeedbackDelivered', () => {
    const duty = only('feedback', opened(), onSite('2025-09-26'), reported('2025-09-30'), delivered('2025-10-13'));
    expect(duty).toMatchObject({ startedOn: '2025-09-30', closedOn: '2025-10-13', closedBy: 'FeedbackDelivered', departmentId: 'lingling' });
    // 10-09, 10-10, Saturday 10-11 a make-up working day, 10-13, 10-14
    expect(dueOf(duty)).toMatchObject({ dueOn: '2025-10-14', state: 'closed-on-time' });
  });

  it('entry (000 §23): 10 working days after delivery, ended by ResultsEntered', () => {
    const duty = only('entry', opened(), onSite('2025-09-26'), reported('2025-09-30'), delivered('2025-10-13'), entered('2025-10-28'));
    expect(duty).toMatchObject({ startedOn: '2025-10-13', workingDays: 10, closedOn: '2025-10-28' });
    expect(dueOf(duty)).toMatchObject({ dueOn: '2025-10-27', state: 'closed-late' });
  });

  describe('publication (002 §28.4)', () => {
    it('20 working days after TaskCompleted, ended by ResultPublished, answerable by whoever opened the inspection', () => {
      const duty = only('publication', opened(), reported('2025-09-30'), completed('2025-12-01'), published('2025-12-29'));
      expect(duty).toMatchObject({
        startedOn: '2025-12-01',
        closedOn: '2025-12-29',
        closedBy: 'ResultPublished',
        responsible: ['opener-1'],
        departmentId: 'lingling',
      });
      expect(dueOf(duty)).toMatchObject({ dueOn: '2025-12-29', state: 'closed-on-time' });
    });

    it('is ended by PublicationExempted as well', () =>
      expect(
        only(
          'publication',
          opened(),
          completed('2025-12-01'),
          fact('PublicationExempted', { departmentId: 'lingling', reason: 'r', legalBasis: 'b', decidedOn: '2025-12-02' }),
        ),
      ).toMatchObject({ closedOn: '2025-12-02', closedBy: 'PublicationExempted' }));

    it('starts for an unreachable target, not for one handed over to its new jurisdiction (002 §30)', () => {
      expect(only('publication', opened(), completed('2025-12-01', { unreachable: [TARGET] })).startedOn).toBe('2025-12-01');
      expect(duties(opened(), completed('2025-12-01', { handedOver: [TARGET] })).map((d) => d.kind)).toEqual([]);
      expect(duties(opened(), completed('2025-12-01', { reported: ['T000002'] })).map((d) => d.kind)).toEqual([]);
    });
  });

  describe('objections (002 §29)', () => {
    const base = [opened(), reported('2025-09-30'), completed('2025-12-01'), published('2025-12-10')];

    it('review within 20 working days of receipt, feedback within 15 of the review, one pair per objection', () => {
      const all = duties(...base, objection(1, '2025-12-15'), reviewed(1, '2026-01-05'), fedBack(1, '2026-01-20'), objection(2, '2026-01-21'));
      const objectionDuties = all.filter((d) => d.objectionNumber !== null);
      expect(objectionDuties.map((d) => [d.dutyId, d.startedOn, d.closedOn, d.responsible])).toEqual([
        [`objection-review:${TASK}:${TARGET}:1`, '2025-12-15', '2026-01-05', ['desk-1']],
        [`review-feedback:${TASK}:${TARGET}:1`, '2026-01-05', '2026-01-20', ['legal-1']],
        [`objection-review:${TASK}:${TARGET}:2`, '2026-01-21', null, ['desk-1']],
      ]);
      expect(dueOf(objectionDuties[0])).toMatchObject({ dueOn: '2026-01-13', state: 'closed-on-time' });
      // 2026 has no official schedule in this fixture, so the feedback's due date is provisional
      expect(dueOf(objectionDuties[1])).toMatchObject({ dueOn: '2026-01-26', provisional: true, provisionalYears: [2026], state: 'closed-on-time' });
    });

    it('a review of an objection never received starts nothing', () =>
      expect(duties(...base, reviewed(3, '2026-01-05')).filter((d) => d.objectionNumber !== null)).toEqual([]));
  });

  it('skips events that start or end no clock, and counts the first closing event', () => {
    const noise = fact('PreCheckRecorded', { checkedOn: '2025-09-21', sources: [], notes: '' });
    expect(only('report', opened(), noise, onSite('2025-09-26'), reported('2025-10-09'), reported('2025-10-20')).closedOn).toBe('2025-10-09');
    expect(duties(opened(), noise)).toEqual([]);
  });
});

// 003 §3(4): 懒政提醒 before the deadline, 怠政督办 when overdue, 失职问责 after.
describe('escalation ladder', () => {
  const report = only('report', opened(), onSite('2025-09-26'));
  const closedOn = (date: string): Duty => ({ ...report, closedOn: date, closedBy: 'InspectionReported' });

  it.each([
    ['2025-09-25', null],
    ['2025-09-29', 'pending'],
    // 10-09 and 10-10 left: from two working days before the deadline, a reminder
    ['2025-10-08', 'reminder'],
    ['2025-10-10', 'reminder'],
    ['2025-10-11', 'overdue'],
  ])('an open report due 2025-10-10, as of %s: %s', (asOf, state) => expect(assessDuty(report, calendar, asOf)?.state ?? null).toBe(state));

  it('takes the reminder threshold as a parameter', () => {
    expect(assessDuty(report, calendar, '2025-09-30', 5)?.state).toBe('reminder');
    expect(assessDuty(report, calendar, '2025-10-09', 0)?.state).toBe('pending');
  });

  it('closed by the end of the due day is on time; later is held to account (失职问责)', () => {
    expect(assessDuty(closedOn('2025-10-10'), calendar, '2025-12-01')?.state).toBe('closed-on-time');
    expect(assessDuty(closedOn('2025-10-13'), calendar, '2025-12-01')?.state).toBe('closed-late');
  });

  it('as of a day before the closure, the duty was still open', () =>
    expect(assessDuty(closedOn('2025-10-13'), calendar, '2025-10-11')?.state).toBe('overdue'));

  describe('in a year without an official schedule (2027)', () => {
    const report2027 = deriveDuties(TASK, TARGET, [opened('2027-02-01'), onSite('2027-02-03')])[0];
    const published2027 = new WorkingDayCalendar(packageWith2025, [ILLUSTRATIVE_SCHEDULE_2027]);

    it('the due date is provisional, and moves once the 2027 schedule is published', () => {
      expect(assessDuty(report2027, calendar, '2027-02-03')).toEqual({ dueOn: '2027-02-12', provisional: true, provisionalYears: [2027], state: 'pending' });
      expect(assessDuty(report2027, published2027, '2027-02-03')).toEqual({ dueOn: '2027-02-17', provisional: false, provisionalYears: [], state: 'pending' });
    });

    it('and with it the rung of the ladder', () => {
      expect(assessDuty(report2027, calendar, '2027-02-15')?.state).toBe('overdue');
      // with the schedule: Sunday 02-14 is worked, 02-16 and 02-17 are left
      expect(assessDuty(report2027, published2027, '2027-02-15')?.state).toBe('reminder');
    });
  });
});
