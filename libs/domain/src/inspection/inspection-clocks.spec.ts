import { reportClockStart } from './inspection-clocks';
import { InspectionEvent, ItemResultRecorded } from './inspection.events';

const opened = (taskId: string, itemIds: string[]): InspectionEvent => ({
  type: 'InspectionOpened',
  data: { taskId, targetId: 'T1', departmentId: 'lingling', itemIds, openedOn: '2026-04-01' },
});
const onSite = (taskId: string, endedOn: string): InspectionEvent => ({
  type: 'OnSiteInspectionRecorded',
  data: {
    taskId,
    targetId: 'T1',
    inspectorIds: ['a', 'b'],
    credentialsShown: true,
    noticeDelivered: true,
    acknowledgement: { kind: 'signed', signedBy: '王经理' },
    methods: ['on-site'],
    startedOn: '2026-04-09',
    endedOn,
    evidence: [],
  },
});
const result = (taskId: string, itemId: string, value: ItemResultRecorded['data']['result'], recordedOn: string): InspectionEvent => ({
  type: 'ItemResultRecorded',
  data: { taskId, targetId: 'T1', itemId, result: value, findings: '', evidence: [], recordedOn },
});
const test = (taskId: string, itemId: string, settledOn: string): InspectionEvent => ({
  type: 'TestResultRecorded',
  data: { taskId, targetId: 'T1', itemId, laboratory: '检验所', conclusion: 'pass', deliveredOn: '2026-04-20', settledOn, evidence: [] },
});

describe('report clock start (000 §21: 5 working days after the inspection, the settled test, or the last item of a combined visit)', () => {
  it('starts when the inspection of one target ends (000 §21)', () => {
    expect(reportClockStart([opened('a', ['i1']), onSite('a', '2026-04-10')])).toBe('2026-04-10');
  });

  it('has not started before the on-site record', () => {
    expect(reportClockStart([opened('a', ['i1'])])).toBeNull();
  });

  it('waits for the test result, then starts when it settles: the objection period’s end or the retest’s delivery (000 §21)', () => {
    const events = [
      opened('a', ['i1', 'i2']),
      onSite('a', '2026-04-10'),
      result('a', 'i1', 'compliant', '2026-04-10'),
      result('a', 'i2', 'awaiting-test', '2026-04-10'),
    ];
    expect(reportClockStart(events)).toBeNull();
    expect(reportClockStart([...events, test('a', 'i2', '2026-04-27')])).toBe('2026-04-27');
    expect(reportClockStart([...events, test('a', 'i2', '2026-04-27'), test('a', 'i2', '2026-05-12')])).toBe('2026-05-12');
  });

  it('restarts the wait when a tested item is recorded as awaiting a test again', () => {
    const events = [opened('a', ['i1']), onSite('a', '2026-04-10'), result('a', 'i1', 'awaiting-test', '2026-04-10'), test('a', 'i1', '2026-04-27')];
    expect(reportClockStart([...events, result('a', 'i1', 'awaiting-test', '2026-04-28')])).toBeNull();
  });

  it('never starts for a target not inspected under 002 §30: no report is due', () => {
    const unreachable: InspectionEvent = {
      type: 'TargetFoundUnreachable',
      data: { taskId: 'a', targetId: 'T1', reason: 'not-at-registered-address', recordedOn: '2026-04-08', evidence: [] },
    };
    expect(reportClockStart([opened('a', ['i1']), unreachable])).toBeNull();
  });

  it('skips events of other types', () => {
    expect(reportClockStart([opened('a', ['i1']), { type: 'SomethingElse', data: {} }, onSite('a', '2026-04-10')])).toBe('2026-04-10');
  });

  describe('a combined inspection (进一次门、查多项事)', () => {
    const taskA = [opened('a', ['i1']), onSite('a', '2026-04-10'), result('a', 'i1', 'compliant', '2026-04-10')];
    const taskB = [opened('b', ['j1', 'j2']), onSite('b', '2026-04-10'), result('b', 'j1', 'compliant', '2026-04-10')];

    it('has not started while an item of any task on the visit has no result (000 §21)', () => {
      expect(reportClockStart(taskA, [taskB])).toBeNull();
    });

    it('starts from the last item’s result across the visit (000 §21)', () => {
      const done = [...taskB, result('b', 'j2', 'non-compliant', '2026-04-16')];
      expect(reportClockStart(taskA, [done])).toBe('2026-04-16');
      expect(reportClockStart(done, [taskA])).toBe('2026-04-16');
    });

    it('counts a tested item of the visit from its settled test result (000 §21)', () => {
      const testing = [...taskB, result('b', 'j2', 'awaiting-test', '2026-04-10')];
      expect(reportClockStart(taskA, [testing])).toBeNull();
      expect(reportClockStart(taskA, [[...testing, test('b', 'j2', '2026-05-06')]])).toBe('2026-05-06');
    });
  });
});
