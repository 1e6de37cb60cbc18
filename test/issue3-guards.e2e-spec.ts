/**
 * The guards every write route of issue 3 keeps (departments, checklist, plans, targets,
 * inspectors, experts), table-driven so a new route cannot slip past them:
 * - bad input — a field the route does not know, or a known field of the wrong type — gets 400
 *   naming the field with a reason, and appends nothing;
 * - staff of another county sending a valid-looking request get 403 and append nothing (a user
 *   acts only for their own unit, DOMAIN.md Users; 谁管辖、谁维护, 000 §14);
 * - a request without a token gets 401 and appends nothing.
 */
import { ApiHarness, startApi } from './support/api-harness';
import { ANNEX2_ITEMS } from './fixtures/checklist-000-annex2';
import { DEPARTMENTS, DONGAN } from './fixtures/departments';
import { LI_MING, WANG_FANG } from './fixtures/inspectors';
import { upload } from './fixtures/multipart';
import { DRAW_SPLIT, planItem } from './fixtures/plans';
import { creditCodeFor, targetRows, targetsXlsx } from './fixtures/targets-xlsx';

type Who = 'admin' | 'lingling' | 'linglingHead' | 'qiyang' | 'qiyangHead' | 'qiyangLegal';
type Body = Record<string, unknown>;

interface WriteRoute {
  /** How the route is declared, for the test names. */
  route: string;
  method: 'POST' | 'PUT';
  url: string;
  /** A valid-looking body; null for a route that takes none. */
  body: Body | null;
  /** A known field set to a value of the wrong type, and the field the 400 must name. */
  wrongType: { field: string; value: unknown } | null;
  /** Who acts for another unit; staff of the neighbouring county unless the route needs another role to get past its role check. */
  other?: Who;
  /** Who sends the malformed bodies: an administrator unless the route is another role's alone. */
  as?: Who;
}

const TARGET = creditCodeFor(900);
const [GENERAL, KEY] = [ANNEX2_ITEMS[0], ANNEX2_ITEMS[7]];
const { itemId: _itemId, ...generalFields } = GENERAL;
const planItems = [planItem(GENERAL, 1), planItem(KEY, 1)];

