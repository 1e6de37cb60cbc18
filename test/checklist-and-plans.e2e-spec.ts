/**
 * 一单两库 + 年度抽查工作计划 over HTTP, as staff would do it: a county department publishes the
 * 14 items of seed 000's 附件2 as its checklist (000 §10), adjusts it to version 2, and the
 * public reads both versions; then it files an annual plan that must cover every item and keep
 * general items within their caps (002 §13, DOMAIN.md 一单两库), publishes it, adjusts and
 * republishes it (004 §4(4)), and files it with the city (备案, 002 §12; 000 §15).
 */
import { ApiHarness, startApi } from './support/api-harness';
import { ANNEX2_ITEMS, Annex2Item, SMALL_COUNTY_CAP } from './fixtures/checklist-000-annex2';
import { DEPARTMENTS } from './fixtures/departments';
import { DRAW_SPLIT, planItem as planItemOf } from './fixtures/plans';

const BODY = '湖南省质量技术监督局';

describe('checklist and annual plans (issue 3)', () => {
  let api: ApiHarness;
  let admin: string;
  let staff: string;
  let otherCounty: string;

  const post = (url: string, payload: unknown, token?: string) =>
    api.app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
  const put = (url: string, payload: unknown, token: string) =>
    api.app.inject({ method: 'PUT', url, payload: payload as object, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
  const get = (url: string, token?: string) => api.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const eventCount = async () => (await api.events.readAll()).length;
  const fields = (response: { json(): { errors?: { field: string }[] } }) => (response.json().errors ?? []).map((e) => e.field);

  const fieldsOf = ({ itemId: _itemId, ...rest }: Annex2Item) => rest;

  beforeAll(async () => {
    api = await startApi();
    admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    staff = await api.tokenFor('staff-ll-1', 'staff', 'lingling');
    otherCounty = await api.tokenFor('staff-qy-1', 'staff', 'qiyang');
    for (const department of DEPARTMENTS) {
      expect((await post('/departments', department, admin)).statusCode).toBe(201);
    }
  });
  afterAll(() => api.close());

  describe('checklist (随机抽查事项清单)', () => {
    it('drafts the 14 items of 附件2 and publishes them as version 1 for the public (000 §10)', async () => {
      for (const item of ANNEX2_ITEMS) {
        const response = await post('/departments/lingling/checklist/draft/items', item, staff);
        expect(response.statusCode).toBe(201);
      }
      expect((await get('/departments/lingling/checklist')).statusCode).toBe(404);
      // 004 §4(3): the justice bureau approves the draft before it is published
      expect((await post('/departments/lingling/checklist/draft/reviews', { outcome: 'approved', reviewedOn: '2026-01-08' }, admin)).statusCode).toBe(201);
      const published = await post('/departments/lingling/checklist/versions', { publishedOn: '2026-01-10' }, staff);
      expect(published.statusCode).toBe(201);
      expect(published.json()).toMatchObject({ stream: 'checklist-lingling', events: ['ChecklistVersionPublished'], projected: true });

      const current = await get('/departments/lingling/checklist');
      expect(current.statusCode).toBe(200);
      expect(current.json()).toMatchObject({ departmentId: 'lingling', version: 1, publishedOn: '2026-01-10', reason: null });
      expect(current.json().items).toHaveLength(14);
      expect(current.json().items[9]).toEqual({ ...ANNEX2_ITEMS[9], name: '产品质量监督抽查（生产许可证发证企业）', ratioCap: SMALL_COUNTY_CAP });
      expect(current.json().items[7]).toMatchObject({
        name: '特种设备生产单位监督抽查（省局发证）',
        legalBasis: '《中华人民共和国特种设备安全法》',
        category: 'key',
        ratioCap: null,
      });
    });

    it('refuses bad input with 400 naming each field and its reason, and appends nothing', async () => {
      const before = await eventCount();
      const response = await post(
        '/departments/lingling/checklist/draft/items',
        {
          itemId: 'Bad Id',
          name: '',
          content: '内容',
          legalBasis: '依据',
          inspectingBody: BODY,
          targetType: '企业',
          methods: ['teleport'],
          qualifications: 'none',
          category: 'urgent',
          ratioCap: 150,
        },
        staff,
      );
      expect(response.statusCode).toBe(400);
      expect(fields(response)).toEqual(expect.arrayContaining(['itemId', 'name', 'methods', 'qualifications', 'category', 'ratioCap']));
      expect(response.json().errors).toEqual(expect.arrayContaining([{ field: 'ratioCap', reason: 'ratioCap must be at most 100 percent' }]));
      expect(await eventCount()).toBe(before);
    });

    it('refuses a ratio cap on a key item, and requires one on a general item (DOMAIN.md 一单两库)', async () => {
      const before = await eventCount();
      const key = await post('/departments/lingling/checklist/draft/items', { ...ANNEX2_ITEMS[7], itemId: 'hn-zj-99', ratioCap: 10 }, staff);
      expect(key.statusCode).toBe(400);
      expect(key.json().errors).toEqual([{ field: 'ratioCap', reason: 'a key item has no upper limit on the draw ratio; leave ratioCap out' }]);
      const { ratioCap: _cap, ...uncapped } = ANNEX2_ITEMS[0];
      const general = await post('/departments/lingling/checklist/draft/items', { ...uncapped, itemId: 'hn-zj-98' }, staff);
      expect(general.statusCode).toBe(400);
      expect(fields(general)).toEqual(['ratioCap']);
      expect(await eventCount()).toBe(before);
    });

    it('gives staff of another county 403 and appends nothing', async () => {
      const before = await eventCount();
      expect((await post('/departments/lingling/checklist/draft/items', { ...ANNEX2_ITEMS[0], itemId: 'qy-01' }, otherCounty)).statusCode).toBe(403);
      expect((await post('/departments/lingling/checklist/draft/items/hn-zj-01/withdraw', {}, otherCounty)).statusCode).toBe(403);
      expect((await post('/departments/lingling/checklist/versions', { publishedOn: '2026-02-01', reason: 'x' }, otherCounty)).statusCode).toBe(403);
      expect((await get('/departments/lingling/checklist/draft', otherCounty)).statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
    });

    it('refuses to publish a draft unchanged since version 1 with 409', async () => {
      const response = await post('/departments/lingling/checklist/versions', { publishedOn: '2026-02-01', reason: '无变化' }, staff);
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toMatch(/not changed since version 1/);
    });

    it('adjusts the list as version 2 with its reason; version 1 stays readable as published', async () => {
      const revised = await put('/departments/lingling/checklist/draft/items/hn-zj-10', { ...fieldsOf(ANNEX2_ITEMS[9]), ratioCap: 3 }, staff);
      expect(revised.statusCode).toBe(200);
      expect((await post('/departments/lingling/checklist/draft/items/hn-zj-13/withdraw', { reason: '区域整治已并入专项行动' }, staff)).statusCode).toBe(201);

      const draft = await get('/departments/lingling/checklist/draft', staff);
      expect(draft.json()).toMatchObject({ basedOnVersion: 1, edited: true });
      expect(draft.json().items).toHaveLength(13);
      expect((await get('/departments/lingling/checklist')).json().items).toHaveLength(14);

      const missingReason = await post('/departments/lingling/checklist/versions', { publishedOn: '2026-03-01' }, staff);
      expect(missingReason.statusCode).toBe(400);
      expect(fields(missingReason)).toEqual(['reason']);

      expect((await post('/departments/lingling/checklist/draft/reviews', { outcome: 'approved', reviewedOn: '2026-02-25' }, admin)).statusCode).toBe(201);
      const published = await post(
        '/departments/lingling/checklist/versions',
        { publishedOn: '2026-03-01', reason: '《产品质量监督抽查管理办法》修订，调整抽查比例上限' },
        staff,
      );
      expect(published.statusCode).toBe(201);

      const versions = await get('/departments/lingling/checklist/versions');
      expect(versions.json()).toEqual({
        departmentId: 'lingling',
        currentVersion: 2,
        versions: [
          { version: 1, publishedOn: '2026-01-10', reason: null, itemCount: 14 },
          { version: 2, publishedOn: '2026-03-01', reason: '《产品质量监督抽查管理办法》修订，调整抽查比例上限', itemCount: 13 },
        ],
      });
      const v1 = (await get('/departments/lingling/checklist/versions/1')).json();
      const v2 = (await get('/departments/lingling/checklist/versions/2')).json();
      expect(v1.items.find((i: Annex2Item) => i.itemId === 'hn-zj-10').ratioCap).toBe(SMALL_COUNTY_CAP);
      expect(v1.items.map((i: Annex2Item) => i.itemId)).toContain('hn-zj-13');
      expect(v2.items.find((i: Annex2Item) => i.itemId === 'hn-zj-10').ratioCap).toBe(3);
      expect(v2.items.map((i: Annex2Item) => i.itemId)).not.toContain('hn-zj-13');
      expect((await get('/departments/lingling/checklist')).json().version).toBe(2);
      expect((await get('/departments/lingling/checklist/versions/3')).statusCode).toBe(404);
      expect((await get('/departments/lingling/checklist/versions/two')).json().errors).toEqual([
        { field: 'version', reason: 'must be a whole version number' },
      ]);
    });
  });

  describe('annual plan (年度抽查工作计划)', () => {
    const v2Items = ANNEX2_ITEMS.filter((i) => i.itemId !== 'hn-zj-13');
    const planItem = (item: Annex2Item, overrides: Record<string, unknown> = {}) => planItemOf(item, 2, overrides);
    const split = DRAW_SPLIT;
    const plan = (items = v2Items.map((i) => planItem(i))) => ({ planId: 'lingling-2026', year: 2026, checklistVersion: 2, items, split });

    it('refuses a plan that omits checklist items, naming them, and appends nothing (002 §13)', async () => {
      const before = await eventCount();
      const response = await post('/departments/lingling/plans', plan(v2Items.slice(0, 11).map((i) => planItem(i))), staff);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        {
          field: 'items',
          reason:
            'the plan must cover every item of checklist version 2; missing: hn-zj-12 (开展“质检利剑”执法专项行动，对重点产品进行执法检查), hn-zj-14 (开展企业产品质量承诺活动，对作出质量承诺企业履行承诺情况开展检查)',
        },
      ]);
      expect(await eventCount()).toBe(before);
    });

    it('refuses a general item above its cap, naming the item, and appends nothing', async () => {
      const before = await eventCount();
      const items = v2Items.map((i) => (i.itemId === 'hn-zj-10' ? planItem(i, { ratio: 4, riskRatios: [] }) : planItem(i)));
      const response = await post('/departments/lingling/plans', plan(items), staff);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { field: 'items.9.ratio', reason: 'item hn-zj-10 (产品质量监督抽查（生产许可证发证企业）) is a general item capped at 3%; the ratio 4% is above it' },
      ]);
      expect(await eventCount()).toBe(before);
    });

    it('refuses malformed plan input with nested fields and reasons, and appends nothing', async () => {
      const before = await eventCount();
      const items = v2Items.map((i) => planItem(i));
      items[0] = planItem(v2Items[0], { ratio: 'many', windows: [{ from: '2026-02-30', to: '2026-12-01' }], riskRatios: [{ grade: 'E', ratio: 1 }] });
      const response = await post('/departments/lingling/plans', { ...plan(items), year: 'next', split: { ...split, own: -1 }, budget: 1 }, staff);
      expect(response.statusCode).toBe(400);
      expect(fields(response)).toEqual(
        expect.arrayContaining(['budget', 'year', 'items.0.ratio', 'items.0.windows.0.from', 'items.0.riskRatios.0.grade', 'split.own']),
      );
      const outsideYear = await post(
        '/departments/lingling/plans',
        plan(v2Items.map((i) => planItem(i, { windows: [{ from: '2026-12-01', to: '2027-01-31' }] }))),
        staff,
      );
      expect(outsideYear.statusCode).toBe(400);
      expect(fields(outsideYear)).toEqual(['items.0.windows.0']);
      const unpublished = await post('/departments/lingling/plans', { ...plan(), checklistVersion: 3 }, staff);
      expect(fields(unpublished)).toEqual(['checklistVersion']);
      expect(await eventCount()).toBe(before);
    });

    it('gives staff of another county 403 for filing in lingling, and appends nothing', async () => {
      const before = await eventCount();
      expect((await post('/departments/lingling/plans', plan(), otherCounty)).statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
    });

    it('files a plan covering every item; it is not public and not executable until published (004 §4(4))', async () => {
      const filed = await post('/departments/lingling/plans', plan(), staff);
      expect(filed.statusCode).toBe(201);
      expect(filed.json()).toMatchObject({ stream: 'plan-lingling-2026', events: ['PlanFiled'] });
      expect((await get('/plans/lingling-2026')).statusCode).toBe(404);
      expect((await get('/departments/lingling/plans')).json()).toEqual([]);
      const draft = await get('/plans/lingling-2026/draft', staff);
      expect(draft.json()).toMatchObject({ departmentId: 'lingling', year: 2026, isExecutable: false, currentPublishedVersion: null });
      expect(draft.json().versions[0].content.items).toHaveLength(13);
      const [first] = await api.events.readStream('plan-lingling-2026');
      expect(first.data).toMatchObject({ departmentId: 'lingling' });
    });

    it('lets only the owning department publish, then shows the plan to the public', async () => {
      const before = await eventCount();
      expect((await post('/plans/lingling-2026/publish', { publishedOn: '2026-03-20' }, otherCounty)).statusCode).toBe(403);
      expect((await post('/plans/lingling-2026/filings', { filedOn: '2026-03-20' }, otherCounty)).statusCode).toBe(403);
      expect(await eventCount()).toBe(before);

      expect((await post('/plans/lingling-2026/publish', { publishedOn: '2026-03-20' }, staff)).statusCode).toBe(201);
      const shown = await get('/plans/lingling-2026');
      expect(shown.statusCode).toBe(200);
      expect(shown.json()).toMatchObject({
        planId: 'lingling-2026',
        departmentId: 'lingling',
        year: 2026,
        currentVersion: 1,
        current: { version: 1, publishedOn: '2026-03-20' },
      });
      expect((await get('/departments/lingling/plans')).json().map((p: { planId: string }) => p.planId)).toEqual(['lingling-2026']);
      expect((await get('/plans/lingling-2026/draft', staff)).json().isExecutable).toBe(true);
    });

    it('files the plan with the city on time against the end-of-March deadline (备案, 000 §15)', async () => {
      const response = await post('/plans/lingling-2026/filings', { filedOn: '2026-03-28' }, staff);
      expect(response.statusCode).toBe(201);
      expect((await get('/plans/lingling-2026/draft', staff)).json().filings).toEqual([
        { version: 1, superiorId: 'yongzhou', filedOn: '2026-03-28', deadline: '2026-03-31', onTime: true },
      ]);
      expect((await post('/plans/lingling-2026/filings', { filedOn: '2026-03-29' }, staff)).statusCode).toBe(409);
    });

    it('adjusts the plan as version 2 with its reason: not executable until republished, and version 1 stays readable (002 §12)', async () => {
      const items = v2Items.map((i) => (i.itemId === 'hn-zj-12' ? planItem(i, { ratio: 30, estimatedTargets: 20 }) : planItem(i)));
      const adjusted = await post(
        '/plans/lingling-2026/adjustments',
        { reason: '市局部署“质检利剑”专项行动，提高抽查比例', checklistVersion: 2, items, split },
        staff,
      );
      expect(adjusted.statusCode).toBe(201);
      expect(adjusted.json().events).toEqual(['PlanAdjusted']);

      const pending = (await get('/plans/lingling-2026/draft', staff)).json();
      expect(pending).toMatchObject({ isExecutable: false, currentPublishedVersion: 1 });
      expect(pending.versions.map((v: { version: number; publishedOn: string | null }) => [v.version, v.publishedOn])).toEqual([
        [1, '2026-03-20'],
        [2, null],
      ]);
      expect((await get('/plans/lingling-2026')).json()).toMatchObject({ currentVersion: 1 });
      expect((await get('/plans/lingling-2026')).json().versions).toHaveLength(1);

      expect((await post('/plans/lingling-2026/publish', { publishedOn: '2026-05-06' }, staff)).statusCode).toBe(201);
      const shown = (await get('/plans/lingling-2026')).json();
      expect(shown.currentVersion).toBe(2);
      expect(shown.current.reason).toBe('市局部署“质检利剑”专项行动，提高抽查比例');
      expect(shown.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
      expect(shown.versions[0].content.items.find((i: { itemId: string }) => i.itemId === 'hn-zj-12').ratio).toBe(20);
      expect(shown.current.content.items.find((i: { itemId: string }) => i.itemId === 'hn-zj-12').ratio).toBe(30);
      expect((await get('/plans/lingling-2026/draft', staff)).json().isExecutable).toBe(true);

      const late = await post('/plans/lingling-2026/filings', { filedOn: '2026-05-07' }, staff);
      expect(late.statusCode).toBe(201);
      expect((await get('/plans/lingling-2026/draft', staff)).json().filings[1]).toEqual({
        version: 2,
        superiorId: 'yongzhou',
        filedOn: '2026-05-07',
        deadline: '2026-03-31',
        onTime: false,
      });
    });

    it('lets the city read the county drafts but not a neighbouring county', async () => {
      const city = await api.tokenFor('staff-yz-1', 'staff', 'yongzhou');
      expect((await get('/departments/lingling/plans/drafts', city)).statusCode).toBe(200);
      expect((await get('/departments/lingling/plans/drafts', otherCounty)).statusCode).toBe(403);
      expect((await get('/plans/lingling-2026/draft', otherCounty)).statusCode).toBe(403);
    });
  });
});
