/**
 * 一公开 over HTTP (issue 5, items 5, 6, 8): a county completes a task once every dispatched
 * target's inspection has ended — reported, unreachable or handed over (002 §28.4, §30) —
 * publishes the results once and only once, corrects one with its principal head's signature
 * next to the original, reviews two objections (one upheld → corrected, one rejected), records a
 * comment on the inspectors late (000 §24), and its annual execution summary opens on 1 January
 * of the next year (000 §26). The public views carry only what the law makes public.
 * The task's and the inspections' events are written straight into the store: those capabilities
 * have their own suites. The clock is fixed and moved forward by the test.
 */
import { proposed } from '@app/event-store/event-store.contract';
import { ApiHarness, startApi } from './support/api-harness';
import { COUNTY, registerDepartments, taskSetUp, everyTarget } from './fixtures/draw-world';
import { creditCodeFor } from './fixtures/targets-xlsx';

const TASK = 'food-2026';
const ITEM = 'hn-zj-01';
const [T1, T2, T3, T4] = ['P000001', 'P000002', 'P000003', 'P000004'];
const CODE1 = creditCodeFor(11, '431102');
const CODE2 = creditCodeFor(12, '431102', '92');
const PERSONAL = [
  'insp-wang',
  'insp-li',
  '王检查',
  '李检查',
  '李四',
  '13800000000',
  'representative',
  'evidence',
  'sha256',
  'inspectorIds',
  'signedBy',
  'head-1',
  'objector',
  'grounds',
];

/** A clock the test moves: dates in China are UTC+8. */
const clock = { at: new Date('2026-05-20T02:00:00Z'), now: () => clock.at };
const setToday = (date: string) => (clock.at = new Date(`${date}T02:00:00Z`));

