/**
 * 一公开 end to end, over the HTTP API only (issue 5, "Done when"): the draw scenario of issue 4
 * (`fixtures/double-draw-story.ts`) continues to publication with a clock the test moves. 零陵区
 * inspects the locked targets with the matched inspectors (002 §21, §24–26), reports — one late —
 * feeds back, enters and refers (000 §21–25); one target is not at its registered address and one
 * moved to 祁阳, which takes the inspection over (002 §30). Oversight reads the escalation ladder
 * (003 §3(4)). The task completes, its results are published once (002 §28.4), one objection is
 * upheld by the unit head and corrected next to the original (002 §29), and the annual summary
 * opens in January (000 §26). The public sees what the law makes public and nothing more.
 */
import { ApiHarness, startApi } from './support/api-harness';
import { CONFLICT_REASON, FIT, FOOD_ITEMS, FOOD_TASK, Group, StoryClient, TODAY, drawLockAndMatch, inspector, rows } from './fixtures/double-draw-story';

/** A clock the test moves: dates in China are UTC+8. */
const clock = { at: new Date(`${TODAY}T02:00:00Z`), now: () => clock.at };
const setToday = (date: string) => (clock.at = new Date(`${date}T02:00:00Z`));

const EVIDENCE = { name: '零陵现场检查笔录.pdf', sha256: 'c4'.repeat(32), mediaType: 'application/pdf' };
const PHONE = '13912345678';
const WITNESS = '社区网格员 刘某';
const SIGNER = '店长 周某';
const OBJECTOR = '异议人 赵某某';
const GROUNDS = '标签上已印生产日期，检查时未看到瓶底';
const QIYANG_INSPECTORS = ['qy-insp-1', 'qy-insp-2'];

