/**
 * 一单两库 + 年度抽查工作计划 as one story over HTTP, the way staff and the public meet it (issue 3,
 * "Done when"): an administrator sets up a province, a city and a county with its business units;
 * the county publishes the 14 items of seed 000's 附件2 as its checklist (000 §10), imports its
 * targets from an XLSX file (000 §13–14), registers inspectors and an expert (000 §12), files and
 * publishes an annual plan covering every item (002 §13, 004 §4(4)); then the public reads what is
 * published (一公开) and staff read the full history of one target (全程留痕、责任可溯). Along the
 * way bad input gets 400 with the field and reason, and acting for another unit gets 403 — both
 * appending nothing.
 */
import { ApiHarness, startApi } from './support/api-harness';
import { ANNEX2_ITEMS } from './fixtures/checklist-000-annex2';
import { DEPARTMENTS, DONGAN } from './fixtures/departments';
import { LI_MING, WANG_FANG, ZHANG_HUA } from './fixtures/inspectors';
import { upload } from './fixtures/multipart';
import { DRAW_SPLIT, planItem } from './fixtures/plans';
import { targetRows, targetsXlsx } from './fixtures/targets-xlsx';

type Response = Awaited<ReturnType<ApiHarness['app']['inject']>>;
type HistoryEntry = { type: string; actorId: string; role: string; unit: string; recordedAt: string; commandId: string; correlationId: string };

