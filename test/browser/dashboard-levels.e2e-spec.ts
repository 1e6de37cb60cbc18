/**
 * The dashboards that roll up (issue 13 item 4, "browser tests cover the dashboards at three
 * levels"): on the demo county built through HTTP (`runDemo`), Debian's headless Chromium signs in
 * with tokens `issueToken` minted, at the county (its unit head), the city and the province
 * (oversight), and checks on each page that
 * - every figure equals `GET /statistics/departments/:id`, publication.pending included (a result
 *   within its 20 working days is 期限内待公示, never failing);
 * - the subordinates' rows equal `GET /statistics/departments/:id/children`, by name;
 * - the department picker lists, by name, the departments the reader may open, and choosing one
 *   opens its dashboard;
 * - the to-do list is the reader's open duties as `GET /deadlines` answers them (a unit head's with
 *   the department's), by due date, with 提醒/督办 marks;
 * - no person, unit or task is shown by its id where a read model has its name.
 * Screenshots: test-output/screenshots/dashboard-level-*.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { SCREENSHOTS, launchChromium } from '../support/chromium';
import type { DepartmentStatistics, DepartmentView } from '@app/projections';
import { ApiHarness, startApi } from '../support/api-harness';
import { DemoSummary, runDemo } from '../../apps/cli/src/commands/demo';
import { issueToken } from '../../apps/cli/src/commands/issue-token';

const PROVINCE = 'hunan';
const CITY = 'yongzhou';
const COUNTY = 'lingling';
const SECTIONS = ['registry', 'publication', 'coverage', 'tasks', 'recusals', 'objections'] as const;
const MARKS: Record<string, string> = { reminder: '提醒', overdue: '督办', pending: '未到期' };

interface Duty {
  dutyId: string;
  dueOn: string;
  state: string;
  responsible: string[];
}

describe('dashboards at three levels in headless Chromium (issue 13 item 4)', () => {
  let api: ApiHarness;
  let base: string;
  let browser: Browser;
  let demo: DemoSummary;
  let year: string;
  let departments: DepartmentView[];
  let admin: string;
  /** Ids that have a name somewhere in the read models: departments, inspectors, tasks. */
  const named = new Map<string, string>();

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    api = await startApi({}, { listen: true });
    base = api.url!;
    demo = await runDemo(api.config, { url: base, targets: 500, seed: 'levels' });
    year = demo.today.slice(0, 4);
    browser = await launchChromium();
    admin = await issueToken(api.config, { sub: 'levels-admin', role: 'admin', unit: PROVINCE, ttl: '1h' });
    departments = (await getJson('/departments', admin)) as DepartmentView[];
    for (const d of departments) named.set(d.departmentId, d.name);
    for (const departmentId of departments.map((d) => d.departmentId)) {
      const inspectors = (await getJson(`/inspectors?departmentId=${departmentId}&limit=500`, admin)) as { items?: { inspectorId: string; name: string }[] };
      for (const inspector of inspectors.items ?? []) named.set(inspector.inspectorId, inspector.name);
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  async function getJson(path: string, token: string): Promise<unknown> {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect([path, response.status]).toEqual([path, 200]);
    return response.json();
  }

  async function open(token: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}/dashboard`);
    await page.fill('textarea[name=token]', token);
    await Promise.all([page.waitForURL(`${base}/dashboard`), page.click('button[type=submit]')]);
    return { context, page };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: resolve(SCREENSHOTS, `dashboard-level-${name}.png`), fullPage: true });

  const figures = (page: Page): Promise<Record<string, string>> =>
    page.$$eval('[data-stat]', (elements) => Object.fromEntries(elements.map((element) => [element.getAttribute('data-stat'), element.textContent])));

  const pct = (value: number | null) => (value === null ? '—' : `${value}%`);

  /** The figures of `GET /statistics/departments/:id` as the dashboard writes them. */
  function expectedFigures(s: DepartmentStatistics): Record<string, string> {
    const expected: Record<string, string> = {};
    for (const section of SECTIONS)
      for (const [field, value] of Object.entries(s[section]))
        if (typeof value === 'number' || value === null) expected[`${section}.${field}`] = /share$/i.test(field) ? pct(value) : String(value);
    for (const [state, count] of Object.entries(s.duties)) expected[`ladder.${s.departmentId}.${state}`] = String(count);
    for (const [grade, counts] of Object.entries(s.byGrade))
      for (const [field, value] of Object.entries(counts)) expected[`byGrade.${grade}.${field}`] = field === 'share' ? pct(value) : String(value);
    return expected;
  }

  /** The page's own figures equal the statistics API's; the subordinates' rows equal the children endpoint's. */
  async function expectFiguresOf(page: Page, departmentId: string, token: string): Promise<DepartmentStatistics[]> {
    const own = (await getJson(`/statistics/departments/${departmentId}?year=${year}`, token)) as DepartmentStatistics;
    const { children } = (await getJson(`/statistics/departments/${departmentId}/children?year=${year}`, token)) as { children: DepartmentStatistics[] };
    const shown = await figures(page);
    const expected = expectedFigures(own);
    for (const child of children) {
      expected[`ladder.${child.departmentId}.reminder`] = String(child.duties.reminder);
      expected[`ladder.${child.departmentId}.overdue`] = String(child.duties.overdue);
      expected[`ladder.${child.departmentId}.closed-late`] = String(child.duties['closed-late']);
      expected[`ladder.${child.departmentId}.closed-on-time`] = String(child.duties['closed-on-time']);
      expected[`ladder.${child.departmentId}.pending`] = String(child.duties.pending);
      const prefix = `children.${child.departmentId}`;
      Object.assign(expected, {
        [`${prefix}.registry.size`]: String(child.registry.size),
        [`${prefix}.registry.inspected`]: String(child.registry.inspected),
        [`${prefix}.registry.share`]: pct(child.registry.share),
        [`${prefix}.publication.due`]: String(child.publication.due),
        [`${prefix}.publication.onTime`]: String(child.publication.onTime),
        [`${prefix}.publication.pending`]: String(child.publication.pending),
        [`${prefix}.publication.overdue`]: String(child.publication.overdue),
        [`${prefix}.tasks.total`]: String(child.tasks.total),
        [`${prefix}.duties.overdue`]: String(child.duties.overdue),
      });
    }
    // every figure on the page is one the API gives, and equal to it
    expect(shown).toEqual(Object.fromEntries(Object.keys(shown).map((key) => [key, expected[key]])));
    expect(shown['publication.pending']).toBe(String(own.publication.pending));

    // one row per subordinate, by name, in the order of the children endpoint
    const rows = page.locator('#subordinates tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-child')))).toEqual(children.map((c) => c.departmentId));
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')?.textContent))).toEqual(children.map((c) => named.get(c.departmentId)));
    // a unit whose results are only within their 20 working days is not marked as failing
    for (const child of children) {
      const mark = (await page.locator(`#subordinates tr[data-child="${child.departmentId}"] .mark`).textContent())!;
      if (child.publication.late === 0 && child.publication.overdue === 0) expect(mark).not.toBe('未达标');
    }
    const card = page.locator('.card', { has: page.locator('[data-stat="publication.share"]') });
    if (own.publication.due > 0) expect(await card.getAttribute('class')).toContain(own.publication.late + own.publication.overdue === 0 ? 'met' : 'unmet');
    return children;
  }

  /** The picker lists, by name, exactly the departments given, the one shown selected. */
  async function expectPicker(page: Page, departmentIds: readonly string[], selected: string): Promise<void> {
    const options = await page
      .locator('#department-picker option')
      .evaluateAll((os) =>
        os.map((o) => ({
          value: (o as unknown as { value: string; selected: boolean }).value,
          label: o.textContent!.replace(/^[　]+/, ''),
          selected: (o as unknown as { value: string; selected: boolean }).selected,
        })),
      );
    expect(options.map((o) => o.value).sort()).toEqual([...departmentIds].sort());
    for (const option of options) expect(option).toEqual({ value: option.value, label: named.get(option.value), selected: option.value === selected });
  }

  /** The to-do list equals the open duties the deadline API gives for the reader, by due date, with their marks. */
  async function expectTodo(page: Page, token: string, queries: readonly string[]): Promise<Duty[]> {
    const lists = await Promise.all(queries.map(async (q) => ((await getJson(`/deadlines?${q}&limit=500`, token)) as { items: Duty[] }).items));
    const open = new Map<string, Duty>();
    for (const duty of lists.flat()) if (duty.state in MARKS) open.set(duty.dutyId, duty);
    const expected = [...open.values()].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.dutyId.localeCompare(b.dutyId)).slice(0, 50);
    const rows = await page.locator('#notices tr[data-duty]').evaluateAll((trs) =>
      trs.map((tr) => ({
        dutyId: tr.getAttribute('data-duty'),
        state: tr.getAttribute('data-state'),
        dueOn: tr.querySelector('td')?.textContent,
        mark: tr.querySelector('.mark')?.textContent,
        people: tr.querySelector('[data-people]')?.textContent,
      })),
    );
    expect(rows).toEqual(
      expected.map((duty) => ({
        dutyId: duty.dutyId,
        state: duty.state,
        dueOn: duty.dueOn,
        mark: MARKS[duty.state],
        people: duty.responsible.length ? duty.responsible.map((id) => named.get(id) ?? id).join('、') : '—',
      })),
    );
    if (expected.length > 0) expect(await page.locator('[data-todo="total"]').textContent()).toBe(String(open.size));
    return expected;
  }

  /** No id that has a name is shown as text: departments, inspectors, tasks by name only. */
  async function expectNoRawIds(page: Page): Promise<void> {
    const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
    const shown = [...named.keys()].filter((id) => new RegExp(`(?<![\\w-])${id.replace(/[-]/g, '\\-')}(?![\\w-])`).test(text));
    expect(shown).toEqual([]);
  }

  it("county: the unit head sees the county's figures equal to the API, the department's duties by deadline marked 提醒/督办, names not ids", async () => {
    const token = await issueToken(api.config, { sub: 'll-head-jiang', role: 'unit-head', unit: COUNTY, ttl: '1h' });
    const { context, page } = await open(token);
    expect(await page.locator('h1').textContent()).toBe(`${named.get(COUNTY)} · ${year} 年度考核`);
    expect(await page.locator('header .who').textContent()).toContain(named.get(COUNTY));
    const children = await expectFiguresOf(page, COUNTY, token);
    expect(children).toEqual([]);
    // a county's picker is the county alone: nothing to choose, so none is shown
    const subtree = departments.filter((d) => d.departmentId === COUNTY || d.parentId === COUNTY).map((d) => d.departmentId);
    if (subtree.length > 1) await expectPicker(page, subtree, COUNTY);
    else expect(await page.locator('#department-picker').count()).toBe(0);
    const todo = await expectTodo(page, token, [`person=ll-head-jiang`, `departmentId=${COUNTY}`]);
    // the demo leaves the county work in progress: the unit head has duties to do
    expect(todo.length).toBeGreaterThan(0);
    expect(await page.locator('#todo').textContent()).toContain('本单位');
    // the tasks of the recent draws by title
    for (const title of await page
      .locator('section', { has: page.locator('h2', { hasText: '最近抽取' }) })
      .locator('tbody tr td:nth-child(3)')
      .allTextContents())
      expect(title).toMatch(/抽查/);
    await expectNoRawIds(page);
    await shot(page, 'county');
    await context.close();
  });

  it("city: staff see the city's own figures and each county's row equal to the children endpoint, and pick a county by name", async () => {
    const token = await issueToken(api.config, { sub: 'yz-staff-he', role: 'staff', unit: CITY, ttl: '1h' });
    const { context, page } = await open(token);
    expect(await page.locator('h1').textContent()).toBe(`${named.get(CITY)} · ${year} 年度考核`);
    const children = await expectFiguresOf(page, CITY, token);
    expect(children.map((c) => c.departmentId)).toEqual(expect.arrayContaining([COUNTY, 'qiyang']));
    const below = new Set([CITY]);
    for (let grew = true; grew;) {
      grew = false;
      for (const d of departments) if (d.parentId && below.has(d.parentId) && !below.has(d.departmentId)) (below.add(d.departmentId), (grew = true));
    }
    await expectPicker(page, [...below], CITY);
    await expectTodo(page, token, ['person=yz-staff-he']);
    await expectNoRawIds(page);
    await shot(page, 'city');

    // the picker opens a county's dashboard
    await page.selectOption('#department-picker', COUNTY);
    await Promise.all([page.waitForURL(`${base}/dashboard?department=${COUNTY}&year=${year}`), page.click('form.pick button[type=submit]')]);
    expect(await page.locator('h1').textContent()).toBe(`${named.get(COUNTY)} · ${year} 年度考核`);
    await expectFiguresOf(page, COUNTY, token);
    await context.close();
  });

  it("province: oversight sees the province's roll-up of its cities and picks any department from a list of names", async () => {
    const token = await issueToken(api.config, { sub: 'oversight-levels', role: 'oversight', unit: PROVINCE, ttl: '1h' });
    const { context, page } = await open(token);
    expect(await page.locator('h1').textContent()).toBe(`${named.get(PROVINCE)} · ${year} 年度考核`);
    expect(await page.locator('header .who').textContent()).toContain('纪检监察');
    const children = await expectFiguresOf(page, PROVINCE, token);
    expect(children.map((c) => c.departmentId)).toContain(CITY);
    await expectPicker(
      page,
      departments.map((d) => d.departmentId),
      PROVINCE,
    );
    await expectTodo(page, token, ['person=oversight-levels']);
    await expectNoRawIds(page);
    await shot(page, 'province-oversight');

    // any department, by name: the joint task's agricultural bureau
    const agri =
      departments.find((d) => d.departmentId !== COUNTY && d.departmentId.startsWith(COUNTY)) ?? departments.find((d) => d.departmentId === 'qiyang')!;
    await page.selectOption('#department-picker', { label: `${'　'.repeat(await depthOf(agri.departmentId))}${agri.name}` });
    await Promise.all([page.waitForURL(`${base}/dashboard?department=${agri.departmentId}&year=${year}`), page.click('form.pick button[type=submit]')]);
    expect(await page.locator('h1').textContent()).toBe(`${agri.name} · ${year} 年度考核`);
    await expectFiguresOf(page, agri.departmentId, token);
    await expectPicker(
      page,
      departments.map((d) => d.departmentId),
      agri.departmentId,
    );
    await shot(page, 'province-oversight-picked');
    await context.close();
  });

  async function depthOf(departmentId: string): Promise<number> {
    let depth = 0;
    for (let d = departments.find((x) => x.departmentId === departmentId); d?.parentId; d = departments.find((x) => x.departmentId === d!.parentId)) depth += 1;
    return depth;
  }
});
