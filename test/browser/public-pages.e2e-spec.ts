/**
 * 一公开 in a real browser (issue 6 item 5): the public disclosure pages under `/gs/…`, driven in
 * Debian's headless Chromium through playwright-core. The county's data is built through the
 * HTTP API — checklist in two versions (000 §10–11: old versions stay readable), a published plan
 * (004 §4(4)), targets and inspectors (000 §12–14), a task whose first draw is voided with a
 * reason and whose second is confirmed, locked and announced (002 §16–19) — then a reader walks
 * from the home page to the draw and verifies it, searches a company, and does it all again with
 * JavaScript switched off. Screenshots land in test-output/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { SCREENSHOTS, launchChromium } from '../support/chromium';
import { proposed } from '@app/event-store/event-store.contract';
import { ApiHarness, startApi } from '../support/api-harness';
import { ANNEX2_ITEMS } from '../fixtures/checklist-000-annex2';
import { COUNTY, registerDepartments } from '../fixtures/draw-world';
import { LI_MING, ZHANG_HUA } from '../fixtures/inspectors';
import { DRAW_SPLIT, planItem } from '../fixtures/plans';
import { creditCodeFor } from '../fixtures/targets-xlsx';
import { RESULT_TERMS } from '../../apps/api/src/public-pages/labels';
import { asciiLeaks } from '../support/public-text';

const TASK = 'll-food-2026';
const HOSTILE = '<script>window.__injected=1</script>零陵区"测试"&商行';
const SHOPS = ['湘江', '潇水', '萍岛', '柳子', '愚溪', '朝阳', '南津', '富家桥', '石岩头', '邮亭圩', '黄田铺', '菱角塘'];
/** A clock the test moves (dates in China, UTC+8): the draw on 2026-04-11 inside the task's window, the results in May, the annual summary the next January. */
const clock = { at: new Date('2026-04-11T02:00:00Z'), now: () => clock.at };
const setToday = (date: string) => (clock.at = new Date(`${date}T02:00:00Z`));

