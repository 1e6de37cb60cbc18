/**
 * `demo`: builds a realistic county on a RUNNING service, through its own HTTP API only, so that a
 * newcomer opens every page and finds it filled (issue 6 item 7). 湖南省 → 永州市 → 零陵区 and its
 * neighbour 祁阳市; business units; the 附件2 checklist of seed 000 published and adjusted; a
 * registry imported from a generated XLSX file with status changes; inspectors, experts and a
 * declared conflict; an annual plan published and filed with the superior; a completed task and
 * a directional one in progress, each drawn before named witnesses, locked, dispatched and
 * announced; inspectors matched with a recusal and an approved replacement; inspections at every
 * stage; published results, an upheld objection and a correction signed by the unit head; and a
 * joint inspection with 零陵区农业农村局, another sector under the same county government (004
 * §2(4)): its own checklist reviewed and published, its own inspectors, its acceptance before the
 * one draw, each department matching its own people, one visit with both departments' inspectors
 * on one record covering every department's items, the result published once.
 *
 * Every command carries an Idempotency-Key derived from the seed, so a second run on the same
 * data replays instead of appending: the service answers a replay with the original outcome. The
 * only steps that mint new ids (a draw, the import record) are skipped when their result exists.
 *
 * Dates: the draw, task completion and publication are dated by the service's clock ("today"),
 * so the demo reads that day from the log (when the first department was registered) and dates
 * everything else on or before it.
 */
import { createHash } from 'node:crypto';
import { Role } from '@app/domain';
import { AppConfig } from '@app/platform';
import { ANNEX2_ITEMS as ANNEX2_TEST_ITEMS, SMALL_COUNTY_CAP } from '../../../../test/fixtures/checklist-000-annex2';

/** The annex's items with the usual 5 % cap of a general item: the demo county holds thousands of targets. */
const ANNEX2_ITEMS = ANNEX2_TEST_ITEMS.map((item) => (item.ratioCap === SMALL_COUNTY_CAP ? { ...item, ratioCap: 5 } : item));
import { issueToken } from './issue-token';
import { COUNTY_AREA, DemoInspector, EXPERTS, NEIGHBOUR_AREA, Rng, agriInspectors, inspectors, personName, targetRows, targetsWorkbook } from './demo-data';

export interface DemoOptions {
  /** The running service, e.g. http://localhost:3000. */
  readonly url: string;
  /** Targets in the county's registry. */
  readonly targets: number;
  /** Same seed, same county. */
  readonly seed: string;
}

export interface DemoSummary {
  readonly today: string;
  readonly completedTaskId: string;
  readonly openTaskId: string;
  readonly drawIds: readonly string[];
  readonly publishedResults: number;
  /** The result corrected after an upheld objection, and the one corrected by the head directly. */
  readonly objectedResult: { taskId: string; targetId: string };
  readonly correctedResult: { taskId: string; targetId: string };
  /** The joint task with 零陵区农业农村局 (004 §2(4)), and one of its records with both departments' inspectors on it. */
  readonly jointTaskId: string;
  readonly jointRecord: { taskId: string; targetId: string };
  /** The target inspected on three complaints and tip-offs outside the random regime (000 §11, 002 §2, §15). */
  readonly complaintTarget: string;
  readonly urls: readonly string[];
  readonly millis: number;
}

type Who = 'admin' | 'staff' | 'head' | 'credit' | 'legal' | 'qiyang' | 'yongzhou' | 'notary' | 'agri' | 'agriLegal';
const ACTORS: Record<Who, { sub: string; role: Role; unit: string }> = {
  admin: { sub: 'demo-admin', role: 'admin', unit: 'hunan' },
  staff: { sub: 'll-staff-liu', role: 'staff', unit: 'lingling' },
  head: { sub: 'll-head-jiang', role: 'unit-head', unit: 'lingling' },
  credit: { sub: 'll-credit-tang', role: 'credit-lead', unit: 'lingling' },
  legal: { sub: 'll-legal-zhou', role: 'legal', unit: 'lingling' },
  qiyang: { sub: 'qy-staff-chen', role: 'staff', unit: 'qiyang' },
  yongzhou: { sub: 'yz-staff-he', role: 'staff', unit: 'yongzhou' },
  // 004 §2(3): witnesses type their values in under their own identity
  notary: { sub: 'll-notary-wang', role: 'witness', unit: 'lingling' },
  // 零陵区农业农村局, invited to the joint task: its staff, and its legal role standing for the justice bureau that reviews its checklist
  agri: { sub: 'lla-staff-tang', role: 'staff', unit: 'lingling-agri' },
  agriLegal: { sub: 'lla-legal-xie', role: 'legal', unit: 'lingling-agri' },
};

const DEPARTMENTS = [
  { departmentId: 'hunan', name: '湖南省市场监督管理局', level: 'province', areaCode: '430000' },
  { departmentId: 'yongzhou', name: '永州市市场监督管理局', level: 'city', parentId: 'hunan', areaCode: '431100' },
  { departmentId: 'lingling', name: '永州市零陵区市场监督管理局', level: 'county', parentId: 'yongzhou', areaCode: COUNTY_AREA },
  { departmentId: 'qiyang', name: '祁阳市市场监督管理局', level: 'county', parentId: 'yongzhou', areaCode: NEIGHBOUR_AREA },
];
const UNITS = [
  { unitId: 'lingling-quality', name: '质量发展与监督股', kind: 'business' },
  { unitId: 'lingling-equipment', name: '特种设备安全监察股', kind: 'business' },
  { unitId: 'lingling-food', name: '食品生产监管股', kind: 'business' },
  { unitId: 'lingling-credit', name: '信用监督管理股', kind: 'credit-supervision' },
  { unitId: 'lingling-legal', name: '法规股', kind: 'legal' },
  { unitId: 'lingling-discipline', name: '派驻纪检监察组', kind: 'discipline' },
];
/** Items of 附件2 the two tasks inspect: 产品质量 (general) with 食品相关产品 (key), and 特种设备生产单位 (key). */
const QUALITY_ITEMS = ['hn-zj-10', 'hn-zj-11'];
const EQUIPMENT_ITEM = 'hn-zj-08';
const WITHDRAWN_ITEM = 'hn-zj-13';