describe('registries and plans, as staff and the public meet them (issue 3)', () => {
  let api: ApiHarness;
  const token: Record<'admin' | 'lingling' | 'qiyang' | 'qiyangHead' | 'dongan', string> = {
    admin: '',
    lingling: '',
    qiyang: '',
    qiyangHead: '',
    dongan: '',
  };

  const rows = targetRows(200);
  /** The target whose history the story follows: an individual business, with an operator's name that must never be public. */
  const followed = rows[1];
  const followedId = followed['统一社会信用代码'];
  /** The target that moves to another county (002 §30). */
  const movedId = rows[4]['统一社会信用代码'];
  let importStream = '';

  const headers = (who?: keyof typeof token, extra: Record<string, string> = {}) => ({
    ...(who ? { authorization: `Bearer ${token[who]}` } : {}),
    ...extra,
  });
  const post = (url: string, payload: unknown, who?: keyof typeof token, extra: Record<string, string> = {}) =>
    api.app.inject({ method: 'POST', url, payload: payload as object, headers: { 'content-type': 'application/json', ...headers(who, extra) } });
  const get = (url: string, who?: keyof typeof token) => api.app.inject({ method: 'GET', url, headers: headers(who) });
  const importXlsx = async (fileName: string, content: Buffer, who: keyof typeof token) => {
    const body = upload(fileName, content);
    return api.app.inject({
      method: 'POST',
      url: '/targets/import?departmentId=lingling',
      payload: body.payload,
      headers: { ...body.headers, ...headers(who) },
    });
  };
  /** Runs a request that must be refused, and checks the event log did not grow. */
  const appendsNothing = async (request: () => Promise<Response>): Promise<Response> => {
    const before = (await api.events.readAll()).length;
    const response = await request();
    expect((await api.events.readAll()).length).toBe(before);
    return response;
  };
  const errorsOf = (response: Response) => response.json().errors as { field: string; reason: string }[];

  beforeAll(async () => {
    api = await startApi();
    token.admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    token.lingling = await api.tokenFor('staff-ll-1', 'staff', 'lingling');
    token.qiyang = await api.tokenFor('staff-qy-1', 'staff', 'qiyang');
    token.qiyangHead = await api.tokenFor('head-qy-1', 'unit-head', 'qiyang');
    token.dongan = await api.tokenFor('staff-da-1', 'staff', 'dongan');
  });
  afterAll(() => api.close());

  it('1. an administrator registers province, city and counties, and the county’s business units', async () => {
    for (const department of [...DEPARTMENTS, DONGAN]) expect((await post('/departments', department, 'admin')).statusCode).toBe(201);
    const units = [
      { unitId: 'lingling-food', name: '食品生产监管股', kind: 'business' },
      { unitId: 'lingling-credit', name: '信用监管股', kind: 'credit-supervision' },
      { unitId: 'lingling-legal', name: '法规股', kind: 'legal' },
    ];
    for (const unit of units) expect((await post('/departments/lingling/units', unit, 'admin')).statusCode).toBe(201);

    const county = await get('/departments/lingling');
    expect(county.json()).toMatchObject({ departmentId: 'lingling', level: 'county', parentId: 'yongzhou' });
    expect(county.json().units).toEqual(units.map((u) => ({ departmentId: 'lingling', ...u })));

    const foreign = await appendsNothing(() => post('/departments/lingling/units', { unitId: 'qy-legal', name: '法规股', kind: 'legal' }, 'qiyangHead'));
    expect(foreign.statusCode).toBe(403);
  });

  it('2. county staff publish the 14 items of 附件2 as checklist version 1 (000 §10)', async () => {
    const wrong = await appendsNothing(() =>
      post('/departments/lingling/checklist/draft/items', { ...ANNEX2_ITEMS[0], ratioCap: 'five', priority: 'high' }, 'lingling'),
    );
    expect(wrong.statusCode).toBe(400);
    expect(errorsOf(wrong)).toEqual(
      expect.arrayContaining([
        { field: 'priority', reason: 'is not a known field' },
        { field: 'ratioCap', reason: expect.stringMatching(/ratioCap/) },
      ]),
    );
    const foreign = await appendsNothing(() => post('/departments/lingling/checklist/draft/items', ANNEX2_ITEMS[0], 'qiyang'));
    expect(foreign.statusCode).toBe(403);

    for (const item of ANNEX2_ITEMS) expect((await post('/departments/lingling/checklist/draft/items', item, 'lingling')).statusCode).toBe(201);
    // 004 §4(3): approved by the justice bureau before it is published
    expect((await post('/departments/lingling/checklist/draft/reviews', { outcome: 'approved', reviewedOn: '2026-01-08' }, 'admin')).statusCode).toBe(201);
    const published = await post('/departments/lingling/checklist/versions', { publishedOn: '2026-01-10' }, 'lingling');
    expect(published.statusCode).toBe(201);
    expect(published.json()).toMatchObject({ stream: 'checklist-lingling', events: ['ChecklistVersionPublished'] });
  });

  it('3. county staff import 200 targets from an XLSX upload; a file with a bad row is refused whole (000 §13–14)', async () => {
    const bad = await targetsXlsx([...rows.slice(0, 3), { ...rows[3], 名称: '' }]);
    const refused = await appendsNothing(() => importXlsx('bad.xlsx', bad, 'lingling'));
    expect(refused.statusCode).toBe(400);
    expect(errorsOf(refused)).toEqual([{ field: 'row 5, 名称', reason: 'is required' }]);

    const content = await targetsXlsx(rows);
    const foreign = await appendsNothing(() => importXlsx('targets.xlsx', content, 'qiyang'));
    expect(foreign.statusCode).toBe(403);

    const before = (await api.events.readAll()).length;
    const imported = await importXlsx('零陵区检查对象名录.xlsx', content, 'lingling');
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({ rows: 200, registered: 200, changed: 0, unchanged: 0, format: 'xlsx', events: ['TargetsImported'] });
    expect((await api.events.readAll()).length).toBe(before + 201);
    importStream = imported.json().stream;
    expect(importStream).toMatch(/^import-[0-9a-f]{64}$/);
  });

  it('4. county staff register inspectors and an expert, and a conflict of interest (000 §12, 000 §18)', async () => {
    const foreign = await appendsNothing(() => post('/inspectors', LI_MING, 'qiyang'));
    expect(foreign.statusCode).toBe(403);
    const wrong = await appendsNothing(() => post('/inspectors', { ...LI_MING, specialties: '食品安全' }, 'lingling'));
    expect(wrong.statusCode).toBe(400);
    expect(errorsOf(wrong)).toContainEqual({ field: 'specialties', reason: expect.stringMatching(/specialties must be a list/) });
    expect(new Set(errorsOf(wrong).map((e) => e.field))).toEqual(new Set(['specialties']));

    for (const inspector of [LI_MING, ZHANG_HUA]) expect((await post('/inspectors', inspector, 'lingling')).statusCode).toBe(201);
    expect((await post('/experts', WANG_FANG, 'lingling')).statusCode).toBe(201);
    expect((await post('/inspectors/li-ming/conflicts', { targetId: followedId, reason: '配偶系该个体工商户经营者' }, 'lingling')).statusCode).toBe(201);
  });

  it('5. county staff file a plan covering all 14 items and publish it (002 §13, 004 §4(4))', async () => {
    const plan = { planId: 'lingling-2026', year: 2026, checklistVersion: 1, items: ANNEX2_ITEMS.map((i) => planItem(i, 1)), split: DRAW_SPLIT };
    const partial = await appendsNothing(() => post('/departments/lingling/plans', { ...plan, items: plan.items.slice(1) }, 'lingling'));
    expect(partial.statusCode).toBe(400);
    expect(errorsOf(partial)).toEqual([{ field: 'items', reason: expect.stringContaining('missing: hn-zj-01 (管理体系和服务认证专项监督检查)') }]);

    const unknownType = planItem(ANNEX2_ITEMS[0], 1, { scope: { description: '零陵区企业', subjectTypes: ['企业'], industries: [], areaCodes: [] } });
    const untyped = await appendsNothing(() => post('/departments/lingling/plans', { ...plan, items: [unknownType, ...plan.items.slice(1)] }, 'lingling'));
    expect(untyped.statusCode).toBe(400);
    expect(errorsOf(untyped)).toEqual([
      { field: 'items.0.scope.subjectTypes', reason: expect.stringMatching(/^each subject type must be one of enterprise, /) },
    ]);

    const filed = await post('/departments/lingling/plans', plan, 'lingling');
    expect(filed.statusCode).toBe(201);
    expect(filed.json()).toMatchObject({ stream: 'plan-lingling-2026', events: ['PlanFiled'] });
    expect((await get('/plans/lingling-2026')).statusCode).toBe(404);

    const foreign = await appendsNothing(() => post('/plans/lingling-2026/publish', { publishedOn: '2026-03-20' }, 'qiyang'));
    expect(foreign.statusCode).toBe(403);
    expect((await post('/plans/lingling-2026/publish', { publishedOn: '2026-03-20' }, 'lingling')).statusCode).toBe(201);
  });

  describe('6. the public reads what is published, without a token (一公开)', () => {
    it('the current checklist and its versions', async () => {
      const current = await get('/departments/lingling/checklist');
      expect(current.statusCode).toBe(200);
      expect(current.json()).toMatchObject({ departmentId: 'lingling', version: 1, publishedOn: '2026-01-10', reason: null });
      expect(current.json().items).toEqual(ANNEX2_ITEMS.map((item) => ({ ...item, ratioCap: item.ratioCap ?? null })));
      expect((await get('/departments/lingling/checklist/versions')).json()).toEqual({
        departmentId: 'lingling',
        currentVersion: 1,
        versions: [{ version: 1, publishedOn: '2026-01-10', reason: null, itemCount: 14 }],
      });
      expect((await get('/departments/lingling/checklist/versions/1')).json().items).toHaveLength(14);
    });

    it('the target registry, filtered and paged, without address or operator', async () => {
      const page = await get('/public/targets?limit=50&offset=150');
      expect(page.statusCode).toBe(200);
      expect(page.json()).toMatchObject({ total: 200, offset: 150, limit: 50 });
      expect(page.json().targets).toHaveLength(50);

      const inArea = (await get('/public/targets?areaCode=431103&limit=500')).json();
      expect(inArea.total).toBe(rows.filter((r) => r.行政区划 === '431103').length);
      const coops = (await get('/public/targets?subjectType=farmer-cooperative&industry=C13&limit=500')).json();
      expect(coops.total).toBe(rows.filter((r) => r.主体类型 === '农民专业合作社' && r.行业.startsWith('C13')).length);
      expect(coops.total).toBeGreaterThan(0);

      const one = await get(`/public/targets/${followedId}`);
      expect(one.json()).toEqual({
        targetId: followedId,
        name: followed['名称'],
        creditCode: followedId,
        subjectType: 'individual-business',
        areaCode: followed['行政区划'],
        status: 'active',
      });
      for (const secret of [followed['地址'], followed['法定代表人'] as string]) expect(one.body).not.toContain(secret);
    });

    it('the inspector registry as 000 §12 publishes it: no gender, no conflicts, no personal data', async () => {
      const response = await get('/inspectors?departmentId=lingling');
      expect(response.statusCode).toBe(200);
      expect(response.json().total).toBe(2);
      for (const item of response.json().items) {
        expect(Object.keys(item).sort()).toEqual(['certificate', 'department', 'inspectorId', 'name', 'postCategory', 'specialties']);
      }
      for (const secret of ['gender', 'male', 'female', 'conflict', followedId, '配偶', 'TS-QUAL-0001', WANG_FANG.contact.phone, 'qualification']) {
        expect(response.body).not.toContain(secret);
      }
      expect((await get('/inspectors/li-ming')).body).not.toContain('male');
      expect((await get('/staff/inspectors/li-ming')).statusCode).toBe(401);
      expect((await get('/experts?departmentId=lingling')).statusCode).toBe(401);
    });

    it('the published plan, and nothing of the staff drafts', async () => {
      expect((await get('/departments/lingling/plans')).json().map((p: { planId: string }) => p.planId)).toEqual(['lingling-2026']);
      const plan = await get('/plans/lingling-2026');
      expect(plan.statusCode).toBe(200);
      expect(plan.json()).toMatchObject({
        planId: 'lingling-2026',
        departmentId: 'lingling',
        year: 2026,
        currentVersion: 1,
        current: { publishedOn: '2026-03-20' },
      });
      expect(plan.json().current.content.items.map((i: { itemId: string }) => i.itemId)).toEqual(ANNEX2_ITEMS.map((i) => i.itemId));
      expect((await get('/plans/lingling-2026/draft')).statusCode).toBe(401);
    });
  });

  describe('7. the full history of one target (全程留痕、责任可溯)', () => {
    it('refuses a bad status change with 400 and another county with 403, appending nothing', async () => {
      const bad = await appendsNothing(() =>
        post(`/targets/${followedId}/status-changes`, { change: 'credit-grade', grade: 'E', effectiveDate: '2026-04-01', source: 'x' }, 'lingling'),
      );
      expect(bad.statusCode).toBe(400);
      expect(errorsOf(bad)).toEqual([{ field: 'grade', reason: expect.stringMatching(/^grade must be one of/) }]);
      const foreign = await appendsNothing(() =>
        post(`/targets/${followedId}/status-changes`, { change: 'credit-grade', grade: 'C', effectiveDate: '2026-04-01', source: 'x' }, 'qiyang'),
      );
      expect(foreign.statusCode).toBe(403);
    });

    it('lists the import registration and a status change, each with who, role, unit, when and command', async () => {
      const graded = await post(
        `/targets/${followedId}/status-changes`,
        { change: 'credit-grade', grade: 'C', effectiveDate: '2026-04-01', source: '企业信用风险分类管理系统' },
        'lingling',
        { 'idempotency-key': 'grade-lingling-2026-0001' },
      );
      expect(graded.statusCode).toBe(201);

      const response = await get(`/history/target-${followedId}`, 'lingling');
      expect(response.statusCode).toBe(200);
      const page = response.json();
      expect(page).toMatchObject({ stream: `target-${followedId}`, departmentId: 'lingling', total: 2 });
      const [registered, changed] = page.events as HistoryEntry[];
      const run = `${importStream}-1`;
      expect(registered).toMatchObject({
        type: 'TargetRegistered',
        actorId: 'staff-ll-1',
        role: 'staff',
        unit: 'lingling',
        commandId: `${run}-row-3`,
        correlationId: run,
        data: { departmentId: 'lingling', name: followed['名称'], subjectType: 'individual-business' },
      });
      expect(changed).toMatchObject({
        type: 'TargetCreditGraded',
        actorId: 'staff-ll-1',
        role: 'staff',
        unit: 'lingling',
        commandId: 'grade-lingling-2026-0001',
        data: { grade: 'C', previousGrade: null, effectiveDate: '2026-04-01', source: '企业信用风险分类管理系统' },
      });
      for (const event of [registered, changed]) expect(new Date(event.recordedAt).toISOString()).toBe(event.recordedAt);
      expect(changed.recordedAt >= registered.recordedAt).toBe(true);

      const record = (await get(`/history/${importStream}`, 'lingling')).json();
      expect(record.events).toMatchObject([
        { type: 'TargetsImported', actorId: 'staff-ll-1', commandId: run, data: { fileName: '零陵区检查对象名录.xlsx', rows: 200, registered: 200 } },
      ]);
    });

    it('is closed to the anonymous public and to a county the target never belonged to', async () => {
      expect((await get(`/history/target-${followedId}`)).statusCode).toBe(401);
      expect((await get(`/history/target-${followedId}`, 'qiyang')).statusCode).toBe(403);
    });

    it('stays readable by the county a target moved to, and by the one it left (002 §30)', async () => {
      const moved = await post(`/targets/${movedId}/transfer`, { toDepartmentId: 'qiyang', effectiveDate: '2026-05-01', source: '迁移登记' }, 'lingling');
      expect(moved.statusCode).toBe(201);
      for (const who of ['qiyang', 'lingling'] as const) {
        const response = await get(`/history/target-${movedId}`, who);
        expect(response.statusCode).toBe(200);
        expect(response.json().events.map((e: HistoryEntry) => e.type)).toEqual(['TargetRegistered', 'TargetJurisdictionTransferred']);
      }
      expect((await get(`/history/target-${movedId}`, 'dongan')).statusCode).toBe(403);
    });
  });
});
