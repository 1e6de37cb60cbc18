/**
 * The demo county in a real browser (issue 6, "Browser tests in headless Chromium … open the public
 * page and the dashboard on the demo data"): the app listens on 127.0.0.1, `runDemo` builds the
 * county through HTTP only, and Debian's headless Chromium (playwright-core, no browser download)
 * walks it as a newcomer would — the home page, the county, a published result found by company
 * name and by credit code with its correction next to the original (002 §28.4, §29), a draw and
 * its verification (002 §16–19), then the dashboard signed in with tokens `issueToken` minted
 * (003 §1, 003 §3(4)). Screenshots: test-output/screenshots/demo-*.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { SCREENSHOTS, launchChromium } from '../support/chromium';
import type { DepartmentStatistics } from '@app/projections';
import { ApiHarness, startApi } from '../support/api-harness';
import { DemoSummary, runDemo } from '../../apps/cli/src/commands/demo';
import { issueToken } from '../../apps/cli/src/commands/issue-token';

const COUNTY = 'lingling';
const COUNTY_NAME = '永州市零陵区市场监督管理局';
const RESULT_SEARCH = '按企业名称或统一社会信用代码查询抽查结果';
/** The dashboard's figures grouped as `GET /statistics/departments/:id` groups them. */
const SECTIONS = ['registry', 'publication', 'coverage', 'tasks', 'recusals', 'objections'] as const;

