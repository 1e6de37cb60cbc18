/**
 * 抽查任务 over HTTP (issue 4, items 1, 4, 5): a city department publishes its checklist and
 * annual plan, sets up a task under it — refused while the plan is unpublished (004 §4(4)) —
 * delegates execution to two of its counties (000 §17), locks the list of a confirmed draw,
 * dispatches it to the counties owning the targets and publishes the task announcement (002 §19).
 * A second, joint task (004 §2(4)) with an overlapping window on a shared target is merged into
 * the same visit (进一次门、查多项事). The draw's events are written straight into the store: the
 * draw protocol has its own suites.
 */
import { proposed } from '@app/event-store/event-store.contract';
import { ApiHarness, startApi } from './support/api-harness';
import { ANNEX2_ITEMS } from './fixtures/checklist-000-annex2';
import { creditCodeFor } from './fixtures/targets-xlsx';

const GENERAL = 'hn-zj-10'; // ratio capped (SMALL_COUNTY_CAP)
const KEY = 'hn-zj-08';

describe('tasks: set up, lock, dispatch, announce, merge (issue 4)', () => {
  let api: ApiHarness;
  let admin: string;
  let yongzhou: string;
  let lingling: string;
  let qiyang: string;
  let shaoyang: string;
  let planItems: object[];
  const PLAN_SPLIT = { unit: 'percent', provincial: 0, municipal: 100, county: 0, own: 0 };

  const headers = (token?: string) => ({ 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });
  const post = (url: string, payload: unknown, token?: string) => api.app.inject({ method: 'POST', url, payload: payload as object, headers: headers(token) });
  const get = (url: string, token?: string) => api.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const eventCount = async () => (await api.events.readAll()).length;
  const fields = (response: { json(): { errors?: { field: string }[] } }) => (response.json().errors ?? []).map((e) => e.field);

  const targets = { ll1: creditCodeFor(1, '431102'), ll2: creditCodeFor(2, '431102'), qy1: creditCodeFor(3, '431121'), yz1: creditCodeFor(4, '431100') };

  const task = (overrides: Record<string, unknown> = {}) => ({
    taskId: 'food-2026',
    planId: 'yongzhou-2026',
    year: 2026,
    title: '2026年食品相关产品生产企业双随机抽查',
    businessUnitId: 'yongzhou-quality',
    executingDepartmentIds: ['lingling', 'qiyang'],
    itemIds: [GENERAL, KEY],
    window: { from: '2026-04-10', to: '2026-05-31' },
    classes: [{ classId: 'all', label: '辖区内发证企业', ratio: 3 }],
    setUpOn: '2026-04-01',
    ...overrides,
  });

  /** A draw of the task up to the given step, as the draw protocol would have recorded it. */
  async function writeDraw(drawId: string, taskId: string, selected: string[], upTo: 'drawn' | 'confirmed') {
    const stream = `draw-${drawId}`;
    await api.events.append(
      stream,
      proposed('DrawPoolFrozen', {
        drawId,
        taskId,
        departmentId: 'yongzhou',
        year: 2026,
        algorithm: 'dsr-draw-v1',
        eligibilityPosition: '0/0',
        strata: [{ stratumId: 'all', classId: 'all', poolHash: 'a'.repeat(64), poolSize: 10, count: selected.length, exemptMembers: 0, excluded: [] }],
        serverCommitment: 'b'.repeat(64),
        beacon: null,
        frozenOn: '2026-04-11',
      }),
      'no-stream',
    );
    await api.events.append(
      stream,
      proposed('TargetsDrawn', {
        drawId,
        departmentId: 'yongzhou',
        entropyKinds: ['witness'],
        ledgerRevision: 0,
        strata: [{ stratumId: 'all', selected, skipped: [] }],
        drawnOn: '2026-04-11',
      }),
      0,
    );
    if (upTo === 'confirmed') await api.events.append(stream, proposed('DrawConfirmed', { drawId, departmentId: 'yongzhou', confirmedOn: '2026-04-11' }), 1);
  }

  beforeAll(async () => {
    api = await startApi();
    admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    yongzhou = await api.tokenFor('staff-yz-1', 'staff', 'yongzhou');
    lingling = await api.tokenFor('staff-ll-1', 'staff', 'lingling');
    qiyang = await api.tokenFor('staff-qy-1', 'staff', 'qiyang');
    shaoyang = await api.tokenFor('staff-sy-1', 'staff', 'shaoyang');
    for (const department of [
      { departmentId: 'hunan', name: '湖南省市场监督管理局', level: 'province', areaCode: '430000' },
      { departmentId: 'yongzhou', name: '永州市市场监督管理局', level: 'city', parentId: 'hunan', areaCode: '431100' },
      { departmentId: 'yongzhou-env', name: '永州市生态环境局', level: 'city', parentId: 'hunan', areaCode: '431100' },
      { departmentId: 'shaoyang', name: '邵阳市市场监督管理局', level: 'city', parentId: 'hunan', areaCode: '430500' },
      { departmentId: 'lingling', name: '零陵区市场监督管理局', level: 'county', parentId: 'yongzhou', areaCode: '431102' },
      { departmentId: 'qiyang', name: '祁阳县市场监督管理局', level: 'county', parentId: 'yongzhou', areaCode: '431121' },
      { departmentId: 'xinshao', name: '新邵县市场监督管理局', level: 'county', parentId: 'shaoyang', areaCode: '430522' },
    ]) {
      expect((await post('/departments', department, admin)).statusCode).toBe(201);
    }
    expect((await post('/departments/yongzhou/units', { unitId: 'yongzhou-quality', name: '质量监督科', kind: 'business' }, admin)).statusCode).toBe(201);

    for (const item of ANNEX2_ITEMS) expect((await post('/departments/yongzhou/checklist/draft/items', item, yongzhou)).statusCode).toBe(201);
    // 004 §4(3): approved by the justice bureau before it is published
    expect((await post('/departments/yongzhou/checklist/draft/reviews', { outcome: 'approved', reviewedOn: '2026-01-08' }, admin)).statusCode).toBe(201);
    expect((await post('/departments/yongzhou/checklist/versions', { publishedOn: '2026-01-10' }, yongzhou)).statusCode).toBe(201);
    planItems = ANNEX2_ITEMS.map((item) => ({
      itemId: item.itemId,
      checklistVersion: 1,
      scope: { description: `永州市${item.targetType}`, subjectTypes: ['enterprise'], industries: [], areaCodes: [] },
      ratio: item.category === 'key' ? 20 : 3,
      frequency: 1,
      riskRatios: [],
      windows: [{ from: '2026-04-01', to: '2026-11-30' }],
      estimatedTargets: 10,
    }));
    const filed = await post(
      '/departments/yongzhou/plans',
      { planId: 'yongzhou-2026', year: 2026, checklistVersion: 1, items: planItems, split: PLAN_SPLIT },
      yongzhou,
    );
    expect(filed.statusCode).toBe(201);

    const owners = [
      [targets.ll1, 'lingling', '431102'],
      [targets.ll2, 'lingling', '431102'],
      [targets.qy1, 'qiyang', '431121'],
      [targets.yz1, 'yongzhou', '431100'],
    ] as const;
    for (const [creditCode, departmentId, areaCode] of owners) {
      const token = await api.tokenFor(`staff-${departmentId}`, 'staff', departmentId);
      const registered = await post(
        '/targets',
        { departmentId, creditCode, name: `测试企业${creditCode.slice(-4)}有限公司`, subjectType: 'enterprise', areaCode },
        token,
      );
      expect(registered.statusCode).toBe(201);
    }
  });
  afterAll(() => api.close());

  describe('setting up a task', () => {
    it('refuses a task under a plan not yet published with 409 and appends nothing (004 §4(4): 未经公示的随机抽查工作计划不得实施)', async () => {
      const before = await eventCount();
      const response = await post('/tasks', task(), yongzhou);
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toMatch(/version 1 of plan yongzhou-2026 is not published/);
      expect(await eventCount()).toBe(before);
      expect((await post('/plans/yongzhou-2026/publish', { publishedOn: '2026-03-20' }, yongzhou)).statusCode).toBe(201);
    });

    it('refuses bad input with 400 naming each field and its reason, and appends nothing', async () => {
      const before = await eventCount();
      const response = await post(
        '/tasks',
        task({
          taskId: 'Bad Id',
          title: '',
          window: { from: '2026-13-01', to: '2026-05-31' },
          classes: [{ classId: 'all', label: '全部', ratio: 0, filter: { subjectTypes: ['spaceship'], scales: [], industries: [], areaCodes: [] } }],
          surprise: true,
        }),
        yongzhou,
      );
      expect(response.statusCode).toBe(400);
      expect(fields(response)).toEqual(
        expect.arrayContaining(['taskId', 'title', 'window.from', 'classes.0.ratio', 'classes.0.filter.subjectTypes', 'surprise']),
      );
      expect(response.json().errors).toEqual(expect.arrayContaining([{ field: 'classes.0.ratio', reason: 'ratio must be above 0 percent' }]));
      expect(await eventCount()).toBe(before);
    });

    it("refuses a ratio above the general item's cap with 400 (DOMAIN.md 一单两库)", async () => {
      const before = await eventCount();
      const response = await post('/tasks', task({ classes: [{ classId: 'all', label: '全部', ratio: 40 }] }), yongzhou);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'classes.0.ratio', reason: expect.stringMatching(/above the cap of 35% of general item/) }]);
      expect(await eventCount()).toBe(before);
    });

    it("gives another county's staff 403 and appends nothing: only the plan's owner sets up its tasks", async () => {
      const before = await eventCount();
      expect((await post('/tasks', task(), qiyang)).statusCode).toBe(403);
      expect((await post('/tasks', task(), shaoyang)).statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
    });

    it('refuses delegation to a county of another city with 403 (000 §17: a superior delegates to its subordinates)', async () => {
      const before = await eventCount();
      const response = await post('/tasks', task({ executingDepartmentIds: ['lingling', 'xinshao'] }), yongzhou);
      expect(response.statusCode).toBe(403);
      expect(response.json().detail).toMatch(/xinshao is not one/);
      expect(await eventCount()).toBe(before);
    });

    it('sets up the task under the published plan, delegated to two of its counties (000 §17)', async () => {
      const response = await post('/tasks', task(), yongzhou);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ stream: 'task-food-2026', events: ['TaskSetUp'], projected: true });
      expect((await post('/tasks', task(), yongzhou)).statusCode).toBe(409);

      const detail = await get('/tasks/food-2026', lingling);
      expect(detail.statusCode).toBe(200);
      expect(detail.json()).toMatchObject({
        departmentId: 'yongzhou',
        planVersion: 1,
        status: 'set-up',
        executingDepartmentIds: ['lingling', 'qiyang'],
        items: [
          { itemId: GENERAL, checklistVersion: 1, category: 'general' },
          { itemId: KEY, checklistVersion: 1, category: 'key' },
        ],
        lock: null,
        announcement: null,
      });
      expect((await get('/tasks/food-2026', shaoyang)).statusCode).toBe(403);
      expect((await get('/departments/lingling/tasks', lingling)).json()).toMatchObject({ total: 1, tasks: [{ taskId: 'food-2026' }] });
      expect((await get('/departments/lingling/tasks', qiyang)).statusCode).toBe(403);
      expect((await get('/public/announcements?departmentId=yongzhou')).json()).toEqual({ total: 0, announcements: [] });
    });
  });

  describe('locking, dispatching and announcing (002 §19)', () => {
    it('refuses a draw that is not confirmed with 409, and an unknown draw with 404', async () => {
      await writeDraw('food-d1', 'food-2026', [targets.ll1, targets.ll2, targets.qy1, targets.yz1], 'drawn');
      const before = await eventCount();
      const unconfirmed = await post('/tasks/food-2026/lock', { drawId: 'food-d1', lockedOn: '2026-04-12' }, yongzhou);
      expect(unconfirmed.statusCode).toBe(409);
      expect(unconfirmed.json().detail).toMatch(/is drawn, not confirmed/);
      expect((await post('/tasks/food-2026/lock', { drawId: 'nowhere', lockedOn: '2026-04-12' }, yongzhou)).statusCode).toBe(404);
      expect(await eventCount()).toBe(before);
    });

    it('refuses a lock by a department outside the task with 403', async () => {
      await api.events.append('draw-food-d1', proposed('DrawConfirmed', { drawId: 'food-d1', departmentId: 'yongzhou', confirmedOn: '2026-04-11' }), 1);
      const before = await eventCount();
      expect((await post('/tasks/food-2026/lock', { drawId: 'food-d1', lockedOn: '2026-04-12' }, shaoyang)).statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
    });

    it('004 §4(5): refuses to lock before the 实施方案 is filed with the superior (409 naming implementationPlan), then files it', async () => {
      const before = await eventCount();
      const unfiled = await post('/tasks/food-2026/lock', { drawId: 'food-d1', lockedOn: '2026-04-12' }, yongzhou);
      expect(unfiled.statusCode).toBe(409);
      expect(fields(unfiled)).toEqual(['implementationPlan']);
      expect(await eventCount()).toBe(before);
      const plan = { summary: '按比例抽取；每组2人；实地核查；4月10日至5月31日实施', filedTo: 'hunan', filedOn: '2026-04-08' };
      expect((await post('/tasks/food-2026/implementation-plan', { ...plan, filedTo: 'lingling' }, yongzhou)).json().errors).toEqual([
        { field: 'filedTo', reason: 'the implementation plan is filed with hunan, the superior department of yongzhou' },
      ]);
      expect((await post('/tasks/food-2026/implementation-plan', plan, lingling)).statusCode).toBe(403);
      expect((await post('/tasks/nowhere/implementation-plan', plan, yongzhou)).statusCode).toBe(404);
      const filed = await post('/tasks/food-2026/implementation-plan', plan, yongzhou);
      expect(filed.statusCode).toBe(201);
      expect(filed.json().events).toEqual(['ImplementationPlanFiled']);
      expect((await get('/tasks/food-2026', yongzhou)).json().implementationPlan).toEqual({ ...plan, alsoFiledWith: null, dueOn: '2026-04-09' });
    });

    it('locks the confirmed list, dispatches each target to the county owning it and the rest to the owner, and announces the task', async () => {
      const response = await post('/tasks/food-2026/lock', { drawId: 'food-d1', lockedOn: '2026-04-12' }, yongzhou);
      expect(response.statusCode).toBe(201);
      expect(response.json().events).toEqual(['TaskListLocked', 'TaskDispatched', 'TaskDispatched', 'TaskDispatched', 'TaskAnnounced']);

      const detail = (await get('/tasks/food-2026', qiyang)).json();
      expect(detail.status).toBe('locked');
      expect(detail.lock).toMatchObject({ drawId: 'food-d1', lockedOn: '2026-04-12' });
      expect(detail.dispatches).toEqual([
        { executingDepartmentId: 'lingling', targetIds: [targets.ll1, targets.ll2], dispatchedOn: '2026-04-12' },
        { executingDepartmentId: 'qiyang', targetIds: [targets.qy1], dispatchedOn: '2026-04-12' },
        { executingDepartmentId: 'yongzhou', targetIds: [targets.yz1], dispatchedOn: '2026-04-12' },
      ]);
    });

    it('publishes the announcement to anyone without a token, without the drawn targets', async () => {
      const response = await get('/public/announcements?departmentId=yongzhou&year=2026');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        total: 1,
        announcements: [
          {
            taskId: 'food-2026',
            title: '2026年食品相关产品生产企业双随机抽查',
            departmentId: 'yongzhou',
            departmentName: '永州市市场监督管理局',
            year: 2026,
            items: [
              { itemId: GENERAL, name: ANNEX2_ITEMS.find((i) => i.itemId === GENERAL)?.name, checklistVersion: 1, category: 'general' },
              { itemId: KEY, name: ANNEX2_ITEMS.find((i) => i.itemId === KEY)?.name, checklistVersion: 1, category: 'key' },
            ],
            window: { from: '2026-04-10', to: '2026-05-31' },
            targetCount: 4,
            announcedOn: '2026-04-12',
          },
        ],
      });
      expect(JSON.stringify(response.json())).not.toContain(targets.ll1);
      expect((await get('/public/announcements/food-2026')).json().targetCount).toBe(4);
      expect((await get('/public/announcements?year=2025')).json().total).toBe(0);
      expect((await get('/public/announcements?year=soon')).json().errors).toEqual([{ field: 'year', reason: 'year must be a whole year' }]);
    });

    it('refuses to lock a locked list again with 409 and appends nothing', async () => {
      await writeDraw('food-d2', 'food-2026', [targets.ll1], 'confirmed');
      const before = await eventCount();
      const again = await post('/tasks/food-2026/lock', { drawId: 'food-d2', lockedOn: '2026-04-13' }, yongzhou);
      expect(again.statusCode).toBe(409);
      expect(again.json().detail).toMatch(/was locked on 2026-04-12 from draw food-d1/);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('merging into visits (进一次门、查多项事) and joint tasks (004 §2(4))', () => {
    it("sets up a joint task with a department of the owner's level, and refuses another task's draw for it with 400", async () => {
      const set = await post(
        '/tasks',
        task({
          taskId: 'joint-2026',
          title: '2026年产品质量与环保联合抽查',
          businessUnitId: 'yongzhou-quality',
          executingDepartmentIds: undefined,
          jointDepartmentIds: ['yongzhou-env'],
          itemIds: [KEY],
          window: { from: '2026-05-20', to: '2026-06-30' },
          classes: [{ classId: 'all', label: '重点企业', count: 2 }],
          setUpOn: '2026-05-01',
        }),
        yongzhou,
      );
      expect(set.statusCode).toBe(201);
      const wrong = await post('/tasks/joint-2026/lock', { drawId: 'food-d2', lockedOn: '2026-05-10' }, yongzhou);
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().errors).toEqual([{ field: 'drawId', reason: 'draw food-d2 was drawn for task food-2026, not for joint-2026' }]);
    });

    it('dispatches a joint task to the owner and the whole list to the joint department', async () => {
      await writeDraw('joint-d1', 'joint-2026', [targets.ll1, targets.yz1], 'confirmed');
      const plan = { summary: '联合抽查：名单一次性抽取、人员一次性选派', filedTo: 'hunan', alsoFiledWith: '永州市人民政府', filedOn: '2026-05-05' };
      expect((await post('/tasks/joint-2026/implementation-plan', plan, yongzhou)).statusCode).toBe(201);
      const locked = await post('/tasks/joint-2026/lock', { drawId: 'joint-d1', lockedOn: '2026-05-10' }, yongzhou);
      expect(locked.statusCode).toBe(201);
      const env = await api.tokenFor('staff-env-1', 'staff', 'yongzhou-env');
      expect((await get('/tasks/joint-2026', env)).json().dispatches).toEqual([
        { executingDepartmentId: 'yongzhou', targetIds: [targets.ll1, targets.yz1], dispatchedOn: '2026-05-10' },
        { executingDepartmentId: 'yongzhou-env', targetIds: [targets.ll1, targets.yz1], dispatchedOn: '2026-05-10' },
      ]);
      expect((await get('/departments/yongzhou-env/tasks', env)).json().tasks.map((t: { taskId: string }) => t.taskId)).toEqual(['joint-2026']);
    });

    it('merges the two overlapping tasks on a shared target into one visit, each counted, the joint one per department', async () => {
      const response = await get(`/targets/${targets.ll1}/visits?year=2026`, lingling);
      expect(response.statusCode).toBe(200);
      const { visits } = response.json();
      expect(visits).toHaveLength(1);
      expect(visits[0]).toMatchObject({
        window: { from: '2026-04-10', to: '2026-06-30' },
        itemIds: [KEY, GENERAL].sort(),
        counted: [
          { taskId: 'food-2026', departmentId: 'yongzhou' },
          { taskId: 'joint-2026', departmentId: 'yongzhou' },
          { taskId: 'joint-2026', departmentId: 'yongzhou-env' },
        ],
      });
      expect(visits[0].tasks.map((t: { taskId: string }) => t.taskId)).toEqual(['food-2026', 'joint-2026']);

      const alone = (await get(`/targets/${targets.qy1}/visits?year=2026`, qiyang)).json();
      expect(alone.visits.map((v: { tasks: { taskId: string }[] }) => v.tasks.map((t) => t.taskId))).toEqual([['food-2026']]);
      expect((await get(`/targets/${targets.ll1}/visits?year=2027`, lingling)).json().visits).toEqual([]);
      expect((await get(`/targets/${targets.ll1}/visits?year=2026`, shaoyang)).statusCode).toBe(403);
      expect((await get(`/targets/${targets.ll1}/visits`, lingling)).json().errors).toEqual([{ field: 'year', reason: 'year must be a whole year' }]);
    });

    it("lists, per target of a task's list, the visit that covers the task", async () => {
      const response = await get('/tasks/food-2026/visits', yongzhou);
      expect(response.statusCode).toBe(200);
      const byTarget = Object.fromEntries(
        response.json().map((v: { targetId: string; visit: { tasks: { taskId: string }[] } }) => [v.targetId, v.visit.tasks.map((t) => t.taskId)]),
      );
      expect(byTarget).toEqual({
        [targets.ll1]: ['food-2026', 'joint-2026'],
        [targets.ll2]: ['food-2026'],
        [targets.qy1]: ['food-2026'],
        [targets.yz1]: ['food-2026', 'joint-2026'],
      });
    });
  });
  describe('004 §4(4), 002 §12: nothing is drawn under an adjusted plan until the adjustment is published', () => {
    it('refuses to freeze a task set up before the adjustment, appending nothing, and freezes once the new version is published', async () => {
      const setUp = await post('/tasks', task({ taskId: 'adjusted-2026', title: '调整前设立的任务', setUpOn: '2026-05-02' }), yongzhou);
      expect(setUp.statusCode).toBe(201);
      const adjusted = await post('/plans/yongzhou-2026/adjustments', { checklistVersion: 1, items: planItems, split: { ...PLAN_SPLIT, municipal: 80, own: 20 }, reason: '省局统一抽查任务调整' }, yongzhou);
      expect(adjusted.statusCode).toBe(201);

      const before = await eventCount();
      const refused = await post('/tasks/adjusted-2026/draws', {}, yongzhou);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().errors).toEqual([{ field: 'planId', reason: expect.stringMatching(/version 2 of plan yongzhou-2026 is not published; nothing is frozen/) }]);
      expect(await eventCount()).toBe(before);

      expect((await post('/plans/yongzhou-2026/publish', { publishedOn: '2026-05-03' }, yongzhou)).statusCode).toBe(201);
      expect((await post('/tasks/adjusted-2026/draws', {}, yongzhou)).statusCode).toBe(201);
    });
  });
});