describe('inspection to publication, end to end over HTTP (issue 5)', () => {
  let api: ApiHarness;
  let story: StoryClient;
  let oversight = '';
  let selected: string[] = [];
  let groups: Record<string, Group> = {};
  /** The drawn targets by their part in the story, in credit-code order. */
  let FOUND: string, CLEAN: string, LATE: string, SILENT: string, AWAY: string, MOVED: string, OTHERS: string[];

  const post: StoryClient['post'] = (url, payload, who) => story.post(url, payload, who);
  const get: StoryClient['get'] = (url, who) => story.get(url, who);
  const created: StoryClient['created'] = (response) => story.created(response);
  const asOversight = (url: string) => api.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${oversight}` } });
  const record = (targetId: string) => `/tasks/${FOOD_TASK}/inspections/${targetId}`;
  const nameOf = (targetId: string) => rows.find((r) => r['统一社会信用代码'] === targetId)!['名称'];
  const onSite = (targetId: string, endedOn: string) => ({
    inspectorIds: groups[targetId].members.map((m) => m.inspectorId),
    credentialsShown: true,
    noticeDelivered: true,
    acknowledgement: targetId === FOUND ? { kind: 'refused', witness: WITNESS } : { kind: 'signed', signedBy: SIGNER },
    methods: ['on-site'],
    startedOn: endedOn,
    endedOn,
    evidence: [EVIDENCE],
  });
  const report = (reportedOn: string, foundProblems: boolean) => ({
    reportedOn,
    content: `检查认证标志使用情况，经营者联系电话${PHONE}`,
    findings: foundProblems ? '认证标志使用不规范' : '未发现问题',
    evaluation: foundProblems ? '发现问题' : '未发现问题',
    handlingOpinion: foundProblems ? '责令改正' : '无需处理',
    foundProblems,
  });

  /** Inspected on site on 04-21 with the drawn group, every item recorded, reported on `reportedOn`. */
  async function inspectAndReport(targetId: string, reportedOn: string, foundProblems: boolean) {
    await created(post(`${record(targetId)}/pre-checks`, { checkedOn: '2026-04-20', sources: ['国家企业信用信息公示系统'], notes: '登记信息一致' }, 'staff'));
    await created(post(`${record(targetId)}/on-site`, onSite(targetId, '2026-04-21'), 'staff'));
    for (const [i, itemId] of FOOD_ITEMS.entries()) {
      const failed = foundProblems && i === 0;
      await created(
        post(
          `${record(targetId)}/items/${itemId}/result`,
          { result: failed ? 'non-compliant' : 'compliant', ...(failed ? { findings: '认证标志使用不规范' } : {}), recordedOn: '2026-04-21' },
          'staff',
        ),
      );
    }
    await created(post(`${record(targetId)}/report`, report(reportedOn, foundProblems), 'staff'));
  }

  beforeAll(async () => {
    api = await startApi({}, { clock });
    story = await new StoryClient(api).signIn();
    oversight = await api.tokenFor('oversight-1', 'oversight', 'hunan');
    ({ selected } = await drawLockAndMatch(story));
    groups = await story.groups();
    [FOUND, CLEAN, LATE, SILENT, AWAY, MOVED, ...OTHERS] = [...selected].sort();
  });
  afterAll(() => api.close());

  describe('1. the inspections of the locked targets (002 §24–26, 000 §21–25)', () => {
    it('opens one record per dispatched target with the task’s items (一对象一表单)', async () => {
      expect(selected.length).toBeGreaterThanOrEqual(7);
      setToday('2026-04-20');
      for (const targetId of selected) {
        const response = await created(post(`/tasks/${FOOD_TASK}/inspections`, { targetId, departmentId: 'lingling', openedOn: '2026-04-20' }, 'staff'));
        expect(response.json()).toMatchObject({ stream: `inspection-${FOOD_TASK}-${targetId}`, events: ['InspectionOpened'] });
      }
    });

    it('refuses the on-site record with one matched inspector: at least two (002 §21, §26), appending nothing', async () => {
      setToday('2026-04-21');
      const single = { ...onSite(FOUND, '2026-04-21'), inspectorIds: [groups[FOUND].leaderId] };
      const response = await story.appendsNothing(() => post(`${record(FOUND)}/on-site`, single, 'staff'));
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'inspectorIds', reason: expect.stringMatching(/at least 2 different inspectors/) }]);
    });

    it('records pre-check, on site with the matched pair, item results and reports, with and without findings', async () => {
      setToday('2026-04-23');
      await inspectAndReport(FOUND, '2026-04-23', true);
      await inspectAndReport(CLEAN, '2026-04-23', false);
      await inspectAndReport(SILENT, '2026-04-23', false);
      for (const targetId of OTHERS) await inspectAndReport(targetId, '2026-04-23', false);
      const view = (await get(record(FOUND), 'staff')).json();
      expect(view).toMatchObject({
        status: 'reported',
        onSite: { inspectorIds: groups[FOUND].members.map((m) => m.inspectorId), evidence: [EVIDENCE] },
        report: { reportedOn: '2026-04-23', concludedOn: '2026-04-21', foundProblems: true },
      });
      expect((await get(record(CLEAN), 'staff')).json().report.foundProblems).toBe(false);
    });

    it('delivers feedback, enters the results and refers the violation (000 §22, §23, §25)', async () => {
      setToday('2026-04-27');
      for (const targetId of [FOUND, CLEAN, ...OTHERS]) {
        await created(post(`${record(targetId)}/feedback`, { channel: 'direct', deliveredOn: '2026-04-24' }, 'staff'));
        await created(post(`${record(targetId)}/entry`, { enteredOn: '2026-04-27' }, 'staff'));
      }
      await created(post(`${record(FOUND)}/referrals`, { to: 'case-handling', referenceNumber: '零市监移〔2026〕7号', referredOn: '2026-04-24' }, 'staff'));
      expect((await get(record(FOUND), 'staff')).json()).toMatchObject({
        status: 'entered',
        feedback: { channel: 'direct', deliveredOn: '2026-04-24' },
        enteredOn: '2026-04-27',
        referrals: [{ to: 'case-handling', referenceNumber: '零市监移〔2026〕7号', referredOn: '2026-04-24' }],
      });
    });

    it('reports one inspection late, on 05-08, and feeds it back that day', async () => {
      setToday('2026-05-08');
      await inspectAndReport(LATE, '2026-05-08', true);
      await created(post(`${record(LATE)}/feedback`, { channel: 'post', deliveredOn: '2026-05-08' }, 'staff'));
    });
  });

  describe('2. special outcomes (002 §30)', () => {
    it('a target not at its registered address is not inspected and counts as completed', async () => {
      await created(post(`${record(AWAY)}/unreachable`, { reason: 'not-at-registered-address', recordedOn: '2026-04-22', evidence: [EVIDENCE] }, 'staff'));
      expect((await get(record(AWAY), 'staff')).json()).toMatchObject({ status: 'unreachable', unreachable: { reason: 'not-at-registered-address' } });
    });

    it('a target that moved to 祁阳 is handed over and taken over, recorded on both sides', async () => {
      await created(post(`/targets/${MOVED}/transfer`, { effectiveDate: '2026-04-20', source: '迁移登记', toDepartmentId: 'qiyang' }, 'staff'));
      await created(post(`${record(MOVED)}/handover`, { toDepartmentId: 'qiyang', handedOverOn: '2026-04-21' }, 'staff'));
      for (const [i, id] of QIYANG_INSPECTORS.entries()) {
        await created(
          post(
            '/inspectors',
            inspector(id, 20 + i, { departmentId: 'qiyang', certificate: { number: `4311212000${i}`, validFrom: '2024-01-01', validUntil: '2099-12-31' } }),
            'qiyang',
          ),
        );
      }
      expect((await story.appendsNothing(() => post(`${record(MOVED)}/take-over`, { takenOverOn: '2026-04-22' }, 'staff'))).statusCode).toBe(403);
      await created(post(`${record(MOVED)}/take-over`, { takenOverOn: '2026-04-22' }, 'qiyang'));
      await created(
        post(
          `${record(MOVED)}/on-site`,
          { ...onSite(MOVED, '2026-04-23'), inspectorIds: QIYANG_INSPECTORS, acknowledgement: { kind: 'signed', signedBy: SIGNER } },
          'qiyang',
        ),
      );
      for (const itemId of FOOD_ITEMS)
        await created(post(`${record(MOVED)}/items/${itemId}/result`, { result: 'compliant', recordedOn: '2026-04-23' }, 'qiyang'));
      await created(post(`${record(MOVED)}/report`, report('2026-04-24', false), 'qiyang'));

      const handovers = [{ fromDepartmentId: 'lingling', toDepartmentId: 'qiyang', handedOverOn: '2026-04-21', takenOverOn: '2026-04-22' }];
      for (const who of ['staff', 'qiyang'] as const) {
        expect((await get(record(MOVED), who)).json()).toMatchObject({ departmentId: 'qiyang', departmentIds: ['lingling', 'qiyang'], handovers });
      }
      expect((await get(`/tasks/${FOOD_TASK}/inspections`, 'qiyang')).json()).toMatchObject({ total: 1, inspections: [{ targetId: MOVED }] });
    });
  });

  describe('3. deadlines read by oversight (003 §3(4))', () => {
    type Duty = { kind: string; targetId: string; departmentId: string; state: string; dueOn: string; closedOn: string | null; provisional: boolean };
    const duties = async (query: string): Promise<Duty[]> => {
      const response = await asOversight(`/deadlines?departmentId=lingling&asOf=2026-05-11&limit=100&${query}`);
      expect(response.statusCode).toBe(200);
      return response.json().items;
    };

    it('shows the late report closed late (问责) and the others closed on time', async () => {
      const reports = await duties('kind=report');
      const late = reports.find((d) => d.targetId === LATE)!;
      expect(late).toMatchObject({ state: 'closed-late', closedOn: '2026-05-08', provisional: false });
      expect(late.dueOn < '2026-05-08').toBe(true);
      for (const targetId of [FOUND, CLEAN, SILENT, AWAY, MOVED, ...OTHERS]) {
        expect(reports.filter((d) => d.targetId === targetId).map((d) => d.state)).toEqual(['closed-on-time']);
      }
    });

    it('shows the feedback never delivered as overdue (督办)', async () => {
      const overdue = await duties('state=overdue');
      expect(overdue.map((d) => [d.kind, d.targetId])).toEqual([['feedback', SILENT]]);
      expect(overdue[0].dueOn < '2026-05-11').toBe(true);
    });

    it('counts the county’s ladder per rung', async () => {
      const response = await asOversight('/departments/lingling/deadline-ladder?asOf=2026-05-11');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ departmentId: 'lingling', asOf: '2026-05-11', provisional: 0 });
      // closed late: the late report, and the registries (003 §2(1), due at the end of February), which this story builds in April
      expect(response.json().counts).toMatchObject({ overdue: 1, 'closed-late': 2 });
      expect((await duties('state=closed-late')).map((d) => d.kind).sort()).toEqual(['registries', 'report']);
    });
  });

  describe('4. completion, publication, one objection and its correction (002 §28.4, §29)', () => {
    const published = () => [FOUND, CLEAN, LATE, SILENT, ...OTHERS];

    it('completes the task: reported, unreachable and handed over all count as completed', async () => {
      setToday('2026-05-12');
      const response = await created(post(`/tasks/${FOOD_TASK}/complete`, {}, 'staff'));
      expect(response.json().events).toEqual(['TaskCompleted']);
    });

    it('publishes each reported result once; publishing again is refused (409) and appends nothing', async () => {
      setToday('2026-05-13');
      for (const targetId of published()) {
        expect((await created(post(`/results/${FOOD_TASK}/${targetId}/publish`, {}, 'staff'))).json().events).toEqual(['ResultPublished']);
      }
      const again = await story.appendsNothing(() => post(`/results/${FOOD_TASK}/${FOUND}/publish`, {}, 'staff'));
      expect(again.statusCode).toBe(409);
      expect(again.json().detail).toMatch(/002 §29/);
    });

    it('refuses a correction by staff with 403: only the principal head signs (002 §29)', async () => {
      const response = await story.appendsNothing(() =>
        post(`/results/${FOOD_TASK}/${CLEAN}/corrections`, { reason: '录入错误', handling: '责令改正' }, 'staff'),
      );
      expect(response.statusCode).toBe(403);
    });

    it('an objection upheld by the unit head publishes a correction next to the original', async () => {
      setToday('2026-05-14');
      await created(post(`/results/${FOOD_TASK}/${FOUND}/objections`, { receivedOn: '2026-05-14', grounds: GROUNDS, objector: OBJECTOR }, 'staff'));
      setToday('2026-05-20');
      const correction = { itemResults: [{ itemId: FOOD_ITEMS[0], result: 'compliant' }], conclusion: '未发现问题', handling: '无需处理' };
      const review = await created(post(`/results/${FOOD_TASK}/${FOUND}/objections/1/review`, { upheld: true, reasoning: '复查属实', correction }, 'head'));
      expect(review.json().events).toEqual(['ObjectionReviewed', 'ResultCorrected']);
      await created(post(`/results/${FOOD_TASK}/${FOUND}/objections/1/feedback`, { channel: 'post' }, 'staff'));

      const detail = (await get(`/public/results/${FOOD_TASK}/${FOUND}`)).json();
      expect(detail.original).toMatchObject({ conclusion: '发现问题', handling: '责令改正' });
      expect(detail.original.itemResults[0]).toMatchObject({ itemId: FOOD_ITEMS[0], result: 'non-compliant' });
      expect(detail.corrections).toEqual([
        {
          correctionNumber: 1,
          correctedOn: '2026-05-20',
          reason: '复查属实',
          objectionNumber: 1,
          correctedResult: {
            ...detail.original,
            conclusion: '未发现问题',
            handling: '无需处理',
            itemResults: detail.original.itemResults.map((i: object) => ({ ...i, result: 'compliant' })),
          },
        },
      ]);
      expect(detail.current).toMatchObject({ conclusion: '未发现问题', handling: '无需处理' });
    });
  });

  describe('5. the annual execution summary (000 §26)', () => {
    it('opens in January of the next year with the year’s counts', async () => {
      clock.at = new Date('2026-12-31T15:59:00Z');
      expect((await get('/public/departments/lingling/annual-summaries/2026')).statusCode).toBe(404);
      setToday('2027-01-04');
      const response = await get('/public/departments/lingling/annual-summaries/2026');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        departmentId: 'lingling',
        year: 2026,
        availableFrom: '2027-01-01',
        totals: {
          tasks: 1,
          tasksCompleted: 1,
          targetsDrawn: selected.length,
          // 零陵's own reports, and 祁阳's of the target it took over: that inspection stays under this task (002 §30)
          inspectionsReported: selected.length - 1,
          targetsUnreachable: 1,
          handedOver: 1,
          feedbackDelivered: selected.length - 3,
          resultsPublished: selected.length - 2,
          resultsExempted: 0,
          corrections: 1,
          objectionsReceived: 1,
          objectionsUpheld: 1,
          objectionsRejected: 0,
          comments: 0,
          lateComments: 0,
        },
      });
    });
  });

  describe('6. the public view: what the law makes public and nothing more (002 §28, 000 §12, §26)', () => {
    const INSPECTORS = [...FIT, 'insp-expired', 'insp-metrology', ...QIYANG_INSPECTORS];
    const INSPECTOR_NAMES = Array.from({ length: 21 }, (_, n) => `检查员${n + 1}`);
    /** Never public anywhere: who visited which target, personal data, evidence, objections, who acted. */
    const NEVER = [
      'gender',
      'male',
      PHONE,
      WITNESS,
      SIGNER,
      EVIDENCE.name,
      EVIDENCE.sha256,
      OBJECTOR,
      GROUNDS,
      CONFLICT_REASON,
      '认证标志使用不规范',
      'staff-ll-1',
      'head-ll-1',
      'admin-1',
      'staff-qy-1',
      'oversight-1',
      'actorId',
    ];
    const REPRESENTATIVE = /经营者\d/;

    const fetchPublic = async (url: string) => {
      const response = await get(url);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
      return response.body;
    };
    const assertDiscloses = (url: string, body: string, { inspectorRegistry = false } = {}) => {
      for (const secret of [...NEVER, ...(inspectorRegistry ? [] : [...INSPECTORS, ...INSPECTOR_NAMES])]) {
        expect({ url, leaks: body.includes(secret) ? secret : null }).toEqual({ url, leaks: null });
      }
      expect({ url, representative: REPRESENTATIVE.test(body) }).toEqual({ url, representative: false });
    };

    it('(control) the staff records do hold what the public must not see', async () => {
      const inspection = (await get(record(FOUND), 'staff')).body;
      for (const secret of [PHONE, WITNESS, EVIDENCE.name, EVIDENCE.sha256, ...groups[FOUND].members.map((m) => m.inspectorId)]) {
        expect(inspection).toContain(secret);
      }
      const result = (await get(`/results/${FOOD_TASK}/${FOUND}`, 'staff')).body;
      for (const secret of [OBJECTOR, GROUNDS, 'head-ll-1']) expect(result).toContain(secret);
    });

    it('the public JSON routes carry no personal data, evidence, objection or actor, and do carry the results and corrections', async () => {
      const results = `/public/results?departmentId=lingling&year=2026&limit=100`;
      const corrections = `/public/corrections?departmentId=lingling&year=2026`;
      const routes = [
        results,
        corrections,
        '/public/announcements?departmentId=lingling&year=2026',
        `/public/announcements/${FOOD_TASK}`,
        `/draws/${FOOD_TASK}-d1`,
        `/draws/${FOOD_TASK}-d1/verification`,
        '/public/targets?limit=200',
        ...selected.map((id) => `/public/targets/${id}`),
        ...[FOUND, CLEAN, LATE, SILENT, ...OTHERS].map((id) => `/public/results/${FOOD_TASK}/${id}`),
        '/public/departments/lingling/annual-summaries/2026',
      ];
      for (const url of routes) assertDiscloses(url, await fetchPublic(url));

      const list = JSON.parse(await fetchPublic(results));
      expect(list.total).toBe(selected.length - 2);
      expect(list.results.map((r: { targetId: string }) => r.targetId).sort()).toEqual([FOUND, CLEAN, LATE, SILENT, ...OTHERS].sort());
      const correctionList = JSON.parse(await fetchPublic(corrections));
      expect(correctionList.total).toBe(1);
      expect(correctionList.corrections[0]).toMatchObject({ targetName: nameOf(FOUND), correction: { correctionNumber: 1, objectionNumber: 1 } });
    });

    it('the public inspector registry names inspectors (000 §12) but no gender, no contact and no target they were matched to', async () => {
      const body = await fetchPublic('/inspectors?limit=100');
      assertDiscloses('/inspectors', body, { inspectorRegistry: true });
      expect(JSON.parse(body).items.map((i: { inspectorId: string }) => i.inspectorId)).toEqual(expect.arrayContaining(FIT));
      for (const targetId of selected) expect(body).not.toContain(targetId);
    });

    it('the public HTML pages (/gs) carry no more, and show the published results and the correction beside the original', async () => {
      const pages = [
        '/gs',
        '/gs/departments/lingling',
        `/gs/announcements/${FOOD_TASK}`,
        `/gs/draws/${FOOD_TASK}-d1`,
        `/gs/draws/${FOOD_TASK}-d1/verify`,
        '/gs/results?departmentId=lingling',
        ...[FOUND, CLEAN, LATE, SILENT, ...OTHERS].map((id) => `/gs/results/${FOOD_TASK}/${id}`),
        '/gs/departments/lingling/annual-summaries/2026',
        `/gs/targets?q=${encodeURIComponent('永州测试')}`,
      ];
      for (const url of pages) assertDiscloses(url, await fetchPublic(url));
      assertDiscloses('/gs/inspectors', await fetchPublic('/gs/inspectors'), { inspectorRegistry: true });

      const listed = await fetchPublic('/gs/results?departmentId=lingling');
      for (const targetId of [FOUND, CLEAN, LATE, SILENT, ...OTHERS]) expect(listed).toContain(nameOf(targetId));
      const corrected = await fetchPublic(`/gs/results/${FOOD_TASK}/${FOUND}`);
      for (const text of ['责令改正', '无需处理', '2026-05-20']) expect(corrected).toContain(text);
    });
  });
});