const ROUTES: WriteRoute[] = [
  {
    route: 'POST /departments',
    method: 'POST',
    url: '/departments',
    body: { departmentId: 'xintian', name: '新田县市场监督管理局', level: 'county', parentId: 'yongzhou', areaCode: '431128' },
    wrongType: { field: 'areaCode', value: 431128 },
  },
  {
    route: 'POST /departments/:departmentId/units',
    method: 'POST',
    url: '/departments/lingling/units',
    body: { unitId: 'lingling-discipline', name: '纪检组', kind: 'discipline' },
    wrongType: { field: 'name', value: 42 },
    other: 'qiyangHead',
  },
  {
    route: 'POST /departments/:departmentId/checklist/draft/items',
    method: 'POST',
    url: '/departments/lingling/checklist/draft/items',
    body: { ...ANNEX2_ITEMS[1] },
    wrongType: { field: 'methods', value: 'on-site' },
  },
  {
    route: 'PUT /departments/:departmentId/checklist/draft/items/:itemId',
    method: 'PUT',
    url: `/departments/lingling/checklist/draft/items/${GENERAL.itemId}`,
    body: { ...generalFields, ratioCap: 4 },
    wrongType: { field: 'ratioCap', value: '4' },
  },
  {
    route: 'POST /departments/:departmentId/checklist/draft/items/:itemId/withdraw',
    method: 'POST',
    url: `/departments/lingling/checklist/draft/items/${GENERAL.itemId}/withdraw`,
    body: { reason: '并入专项行动' },
    wrongType: { field: 'reason', value: 1 },
  },
  {
    route: 'POST /departments/:departmentId/checklist/draft/reviews',
    method: 'POST',
    url: '/departments/lingling/checklist/draft/reviews',
    body: { outcome: 'returned', reasons: ['事项依据待核实'], reviewedOn: '2026-02-01' },
    wrongType: { field: 'reasons', value: '事项依据待核实' },
    other: 'qiyangLegal',
  },
  {
    route: 'POST /departments/:departmentId/checklist/versions',
    method: 'POST',
    url: '/departments/lingling/checklist/versions',
    body: { publishedOn: '2026-02-01', reason: '法规修订' },
    wrongType: { field: 'publishedOn', value: 20260201 },
  },
  {
    route: 'POST /departments/:departmentId/draw-limits',
    method: 'POST',
    url: '/departments/lingling/draw-limits',
    body: { quotaPerYear: 1, monthsAfterNothingFound: 6, reason: '县局从严控制抽查频次' },
    wrongType: { field: 'quotaPerYear', value: 'two' },
    other: 'qiyangHead',
  },
  {
    route: 'POST /departments/:departmentId/plans',
    method: 'POST',
    url: '/departments/lingling/plans',
    body: { planId: 'lingling-2026-special', year: 2026, checklistVersion: 1, items: planItems, split: DRAW_SPLIT },
    wrongType: { field: 'year', value: '2026' },
  },
  {
    route: 'POST /plans/:planId/publish',
    method: 'POST',
    url: '/plans/lingling-2026/publish',
    body: { publishedOn: '2026-03-20' },
    wrongType: { field: 'publishedOn', value: true },
  },
  {
    route: 'POST /plans/:planId/adjustments',
    method: 'POST',
    url: '/plans/lingling-2026/adjustments',
    body: { reason: '上级统一抽查任务调整', checklistVersion: 1, items: [planItem(GENERAL, 1, { ratio: 4 }), planItem(KEY, 1)], split: DRAW_SPLIT },
    wrongType: { field: 'items', value: 'all' },
  },
  {
    route: 'POST /plans/:planId/filings',
    method: 'POST',
    url: '/plans/lingling-2026/filings',
    body: { filedOn: '2026-03-28' },
    wrongType: { field: 'filedOn', value: 1 },
  },
  {
    route: 'POST /targets',
    method: 'POST',
    url: '/targets',
    body: { departmentId: 'lingling', creditCode: creditCodeFor(901), name: '零陵区另一有限公司', subjectType: 'enterprise', areaCode: '431102' },
    wrongType: { field: 'name', value: 7 },
  },
  {
    route: 'POST /targets/:targetId/status-changes',
    method: 'POST',
    url: `/targets/${TARGET}/status-changes`,
    body: { change: 'credit-grade', grade: 'B', effectiveDate: '2026-04-01', source: '企业信用风险分类管理系统' },
    wrongType: { field: 'effectiveDate', value: 20260401 },
  },
  {
    route: 'POST /targets/:targetId/transfer',
    method: 'POST',
    url: `/targets/${TARGET}/transfer`,
    body: { toDepartmentId: 'qiyang', effectiveDate: '2026-05-01', source: '迁移登记' },
    wrongType: { field: 'source', value: ['迁移登记'] },
  },
  {
    route: 'POST /targets/:targetId/sub-registries',
    method: 'POST',
    url: `/targets/${TARGET}/sub-registries`,
    body: { subRegistryId: 'lingling-catering', values: { 经营类别: '小餐饮' }, effectiveDate: '2026-03-01' },
    wrongType: { field: 'values', value: '小餐饮' },
  },
  {
    route: 'POST /sub-registries',
    method: 'POST',
    url: '/sub-registries',
    body: {
      departmentId: 'lingling',
      code: 'metrology',
      name: '计量器具使用单位名录库',
      objectType: '计量器具使用单位',
      indicators: [{ name: '器具类别', values: ['强检', '非强检'] }],
      requirements: [],
    },
    wrongType: { field: 'indicators', value: { 器具类别: '强检' } },
  },
  {
    route: 'POST /inspectors',
    method: 'POST',
    url: '/inspectors',
    body: { ...LI_MING, inspectorId: 'chen-gang' },
    wrongType: { field: 'gender', value: 1 },
  },
  {
    route: 'POST /inspectors/:inspectorId/moves',
    method: 'POST',
    url: '/inspectors/li-ming/moves',
    // the receiving county may record a move (inspector registry: changes when people move units), so qiyang moves him on to a third county
    body: { toDepartmentId: 'dongan', movedOn: '2026-01-02' },
    wrongType: { field: 'movedOn', value: 1 },
  },
  {
    route: 'POST /inspectors/:inspectorId/post-changes',
    method: 'POST',
    url: '/inspectors/li-ming/post-changes',
    body: { post: '稽查队员', postCategory: '稽查', changedOn: '2026-02-01' },
    wrongType: { field: 'post', value: 1 },
  },
  {
    route: 'POST /inspectors/:inspectorId/qualifications',
    method: 'POST',
    url: '/inspectors/li-ming/qualifications',
    body: { specialties: ['计量'], qualifications: [], qualificationClass: 'A', reason: '取得计量检定员证', amendedOn: '2026-02-01' },
    wrongType: { field: 'specialties', value: '计量' },
  },
  {
    route: 'POST /departments/:departmentId/case-inspections',
    method: 'POST',
    url: '/departments/lingling/case-inspections',
    body: { inspectionId: 'll-case-1', targetId: TARGET, trigger: 'complaint', source: '12315 工单', inspectedOn: '2026-03-01', findings: '核查', foundProblems: false },
    wrongType: { field: 'foundProblems', value: 'no' },
  },
  {
    // the unit head signs the year's summary (000 §26)
    route: 'POST /departments/:departmentId/annual-summaries/:year/publication',
    method: 'POST',
    url: '/departments/lingling/annual-summaries/2026/publication',
    body: null,
    wrongType: null,
    other: 'qiyangHead',
  },
  {
    route: 'POST /departments/:departmentId/annual-summaries/:year/corrections',
    method: 'POST',
    url: '/departments/lingling/annual-summaries/2026/corrections',
    body: { reason: '一项抽查任务的结果公示漏计' },
    wrongType: { field: 'reason', value: 1 },
    other: 'qiyangHead',
    as: 'linglingHead',
  },
  {
    route: 'POST /inspectors/:inspectorId/certificates',
    method: 'POST',
    url: '/inspectors/li-ming/certificates',
    body: { number: '43110220009', validFrom: '2026-02-01', validUntil: '2030-01-31' },
    wrongType: { field: 'validUntil', value: 2030 },
  },
  {
    route: 'POST /inspectors/:inspectorId/certificate/expiry',
    method: 'POST',
    url: '/inspectors/li-ming/certificate/expiry',
    body: null,
    wrongType: null,
  },
  {
    route: 'POST /inspectors/:inspectorId/certificate/revocation',
    method: 'POST',
    url: '/inspectors/li-ming/certificate/revocation',
    body: { revokedOn: '2026-02-01', reason: '违纪' },
    wrongType: { field: 'reason', value: false },
  },
  {
    route: 'POST /inspectors/:inspectorId/departure',
    method: 'POST',
    url: '/inspectors/li-ming/departure',
    body: { kind: 'retired', leftOn: '2026-01-31' },
    wrongType: { field: 'leftOn', value: 1 },
  },
  {
    route: 'POST /inspectors/:inspectorId/conflicts',
    method: 'POST',
    url: '/inspectors/li-ming/conflicts',
    body: { targetId: TARGET, reason: '亲属在该企业任职' },
    wrongType: { field: 'reason', value: 1 },
  },
  {
    route: 'POST /inspectors/:inspectorId/conflicts/:targetId/withdrawal',
    method: 'POST',
    url: `/inspectors/li-ming/conflicts/${TARGET}/withdrawal`,
    body: { reason: '亲属已离职' },
    wrongType: { field: 'reason', value: 1 },
  },
  {
    route: 'POST /experts',
    method: 'POST',
    url: '/experts',
    body: { ...WANG_FANG, expertId: 'li-qiang' },
    wrongType: { field: 'fields', value: '电梯检验' },
  },
  {
    route: 'POST /experts/:expertId/details',
    method: 'POST',
    url: '/experts/wang-fang/details',
    body: {
      name: WANG_FANG.name,
      fields: ['电梯检验', '起重机械'],
      organisation: WANG_FANG.organisation,
      organisationKind: 'testing-body',
      title: '正高级工程师',
      contact: {},
    },
    wrongType: { field: 'title', value: 3 },
  },
  {
    route: 'POST /experts/:expertId/departure',
    method: 'POST',
    url: '/experts/wang-fang/departure',
    body: { leftOn: '2026-01-31' },
    wrongType: { field: 'leftOn', value: 1 },
  },
  {
    route: 'POST /experts/:expertId/conflicts',
    method: 'POST',
    url: '/experts/wang-fang/conflicts',
    body: { targetId: TARGET, reason: '曾为该企业提供咨询' },
    wrongType: { field: 'targetId', value: 900 },
  },
  {
    route: 'POST /experts/:expertId/conflicts/:targetId/withdrawal',
    method: 'POST',
    url: `/experts/wang-fang/conflicts/${TARGET}/withdrawal`,
    body: { reason: '咨询合同已终止' },
    wrongType: { field: 'reason', value: 1 },
  },
];