describe('the demo county in headless Chromium (issue 6 items 5–7)', () => {
  let api: ApiHarness;
  let base: string;
  let browser: Browser;
  let demo: DemoSummary;
  let objected: { name: string; creditCode: string };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    api = await startApi({}, { listen: true });
    base = api.url!;
    demo = await runDemo(api.config, { url: base, targets: 500, seed: 'browser' });
    const target = (await (await fetch(`${base}/public/targets/${demo.objectedResult.targetId}`)).json()) as { name: string; creditCode: string };
    objected = { name: target.name, creditCode: target.creditCode };
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  async function open(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'zh-CN' });
    return { context, page: await context.newPage() };
  }

  /** Clicks a link or button and waits until the next page has loaded. */
  async function follow(page: Page, target: Locator): Promise<void> {
    const before = page.url();
    await target.click();
    await page.waitForURL((url) => url.toString() !== before);
    await page.waitForLoadState('domcontentloaded');
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: resolve(SCREENSHOTS, `demo-${name}.png`), fullPage: true });

  async function searchResults(page: Page, q: string): Promise<Locator> {
    await page.getByLabel(RESULT_SEARCH).fill(q);
    await follow(page, page.getByRole('button', { name: '查询结果' }));
    expect(page.url()).toContain('/gs/results?');
    return page.locator('#results tbody tr');
  }

  it('walks from the home page to the county and finds the objected result by company name and by credit code (002 §28.4)', async () => {
    const { context, page } = await open();
    expect((await page.goto(`${base}/gs`))?.status()).toBe(200);
    // the announcements of the three demo tasks, each listed after its draw was locked (002 §19)
    const home = (await page.locator('main').textContent())!;
    const year = demo.today.slice(0, 4);
    expect(home).toContain(`${year}年零陵区产品质量和食品相关产品双随机抽查`);
    expect(home).toContain(`${year}年零陵区特种设备生产单位定向抽查`);
    // the joint task with 零陵区农业农村局 (004 §2(4)), owned and announced by 零陵区
    expect(home).toContain(`${year}年零陵区食用农产品和农资经营跨部门联合抽查`);
    await shot(page, '01-home');

    await follow(page, page.getByRole('link', { name: COUNTY_NAME }));
    expect(await page.locator('h1').textContent()).toBe(COUNTY_NAME);
    expect(await page.locator('#checklist').textContent()).toContain('现行版本：第 2 版');
    expect(await page.locator('#draws tbody tr').count()).toBe(demo.drawIds.length);
    await shot(page, '02-county');

    // the county page's form searches this county's published results only
    const byName = await searchResults(page, objected.name);
    expect(page.url()).toContain(`departmentId=${COUNTY}`);
    expect(await byName.count()).toBe(1);
    expect(await byName.first().textContent()).toContain(objected.creditCode);
    expect(await byName.first().textContent()).toContain('已更正 1 次');
    await shot(page, '03-result-search-by-name');

    const byCode = await searchResults(page, objected.creditCode.toLowerCase());
    expect(await byCode.count()).toBe(1);
    expect(await byCode.first().getByRole('link').first().textContent()).toBe(objected.name);
    await shot(page, '04-result-search-by-code');
    await context.close();
  });

  it('opens the objected result: the upheld objection corrects it next to the unchanged original (002 §29)', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/gs/results?q=${encodeURIComponent(objected.creditCode)}`);
    await follow(page, page.locator('#results tbody tr').first().getByRole('link', { name: objected.name }));
    expect(page.url()).toBe(`${base}/gs/results/${demo.objectedResult.taskId}/${demo.objectedResult.targetId}`);
    expect(await page.locator('h1').textContent()).toBe(`抽查结果：${objected.name}`);
    // dd order in a result block: name, credit code, conclusion, handling
    const conclusion = (section: string) => page.locator(`${section} dl dd`).nth(2).textContent();
    expect(await conclusion('#original')).toBe('发现问题');
    expect(await page.locator('#original').textContent()).toContain('责令限期改正');
    expect(await conclusion('#correction-1')).toBe('未发现问题');
    const correction = (await page.locator('#correction-1').textContent())!;
    expect(correction).toContain('因检查对象提出的第 1 项异议经复核成立而更正');
    expect(correction).toContain('无需处理');
    expect(await page.locator('[id^=correction-]').count()).toBe(1);
    await shot(page, '05-result-with-correction');
    await context.close();
  });

  it("opens the completed task's draw from the county page and verifies it: every step ✓ (002 §16–18)", async () => {
    const { context, page } = await open();
    await page.goto(`${base}/gs/departments/${COUNTY}`);
    // a draw is named by its ordinal in its task (第 N 次抽取), so it is found by its address
    await follow(page, page.locator(`#draws a[href="/gs/draws/${demo.drawIds[0]}"]`).first());
    const text = (await page.locator('main').textContent())!;
    expect(text).toContain('已确认');
    expect(text).toMatch(/永州市潇湘公证处公证员/);
    expect(text).toMatch(/零陵区人大代表/);
    expect(text).toMatch(/抽取结果：[^（]+（12 户）/);
    expect(text).toMatch(/[0-9a-f]{64}/);
    await shot(page, '06-draw');

    await follow(page, page.getByRole('link', { name: '核验本次抽取' }));
    expect(page.url()).toBe(`${base}/gs/draws/${demo.drawIds[0]}/verify`);
    expect(await page.locator('#result').textContent()).toContain('✓ 核验通过');
    expect(await page.locator('.steps li').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('.steps li.step-bad').count()).toBe(0);
    for (const mark of await page.locator('.steps .mark').allTextContents()) expect(mark).toBe('✓');
    // the pool named by its class's label, not its id
    expect(await page.locator('.steps').textContent()).toMatch(/抽取结果（[^）A-Za-z]+）：重新抽取一致/);
    await shot(page, '07-verify');

    // the directional task's draw, over a filtered class by ratio, verifies as well
    await page.goto(`${base}/gs/draws/${demo.drawIds[1]}/verify`);
    expect(await page.locator('#result').textContent()).toContain('✓ 核验通过');
    expect(await page.locator('.steps li.step-bad').count()).toBe(0);
    await context.close();
  });

  /** Signs in through the form with a token; the dashboard keeps it in its cookie. */
  async function signIn(page: Page, token: string): Promise<void> {
    await page.goto(`${base}/dashboard`);
    await page.fill('textarea[name=token]', token);
    await Promise.all([page.waitForURL(`${base}/dashboard`), page.click('button[type=submit]')]);
  }

  /** Every figure the page shows, by its `data-stat` name. */
  const figures = (page: Page): Promise<Record<string, string>> =>
    page.$$eval('[data-stat]', (elements) => Object.fromEntries(elements.map((element) => [element.getAttribute('data-stat'), element.textContent])));

  async function statistics(departmentId: string, token: string): Promise<DepartmentStatistics> {
    const year = demo.today.slice(0, 4);
    const response = await fetch(`${base}/statistics/departments/${departmentId}?year=${year}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as DepartmentStatistics;
  }

  /** The figures the statistics API answers, written as the dashboard writes them. */
  function expectedFigures(s: DepartmentStatistics, departmentId: string): Record<string, string> {
    const expected: Record<string, string> = {};
    for (const section of SECTIONS)
      for (const [field, value] of Object.entries(s[section]))
        if (typeof value === 'number' || value === null)
          expected[`${section}.${field}`] = /share$/i.test(field) ? (value === null ? '—' : `${value}%`) : String(value);
    for (const [state, count] of Object.entries(s.duties)) expected[`ladder.${departmentId}.${state}`] = String(count);
    // coverage by credit-risk grade (002 §15)
    for (const [grade, figures] of Object.entries(s.byGrade))
      for (const [field, value] of Object.entries(figures))
        expected[`byGrade.${grade}.${field}`] = field === 'share' ? (value === null ? '—' : `${value}%`) : String(value);
    return expected;
  }

  it("signs county staff in with an issued token and shows the county's charts, figures equal to the statistics API, and its deadline ladder (003 §1, §3(4))", async () => {
    const token = await issueToken(api.config, { sub: 'll-staff-liu', role: 'staff', unit: COUNTY, ttl: '1h' });
    const { context, page } = await open();
    await signIn(page, token);
    expect(await page.locator('h1').textContent()).toBe(`${COUNTY_NAME} · ${demo.today.slice(0, 4)} 年度考核`);

    const shown = await figures(page);
    const expected = expectedFigures(await statistics(COUNTY, token), COUNTY);
    // every figure on the page (a county has no subordinates' table) equals the API's; a figure the API lacks reads undefined and fails
    const compared = Object.keys(shown);
    expect(compared.length).toBeGreaterThanOrEqual(30);
    expect(shown).toEqual(Object.fromEntries(compared.map((key) => [key, expected[key]])));
    // the demo's own story, as the page reports it: every reported result published (the joint task's too), one objection
    // upheld, two corrections; three tasks — the completed one, the one in progress, and the joint task 零陵区 owns (004 §2(4))
    expect(shown).toMatchObject({
      'publication.published': String(demo.publishedResults),
      'objections.received': '1',
      'objections.upheld': '1',
      'objections.corrections': '2',
      'tasks.total': '3',
    });
    expect(Number(shown['registry.inspected'])).toBeGreaterThan(0);
    expect(Number(shown['recusals.replacements'])).toBeGreaterThan(0);

    expect(await page.locator('svg.chart').count()).toBeGreaterThan(4);
    const ladder = page.locator('section', { has: page.locator('h2', { hasText: '期限阶梯' }) });
    expect(await ladder.locator('tbody tr').first().locator('td').first().textContent()).toBe(COUNTY_NAME);
    expect(await ladder.locator('svg.chart').count()).toBeGreaterThanOrEqual(1);
    const recent = page.locator('section', { has: page.locator('h2', { hasText: '最近抽取' }) });
    for (const drawId of demo.drawIds) expect(await recent.locator(`a[href="/gs/draws/${drawId}"]`).count()).toBe(1);
    await shot(page, '08-dashboard-county');
    await context.close();
  });

  it('signs oversight in at the province and follows plain links down to the city, whose counties match their statistics', async () => {
    const token = await issueToken(api.config, { sub: 'oversight-1', role: 'oversight', unit: 'hunan', ttl: '1h' });
    const { context, page } = await open();
    await signIn(page, token);
    expect(await page.locator('h1').textContent()).toContain('湖南省市场监督管理局');
    expect(await page.locator('header .who').textContent()).toContain('纪检监察');
    await shot(page, '09-dashboard-oversight-province');

    await follow(page, page.locator(`a[href="/dashboard?department=yongzhou&year=${demo.today.slice(0, 4)}"]`));
    expect(await page.locator('h1').textContent()).toContain('永州市市场监督管理局');
    const shown = await figures(page);
    for (const county of [COUNTY, 'qiyang']) {
      const counted = await statistics(county, token);
      expect([county, shown[`children.${county}.registry.size`], shown[`children.${county}.registry.inspected`], shown[`ladder.${county}.overdue`]]).toEqual([
        county,
        String(counted.registry.size),
        String(counted.registry.inspected),
        String(counted.duties.overdue),
      ]);
    }
    // the ladder has a row for the city and one per county
    const ladder = page.locator('section', { has: page.locator('h2', { hasText: '期限阶梯' }) });
    expect(await ladder.locator('tbody tr').count()).toBe(3);
    await shot(page, '10-dashboard-oversight-city');
    await context.close();
  });
});