describe('publication, corrections, objections and comments (issue 5)', () => {
  let api: ApiHarness;
  let staff: string;
  let head: string;
  let cityStaff: string;

  const headers = (token?: string) => ({ 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });
  const post = (url: string, payload: unknown, token?: string) => api.app.inject({ method: 'POST', url, payload: payload as object, headers: headers(token) });
  const get = (url: string, token?: string) => api.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const eventCount = async () => (await api.events.readAll()).length;
  const append = (stream: string, type: string, data: unknown) => api.events.append(stream, proposed(type, data), 'any');
  const inspection = (targetId: string) => `inspection-${TASK}-${targetId}`;

  async function registerTarget(targetId: string, name: string, creditCode: string, subjectType: string, representative: string) {
    await append(`target-${targetId}`, 'TargetRegistered', {
      targetId,
      departmentId: COUNTY,
      name,
      creditCode,
      registryId: null,
      subjectType,
      scale: 'small',
      industry: 'C14',
      areaCode: '431102',
      address: '永州市零陵区芝山路1号',
      representative,
    });
  }

  async function reportedInspection(targetId: string, feedbackOn: string) {
    const s = inspection(targetId);
    const at = { taskId: TASK, targetId };
    await append(s, 'InspectionOpened', { ...at, departmentId: COUNTY, itemIds: [ITEM], openedOn: '2026-04-20' });
    await append(s, 'OnSiteInspectionRecorded', {
      ...at,
      inspectorIds: ['insp-wang', 'insp-li'],
      credentialsShown: true,
      noticeDelivered: true,
      acknowledgement: { kind: 'signed', signedBy: '李四' },
      methods: ['on-site'],
      startedOn: '2026-04-28',
      endedOn: '2026-04-28',
      evidence: [{ name: '现场照片.jpg', sha256: 'a'.repeat(64), mediaType: 'image/jpeg' }],
    });
    await append(s, 'ItemResultRecorded', {
      ...at,
      itemId: ITEM,
      result: 'non-compliant',
      findings: '标签缺少生产日期',
      evidence: [],
      recordedOn: '2026-04-28',
    });
    await append(s, 'InspectionReported', {
      ...at,
      departmentId: COUNTY,
      reportedOn: '2026-04-30',
      concludedOn: '2026-04-28',
      content: '检查人员王检查、李检查现场检查，联系电话13800000000',
      findings: '标签缺少生产日期',
      evaluation: '发现问题',
      handlingOpinion: '责令改正',
      foundProblems: true,
    });
    await append(s, 'FeedbackDelivered', { ...at, channel: 'direct', deliveredOn: feedbackOn });
  }

  beforeAll(async () => {
    api = await startApi({}, { clock });
    await registerDepartments(api);
    staff = await api.tokenFor('staff-1', 'staff', COUNTY);
    head = await api.tokenFor('head-1', 'unit-head', COUNTY);
    cityStaff = await api.tokenFor('staff-9', 'staff', 'yongzhou');
    await append(`checklist-${COUNTY}`, 'ChecklistVersionPublished', {
      departmentId: COUNTY,
      version: 1,
      publishedOn: '2026-01-10',
      reason: null,
      items: [
        {
          itemId: ITEM,
          name: '产品标签标识检查',
          content: '检查产品标签',
          legalBasis: '《产品质量法》',
          inspectingBody: '零陵区市场监督管理局',
          targetType: '企业',
          methods: ['on-site'],
          qualifications: [],
          category: 'general',
          ratioCap: 5,
        },
      ],
    });
    await registerTarget(T1, '零陵区示范食品有限公司', CODE1, 'enterprise', '赵法人');
    await registerTarget(T2, '零陵区李四副食店', CODE2, 'individual-business', '李四');
    await registerTarget(T3, '零陵区空壳贸易有限公司', creditCodeFor(13, '431102'), 'enterprise', '钱法人');
    await registerTarget(T4, '零陵区搬迁食品有限公司', creditCodeFor(14, '431102'), 'enterprise', '孙法人');
    const targets = [T1, T2, T3, T4];
    await append(`task-${TASK}`, 'TaskSetUp', taskSetUp(TASK, [everyTarget(4)], { title: '2026年食品生产企业双随机抽查' }));
    await append(`task-${TASK}`, 'TaskListLocked', {
      taskId: TASK,
      departmentId: COUNTY,
      drawId: 'd1',
      targets: targets.map((targetId) => ({ targetId, classId: 'all' })),
      lockedOn: '2026-04-15',
      year: 2026,
      window: { from: '2026-03-01', to: '2026-11-30' },
      itemIds: [ITEM],
      jointDepartmentIds: [],
    });
    await append(`task-${TASK}`, 'TaskDispatched', {
      taskId: TASK,
      departmentId: COUNTY,
      executingDepartmentId: COUNTY,
      targetIds: targets,
      dispatchedOn: '2026-04-15',
    });
    await reportedInspection(T1, '2026-05-11');
    await reportedInspection(T2, '2026-05-06');
    await append(inspection(T3), 'InspectionOpened', { taskId: TASK, targetId: T3, departmentId: COUNTY, itemIds: [ITEM], openedOn: '2026-04-20' });
    await append(inspection(T3), 'TargetFoundUnreachable', {
      taskId: TASK,
      targetId: T3,
      reason: 'not-at-registered-address',
      recordedOn: '2026-04-29',
      evidence: [],
    });
    await append(inspection(T4), 'InspectionOpened', { taskId: TASK, targetId: T4, departmentId: COUNTY, itemIds: [ITEM], openedOn: '2026-04-20' });
  });

  afterAll(() => api.close());

  describe('completing the task (002 §28.4, §30)', () => {
    it('refuses to publish before the task completes (002 §28.4)', async () => {
      const before = await eventCount();
      const response = await post(`/results/${TASK}/${T1}/publish`, {}, staff);
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toMatch(/002 §28.4/);
      expect(await eventCount()).toBe(before);
    });

    it('refuses while a dispatched target is still being inspected, naming it', async () => {
      const response = await post(`/tasks/${TASK}/complete`, {}, staff);
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toMatch(new RegExp(`inspection of ${T4} has not been reported`));
    });

    it('refuses a department that does not own the task, appending nothing', async () => {
      const before = await eventCount();
      expect((await post(`/tasks/${TASK}/complete`, {}, cityStaff)).statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
    });

    it('completes once the last target is handed over; unreachable and handed-over targets count as completed', async () => {
      await append(inspection(T4), 'InspectionHandedOver', {
        taskId: TASK,
        targetId: T4,
        fromDepartmentId: COUNTY,
        toDepartmentId: 'yongzhou',
        handedOverOn: '2026-05-12',
      });
      const response = await post(`/tasks/${TASK}/complete`, {}, staff);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ stream: `task-${TASK}`, events: ['TaskCompleted'] });
      const [completed] = (await api.events.readStream(`task-${TASK}`)).filter((e) => e.type === 'TaskCompleted');
      expect(completed.data).toEqual({
        taskId: TASK,
        departmentId: COUNTY,
        completedOn: '2026-05-20',
        reported: [T1, T2],
        unreachable: [T3],
        handedOver: [T4],
      });
    });
  });

  describe('publication (002 §28.4) and immutability (002 §29)', () => {
    it('publishes a reported result', async () => {
      setToday('2026-05-21');
      for (const target of [T1, T2]) {
        const response = await post(`/results/${TASK}/${target}/publish`, {}, staff);
        expect(response.statusCode).toBe(201);
        expect(response.json()).toMatchObject({ stream: `result-${TASK}-${target}`, events: ['ResultPublished'], projected: true });
      }
    });

    it('refuses to publish it again: a published result is immutable (002 §29)', async () => {
      const before = await eventCount();
      const response = await post(`/results/${TASK}/${T1}/publish`, {}, staff);
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toMatch(/may not be changed.*002 §29/);
      expect(await eventCount()).toBe(before);
    });

    it('002 §30: publishes the standard result of a target unreachable at its registered address, closing its publication duty', async () => {
      const refused = await post(`/results/${TASK}/${T3}/exempt`, { reason: '不予公开', legalBasis: '《政府信息公开条例》第十四条' }, staff);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toMatch(/not inspected/);
      expect((await post(`/results/${TASK}/${T3}/publish`, {}, staff)).statusCode).toBe(201);
      const detail = (await get(`/public/results/${TASK}/${T3}`)).json();
      expect(detail.original).toMatchObject({ itemResults: [], conclusion: '通过登记的住所（经营场所）无法联系', handling: '不再开展检查，视为完成抽查' });
      // its publication duty is closed in time, like those of the results reported: none of the task's is left open or overdue
      const duties = (await get(`/deadlines?departmentId=${COUNTY}&kind=publication&asOf=2026-12-31&limit=100`, staff)).json().items as {
        dutyId: string;
        state: string;
      }[];
      const ofTask = duties.filter((d) => d.dutyId.startsWith(`publication:${TASK}:`));
      expect(Object.fromEntries(ofTask.map((d) => [d.dutyId.split(':')[2], d.state]))).toEqual({ [T1]: 'closed-on-time', [T2]: 'closed-on-time', [T3]: 'closed-on-time' });
    });

    it('002 §30: reports the task’s targets not inspected to the city bureau once, and the city reads the list on the task', async () => {
      const reported = await post(`/tasks/${TASK}/unreachable-list`, {}, staff);
      expect(reported.statusCode).toBe(201);
      const task = (await get(`/tasks/${TASK}`, cityStaff)).json();
      expect(task.unreachableReport).toEqual({
        reportedTo: 'yongzhou',
        reportedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        targets: [{ targetId: T3, reason: 'not-at-registered-address', recordedOn: '2026-04-29' }],
      });
      const before = await eventCount();
      const again = await post(`/tasks/${TASK}/unreachable-list`, {}, staff);
      expect(again.statusCode).toBe(409);
      expect(again.json().detail).toMatch(/was reported on/);
      expect(await eventCount()).toBe(before);
    });

    it('shows the public only the result: no inspectors, owner, findings, evidence or phone', async () => {
      const detail = await get(`/public/results/${TASK}/${T2}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.json()).toEqual({
        taskId: TASK,
        targetId: T2,
        departmentId: COUNTY,
        departmentName: '永州市零陵区市场监督管理局',
        publishedOn: '2026-05-21',
        original: {
          targetName: '零陵区李四副食店',
          creditCode: CODE2,
          itemResults: [{ itemId: ITEM, itemName: '产品标签标识检查', result: 'non-compliant' }],
          conclusion: '发现问题',
          handling: '责令改正',
        },
        corrections: [],
        current: detail.json().original,
      });
      const list = await get(`/public/results?departmentId=${COUNTY}&year=2026`);
      expect(list.json().total).toBe(3);
      // the individual business's name carries 李四, who is its owner: only the registered name may show it, nothing else
      const json = JSON.stringify(list.json()).replace(/零陵区李四副食店/g, '');
      for (const secret of PERSONAL) expect(json).not.toContain(secret);
      expect(json).not.toContain('标签缺少生产日期');
    });

    it('finds results by part of the company name or by credit code', async () => {
      expect((await get(`/public/results?q=${encodeURIComponent('示范')}`)).json().results.map((r: { targetId: string }) => r.targetId)).toEqual([T1]);
      expect((await get(`/public/results?q=${CODE2}`)).json().results.map((r: { targetId: string }) => r.targetId)).toEqual([T2]);
      expect((await get(`/public/results?q=${encodeURIComponent('示范')}&year=2025`)).json().total).toBe(0);
    });
  });

  describe('correction (002 §29: the principal head signs; published next to the original)', () => {
    it('refuses a correction by staff with 403, appending nothing', async () => {
      const before = await eventCount();
      const response = await post(`/results/${TASK}/${T1}/corrections`, { reason: '录入错误', handling: '责令限期改正' }, staff);
      expect(response.statusCode).toBe(403);
      expect(response.json().detail).toMatch(/principal head.*002 §29/);
      expect(await eventCount()).toBe(before);
    });

    it('refuses a correction without a reason: 400 naming the field', async () => {
      const before = await eventCount();
      const response = await post(`/results/${TASK}/${T1}/corrections`, { handling: '责令限期改正' }, head);
      expect(response.statusCode).toBe(400);
      expect(new Set(response.json().errors.map((e: { field: string }) => e.field))).toEqual(new Set(['reason']));
      expect(await eventCount()).toBe(before);
    });

    it("accepts the unit head's correction and shows it next to the original", async () => {
      setToday('2026-05-22');
      const response = await post(`/results/${TASK}/${T1}/corrections`, { reason: '处理意见录入不全', handling: '责令限期改正' }, head);
      expect(response.statusCode).toBe(201);
      const detail = (await get(`/public/results/${TASK}/${T1}`)).json();
      expect(detail.original.handling).toBe('责令改正');
      expect(detail.corrections).toEqual([
        {
          correctionNumber: 1,
          correctedOn: '2026-05-22',
          reason: '处理意见录入不全',
          correctedResult: { ...detail.original, handling: '责令限期改正' },
          objectionNumber: null,
        },
      ]);
      expect(detail.current.handling).toBe('责令限期改正');
      expect(JSON.stringify(detail)).not.toContain('head-1');
    });
  });

  describe('objections (002 §29)', () => {
    it('refuses an objection without grounds: 400, nothing appended', async () => {
      const before = await eventCount();
      const response = await post(`/results/${TASK}/${T1}/objections`, { receivedOn: '2026-05-22', objector: '零陵区示范食品有限公司' }, staff);
      expect(response.statusCode).toBe(400);
      expect(new Set(response.json().errors.map((e: { field: string }) => e.field))).toEqual(new Set(['grounds']));
      expect(await eventCount()).toBe(before);
    });

    it('an upheld objection corrects the result, signed by the head who reviews it', async () => {
      expect(
        (
          await post(
            `/results/${TASK}/${T1}/objections`,
            { receivedOn: '2026-05-22', grounds: '标签上已印生产日期', objector: '零陵区示范食品有限公司' },
            staff,
          )
        ).statusCode,
      ).toBe(201);
      setToday('2026-06-01');
      const upheldByStaff = await post(
        `/results/${TASK}/${T1}/objections/1/review`,
        { upheld: true, reasoning: '复查属实', correction: { itemResults: [{ itemId: ITEM, result: 'compliant' }] } },
        staff,
      );
      expect(upheldByStaff.statusCode).toBe(403);
      const review = await post(
        `/results/${TASK}/${T1}/objections/1/review`,
        {
          upheld: true,
          reasoning: '复查属实，生产日期印于瓶底',
          correction: { itemResults: [{ itemId: ITEM, result: 'compliant' }], conclusion: '未发现问题', handling: '无需处理' },
        },
        head,
      );
      expect(review.statusCode).toBe(201);
      expect(review.json().events).toEqual(['ObjectionReviewed', 'ResultCorrected']);
      expect((await post(`/results/${TASK}/${T1}/objections/1/feedback`, { channel: 'post' }, staff)).statusCode).toBe(201);
      const detail = (await get(`/public/results/${TASK}/${T1}`)).json();
      expect(detail.original.itemResults[0].result).toBe('non-compliant');
      expect(detail.corrections.map((c: { objectionNumber: number | null }) => c.objectionNumber)).toEqual([null, 1]);
      expect(detail.current).toMatchObject({ conclusion: '未发现问题', handling: '无需处理', itemResults: [{ itemId: ITEM, result: 'compliant' }] });
      const record = (await get(`/results/${TASK}/${T1}`, staff)).json();
      expect(record.objections[0]).toMatchObject({
        objectionNumber: 1,
        review: { upheld: true, reviewedBy: 'head-1' },
        feedback: { fedBackOn: '2026-06-01', channel: 'post' },
      });
      expect(record.corrections.map((c: { signedBy: string }) => c.signedBy)).toEqual(['head-1', 'head-1']);
    });

    it('a rejected objection corrects nothing', async () => {
      expect((await post(`/results/${TASK}/${T2}/objections`, { receivedOn: '2026-05-28', grounds: '不服', objector: '李四' }, staff)).statusCode).toBe(201);
      const review = await post(`/results/${TASK}/${T2}/objections/1/review`, { upheld: false, reasoning: '复查无误' }, staff);
      expect(review.statusCode).toBe(201);
      expect(review.json().events).toEqual(['ObjectionReviewed']);
      expect((await get(`/public/results/${TASK}/${T2}`)).json().corrections).toEqual([]);
    });

    it('lists the corrections publicly, newest first, each with its original', async () => {
      const list = (await get(`/public/corrections?departmentId=${COUNTY}&year=2026`)).json();
      expect(list.total).toBe(2);
      expect(
        list.corrections.map((c: { correction: { correctionNumber: number }; targetName: string }) => [c.targetName, c.correction.correctionNumber]),
      ).toEqual([
        ['零陵区示范食品有限公司', 2],
        ['零陵区示范食品有限公司', 1],
      ]);
      expect(list.corrections[0].original.itemResults[0].result).toBe('non-compliant');
    });
  });

  describe('000 §25, 002 §6: the results for the credit-information publicity system', () => {
    it('exports every published result of the year as it now stands, one row per subject keyed by its credit code', async () => {
      const response = await get(`/departments/${COUNTY}/credit-export?year=2026`, staff);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="credit-export-${COUNTY}-2026.csv"`);
      const [header, ...rows] = response.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(header).toBe('统一社会信用代码,市场主体名称,抽查任务编号,检查实施机关,抽查事项及结果,检查结果,处理意见,公示日期,更正情况');
      expect(rows).toHaveLength(3);
      const byCode = new Map(rows.map((row) => [row.split(',')[0], row]));
      const current = (await get(`/public/results/${TASK}/${T1}`)).json().current;
      expect(byCode.get(current.creditCode)).toContain(current.conclusion);
      expect(byCode.get(current.creditCode)).toMatch(/已更正\d次，最近一次2026-/);
      expect(rows.some((row) => row.includes('通过登记的住所（经营场所）无法联系'))).toBe(true);
    });

    it('is read by the department and its superiors, asks for the year, and is not public', async () => {
      expect((await get(`/departments/${COUNTY}/credit-export?year=2026`, cityStaff)).statusCode).toBe(200);
      const noYear = await get(`/departments/${COUNTY}/credit-export`, staff);
      expect(noYear.statusCode).toBe(400);
      expect(new Set(noYear.json().errors.map((e: { field: string }) => e.field))).toEqual(new Set(['year']));
      expect((await get(`/departments/${COUNTY}/credit-export?year=2026`)).statusCode).toBe(401);
      expect((await get(`/departments/yongzhou/credit-export?year=2026`, staff)).statusCode).toBe(403);
    });
  });

  describe('comments on the inspectors (000 §24: within 10 working days of feedback)', () => {
    it('records a comment within the window as on time', async () => {
      setToday('2026-06-02');
      expect((await post(`/results/${TASK}/${T1}/comments`, { receivedOn: '2026-05-25', comment: '检查人员出示证件，态度良好' }, staff)).statusCode).toBe(201);
      const record = (await get(`/results/${TASK}/${T1}`, staff)).json();
      expect(record.comments).toEqual([
        {
          receivedOn: '2026-05-25',
          comment: '检查人员出示证件，态度良好',
          inspectorIds: ['insp-wang', 'insp-li'],
          deadline: '2026-05-25',
          provisional: false,
          late: false,
        },
      ]);
    });

    it('records a comment after the window, marked late (10 working days from 2026-05-06 end on 05-19: Labour Day holiday, 05-09 a make-up day)', async () => {
      expect(
        (await post(`/results/${TASK}/${T2}/comments`, { receivedOn: '2026-05-20', comment: '检查时间过长', inspectorIds: ['insp-li'] }, staff)).statusCode,
      ).toBe(201);
      const record = (await get(`/results/${TASK}/${T2}`, staff)).json();
      expect(record.comments).toEqual([
        { receivedOn: '2026-05-20', comment: '检查时间过长', inspectorIds: ['insp-li'], deadline: '2026-05-19', provisional: false, late: true },
      ]);
    });

    it('keeps comments and objections out of the public view', async () => {
      const json = JSON.stringify((await get(`/public/results/${TASK}/${T2}`)).json());
      expect(json).not.toContain('检查时间过长');
      expect(json).not.toContain('不服');
    });
  });

  describe('annual execution summary (000 §26)', () => {
    it('is not available before 1 January of the following year (China time)', async () => {
      clock.at = new Date('2026-12-31T15:59:00Z');
      expect((await get(`/public/departments/${COUNTY}/annual-summaries/2026`)).statusCode).toBe(404);
    });

    it('opens on 1 January with the year’s draws, inspections, results, objections and comments, naming no one', async () => {
      clock.at = new Date('2026-12-31T16:00:00Z');
      const response = await get(`/public/departments/${COUNTY}/annual-summaries/2026`);
      expect(response.statusCode).toBe(200);
      const summary = response.json();
      expect(summary).toMatchObject({
        departmentId: COUNTY,
        departmentName: '永州市零陵区市场监督管理局',
        year: 2026,
        availableFrom: '2027-01-01',
        totals: {
          tasks: 1,
          tasksCompleted: 1,
          targetsDrawn: 4,
          inspectionsReported: 2,
          targetsUnreachable: 1,
          handedOver: 1,
          feedbackDelivered: 2,
          resultsPublished: 3, // T1, T2 and T3 not inspected (002 §30)
          resultsExempted: 0,
          corrections: 2,
          objectionsReceived: 2,
          objectionsUpheld: 1,
          objectionsRejected: 1,
          comments: 2,
          lateComments: 1,
        },
      });
      expect(summary.tasks.map((t: { taskId: string; completedOn: string }) => [t.taskId, t.completedOn])).toEqual([[TASK, '2026-05-20']]);
      for (const secret of PERSONAL) expect(JSON.stringify(summary)).not.toContain(secret);
    });

    it('answers 404 for an unregistered department', async () => {
      expect((await get('/public/departments/nowhere/annual-summaries/2026')).statusCode).toBe(404);
    });

    describe('000 §26: the summary is a document — signed by the unit head, frozen, corrected only beside the original', () => {
      const BASE = `/departments/${COUNTY}/annual-summaries/2026`;

      it('is published only by the unit head: staff get 403 and nothing is appended', async () => {
        clock.at = new Date('2027-01-20T02:00:00Z');
        const before = await eventCount();
        expect((await post(`${BASE}/publication`, {}, staff)).statusCode).toBe(403);
        expect(await eventCount()).toBe(before);
        expect((await get(`/public/departments/${COUNTY}/annual-summaries/2026`)).json().document).toBeNull();
      });

      it('freezes the figures as signed, on time in January, and is never published twice', async () => {
        expect((await post(`${BASE}/publication`, {}, head)).statusCode).toBe(201);
        const summary = (await get(`/public/departments/${COUNTY}/annual-summaries/2026`)).json();
        expect(summary.document).toMatchObject({ publishedOn: '2027-01-20', onTime: true, signedByRole: 'unit-head', corrections: [] });
        expect(summary.document.figures).toEqual(summary.totals);
        const again = await post(`${BASE}/publication`, {}, head);
        expect(again.statusCode).toBe(409);
        expect(again.json().detail).toMatch(/corrected beside the original, never republished/);
      });

      it('keeps the published figures when the records change, and corrects them beside the original with the reason', async () => {
        expect((await post(`${BASE}/corrections`, { reason: '核对' }, head)).statusCode).toBe(409); // the records still add up to it
        await append(`inspection-${TASK}-${T1}`, 'ViolationReferred', {
          taskId: TASK,
          targetId: T1,
          to: 'judiciary',
          referenceNumber: '零市监移〔2026〕9号',
          referredOn: '2026-12-30',
        });
        clock.at = new Date('2027-02-10T02:00:00Z');
        expect((await post(`${BASE}/corrections`, { reason: '漏计一件移送司法机关的案件' }, head)).statusCode).toBe(201);
        const { document, totals } = (await get(`/public/departments/${COUNTY}/annual-summaries/2026`)).json();
        expect(document.figures.referralsToJudiciary).toBe(totals.referralsToJudiciary - 1);
        expect(document.corrections).toEqual([{ correctionNumber: 1, figures: totals, reason: '漏计一件移送司法机关的案件', correctedOn: '2027-02-10' }]);
        const page = await get(`/gs/departments/${COUNTY}/annual-summaries/2026`);
        expect(page.body).toContain('第1次更正（2027-02-10）');
        expect(page.body).toContain('单位负责人签发');
      });
    });
  });
});