describe('issue 3 write routes: 400, 403 and 401 append nothing', () => {
  let api: ApiHarness;
  const tokens = {} as Record<Who, string>;

  const send = (method: 'POST' | 'PUT', url: string, body: Body | null, who?: Who) =>
    api.app.inject({
      method,
      url,
      ...(body ? { payload: body } : {}),
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
    });
  const importFile = async (query: string, who?: Who) => {
    const { payload, headers } = upload('targets.xlsx', await targetsXlsx(targetRows(2, 500)));
    return api.app.inject({
      method: 'POST',
      url: `/targets/import?${query}`,
      payload,
      headers: { ...headers, ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
    });
  };
  const eventCount = async () => (await api.events.readAll()).length;
  /** Sends a request that must be refused and returns its response, failing if the event log grew. */
  const refused = async (request: () => ReturnType<typeof send>) => {
    const before = await eventCount();
    const response = await request();
    expect(await eventCount()).toBe(before);
    return response;
  };
  const problems = (response: Awaited<ReturnType<typeof send>>) => response.json().errors as { field: string; reason: string }[];

  beforeAll(async () => {
    api = await startApi();
    tokens.admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    tokens.lingling = await api.tokenFor('staff-ll-1', 'staff', 'lingling');
    tokens.qiyang = await api.tokenFor('staff-qy-1', 'staff', 'qiyang');
    tokens.linglingHead = await api.tokenFor('head-ll-1', 'unit-head', 'lingling');
    tokens.qiyangHead = await api.tokenFor('head-qy-1', 'unit-head', 'qiyang');
    tokens.qiyangLegal = await api.tokenFor('legal-qy-1', 'legal', 'qiyang');
    const setUp = async (method: 'POST' | 'PUT', url: string, body: Body, who: Who) => expect((await send(method, url, body, who)).statusCode).toBe(201);

    // the entities every route acts on exist, so a refusal is the guard's and not a 404
    for (const department of [...DEPARTMENTS, DONGAN]) await setUp('POST', '/departments', department, 'admin');
    for (const item of [GENERAL, KEY]) await setUp('POST', '/departments/lingling/checklist/draft/items', { ...item }, 'lingling');
    await setUp('POST', '/departments/lingling/checklist/draft/reviews', { outcome: 'approved', reviewedOn: '2026-01-08' }, 'admin');
    await setUp('POST', '/departments/lingling/checklist/versions', { publishedOn: '2026-01-10' }, 'lingling');
    await setUp(
      'POST',
      '/departments/lingling/plans',
      { planId: 'lingling-2026', year: 2026, checklistVersion: 1, items: planItems, split: DRAW_SPLIT },
      'lingling',
    );
    await setUp(
      'POST',
      '/targets',
      { departmentId: 'lingling', creditCode: TARGET, name: '零陵区守卫测试有限公司', subjectType: 'enterprise', areaCode: '431102' },
      'lingling',
    );
    await setUp(
      'POST',
      '/sub-registries',
      {
        departmentId: 'lingling',
        code: 'catering',
        name: '餐饮服务单位名录库',
        objectType: '餐饮服务单位',
        indicators: [{ name: '经营类别', values: ['大型餐馆', '小餐饮'] }],
        requirements: [],
      },
      'lingling',
    );
    await setUp('POST', '/inspectors', { ...LI_MING }, 'lingling');
    await setUp('POST', '/inspectors/li-ming/conflicts', { targetId: TARGET, reason: '亲属在该企业任职' }, 'lingling');
    await setUp('POST', '/experts', { ...WANG_FANG }, 'lingling');
    await setUp('POST', '/experts/wang-fang/conflicts', { targetId: TARGET, reason: '曾为该企业提供咨询' }, 'lingling');
  });
  afterAll(() => api.close());

  const withBody = ROUTES.filter(
    (r): r is WriteRoute & { body: Body; wrongType: NonNullable<WriteRoute['wrongType']> } => r.body !== null && r.wrongType !== null,
  );

  it.each(withBody)('$route: an unknown field gets 400 naming it, and appends nothing', async ({ method, url, body, as }) => {
    const response = await refused(() => send(method, url, { ...body, priority: 'urgent' }, as ?? 'admin'));
    expect(response.statusCode).toBe(400);
    expect(problems(response)).toEqual([{ field: 'priority', reason: 'is not a known field' }]);
  });

  it.each(withBody)(
    '$route: $wrongType.field of the wrong type gets 400 naming it with a reason, and appends nothing',
    async ({ method, url, body, wrongType, as }) => {
      const response = await refused(() => send(method, url, { ...body, [wrongType.field]: wrongType.value }, as ?? 'admin'));
      expect(response.statusCode).toBe(400);
      expect(problems(response).map((p) => p.field)).toContain(wrongType.field);
      for (const problem of problems(response)) {
        // a wrong type may also fail the nested rules inside the field (indicators.器具类别), never another field
        expect(problem.field === wrongType.field || problem.field.startsWith(`${wrongType.field}.`)).toBe(true);
        expect(problem.reason).toMatch(/\S/);
      }
    },
  );

  it.each(ROUTES)('$route: acting for another unit gets 403, and appends nothing', async ({ method, url, body, other }) => {
    const response = await refused(() => send(method, url, body, other ?? 'qiyang'));
    expect(response.statusCode).toBe(403);
  });

  it.each(ROUTES)('$route: no token gets 401, and appends nothing', async ({ method, url, body }) => {
    const response = await refused(() => send(method, url, body));
    expect(response.statusCode).toBe(401);
  });

  describe('POST /targets/import (a multipart upload; the department is a query field)', () => {
    it('an unknown query field gets 400 naming it, and appends nothing', async () => {
      const response = await refused(() => importFile('departmentId=lingling&priority=urgent', 'lingling'));
      expect(response.statusCode).toBe(400);
      expect(problems(response)).toEqual([{ field: 'priority', reason: 'is not a known field' }]);
    });

    it('a malformed departmentId gets 400 naming it, and appends nothing', async () => {
      const response = await refused(() => importFile('departmentId=Ling%20Ling', 'lingling'));
      expect(response.statusCode).toBe(400);
      expect(problems(response)).toEqual([{ field: 'departmentId', reason: expect.stringMatching(/^departmentId must be/) }]);
    });

    it('importing for another unit gets 403, and appends nothing', async () => {
      expect((await refused(() => importFile('departmentId=lingling', 'qiyang'))).statusCode).toBe(403);
    });

    it('no token gets 401, and appends nothing', async () => {
      expect((await refused(() => importFile('departmentId=lingling'))).statusCode).toBe(401);
    });
  });

  it('covers every write route the issue-3 controllers declare', async () => {
    const paths = (await api.app.inject({ method: 'GET', url: '/docs-json' })).json().paths as Record<string, Record<string, unknown>>;
    const issue3 = /^\/(departments|plans|targets|sub-registries|inspectors|experts)(\/|$)/;
    const declared = Object.entries(paths)
      .filter(([path]) => issue3.test(path))
      .flatMap(([path, operations]) =>
        ['post', 'put', 'patch', 'delete'].filter((m) => m in operations).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
    const covered = [...ROUTES.map((r) => r.route), 'POST /targets/import'];
    expect([...declared].sort()).toEqual([...covered].sort());
  });
});