describe('public disclosure pages in headless Chromium (issue 6 item 5)', () => {
  let api: ApiHarness;
  let base: string;
  let browser: Browser;
  let voidedDraw: string;
  let confirmedDraw: string;
  let inspected: string[];

  const targets = SHOPS.map((shop, i) => ({
    departmentId: COUNTY,
    creditCode: creditCodeFor(100 + i),
    name: `永州市零陵区${shop}食品有限公司`,
    subjectType: 'enterprise',
    areaCode: '431102',
  }));

  async function send(method: 'POST' | 'PUT', url: string, payload: object, token: string): Promise<{ stream?: string }> {
    const response = await api.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
    if (response.statusCode !== 201 && response.statusCode !== 200) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  }

  /** Freezes, takes a witness's value, executes: the draw protocol's steps as staff take them. */
  async function draw(staff: string, witness: string): Promise<string> {
    const drawId = (await send('POST', `/tasks/${TASK}/draws`, {}, staff)).stream!.replace(/^draw-/, '');
    // the witness types the value in under a witness account of their own (004 §2(3))
    // the account is a record id; the witness's name is the value's label
    const own = await api.tokenFor(`witness-${Buffer.from(witness).toString('hex').slice(0, 16)}`, 'witness', COUNTY);
    await send('POST', `/draws/${drawId}/entropy`, { kind: 'witness', label: witness, value: '3 1 4 1 5 9 2 6' }, own);
    await send('POST', `/draws/${drawId}/execute`, {}, staff);
    return drawId;
  }

  /** One target's inspection, reported with a finding on the first item and fed back (000 §21–22). */
  async function inspect(targetId: string): Promise<void> {
    const stream = `inspection-${TASK}-${targetId}`;
    const append = (type: string, data: object) => api.events.append(stream, proposed(type, { taskId: TASK, targetId, ...data }), 'any');
    const items = [ANNEX2_ITEMS[9].itemId, ANNEX2_ITEMS[7].itemId];
    await append('InspectionOpened', { departmentId: COUNTY, itemIds: items, openedOn: '2026-04-20' });
    await append('OnSiteInspectionRecorded', {
      inspectorIds: [LI_MING.inspectorId, 'zhang-hua'],
      credentialsShown: true,
      noticeDelivered: true,
      acknowledgement: { kind: 'signed', signedBy: '法定代表人' },
      methods: ['on-site'],
      startedOn: '2026-04-28',
      endedOn: '2026-04-28',
      evidence: [],
    });
    for (const [n, itemId] of items.entries()) {
      const result = n === 0 ? 'non-compliant' : 'compliant';
      await append('ItemResultRecorded', { itemId, result, findings: n === 0 ? '产品标签缺少生产日期' : '未发现问题', evidence: [], recordedOn: '2026-04-28' });
    }
    await append('InspectionReported', {
      departmentId: COUNTY,
      reportedOn: '2026-04-30',
      concludedOn: '2026-04-28',
      content: '现场检查生产记录与产品标签',
      findings: '产品标签缺少生产日期',
      evaluation: '发现问题',
      handlingOpinion: '责令改正',
      foundProblems: true,
    });
    await append('FeedbackDelivered', { channel: 'direct', deliveredOn: '2026-05-06' });
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    api = await startApi({}, { clock });
    await registerDepartments(api);
    const staff = await api.tokenFor('staff-ll-1', 'staff', COUNTY);
    const head = await api.tokenFor('head-ll-1', 'unit-head', COUNTY);

    for (const item of ANNEX2_ITEMS) await send('POST', `/departments/${COUNTY}/checklist/draft/items`, item, staff);
    const legal = await api.tokenFor('legal-ll-1', 'legal', COUNTY);
    // 004 §4(3): each draft is approved by the justice bureau before it is published
    await send('POST', `/departments/${COUNTY}/checklist/draft/reviews`, { outcome: 'approved', reviewedOn: '2026-01-04' }, legal);
    await send('POST', `/departments/${COUNTY}/checklist/versions`, { publishedOn: '2026-01-05' }, staff);
    const { itemId, ...revised } = ANNEX2_ITEMS[0];
    await send('PUT', `/departments/${COUNTY}/checklist/draft/items/${itemId}`, { ...revised, ratioCap: 4 }, staff);
    await send('POST', `/departments/${COUNTY}/checklist/draft/reviews`, { outcome: 'approved', reviewedOn: '2026-02-09' }, legal);
    await send('POST', `/departments/${COUNTY}/checklist/versions`, { publishedOn: '2026-02-10', reason: '依据新修订的认证认可条例调整抽查比例' }, staff);

    // the plan draws each general item up to its cap (the revised one at the default 3 %), so the task's 4 of 12 is within it (002 §14, §18)
    const planned = ANNEX2_ITEMS.map((i) => planItem(i, 2, i.category === 'general' && i.itemId !== itemId && i.ratioCap ? { ratio: i.ratioCap } : {}));
    const plan = { planId: 'lingling-2026', year: 2026, checklistVersion: 2, items: planned, split: DRAW_SPLIT };
    await send('POST', `/departments/${COUNTY}/plans`, plan, staff);
    await send('POST', '/plans/lingling-2026/publish', { publishedOn: '2026-03-20' }, staff);

    for (const target of targets) await send('POST', '/targets', target, staff);
    await send('POST', '/targets', { ...targets[0], creditCode: creditCodeFor(199), name: HOSTILE }, staff);
    // a deregistered company stays in the registry but leaves the pool, with the reason published (002 §16–19)
    await send(
      'POST',
      `/targets/${targets[11].creditCode}/status-changes`,
      { change: 'deregistered', effectiveDate: '2026-03-01', source: '市场主体登记系统' },
      staff,
    );
    for (const inspector of [LI_MING, ZHANG_HUA]) await send('POST', '/inspectors', inspector, staff);

    await send(
      'POST',
      '/tasks',
      {
        taskId: TASK,
        planId: 'lingling-2026',
        year: 2026,
        title: '2026年零陵区食品相关产品生产企业双随机抽查',
        itemIds: [ANNEX2_ITEMS[9].itemId, ANNEX2_ITEMS[7].itemId],
        window: { from: '2026-04-10', to: '2026-05-31' },
        classes: [{ classId: 'all', label: '辖区内食品相关产品生产企业', count: 4 }],
        setUpOn: '2026-04-01',
      },
      staff,
    );
    voidedDraw = await draw(staff, '公证员 张某');
    await send('POST', `/draws/${voidedDraw}/void`, { reasonCode: 'procedural-error', reason: '抽取前未通知见证人到场，经法规科审核作废重抽' }, head);
    confirmedDraw = await draw(staff, '人大代表 李某');
    await send('POST', `/draws/${confirmedDraw}/confirm`, {}, staff);
    // 004 §4(5): the 实施方案 is filed with the superior before the task starts
    await send('POST', `/tasks/${TASK}/implementation-plan`, { summary: '按比例抽取；每组2人；实地核查', filedTo: 'yongzhou', filedOn: '2026-04-02' }, staff);
    await send('POST', `/tasks/${TASK}/lock`, { drawId: confirmedDraw, lockedOn: '2026-04-12' }, staff);

    // the inspections' events go straight into the store (that capability has its own suite); completing, publishing and correcting go through the API
    inspected = (await api.app.inject({ method: 'GET', url: `/draws/${confirmedDraw}` })).json().drawn[0].selected;
    for (const targetId of inspected) await inspect(targetId);
    setToday('2026-05-20');
    await send('POST', `/tasks/${TASK}/complete`, {}, staff);
    for (const targetId of inspected) await send('POST', `/results/${TASK}/${targetId}/publish`, {}, staff);
    // 002 §29: a published result is corrected only with the principal head's signature, next to the original
    setToday('2026-06-02');
    await send('POST', `/results/${TASK}/${inspected[0]}/corrections`, { reason: '处理意见录入不全', handling: '责令限期改正，并予警告' }, head);
    setToday('2027-01-05');

    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  async function open(options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      viewport: { width: options.width ?? 1100, height: 900 },
      locale: 'zh-CN',
    });
    return { context, page: await context.newPage() };
  }

  /** Clicks a link or button and waits until the next page has loaded. */
  async function follow(page: Page, target: Locator): Promise<void> {
    const before = page.url();
    await target.click();
    await page.waitForURL((url) => url.toString() !== before);
    await page.waitForLoadState('domcontentloaded');
  }

  /** A draw's link: pages name a draw by its ordinal in its task (第 N 次抽取), so it is found by its address. */
  const drawLink = (scope: Page | Locator, drawId: string) => scope.locator(`a[href="/gs/draws/${drawId}"]`).first();

  const shot = (page: Page, name: string) => page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('walks from the home page to the department, its checklist versions, plan and announcement, then verifies the draw: every step ✓', async () => {
    const { context, page } = await open();
    const response = await page.goto(`${base}/gs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await shot(page, '01-home');

    await follow(page, page.getByRole('link', { name: '永州市零陵区市场监督管理局' }));
    expect(await page.locator('h1').textContent()).toBe('永州市零陵区市场监督管理局');
    expect(await page.locator('#checklist').textContent()).toContain('现行版本：第 2 版');
    expect(await page.locator('#checklist').textContent()).toContain('依据新修订的认证认可条例调整抽查比例');
    await shot(page, '02-department');

    // 000 §10: every adjustment is published as a new version; the old one stays readable
    await follow(page, page.locator('#checklist').getByRole('link', { name: '第 1 版' }));
    expect(await page.locator('h1').textContent()).toBe('随机抽查事项清单（第 1 版）');
    expect(await page.locator('main').textContent()).toContain('已被第 2 版替代');
    expect(await page.locator('.card').count()).toBe(ANNEX2_ITEMS.length);
    await follow(page, page.getByRole('link', { name: '查看现行版本' }));
    expect(await page.locator('h1').textContent()).toBe('随机抽查事项清单（第 2 版）');
    expect(await page.locator(`#item-${ANNEX2_ITEMS[0].itemId}`).textContent()).toContain('不超过 4%');
    await shot(page, '03-checklist');

    await follow(page, page.getByRole('link', { name: '永州市零陵区市场监督管理局' }).first());
    await follow(page, page.getByRole('link', { name: '2026年度随机抽查工作计划' }));
    expect(await page.locator('h1').textContent()).toBe('2026年度随机抽查工作计划（第 1 版）');
    expect(await page.locator('table').textContent()).toContain(ANNEX2_ITEMS[0].name);
    await shot(page, '04-plan');

    await page.goBack();
    await follow(page, page.getByRole('link', { name: '2026年零陵区食品相关产品生产企业双随机抽查' }));
    expect(await page.locator('main').textContent()).toMatch(/抽取对象\s*4 户/);
    expect(await page.locator('main').textContent()).toContain(ANNEX2_ITEMS[9].name);
    await shot(page, '05-announcement');

    // 002 §19: the announcement lists the locked targets
    expect(await page.locator('#targets tbody tr').count()).toBe(4);
    for (const targetId of inspected) expect(await page.locator('#targets').textContent()).toContain(targetId);
    await follow(page, drawLink(page, confirmedDraw));
    const drawText = (await page.locator('main').textContent())!;
    expect(drawText).toContain('已确认');
    expect(drawText).toContain('dsr-draw-v1');
    expect(drawText).toContain('人大代表 李某');
    expect(drawText).toContain('抽取结果：辖区内食品相关产品生产企业（4 户）');
    expect(drawText).toMatch(/[0-9a-f]{64}/);
    expect(await page.locator('.stratum table').first().locator('tbody tr').count()).toBe(4);
    // the selection comes before the exclusions
    expect(drawText.indexOf('抽取结果：')).toBeLessThan(drawText.indexOf('排除对象及理由'));
    expect(drawText).toContain('排除对象及理由');
    expect(await page.locator('#exclusions tbody tr').textContent()).toMatch(/永州市零陵区菱角塘食品有限公司.*已注销.*已办理注销登记/);
    await shot(page, '06-draw');

    await follow(page, page.getByRole('link', { name: '核验本次抽取' }));
    expect(await page.locator('#result').textContent()).toContain('✓ 核验通过');
    const steps = page.locator('.steps li');
    expect(await steps.count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('.steps li.step-bad').count()).toBe(0);
    for (const mark of await page.locator('.steps .mark').allTextContents()) expect(mark).toBe('✓');
    expect(await page.locator('.steps').textContent()).toContain('抽取结果（辖区内食品相关产品生产企业）：重新抽取一致');
    await shot(page, '07-verify');
    await context.close();
  });

  it('shows a voided draw with its reason, kept in the record (全程留痕)', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/gs/departments/${COUNTY}`);
    await follow(page, drawLink(page.locator('#draws'), voidedDraw));
    const notice = (await page.locator('.notice').textContent())!;
    expect(notice).toContain('本次抽取已作废');
    expect(notice).toContain('抽取程序违规：抽取前未通知见证人到场，经法规科审核作废重抽');
    await shot(page, '08-voided-draw');
    await context.close();
  });

  it('finds a company by the start of its name and by its unified social credit code', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/gs`);
    await page.getByLabel('按企业名称或统一社会信用代码查询检查对象').fill('永州市零陵区潇水');
    await follow(page, page.getByRole('button', { name: '查询', exact: true }));
    expect(page.url()).toContain('/gs/targets?q=');
    const rows = page.locator('#results tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('永州市零陵区潇水食品有限公司');
    await shot(page, '09-target-search');

    // any part of a name: its middle, its end
    for (const part of ['区萍岛食品', '石岩头食品有限公司']) {
      await page.getByLabel('按企业名称或统一社会信用代码查询检查对象').fill(part);
      await follow(page, page.getByRole('button', { name: '查询', exact: true }));
      expect(await rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain(part);
    }

    await page.getByLabel('按企业名称或统一社会信用代码查询检查对象').fill(targets[5].creditCode.toLowerCase());
    await follow(page, page.getByRole('button', { name: '查询', exact: true }));
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(targets[5].name);

    await page.getByLabel('按企业名称或统一社会信用代码查询检查对象').fill('不存在的企业');
    await follow(page, page.getByRole('button', { name: '查询', exact: true }));
    expect(await page.locator('#results').textContent()).toContain('没有找到与“不存在的企业”相符的检查对象');
    await context.close();
  });

  it('shows a name holding markup as text: nothing in it runs', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/gs/targets?q=${encodeURIComponent('<script>')}`);
    expect(await page.locator('#results tbody tr').first().locator('td').first().textContent()).toBe(HOSTILE);
    expect(await page.evaluate('window.__injected')).toBeUndefined();
    expect(await page.inputValue('#q')).toBe('<script>');
    await context.close();
  });

  it('lists inspectors with the fields 000 §12 publishes and nothing else', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/gs/inspectors?departmentId=${COUNTY}`);
    const text = (await page.locator('main').textContent())!;
    expect(text).toContain('李明');
    expect(text).toContain(LI_MING.certificate.number);
    expect(text).toContain('食品安全、特种设备');
    expect(text).toContain('已过期'); // 张华's certificate lapsed in 2020
    for (const unpublished of ['gender', '男', '女', LI_MING.qualifications[0].number, LI_MING.post]) expect(text).not.toContain(unpublished);
    await shot(page, '10-inspectors');
    await context.close();
  });

  it('reads well on a 375px phone: nothing wider than the screen', async () => {
    const { context, page } = await open({ width: 375 });
    for (const [path, name] of [
      ['/gs', '11-phone-home'],
      [`/gs/draws/${confirmedDraw}`, '12-phone-draw'],
      [`/gs/draws/${confirmedDraw}/verify`, '13-phone-verify'],
      [`/gs/departments/${COUNTY}/checklist`, '14-phone-checklist'],
    ]) {
      await page.goto(`${base}${path}`);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
      await shot(page, name);
    }
    await context.close();
  });

  it('works with JavaScript switched off: plain links and a GET form reach the verification and the search', async () => {
    const { context, page } = await open({ javaScriptEnabled: false });
    await page.goto(`${base}/gs`);
    await follow(page, page.getByRole('link', { name: '永州市零陵区市场监督管理局' }));
    await follow(page, page.getByRole('link', { name: '2026年零陵区食品相关产品生产企业双随机抽查' }));
    await follow(page, drawLink(page, confirmedDraw));
    await follow(page, page.getByRole('link', { name: '核验本次抽取' }));
    expect(await page.locator('#result').textContent()).toContain('✓ 核验通过');
    expect(await page.locator('.steps li.step-bad').count()).toBe(0);

    await page.goto(`${base}/gs`);
    await page.fill('#q', '永州市零陵区柳子');
    await page.press('#q', 'Enter');
    await page.waitForURL(/\/gs\/targets\?q=/);
    expect(await page.locator('#results tbody tr').count()).toBe(1);
    await shot(page, '15-no-javascript-search');
    await context.close();
  });

  it('finds a published result by company name, opens it, and shows the correction next to the unchanged original (002 §28.4, §29)', async () => {
    const { context, page } = await open();
    const name = (await api.app.inject({ method: 'GET', url: `/public/targets/${inspected[0]}` })).json().name as string;
    await page.goto(`${base}/gs`);
    await page.getByLabel('按企业名称或统一社会信用代码查询抽查结果').fill(name.replace('永州市零陵区', '').replace('食品有限公司', ''));
    await follow(page, page.getByRole('button', { name: '查询结果' }));
    const rows = page.locator('#results tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('已更正 1 次');
    await shot(page, '16-result-search');

    await follow(page, rows.first().getByRole('link', { name }));
    expect(await page.locator('#original').textContent()).toContain('责令改正');
    expect(await page.locator('#original').textContent()).not.toContain('并予警告');
    const correction = (await page.locator('#correction-1').textContent())!;
    expect(correction).toContain('处理意见录入不全');
    expect(correction).toContain('责令限期改正，并予警告');
    for (const unpublished of [LI_MING.inspectorId, '李明', 'head-ll-1', '法定代表人'])
      expect(await page.locator('main').textContent()).not.toContain(unpublished);
    await shot(page, '17-result-with-correction');

    const byCode = await page.goto(`${base}/gs/results?q=${inspected[1]}`);
    expect(byCode?.status()).toBe(200);
    expect(await page.locator('#results tbody tr').count()).toBe(1);
    await context.close();
  });

  it("shows the department's annual execution summary from January of the next year (000 §26)", async () => {
    const { context, page } = await open();
    await page.goto(`${base}/gs/departments/${COUNTY}`);
    await follow(page, page.getByRole('link', { name: '2026年度随机抽查执行情况' }));
    const count = async (label: string) => (await page.locator('#totals tr', { hasText: label }).first().locator('td').last().textContent())?.trim();
    expect(await count('抽取检查对象户数')).toBe('4');
    expect(await count('抽取检查对象次数（含作废）')).toBe('2');
    expect(await count('结果已公示')).toBe('4');
    expect(await count('结果更正')).toBe('1');
    await shot(page, '18-annual-summary');
    await context.close();
  });

  it('filters the results by year and department and shows each with its items, task, fixed-vocabulary result and date (issue 13 item 5)', async () => {
    const { context, page } = await open({ width: 1280 });
    await page.goto(`${base}/gs/results`);
    const headings = (await page.locator('#results thead th').allTextContents()).map((h) => h.trim());
    expect(headings).toEqual(['企业名称', '统一社会信用代码', '抽查事项', '抽查任务', '检查结果', '公示日期']);
    const rows = page.locator('#results tbody tr');
    expect(await rows.count()).toBe(4);
    const first = (await rows.first().textContent())!;
    expect(first).toContain(ANNEX2_ITEMS[9].name);
    expect(first).toContain('2026年零陵区食品相关产品生产企业双随机抽查');
    expect(first).toMatch(/发现问题/);
    expect(first).toMatch(/2026-05-20/);
    for (const cell of await page.locator('#results tbody td[data-label="检查结果"] .tag:first-child').allTextContents())
      expect(RESULT_TERMS as readonly string[]).toContain(cell.trim());

    await page.selectOption('#ry', '2025');
    await follow(page, page.getByRole('button', { name: '查询结果' }));
    expect(page.url()).toContain('year=2025');
    expect(await rows.count()).toBe(0);
    expect(await page.locator('#results').textContent()).toContain('没有符合条件的已公示抽查结果');

    await page.selectOption('#ry', '2026');
    await page.selectOption('#rd', COUNTY);
    await follow(page, page.getByRole('button', { name: '查询结果' }));
    expect(page.url()).toContain(`departmentId=${COUNTY}`);
    expect(await rows.count()).toBe(4);
    expect(await page.inputValue('#ry')).toBe('2026');
    await shot(page, 'w1280-results-filtered');
    await context.close();
  });

  it('the word scan itself finds an English word, an id and an English detail', async () => {
    const { context, page } = await open();
    await page.setContent(
      '<main><p>本年度已被抽取满额 quota-reached</p><p class="hash">all/grade-D</p><p>名单池：lingling</p><p class="hash">3f9a0c1d2e4b5a6978877665544332211</p><p class="ref">ll-food-2026-d9</p><p>drawn 2 times in 2026</p></main>',
    );
    const leaks = (await asciiLeaks(page, [confirmedDraw])).map((l) => l.split(' ')[0]);
    expect(leaks).toEqual(['quota-reached', 'all/grade-D', 'lingling', 'll-food-2026-d9', 'drawn', 'times', 'in']);
    await context.close();
  });

  /**
   * Every public page at a desktop width and a phone's, each checked for words a citizen should
   * not meet and for sideways scrolling (tables are cards at 390 px), with a screenshot of each.
   */
  describe.each([1280, 390])('every public page at %i px', (width) => {
    const pages = (): [string, string][] => [
      ['home', '/gs'],
      ['department', `/gs/departments/${COUNTY}`],
      ['checklist', `/gs/departments/${COUNTY}/checklist`],
      ['checklist-v1', `/gs/departments/${COUNTY}/checklist/versions/1`],
      ['plan', '/gs/plans/lingling-2026'],
      ['announcement', `/gs/announcements/${TASK}`],
      ['draw', `/gs/draws/${confirmedDraw}`],
      ['draw-exclusions-page-2', `/gs/draws/${confirmedDraw}?page=2`],
      ['voided-draw', `/gs/draws/${voidedDraw}`],
      ['verify', `/gs/draws/${confirmedDraw}/verify`],
      ['results', '/gs/results'],
      ['results-by-name', `/gs/results?q=${encodeURIComponent('食品有限')}&year=2026`],
      ['result', `/gs/results/${TASK}/${inspected[0]}`],
      ['annual-summary', `/gs/departments/${COUNTY}/annual-summaries/2026`],
      ['inspectors', `/gs/inspectors?departmentId=${COUNTY}`],
      ['targets', `/gs/targets?q=${encodeURIComponent('食品')}`],
      ['targets-empty', '/gs/targets'],
      ['tree-heads', '/gs/tree-heads'],
      ['not-found', '/gs/draws/no-such-draw'],
    ];

    it('shows no English word or internal id, fits the screen, and breaks no style rule', async () => {
      const { context, page } = await open({ width });
      const violations: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      const leaks: string[] = [];
      const overflows: string[] = [];
      const cardless: string[] = [];
      let cardRows = 0;
      for (const [name, path] of pages()) {
        const response = await page.goto(`${base}${path}`);
        expect([200, 404]).toContain(response?.status());
        // the company registered under a name holding markup keeps its name as written
        leaks.push(...(await asciiLeaks(page, [confirmedDraw, voidedDraw], [HOSTILE])).map((leak) => `${path}: ${leak}`));
        // cards, not sideways scrolling: the document is no wider than the viewport — measured once
        // the fonts are in (a fallback font's wider glyphs would otherwise be measured on a busy machine)
        await page.evaluate('document.fonts.ready.then(() => true)');
        const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
        if (scrollWidth > width) overflows.push(`${path}: ${scrollWidth} px`);
        // at a phone's width every table row is a card: no header row shown, each cell labelled by its column
        if (width < 600) {
          const tables = await page.evaluate<{ headersShown: number; unlabelledCells: number; rows: number }>(`(() => {
            const tables = [...document.querySelectorAll('.table table')];
            const cells = tables.flatMap((t) => [...t.querySelectorAll('tbody td:not(.unlabelled)')]);
            return {
              headersShown: tables.filter((t) => t.tHead && getComputedStyle(t.tHead).display !== 'none').length,
              unlabelledCells: cells.filter((td) => !td.getAttribute('data-label') || getComputedStyle(td, '::before').content === 'none').length,
              rows: tables.reduce((n, t) => n + t.querySelectorAll('tbody tr').length, 0),
            };
          })()`);
          if (tables.headersShown > 0 || tables.unlabelledCells > 0) cardless.push(`${path}: ${JSON.stringify(tables)}`);
          cardRows += tables.rows;
        }
        await shot(page, `w${width}-${name}`);
      }
      expect(leaks).toEqual([]);
      expect(overflows).toEqual([]);
      expect(cardless).toEqual([]);
      // the check looked at tables: the results, draws and registries have rows
      if (width < 600) expect(cardRows).toBeGreaterThan(20);
      expect(violations).toEqual([]);
      await context.close();
    }, 120_000);
  });

  it('answers an unknown draw with a Chinese 404 page, not JSON', async () => {
    const { context, page } = await open();
    const response = await page.goto(`${base}/gs/draws/no-such-draw`);
    expect(response?.status()).toBe(404);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(await page.locator('h1').textContent()).toBe('未找到');
    const bad = await page.goto(`${base}/gs/departments/${COUNTY}/checklist/versions/first`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator('h1').textContent()).toBe('请求有误');
    await context.close();
  });
});
