import { RecordedEvent } from '@app/event-store';
import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import {
  DEADLINE_INSPECTIONS,
  HOLIDAY_SCHEDULES,
  HOLIDAY_SCHEDULE_YEARS_INDEX,
  HolidayScheduleView,
  InspectionDeadlinesView,
  deadlineInspectionId,
  deadlinesOfDepartmentIndex,
  deadlinesOfKindIndex,
  deadlinesOfPersonIndex,
  deadlinesProjection,
} from './deadlines.projection';
import { recordedEvent } from '../testing';

let position = 0;
const recorded = (type: string, data: object, actorId = 'staff-1') =>
  recordedEvent({ type, data, actorId, position: ++position, stream: 'any', recordedAt: '2025-09-26T02:00:00.000Z' });

async function project(events: RecordedEvent[]) {
  const store = new MemoryReadStore();
  await store.commit(await writesForBatch(events, [deadlinesProjection], store), { name: 't', expected: null, next: '1/1' });
  return store;
}

const on = (targetId: string) => ({ taskId: 'food-2025', targetId });
const members = async (store: MemoryReadStore, index: string) => (await store.rangeIndex(index)).map((entry) => entry.member);

// DOMAIN.md, Oversight and assessment (003 §3(4)): duties per unit and per person, due dates counted when asked.
describe('deadlines projection', () => {
  const inspection = [
    recorded('InspectionOpened', { ...on('T1'), departmentId: 'lingling', itemIds: ['hn-zj-01'], openedOn: '2025-09-20' }, 'opener-1'),
    recorded('OnSiteInspectionRecorded', {
      ...on('T1'),
      inspectorIds: ['insp-1', 'insp-2'],
      credentialsShown: true,
      noticeDelivered: true,
      acknowledgement: { kind: 'signed', signedBy: '张三' },
      methods: ['on-site'],
      startedOn: '2025-09-26',
      endedOn: '2025-09-26',
      evidence: [{ name: 'photo.jpg', sha256: 'ab', mediaType: 'image/jpeg' }],
    }),
    recorded('PreCheckRecorded', { ...on('T1'), checkedOn: '2025-09-21', sources: [], notes: '' }),
  ];

  it('keeps the clock facts without evidence, and the duty with its start and no due date (000 §21)', async () => {
    const store = await project(inspection);
    const view = await store.getDocument<InspectionDeadlinesView>(DEADLINE_INSPECTIONS, deadlineInspectionId('food-2025', 'T1'));
    expect(view).toEqual({
      taskId: 'food-2025',
      targetId: 'T1',
      facts: [
        { type: 'InspectionOpened', data: { ...on('T1'), departmentId: 'lingling', itemIds: ['hn-zj-01'], openedOn: '2025-09-20' }, actorId: 'opener-1' },
        {
          type: 'OnSiteInspectionRecorded',
          data: {
            ...on('T1'),
            inspectorIds: ['insp-1', 'insp-2'],
            credentialsShown: true,
            noticeDelivered: true,
            methods: ['on-site'],
            startedOn: '2025-09-26',
            endedOn: '2025-09-26',
          },
          actorId: 'staff-1',
        },
      ],
      duties: [
        {
          dutyId: 'report:food-2025:T1',
          kind: 'report',
          clause: '000 §21',
          taskId: 'food-2025',
          targetId: 'T1',
          departmentId: 'lingling',
          responsible: ['insp-1', 'insp-2'],
          startedOn: '2025-09-26',
          startedBy: 'OnSiteInspectionRecorded',
          workingDays: 5,
          closedOn: null,
          closedBy: null,
          objectionNumber: null,
        },
      ],
    });
  });

  it('indexes the inspection per department, per person answerable and per kind of duty started', async () => {
    const store = await project(inspection);
    expect(await members(store, deadlinesOfDepartmentIndex('lingling'))).toEqual(['food-2025:T1']);
    expect(await members(store, deadlinesOfPersonIndex('insp-2'))).toEqual(['food-2025:T1']);
    expect(await members(store, deadlinesOfPersonIndex('opener-1'))).toEqual(['food-2025:T1']);
    expect(await members(store, deadlinesOfKindIndex('report'))).toEqual(['food-2025:T1']);
    expect(await members(store, deadlinesOfKindIndex('publication'))).toEqual([]);
  });

  it('starts the publication clock of each reported or unreachable target of a completed task, not of one handed over (002 §28.4, §30)', async () => {
    const store = await project([
      ...inspection,
      recorded('TaskCompleted', {
        taskId: 'food-2025',
        departmentId: 'yongzhou',
        completedOn: '2025-12-01',
        reported: ['T1'],
        unreachable: ['T2'],
        handedOver: ['T3'],
      }),
      recorded('ResultPublished', {
        ...on('T1'),
        departmentId: 'lingling',
        publishedOn: '2025-12-10',
        publicResult: { targetName: 'x', creditCode: null, itemResults: [], conclusion: 'c', handling: 'h' },
      }),
    ]);
    const [t1, t2, t3] = await store.getDocuments<InspectionDeadlinesView>(DEADLINE_INSPECTIONS, ['food-2025:T1', 'food-2025:T2', 'food-2025:T3']);
    expect(t1?.duties.find((d) => d.kind === 'publication')).toMatchObject({ startedOn: '2025-12-01', closedOn: '2025-12-10', closedBy: 'ResultPublished' });
    expect(t2?.duties).toMatchObject([{ kind: 'publication', startedOn: '2025-12-01', closedOn: null }]);
    expect(t3).toBeNull();
    expect(await members(store, deadlinesOfKindIndex('publication'))).toEqual(['food-2025:T1', 'food-2025:T2']);
    // the task's owner is not made answerable for its executing departments' publication
    expect(await members(store, deadlinesOfDepartmentIndex('yongzhou'))).toEqual([]);
  });

  it('indexes an objection under its department and the reviewer (002 §29)', async () => {
    const store = await project([
      recorded(
        'ObjectionReceived',
        { ...on('T4'), departmentId: 'qiyang', objectionNumber: 1, receivedOn: '2026-01-05', grounds: 'g', objector: 'o' },
        'desk-1',
      ),
      recorded(
        'ObjectionReviewed',
        { ...on('T4'), departmentId: 'qiyang', objectionNumber: 1, reviewedOn: '2026-01-20', upheld: false, reasoning: 'r', reviewedBy: 'legal-1' },
        'legal-1',
      ),
    ]);
    expect(await members(store, deadlinesOfDepartmentIndex('qiyang'))).toEqual(['food-2025:T4']);
    expect(await members(store, deadlinesOfPersonIndex('legal-1'))).toEqual(['food-2025:T4']);
    expect(await members(store, deadlinesOfKindIndex('review-feedback'))).toEqual(['food-2025:T4']);
    const view = await store.getDocument<InspectionDeadlinesView>(DEADLINE_INSPECTIONS, 'food-2025:T4');
    expect(view?.duties.map((d) => [d.kind, d.startedOn, d.closedOn, d.responsible])).toEqual([
      ['objection-review', '2026-01-05', '2026-01-20', ['desk-1']],
      ['review-feedback', '2026-01-20', null, ['legal-1']],
    ]);
  });

  it('keeps the holiday schedule in force per year: the adopted one, then the latest correction', async () => {
    const adopted = { year: 2027, holidays: ['2027-01-01'], makeUpWorkdays: ['2027-02-14'], source: 'notice', adoptedOn: '2026-11-20' };
    const store = await project([
      recorded('HolidayScheduleAdopted', adopted, 'admin-1'),
      recorded(
        'HolidayScheduleCorrected',
        { year: 2027, holidays: ['2027-01-01'], makeUpWorkdays: ['2027-02-13'], source: 'notice', correctedOn: '2026-12-02', reason: 'reissued' },
        'admin-1',
      ),
    ]);
    expect(await store.getDocument<HolidayScheduleView>(HOLIDAY_SCHEDULES, '2027')).toEqual({
      year: 2027,
      holidays: ['2027-01-01'],
      makeUpWorkdays: ['2027-02-13'],
      source: 'notice',
      adoptedOn: '2026-11-20',
      correctedOn: '2026-12-02',
      reason: 'reissued',
    });
    expect(await store.rangeIndex(HOLIDAY_SCHEDULE_YEARS_INDEX)).toEqual([{ member: '2027', score: 2027 }]);
  });
});