/**
 * The joint task (004 §2(4)): 零陵区市场监督管理局 inspects 食用农产品获认证产品 (附件2, general) and
 * invites the county's agriculture bureau — another sector of the same county government, under its
 * own city bureau, with the county's area code — which inspects for items of its own checklist.
 */
const AGRI = 'lingling-agri';
const JOINT_ITEM = 'hn-zj-03';
const AGRI_DEPARTMENTS = [
  { departmentId: 'yongzhou-agri', name: '永州市农业农村局', level: 'city', parentId: 'hunan', areaCode: '431100' },
  { departmentId: AGRI, name: '零陵区农业农村局', level: 'county', parentId: 'yongzhou-agri', areaCode: COUNTY_AREA },
];
const AGRI_ITEMS = [
  {
    itemId: 'lla-ny-01',
    name: '农药经营许可及经营行为检查',
    content: '检查农药经营许可证、进货查验记录和销售台账，限制使用农药定点经营情况',
    legalBasis: '《农药管理条例》《农药经营许可管理办法》',
    inspectingBody: '零陵区农业农村局',
    targetType: '农药经营者',
    methods: ['on-site'],
    qualifications: ['行政执法证'],
    category: 'general',
    ratioCap: 5,
  },
  {
    itemId: 'lla-ny-02',
    name: '种子、肥料经营行为检查',
    content: '检查种子经营备案、种子标签和使用说明，肥料登记证及购销台账',
    legalBasis: '《中华人民共和国种子法》《肥料登记管理办法》',
    inspectingBody: '零陵区农业农村局',
    targetType: '种子、肥料经营者',
    methods: ['on-site'],
    qualifications: ['行政执法证'],
    category: 'general',
    ratioCap: 5,
  },
];

export class DemoRequestFailed extends Error {}

/** The service's HTTP API as the demo's people use it. */
class Api {
  private readonly keyPrefix: string;

  constructor(
    private readonly base: string,
    private readonly tokens: Record<Who, string>,
    seed: string,
  ) {
    this.keyPrefix = `demo-${createHash('sha256').update(seed).digest('hex').slice(0, 10)}`;
  }

