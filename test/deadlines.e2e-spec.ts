/**
 * Deadlines end to end (issue 5 items 1 and 7): publishing a year's holiday schedule, working days
 * counted with it, and the escalation ladder of DOMAIN.md, Oversight and assessment (003 §3(4)),
 * over inspection and result events written straight into the log.
 */
import { proposed } from '@app/event-store/event-store.contract';
import { Position } from '@app/event-store';
import { ILLUSTRATIVE_SCHEDULE_2027 } from '@app/calendar/calendar.fixtures';
import { PROJECTION_RUNNER } from '@app/platform';
import { ProjectionRunner } from '@app/read-store';
import { ApiHarness, startApi } from './support/api-harness';
import { COUNTY, registerDepartments } from './fixtures/draw-world';

const TASK = 'deadline-2025';
const TASK_2027 = 'deadline-2027';

describe('deadlines (e2e)', () => {
  let api: ApiHarness;
  let admin: string;
  let staff: string;
  let otherStaff: string;
  let oversight: string;

  const post = (url: string, payload: object, token: string) =>
    api.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  const get = (url: string, token?: string) => api.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  /** Appends one event as the given actor and returns its position. */
  async function write(stream: string, type: string, data: object, actorId = 'staff-1'): Promise<Position> {
    const [event] = proposed(type, data);
    const result = await api.events.append(stream, [{ ...event, metadata: { ...event.metadata, actorId } }], 'any');
    return result.position;
  }

  const inspection = (taskId: string, targetId: string) => `inspection-${taskId}-${targetId}`;
  const on = (taskId: string, targetId: string) => ({ taskId, targetId });
  const onSite = (taskId: string, targetId: string, endedOn: string, inspectorIds: string[]) => ({
    ...on(taskId, targetId),
    inspectorIds,
    credentialsShown: true,
    noticeDelivered: true,
    acknowledgement: { kind: 'signed', signedBy: '李四' },
    methods: ['on-site'],
    startedOn: endedOn,
    endedOn,
    evidence: [],
  });

  beforeAll(async () => {
    // "today" is 2026-11-20 in China: the day the 2027 schedule is adopted
    api = await startApi({}, { clock: { now: () => new Date('2026-11-20T02:00:00Z') } });
    await registerDepartments(api);
    admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    expect(
      (await post('/departments', { departmentId: 'shaoyang', name: '邵阳市市场监督管理局', level: 'city', parentId: 'hunan', areaCode: '430500' }, admin))
        .statusCode,
    ).toBe(201);
    staff = await api.tokenFor('staff-1', 'staff', COUNTY);
    otherStaff = await api.tokenFor('staff-9', 'staff', 'shaoyang');
    oversight = await api.tokenFor('oversight-1', 'oversight', 'hunan');

    // T1: on site 2025-09-26, reported late on 10-13, feedback on time on 10-14, not yet entered
    await write(inspection(TASK, 'T1'), 'InspectionOpened', { ...on(TASK, 'T1'), departmentId: COUNTY, itemIds: ['hn-zj-01'], openedOn: '2025-09-20' });
    await write(inspection(TASK, 'T1'), 'OnSiteInspectionRecorded', onSite(TASK, 'T1', '2025-09-26', ['insp-1', 'insp-2']));
    await write(inspection(TASK, 'T1'), 'InspectionReported', {
      ...on(TASK, 'T1'),
      departmentId: COUNTY,
      reportedOn: '2025-10-13',
      concludedOn: '2025-09-26',
      content: '现场检查',
      findings: '未发现问题',
      evaluation: '合格',
      handlingOpinion: '无',
      foundProblems: false,
    });
    await write(inspection(TASK, 'T1'), 'FeedbackDelivered', { ...on(TASK, 'T1'), channel: 'direct', deliveredOn: '2025-10-14' });
    // T3: on site 2025-10-09, never reported: due 10-15 (Saturday 10-11 a make-up working day)
    await write(inspection(TASK, 'T3'), 'InspectionOpened', { ...on(TASK, 'T3'), departmentId: COUNTY, itemIds: ['hn-zj-01'], openedOn: '2025-10-08' });
    await write(inspection(TASK, 'T3'), 'OnSiteInspectionRecorded', onSite(TASK, 'T3', '2025-10-09', ['insp-3', 'insp-4']));
    await write(`task-${TASK}`, 'TaskCompleted', {
      taskId: TASK,
      departmentId: COUNTY,
      completedOn: '2025-10-15',
      reported: ['T1'],
      unreachable: [],
      handedOver: [],
    });
    // a 2027 inspection: on site 2027-02-03, before any 2027 schedule exists
    await write(inspection(TASK_2027, 'T2'), 'InspectionOpened', {
      ...on(TASK_2027, 'T2'),
      departmentId: COUNTY,
      itemIds: ['hn-zj-01'],
      openedOn: '2027-02-01',
    });
    const last = await write(inspection(TASK_2027, 'T2'), 'OnSiteInspectionRecorded', onSite(TASK_2027, 'T2', '2027-02-03', ['insp-1', 'insp-5']));
    expect(await api.app.get<ProjectionRunner>(PROJECTION_RUNNER).waitFor(last, 5000)).toBe(true);
  });
  afterAll(() => api.close());

  describe('the working-day calendar', () => {
    it('counts 5 working days from 2025-09-26 to 2025-10-10 with the official 2025 schedule (000 §21)', async () => {
      const response = await get('/calendar/working-days?from=2025-09-26&days=5');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ from: '2025-09-26', days: 5, dueOn: '2025-10-10', provisional: false, provisionalYears: [] });
      expect((await get('/calendar/2025')).json()).toMatchObject({ year: 2025, basis: 'package', provisional: false });
    });

    it('refuses a count that is not a whole number of days, and a date that does not exist', async () => {
      const bad = await get('/calendar/working-days?from=2025-09-26&days=0');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toEqual([{ field: 'days', reason: 'days must be at least 1' }]);
      expect((await get('/calendar/working-days?from=2027-02-30&days=5')).json().errors).toEqual([
        { field: 'from', reason: expect.stringMatching(/not a calendar date/) },
      ]);
    });
  });

  describe('publishing the 2027 schedule', () => {
    const schedule = {
      holidays: [...ILLUSTRATIVE_SCHEDULE_2027.holidays],
      makeUpWorkdays: [...ILLUSTRATIVE_SCHEDULE_2027.makeUpWorkdays],
      source: ILLUSTRATIVE_SCHEDULE_2027.source,
    };

    it('before: 2027 has the statutory days only, and a 2027 deadline is provisional', async () => {
      expect((await get('/calendar/2027')).json()).toMatchObject({ year: 2027, basis: 'statutory', provisional: true, makeUpWorkdays: [] });
      expect((await get('/calendar/working-days?from=2027-02-03&days=5')).json()).toMatchObject({
        dueOn: '2027-02-12',
        provisional: true,
        provisionalYears: [2027],
      });
      const provisional = await get('/deadlines/provisional?asOf=2027-02-05', oversight);
      expect(provisional.statusCode).toBe(200);
      expect(provisional.json().items.map((d: { dutyId: string; dueOn: string }) => [d.dutyId, d.dueOn])).toEqual([[`report:${TASK_2027}:T2`, '2027-02-12']]);
    });

    it('is for administrators only: staff get 403 and nothing is appended', async () => {
      const before = (await api.events.readAll()).length;
      expect((await post('/calendar/2027/schedule', schedule, staff)).statusCode).toBe(403);
      expect((await post('/calendar/2027/schedule', schedule, oversight)).statusCode).toBe(403);
      const anonymous = await api.app.inject({ method: 'POST', url: '/calendar/2027/schedule', payload: schedule });
      expect(anonymous.statusCode).toBe(401);
      expect((await api.events.readAll()).length).toBe(before);
    });

    it('refuses malformed dates and a schedule that drops a statutory holiday, appending nothing', async () => {
      const before = (await api.events.readAll()).length;
      const malformed = await post('/calendar/2027/schedule', { ...schedule, makeUpWorkdays: ['14.02.2027'] }, admin);
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().errors).toEqual([{ field: 'makeUpWorkdays', reason: 'each make-up working day must be a date written YYYY-MM-DD' }]);
      const missing = await post('/calendar/2027/schedule', { ...schedule, holidays: schedule.holidays.filter((date) => date !== '2027-09-15') }, admin);
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors).toEqual([
        { field: 'holidays', reason: expect.stringMatching(/omits statutory holidays of 2027: 2027-09-15 \(mid-autumn\)/) },
      ]);
      const unknown = await post('/calendar/2027/schedule', { ...schedule, year: 2027 }, admin);
      expect(unknown.json().errors).toEqual([{ field: 'year', reason: 'is not a known field' }]);
      expect((await post('/calendar/1800/schedule', schedule, admin)).json().errors).toEqual([
        { field: 'year', reason: expect.stringMatching(/between 1901 and 2099/) },
      ]);
      expect((await api.events.readAll()).length).toBe(before);
    });

    it('after: the 2027 deadline is firm and later, and no longer listed as provisional', async () => {
      const published = await post('/calendar/2027/schedule', schedule, admin);
      expect(published.statusCode).toBe(201);
      expect(published.json()).toMatchObject({ stream: 'calendar-2027', events: ['HolidayScheduleAdopted'], projected: true });
      expect((await get('/calendar/2027')).json()).toMatchObject({
        year: 2027,
        basis: 'published',
        provisional: false,
        adoptedOn: '2026-11-20',
        correctedOn: null,
      });
      expect((await get('/calendar/working-days?from=2027-02-03&days=5')).json()).toEqual({
        from: '2027-02-03',
        days: 5,
        dueOn: '2027-02-17',
        provisional: false,
        provisionalYears: [],
      });
      expect((await get('/deadlines/provisional?asOf=2027-02-05', oversight)).json()).toMatchObject({ total: 0, items: [] });
      const firm = (await get('/deadlines?kind=report&state=reminder&asOf=2027-02-15', oversight)).json();
      expect(firm.items).toMatchObject([
        { dutyId: `report:${TASK_2027}:T2`, dueOn: '2027-02-17', provisional: false, state: 'reminder', responsible: ['insp-1', 'insp-5'] },
      ]);
    });

    it('a correction with its reason replaces the schedule in force', async () => {
      const makeUpWorkdays = schedule.makeUpWorkdays.map((date) => (date === '2027-10-09' ? '2027-10-10' : date));
      const corrected = await post('/calendar/2027/corrections', { ...schedule, makeUpWorkdays, reason: 'the notice was reissued' }, admin);
      expect(corrected.statusCode).toBe(201);
      expect((await get('/calendar/2027')).json()).toMatchObject({ correctedOn: '2026-11-20', makeUpWorkdays: expect.arrayContaining(['2027-10-10']) });
      expect((await get('/calendar/working-days?from=2027-10-08&days=1')).json()).toMatchObject({ dueOn: '2027-10-10' });
    });
  });

  describe('the escalation ladder (003 §3(4))', () => {
    it("counts a department's duties per rung as of a day, for oversight", async () => {
      const response = await get(`/departments/${COUNTY}/deadline-ladder?asOf=2025-10-27`, oversight);
      expect(response.statusCode).toBe(200);
      // T1 report due 10-10 closed 10-13 (问责); feedback due 10-20 closed 10-14; entry due 10-28 (提醒);
      // T3 report due 10-15, open (督办); publication due 11-12 (002 §28.4); the 2027 duty has not started
      expect(response.json()).toEqual({
        departmentId: COUNTY,
        asOf: '2025-10-27',
        counts: { pending: 1, reminder: 1, overdue: 1, 'closed-on-time': 1, 'closed-late': 1 },
        provisional: 0,
      });
    });

    it('lists the overdue and the late duties with their due dates, and per person', async () => {
      const overdue = (await get('/deadlines?state=overdue&asOf=2025-10-27', oversight)).json();
      expect(overdue).toMatchObject({
        asOf: '2025-10-27',
        total: 1,
        items: [{ dutyId: `report:${TASK}:T3`, clause: '000 §21', dueOn: '2025-10-15', responsible: ['insp-3', 'insp-4'] }],
      });
      const late = (await get(`/deadlines?state=closed-late&departmentId=${COUNTY}&asOf=2025-10-27`, oversight)).json();
      expect(late.items).toMatchObject([{ dutyId: `report:${TASK}:T1`, dueOn: '2025-10-10', closedOn: '2025-10-13', closedBy: 'InspectionReported' }]);
      const insp1 = (await get('/deadlines?person=insp-1&asOf=2027-03-31', oversight)).json();
      expect(insp1.items.map((d: { dutyId: string }) => d.dutyId)).toEqual([
        `report:${TASK}:T1`,
        `feedback:${TASK}:T1`,
        `entry:${TASK}:T1`,
        `report:${TASK_2027}:T2`,
      ]);
    });

    it('staff read their own department and its subordinates, not another', async () => {
      expect((await get(`/departments/${COUNTY}/deadline-ladder?asOf=2025-10-27`, staff)).statusCode).toBe(200);
      expect((await get('/deadlines?asOf=2025-10-27', staff)).json().total).toBe(5);
      const city = await api.tokenFor('head-1', 'unit-head', 'yongzhou');
      expect((await get('/deadlines?asOf=2025-10-27', city)).json().total).toBe(5);
      expect((await get(`/departments/${COUNTY}/deadline-ladder`, otherStaff)).statusCode).toBe(403);
      expect((await get(`/deadlines?departmentId=${COUNTY}`, otherStaff)).statusCode).toBe(403);
      expect((await get('/deadlines?asOf=2025-10-27', otherStaff)).json().total).toBe(0);
      expect((await get('/deadlines')).statusCode).toBe(401);
    });

    it('refuses an unknown state and a malformed day', async () => {
      const response = await get('/deadlines?state=late', oversight);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'state', reason: 'state must be one of pending, reminder, overdue, closed-on-time, closed-late' }]);
      expect((await get('/deadlines?asOf=2025-13-01', oversight)).json().errors).toEqual([
        { field: 'asOf', reason: expect.stringMatching(/not a calendar date/) },
      ]);
    });
  });
});