  /** A command under a key derived from the seed and `step`: the same step of a second run is a replay. */
  async send<T = any>(who: Who, path: string, body: unknown, step: string, method: 'POST' | 'PUT' = 'POST'): Promise<T> {
    return this.request<T>(method, path, who, {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'idempotency-key': `${this.keyPrefix}-${step}`.slice(0, 128) },
    });
  }

  async upload<T = any>(who: Who, path: string, fileName: string, content: Buffer): Promise<T> {
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), fileName);
    return this.request<T>('POST', path, who, { body: form });
  }

  get<T = any>(path: string, who?: Who): Promise<T> {
    return this.request<T>('GET', path, who, {});
  }

  /** A read that may find nothing: null on 404. */
  async find<T = any>(path: string, who?: Who): Promise<T | null> {
    return this.request<T>('GET', path, who, {}).catch((error: Error) => {
      if (error instanceof DemoRequestFailed && / 404 /.test(error.message)) return null;
      throw error;
    });
  }

  private async request<T>(
    method: string,
    path: string,
    who: Who | undefined,
    init: { body?: string | FormData; headers?: Record<string, string> },
  ): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      body: init.body,
      headers: { ...(init.headers ?? {}), ...(who ? { authorization: `Bearer ${this.tokens[who]}` } : {}) },
    });
    const text = await response.text();
    if (!response.ok) throw new DemoRequestFailed(`${method} ${path} answered ${response.status} ${text.slice(0, 600)}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i], i);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const sha256Of = (text: string) => createHash('sha256').update(text).digest('hex');

type Group = { targetId: string; leaderId: string; members: { inspectorId: string }[] };

export async function runDemo(config: AppConfig, options: DemoOptions, log: (line: string) => void = () => undefined): Promise<DemoSummary> {
  const started = Date.now();
  const base = options.url.replace(/\/+$/, '');
  const tokens = {} as Record<Who, string>;
  for (const who of Object.keys(ACTORS) as Who[]) tokens[who] = await issueToken(config, { ...ACTORS[who], ttl: '2h' });
  const api = new Api(base, tokens, options.seed);
  const rng = new Rng(`${options.seed}:story`);
  const countyRows = targetRows(options.seed, options.targets, COUNTY_AREA, '零陵区');
  const neighbourRows = targetRows(options.seed, Math.max(20, Math.round(options.targets * 0.03)), NEIGHBOUR_AREA, '祁阳市');

  // ── departments ──────────────────────────────────────────────────────────
  for (const department of DEPARTMENTS) await api.send('admin', '/departments', department, `department-${department.departmentId}`);
  for (const unit of UNITS) await api.send('admin', '/departments/lingling/units', unit, `unit-${unit.unitId}`);
  const first = await api.get<{ events: { recordedAt: string }[] }>('/history/department-hunan?limit=1', 'admin');
  // the service's clock, as a date in China (UTC+8), when this data set was started
  const today = new Date(Date.parse(first.events[0].recordedAt) + 8 * 3_600_000).toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  const past = (monthDay: string) => (`${year}-${monthDay}` < today ? `${year}-${monthDay}` : today);
  log(`departments: 湖南省 → 永州市 → 零陵区, 祁阳市; ${UNITS.length} units of 零陵区 — "today" at the service is ${today}`);

  // ── checklist: 附件2 as version 1, adjusted as version 2 (000 §10–11) ─────
  for (const item of ANNEX2_ITEMS) await api.send('staff', '/departments/lingling/checklist/draft/items', item, `checklist-item-${item.itemId}`);
  // 004 §4(3): the justice bureau (the legal role acts for it) approves each draft before it is published
  await api.send('legal', '/departments/lingling/checklist/draft/reviews', { outcome: 'approved', reviewedOn: past('01-08') }, 'checklist-v1-review');
  await api.send('staff', '/departments/lingling/checklist/versions', { publishedOn: past('01-10') }, 'checklist-v1');
  const { itemId: revisedId, ...revised } = ANNEX2_ITEMS.find((i) => i.itemId === QUALITY_ITEMS[0])!;
  await api.send('staff', `/departments/lingling/checklist/draft/items/${revisedId}`, { ...revised, ratioCap: 3 }, 'checklist-v2-revise', 'PUT');
  await api.send(
    'staff',
    `/departments/lingling/checklist/draft/items/${WITHDRAWN_ITEM}/withdraw`,
    { reason: '区域整治已并入“质检利剑”专项行动' },
    'checklist-v2-withdraw',
  );
  await api.send('legal', '/departments/lingling/checklist/draft/reviews', { outcome: 'approved', reviewedOn: past('02-25') }, 'checklist-v2-review');
  await api.send(
    'staff',
    '/departments/lingling/checklist/versions',
    { publishedOn: past('03-01'), reason: '《产品质量监督抽查管理办法》修订，调整一般事项抽查比例上限；区域整治并入专项行动' },
    'checklist-v2',
  );
  const items = ANNEX2_ITEMS.filter((i) => i.itemId !== WITHDRAWN_ITEM).map((i) => (i.itemId === revisedId ? { ...i, ratioCap: 3 } : i));
  log(`checklist: 附件2, ${ANNEX2_ITEMS.length} items published as version 1, adjusted to ${items.length} items as version 2`);

  // ── target registry: XLSX import, then status changes (000 §13–14) ────────
  // an XLSX file is a zip stamped with the time it was written, so a second run's file is new to the
  // import's replay by content: a registry already holding the county's targets is not imported again
  const inArea = (areaCode: string) => api.get<{ total: number }>(`/public/targets?areaCode=${areaCode}&limit=1`);
  const registered = await inArea(COUNTY_AREA);
  if (registered.total >= countyRows.length) {
    log(`targets: ${registered.total} already in 零陵区's registry, import skipped`);
  } else {
    const imported = await api.upload('staff', '/targets/import?departmentId=lingling', '零陵区检查对象名录.xlsx', await targetsWorkbook(countyRows));
    log(`targets: imported ${imported.rows} rows from 零陵区检查对象名录.xlsx — ${imported.registered} new, ${imported.unchanged} unchanged`);
  }
  if ((await inArea(NEIGHBOUR_AREA)).total < neighbourRows.length)
    await api.upload('qiyang', '/targets/import?departmentId=qiyang', '祁阳市检查对象名录.xlsx', await targetsWorkbook(neighbourRows));

  const statusRng = new Rng(`${options.seed}:status`);
  const changes: { targetId: string; body: Record<string, string>; step: string }[] = [];
  const lastYear = year - 1;
  const someDay = () => `${lastYear}-${String(1 + statusRng.int(12)).padStart(2, '0')}-${String(1 + statusRng.int(28)).padStart(2, '0')}`;
  countyRows.forEach((row, n) => {
    const targetId = row.统一社会信用代码;
    const roll = statusRng.next();
    const at = (change: string, extra: Record<string, string>) =>
      changes.push({ targetId, body: { change, effectiveDate: someDay(), ...extra }, step: `status-${change}-${targetId}` });
    if (roll < 0.12)
      at('credit-grade', {
        grade: statusRng.weighted([
          ['A', 3],
          ['B', 5],
          ['C', 1.5],
          ['D', 0.5],
        ] as const),
        source: '企业信用风险分类管理系统',
      });
    if (roll > 0.96) at('abnormal-in', { reason: '未按规定报送年度报告', source: '国家企业信用信息公示系统' });
    else if (roll > 0.945) at('penalised', { decisionNumber: `零市监罚〔${lastYear}〕${n + 1}号`, source: '行政处罚决定书' });
    else if (roll > 0.94) at('deregistered', { source: '注销登记' });
    else if (roll > 0.938) at('serious-violation-in', { reason: '列入经营异常名录届满3年仍未履行相关义务', source: '国家企业信用信息公示系统' });
  });
  await inBatches(changes, 8, (c) => api.send('credit', `/targets/${c.targetId}/status-changes`, c.body, c.step));
  const count = (change: string) => changes.filter((c) => c.body.change === change).length;
  log(
    `targets: ${count('credit-grade')} credit grades, ${count('abnormal-in')} abnormal-listed, ${count('penalised')} penalised, ` +
      `${count('serious-violation-in')} blacklisted, ${count('deregistered')} deregistered`,
  );

  // ── inspections outside the random regime: complaints, a tip-off, a referral (000 §11, 002 §2, §15) ─
  const complainedOf = countyRows[7];
  const referred = countyRows[11];
  const caseInspections = [
    {
      n: 1,
      row: complainedOf,
      trigger: 'complaint',
      source: '12315 投诉工单',
      on: past('02-10'),
      findings: '核查消费者投诉的过期食品销售问题，现场未发现过期食品',
    },
    {
      n: 2,
      row: complainedOf,
      trigger: 'tip-off',
      source: '12345 举报转办单',
      on: past('02-24'),
      findings: '核查举报的无证经营问题，责令当场改正',
      problems: true,
    },
    { n: 3, row: complainedOf, trigger: 'complaint', source: '12315 投诉工单', on: past('03-06'), findings: '核查投诉的价格标示问题，未发现问题' },
    { n: 4, row: referred, trigger: 'referral', source: '永州市市场监督管理局转办函', on: past('03-12'), findings: '核查转办线索，未发现问题' },
  ];
  for (const c of caseInspections) {
    await api.send(
      'staff',
      '/departments/lingling/case-inspections',
      {
        inspectionId: `ll-${year}-case-${c.n}`,
        targetId: c.row.统一社会信用代码,
        trigger: c.trigger,
        source: `${c.source} ${year}${String(c.n).padStart(4, '0')}`,
        inspectedOn: c.on,
        findings: c.findings,
        foundProblems: c.problems ?? false,
      },
      `case-inspection-${c.n}`,
    );
  }
  log(
    `case inspections: 3 complaints and tip-offs about ${complainedOf.名称} (no quota used; not held to the twice-a-year quota this year, 002 §15) and 1 referral`,
  );

  // ── inspectors, experts, a conflict of interest (000 §12, §18) ────────────
  const people: DemoInspector[] = inspectors(options.seed, 'lingling', 'll', 40, 4, year);
  await inBatches(people, 8, (p) => api.send('staff', '/inspectors', p, `inspector-${p.inspectorId}`));
  const phones = new Rng(`${options.seed}:experts`);
  for (const expert of EXPERTS) {
    await api.send(
      'staff',
      '/experts',
      {
        ...expert,
        fields: [...expert.fields],
        departmentId: 'lingling',
        contact: { phone: `13${String(100000000 + phones.int(899999999))}` },
        joinedOn: `${year - 1}-06-01`,
      },
      `expert-${expert.expertId}`,
    );
  }
  const conflicted = countyRows[0].统一社会信用代码;
  await api.send('legal', `/inspectors/${people[4].inspectorId}/conflicts`, { targetId: conflicted, reason: '配偶系该企业股东' }, 'conflict-1');
  log(`inspectors: ${people.length} (4 with lapsed certificates), ${EXPERTS.length} experts, 1 declared conflict`);

  // ── the annual plan: filed, published, filed with the superior (002 §12–15) ─
  const plan = {
    planId: `lingling-${year}`,
    year,
    checklistVersion: 2,
    items: items.map((item) => ({
      itemId: item.itemId,
      checklistVersion: 2,
      scope: { description: `零陵区${item.targetType}`, subjectTypes: ['enterprise', 'foreign-enterprise'], industries: [], areaCodes: [COUNTY_AREA] },
      ratio: item.category === 'key' ? 20 : Math.min(3, item.ratioCap ?? 3),
      frequency: 1,
      riskRatios: [
        { grade: 'A', ratio: 1 },
        { grade: 'B', ratio: item.category === 'key' ? 10 : 2 },
        { grade: 'C', ratio: item.category === 'key' ? 30 : 3 },
        { grade: 'D', ratio: item.category === 'key' ? 50 : 3 },
      ],
      trustworthyRatio: 1,
      windows: [{ from: past('04-01'), to: `${year}-12-31` }],
      estimatedTargets: Math.max(1, Math.round((options.targets * (item.category === 'key' ? 0.02 : 0.01)) / 2)),
    })),
    split: { unit: 'percent', provincial: 10, municipal: 20, county: 0, own: 70 },
  };
  await api.send('staff', '/departments/lingling/plans', plan, 'plan-file');
  await api.send('staff', `/plans/${plan.planId}/publish`, { publishedOn: past('03-20') }, 'plan-publish');
  await api.send('staff', `/plans/${plan.planId}/filings`, { filedOn: past('03-28') }, 'plan-filing');
  log(`plan: ${plan.planId} covering all ${plan.items.length} items, published and filed with 永州市`);

  // ── tasks, draws before witnesses, lock, dispatch, announcement (002 §16–19) ─
  const completedTaskId = `ll-${year}-quality`;
  const openTaskId = `ll-${year}-equipment`;
  const taskWindow = { from: past('04-10'), to: `${year}-12-31` };
  await api.send(
    'staff',
    '/tasks',
    {
      taskId: completedTaskId,
      planId: plan.planId,
      year,
      title: `${year}年零陵区产品质量和食品相关产品双随机抽查`,
      businessUnitId: 'lingling-quality',
      itemIds: QUALITY_ITEMS,
      window: taskWindow,
      classes: [{ classId: 'all', label: '辖区内各类市场主体', count: 12 }],
      setUpOn: past('04-01'),
    },
    `task-${completedTaskId}`,
  );
  await api.send(
    'staff',
    '/tasks',
    {
      taskId: openTaskId,
      planId: plan.planId,
      year,
      title: `${year}年零陵区特种设备生产单位定向抽查`,
      businessUnitId: 'lingling-equipment',
      itemIds: [EQUIPMENT_ITEM],
      window: taskWindow,
      classes: [
        {
          classId: 'equipment-makers',
          label: '锅炉、压力容器、起重机械制造企业',
          filter: { subjectTypes: ['enterprise'], scales: [], industries: ['C34'], areaCodes: [] },
          ratio: 20,
        },
      ],
      setUpOn: past('04-01'),
    },
    `task-${openTaskId}`,
  );

  const drawAndLock = async (
    taskId: string,
    witnesses: [string, string][],
    summary = '按计划比例抽取；执法人员随机匹配，每组2人；实地核查；结果20个工作日内公示',
  ): Promise<string> => {
    const drawId = `${taskId}-d1`;
    const existing = await api.find<{ status: string }>(`/draws/${drawId}`);
    if (!existing) await api.send('staff', `/tasks/${taskId}/draws`, {}, `draw-freeze-${taskId}`);
    for (const [i, [label, value]] of witnesses.entries())
      await api.send('notary', `/draws/${drawId}/entropy`, { kind: 'witness', label, value }, `draw-witness-${taskId}-${i}`);
    // executing decides on the draw before looking for a replay, so a drawn draw is not executed again
    if (!existing || existing.status === 'frozen') await api.send('staff', `/draws/${drawId}/execute`, {}, `draw-execute-${taskId}`);
    await api.send('staff', `/draws/${drawId}/confirm`, {}, `draw-confirm-${taskId}`);
    // 004 §4(5): the task's 实施方案 is filed with the city above the county before the task starts
    const implementationPlan = { summary, filedTo: 'yongzhou', filedOn: today };
    await api.send('staff', `/tasks/${taskId}/implementation-plan`, implementationPlan, `implementation-plan-${taskId}`);
    await api.send('staff', `/tasks/${taskId}/lock`, { drawId, lockedOn: today }, `lock-${taskId}`);
    return drawId;
  };
  const witnessValue = () => Array.from({ length: 8 }, () => rng.int(10)).join(' ');
  const drawIds = [
    await drawAndLock(completedTaskId, [
      [`永州市潇湘公证处公证员 ${personName(rng)}`, witnessValue()],
      [`零陵区人大代表 ${personName(rng)}`, witnessValue()],
    ]),
    await drawAndLock(openTaskId, [
      [`永州市潇湘公证处公证员 ${personName(rng)}`, witnessValue()],
      [`零陵区人大代表 ${personName(rng)}`, witnessValue()],
    ]),
  ];
  const listOf = async (taskId: string) =>
    ((await api.get<{ dispatches: { executingDepartmentId: string; targetIds: string[] }[] }>(`/tasks/${taskId}`, 'staff')).dispatches ?? [])
      .filter((d) => d.executingDepartmentId === 'lingling')
      .flatMap((d) => d.targetIds);
  const qualityTargets = await listOf(completedTaskId);
  const equipmentTargets = await listOf(openTaskId);
  log(
    `draws: ${drawIds.join(', ')} witnessed by a notary and a people's congress deputy; lists of ${qualityTargets.length} and ${equipmentTargets.length} targets locked and announced`,
  );

  // ── inspector matching, a recusal by swap, an approved replacement (000 §18, 002 §21–23) ─
  /** Matches a department's own inspectors to a task's list: lingling's by default, a joint department's by its own staff (004 §2(4)). */
  const match = async (taskId: string, experts: boolean, departmentId = 'lingling', who: Who = 'staff') => {
    const base = `/tasks/${taskId}/matchings/${departmentId}`;
    const step = departmentId === 'lingling' ? taskId : `${taskId}-${departmentId}`;
    if (!(await api.find(base, who)))
      await api.send(
        who,
        `/tasks/${taskId}/matchings`,
        { departmentId, ...(experts ? { experts: { field: '产品质量检验' } } : {}) },
        `matching-freeze-${step}`,
      );
    await api.send(who, `${base}/entropy`, { label: `零陵区政协委员 ${personName(rng)}`, value: witnessValue() }, `matching-witness-${step}`);
    await api.send(who, `${base}/assign`, {}, `matching-assign-${step}`);
    return base;
  };
  const groupsOf = async (base: string, who: Who = 'staff') => new Map((await api.get<{ groups: Group[] }>(base, who)).groups.map((g) => [g.targetId, g]));
  const qualityMatching = await match(completedTaskId, true);
  await match(openTaskId, false);
  const ids = (g: Group) => g.members.map((m) => m.inspectorId);
  const before = await groupsOf(qualityMatching);
  const swaps = qualityTargets
    .flatMap((p, i) => qualityTargets.slice(i + 1).map((q) => [p, q] as const))
    .filter(
      ([p, q]) => ids(before.get(p)!).some((id) => !ids(before.get(q)!).includes(id)) && ids(before.get(q)!).some((id) => !ids(before.get(p)!).includes(id)),
    );
  // on a second run the swap and the replacement are in the matching's history already: sending them
  // again with today's groups would be another request under the same key, which the service refuses
  const history = (await api.get<{ history: { kind: string }[] }>(qualityMatching, 'staff')).history;
  // the matching is random: an inspector of one group may be barred from the other target (a
  // declared interest, or not in its pool), which the service refuses; the next pair is tried then
  for (const [x, y] of history.some((h) => h.kind === 'swap') ? [] : swaps) {
    const swapped = await api
      .send(
        'staff',
        `${qualityMatching}/recusals`,
        {
          kind: 'swap',
          inspectorId: ids(before.get(x)!).find((id) => !ids(before.get(y)!).includes(id)),
          targetId: x,
          withInspectorId: ids(before.get(y)!).find((id) => !ids(before.get(x)!).includes(id)),
          withTargetId: y,
          reason: '与该企业法定代表人系同学关系',
        },
        'matching-recusal-swap',
      )
      .then(
        () => true,
        (error: Error) => {
          if (error instanceof DemoRequestFailed && / 409 .*not eligible/.test(error.message)) return false;
          throw error;
        },
      );
    if (swapped) break;
  }
  const leaving = (await groupsOf(qualityMatching)).get(qualityTargets[qualityTargets.length - 1])!;
  if (!history.some((h) => h.kind === 'replacement')) {
    await api.send(
      'head',
      `${qualityMatching}/replacements`,
      { inspectorId: leaving.members[1].inspectorId, targetId: leaving.targetId, cause: 'post-change', reason: '调任办公室，不再从事执法检查' },
      'matching-replacement',
    );
  }
  const groups = await groupsOf(qualityMatching);
  log(`matching: groups of two with a leader for both tasks, experts drawn for sampling; one recusal by swap, one replacement approved by the unit head`);

  // ── inspections (002 §24–32) ──────────────────────────────────────────────
  const evidence = (name: string) => [
    { name, sha256: sha256Of(`${options.seed}:${name}`), mediaType: name.endsWith('.pdf') ? 'application/pdf' : 'image/jpeg' },
  ];
  const record = (taskId: string, targetId: string) => `/tasks/${taskId}/inspections/${targetId}`;
  const open = (taskId: string, targetId: string) =>
    api.send('staff', `/tasks/${taskId}/inspections`, { targetId, departmentId: 'lingling', openedOn: today }, `inspection-open-${taskId}-${targetId}`);
  const onSite = async (taskId: string, targetId: string, inspectorIds: string[], methods: string[]) => {
    const at = record(taskId, targetId);
    await api.send(
      'staff',
      `${at}/pre-checks`,
      { checkedOn: today, sources: ['国家企业信用信息公示系统', '湖南省市场监管综合业务平台'], notes: '登记信息与经营场所一致' },
      `pre-check-${taskId}-${targetId}`,
    );
    await api.send(
      'staff',
      `${at}/on-site`,
      {
        inspectorIds,
        credentialsShown: true,
        noticeDelivered: true,
        acknowledgement: rng.next() < 0.9 ? { kind: 'signed', signedBy: '法定代表人' } : { kind: 'refused', witness: `社区网格员 ${personName(rng)}` },
        methods,
        startedOn: today,
        endedOn: today,
        evidence: evidence(`现场检查笔录-${targetId}.pdf`),
      },
      `on-site-${taskId}-${targetId}`,
    );
  };
  const report = (taskId: string, targetId: string, problems: string | null, content = '核查生产条件、原料进货查验记录、出厂检验记录，抽取样品送检') =>
    api.send(
      'staff',
      `${record(taskId, targetId)}/report`,
      {
        reportedOn: today,
        content,
        findings: problems ?? '未发现问题',
        evaluation: problems ? '发现问题' : '未发现问题',
        handlingOpinion: problems ? '责令限期改正' : '无需处理',
        foundProblems: problems !== null,
      },
      `report-${taskId}-${targetId}`,
    );
  const feedback = (taskId: string, targetId: string) =>
    api.send('staff', `${record(taskId, targetId)}/feedback`, { channel: 'direct', deliveredOn: today }, `feedback-${taskId}-${targetId}`);

  // the completed task: all but two reported (three with findings, one referred), one unreachable, one handed over
  // the target that moves away had no status change: once it is 祁阳市's, 零陵区 may no longer act on it, not even to replay
  const statusChanged = new Set(changes.map((c) => c.targetId));
  const movedAway = [...qualityTargets].reverse().find((t) => !statusChanged.has(t))!;
  const unreachable = [...qualityTargets].reverse().find((t) => t !== movedAway)!;
  const reported = qualityTargets.filter((t) => t !== unreachable && t !== movedAway);
  const withFindings = new Set(reported.slice(1, 4));
  for (const [n, targetId] of qualityTargets.entries()) {
    await open(completedTaskId, targetId);
    if (targetId === unreachable) {
      await api.send(
        'staff',
        `${record(completedTaskId, targetId)}/unreachable`,
        { reason: 'not-at-registered-address', recordedOn: today, evidence: evidence(`现场照片-${targetId}.jpg`) },
        `unreachable-${targetId}`,
      );
      continue;
    }
    if (targetId === movedAway) {
      const { handovers } = await api.get<{ handovers: unknown[] }>(record(completedTaskId, targetId), 'staff');
      if (handovers.length > 0) continue;
      await api.send('staff', `/targets/${targetId}/transfer`, { toDepartmentId: 'qiyang', effectiveDate: today, source: '迁移登记' }, `transfer-${targetId}`);
      await api.send('staff', `${record(completedTaskId, targetId)}/handover`, { toDepartmentId: 'qiyang', handedOverOn: today }, `handover-${targetId}`);
      await api.send('qiyang', `${record(completedTaskId, targetId)}/take-over`, { takenOverOn: today }, `take-over-${targetId}`);
      continue;
    }
    const problems = withFindings.has(targetId) ? '食品接触用塑料制品标签未标注材质及执行标准' : null;
    await onSite(completedTaskId, targetId, ids(groups.get(targetId)!), ['on-site', 'sampling-testing']);
    const at = record(completedTaskId, targetId);
    if (n % 3 === 0) {
      await api.send('staff', `${at}/items/${QUALITY_ITEMS[0]}/result`, { result: 'awaiting-test', recordedOn: today }, `result-${targetId}-0`);
      await api.send(
        'staff',
        `${at}/items/${QUALITY_ITEMS[0]}/test-result`,
        { laboratory: '永州市产商品质量监督检验所', conclusion: 'pass', deliveredOn: today, settledOn: today, evidence: evidence(`检验报告-${targetId}.pdf`) },
        `test-${targetId}`,
      );
    } else {
      await api.send('staff', `${at}/items/${QUALITY_ITEMS[0]}/result`, { result: 'compliant', recordedOn: today }, `result-${targetId}-0`);
    }
    await api.send(
      'staff',
      `${at}/items/${QUALITY_ITEMS[1]}/result`,
      problems ? { result: 'non-compliant', findings: problems, recordedOn: today } : { result: 'compliant', recordedOn: today },
      `result-${targetId}-1`,
    );
    await report(completedTaskId, targetId, problems);
    await feedback(completedTaskId, targetId);
    await api.send('staff', `${at}/entry`, { enteredOn: today }, `entry-${targetId}`);
    if (targetId === reported[1])
      await api.send('staff', `${at}/referrals`, { to: 'case-handling', referenceNumber: `零市监移〔${year}〕1号`, referredOn: today }, `referral-${targetId}`);
  }

  // the task in progress: its first records stopped at each stage, the rest not yet opened
  const stages = ['opened', 'pre-checked', 'on-site', 'awaiting-test', 'reported', 'fed-back'] as const;
  const equipmentGroups = await groupsOf(`/tasks/${openTaskId}/matchings/lingling`);
  for (const [n, targetId] of equipmentTargets.slice(0, stages.length).entries()) {
    const stage = stages[n];
    await open(openTaskId, targetId);
    const at = record(openTaskId, targetId);
    if (stage === 'pre-checked')
      await api.send(
        'staff',
        `${at}/pre-checks`,
        { checkedOn: today, sources: ['特种设备安全监察信息系统'], notes: '许可证在有效期内' },
        `pre-check-${openTaskId}-${targetId}`,
      );
    if (stage === 'opened' || stage === 'pre-checked') continue;
    await onSite(openTaskId, targetId, ids(equipmentGroups.get(targetId)!), ['on-site']);
    if (stage === 'on-site') continue;
    await api.send(
      'staff',
      `${at}/items/${EQUIPMENT_ITEM}/result`,
      { result: stage === 'awaiting-test' ? 'awaiting-test' : 'compliant', recordedOn: today },
      `result-${targetId}`,
    );
    if (stage === 'awaiting-test') continue;
    await report(openTaskId, targetId, null);
    if (stage === 'fed-back') await feedback(openTaskId, targetId);
  }
  log(
    `inspections: ${qualityTargets.length} of ${completedTaskId} ended (${withFindings.size} with findings, 1 referred, 1 unreachable, 1 handed over to 祁阳市); ${Math.min(stages.length, equipmentTargets.length)} of ${openTaskId} at each stage`,
  );

  // ── completion, publication, an objection, a correction, a comment (002 §28–29, 000 §24) ─
  await api.send('staff', `/tasks/${completedTaskId}/complete`, {}, `complete-${completedTaskId}`);
  for (const targetId of reported) await api.send('staff', `/results/${completedTaskId}/${targetId}/publish`, {}, `publish-${targetId}`);
  const objected = reported[2];
  const objector = (await api.get<{ name: string }>(`/public/targets/${objected}`)).name;
  const results = `/results/${completedTaskId}/${objected}`;
  await api.send('staff', `${results}/objections`, { receivedOn: today, grounds: '送检样品标签已标注材质，现场拍照有误', objector }, 'objection-1');
  await api.send(
    'head',
    `${results}/objections/1/review`,
    {
      upheld: true,
      reasoning: '复核现场照片及样品，标签已标注材质及执行标准，原认定有误',
      correction: { itemResults: [{ itemId: QUALITY_ITEMS[1], result: 'compliant' }], conclusion: '未发现问题', handling: '无需处理' },
    },
    'objection-1-review',
  );
  await api.send('staff', `${results}/objections/1/feedback`, { channel: 'post' }, 'objection-1-feedback');
  const corrected = reported[3];
  await api.send(
    'head',
    `/results/${completedTaskId}/${corrected}/corrections`,
    { reason: '处理意见录入不全，补录限期', handling: '责令十五日内改正' },
    'correction-1',
  );
  await api.send(
    'staff',
    `/results/${completedTaskId}/${reported[0]}/comments`,
    { receivedOn: today, comment: '检查人员出示执法证件，程序规范，态度良好' },
    'comment-1',
  );
  log(
    `publication: ${completedTaskId} completed, ${reported.length} results published, an objection upheld and corrected, a correction signed by the unit head`,
  );

  // ── a joint inspection with the county's agriculture bureau (004 §2(4), §4(3)–(5)) ─────────
  // the story's last chapter, so that the chapters above draw on its rng exactly as they did before it
  for (const department of AGRI_DEPARTMENTS) await api.send('admin', '/departments', department, `department-${department.departmentId}`);
  for (const item of AGRI_ITEMS) await api.send('agri', `/departments/${AGRI}/checklist/draft/items`, item, `checklist-item-${AGRI}-${item.itemId}`);
  // 004 §4(3): its own checklist, approved by the justice bureau before it is published, as 零陵区's was
  await api.send(
    'agriLegal',
    `/departments/${AGRI}/checklist/draft/reviews`,
    { outcome: 'approved', reviewedOn: past('03-02') },
    `checklist-${AGRI}-v1-review`,
  );
  await api.send('agri', `/departments/${AGRI}/checklist/versions`, { publishedOn: past('03-05') }, `checklist-${AGRI}-v1`);
  const agriPeople = agriInspectors(options.seed, 5, year);
  for (const p of agriPeople) await api.send('agri', '/inspectors', p, `inspector-${p.inspectorId}`);
  const jointTaskId = `ll-${year}-joint-agri`;
  await api.send(
    'staff',
    '/tasks',
    {
      taskId: jointTaskId,
      planId: plan.planId,
      year,
      title: `${year}年零陵区食用农产品和农资经营跨部门联合抽查`,
      // another unit than the quality task's: the targets it drew this year are not drawn again (000 §19)
      businessUnitId: 'lingling-food',
      itemIds: [JOINT_ITEM],
      window: taskWindow,
      jointDepartmentIds: [AGRI],
      // a small class, without extra draws by credit-risk grade, so that the joint task does not swamp the others
      classes: [{ classId: 'all', label: '辖区内各类市场主体', count: 2, gradeRatios: [] }],
      setUpOn: past('04-15'),
    },
    `task-${jointTaskId}`,
  );
  // the invited department accepts, for items of its own checklist, before the one list is drawn
  await api.send(
    'agri',
    `/tasks/${jointTaskId}/joint-acceptances`,
    { departmentId: AGRI, itemIds: AGRI_ITEMS.map((i) => i.itemId), acceptedOn: past('04-18') },
    `joint-acceptance-${jointTaskId}`,
  );
  drawIds.push(
    await drawAndLock(
      jointTaskId,
      [
        [`永州市潇湘公证处公证员 ${personName(rng)}`, witnessValue()],
        [`零陵区人大代表 ${personName(rng)}`, witnessValue()],
      ],
      '联合抽查：市场监管与农业农村部门按名单同时入户，各自随机匹配执法人员，一次检查、一张表单，结果一次公示',
    ),
  );
  const jointTargets = await listOf(jointTaskId);
  // each department matches its own inspectors to the one list: 零陵区农业农村局 for its own items
  // 食用农产品 are sampled and tested: 零陵区 draws an expert of product quality testing with its group
  const jointMatching = await match(jointTaskId, true);
  const agriMatching = await match(jointTaskId, false, AGRI, 'agri');
  const jointGroups = await groupsOf(jointMatching);
  const agriGroups = await groupsOf(agriMatching, 'agri');
  // 一对象一表单 (002 §24): the task's item, then the items the agriculture bureau accepted
  const jointItems = [JOINT_ITEM, ...AGRI_ITEMS.map((i) => i.itemId)];
  for (const targetId of jointTargets) {
    await open(jointTaskId, targetId);
    // one visit, one record: both departments' matched groups on it
    await onSite(jointTaskId, targetId, [...ids(jointGroups.get(targetId)!), ...ids(agriGroups.get(targetId)!)], ['on-site', 'sampling-testing']);
    for (const itemId of jointItems)
      await api.send(
        'staff',
        `${record(jointTaskId, targetId)}/items/${itemId}/result`,
        { result: 'compliant', recordedOn: today },
        `result-${jointTaskId}-${targetId}-${itemId}`,
      );
    await report(jointTaskId, targetId, null, '市场监管与农业农村部门联合检查食用农产品认证标志使用及农药、种子、肥料经营情况');
    await feedback(jointTaskId, targetId);
  }
  await api.send('staff', `/tasks/${jointTaskId}/complete`, {}, `complete-${jointTaskId}`);
  for (const targetId of jointTargets) await api.send('staff', `/results/${jointTaskId}/${targetId}/publish`, {}, `publish-${jointTaskId}-${targetId}`);
  log(
    `joint task: ${jointTaskId} with 零陵区农业农村局 (its own checklist of ${AGRI_ITEMS.length} items, ${agriPeople.length} inspectors), accepted before the one draw; ` +
      `${jointTargets.length} targets each visited once by both departments' inspectors, ${jointItems.length} items on one form, ${jointTargets.length} results published`,
  );

  const urls = [
    `${base}/gs`,
    `${base}/gs/departments/lingling`,
    `${base}/gs/results?q=${encodeURIComponent('零陵区')}`,
    `${base}/gs/results/${completedTaskId}/${objected}`,
    `${base}/gs/draws/${drawIds[0]}/verify`,
    `${base}/gs/results/${jointTaskId}/${jointTargets[0]}`,
    `${base}/dashboard/login`,
    `${base}/docs`,
  ];
  return {
    today,
    completedTaskId,
    openTaskId,
    drawIds,
    // the completed task's and the joint task's
    publishedResults: reported.length + jointTargets.length,
    objectedResult: { taskId: completedTaskId, targetId: objected },
    correctedResult: { taskId: completedTaskId, targetId: corrected },
    jointTaskId,
    jointRecord: { taskId: jointTaskId, targetId: jointTargets[0] },
    complaintTarget: complainedOf.统一社会信用代码,
    urls,
    millis: Date.now() - started,
  };
}

/** The closing lines: where to look, and how to sign in as staff or oversight. */
export function formatDemoSummary(summary: DemoSummary): string {
  return [
    `demo county built in ${(summary.millis / 1000).toFixed(1)} s; open:`,
    ...summary.urls.map((url) => `  ${url}`),
    'the dashboard and the staff API need a token (paste it at /dashboard/login, or send it as Authorization: Bearer …), e.g.:',
    '  npm run cli -- issue-token --sub ll-staff-liu --role staff --unit lingling',
    '  npm run cli -- issue-token --sub oversight-1 --role oversight --unit hunan',
  ].join('\n');
}
