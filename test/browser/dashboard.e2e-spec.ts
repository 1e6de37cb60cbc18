/**
 * The dashboard in a real browser (issue 6 item 6 and "the statistics on the dashboard match
 * counts recomputed from the log"): Debian's headless Chromium through playwright-core signs in
 * with a token through the form, follows plain links with the HttpOnly cookie, and reads every
 * figure on the page, which must equal `recountStatistics` — the test's own fold over the log.
 * Screenshots: test-output/screenshots/dashboard.png (a county), dashboard-city.png (its city).
 */
import { mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { SCREENSHOTS, launchChromium } from '../support/chromium';
import { WorkingDayCalendar, chineseDaysSource } from '@app/calendar';
import { DASHBOARD_COOKIE } from '@app/platform';
import { ApiHarness, startApi } from '../support/api-harness';
import { COUNTY } from '../fixtures/draw-world';
import { CITY, NOW, OTHER_COUNTY, TODAY, YEAR, buildStatisticsWorld, recountStatistics } from '../fixtures/statistics-world';

describe('dashboard in headless Chromium (issue 6 item 6)', () => {
  let api: ApiHarness;
  let base: string;
  let browser: Browser;
  const calendar = new WorkingDayCalendar(chineseDaysSource, []);
  const recount = async (departmentId: string) => recountStatistics(await api.events.readAll(), departmentId, YEAR, TODAY, calendar);

  /** Every figure the page shows, by its `data-stat` name. */
  const figures = (page: Page) =>
    page.$$eval('[data-stat]', (elements) => Object.fromEntries(elements.map((element) => [element.getAttribute('data-stat'), element.textContent])));

  async function signIn(page: Page, token: string): Promise<void> {
    await page.goto(`${base}/dashboard`);
    // without a cookie the dashboard answers with the sign-in form
    await page.fill('textarea[name=token]', token);
    await Promise.all([page.waitForURL(`${base}/dashboard`), page.click('button[type=submit]')]);
  }

  beforeAll(async () => {
    api = await startApi({}, { clock: { now: () => NOW } });
    await buildStatisticsWorld(api);
    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('signs a county in through the form, keeps the token in an HttpOnly cookie and shows figures equal to the recount', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, await api.tokenFor('staff-1', 'staff', COUNTY));
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: DASHBOARD_COOKIE, path: '/dashboard', httpOnly: true, sameSite: 'Strict' });
    // the page's own scripts (it has none) could not read it either
    expect(await page.evaluate('document.cookie')).toBe('');

    const counted = await recount(COUNTY);
    const pct = (share: number | null) => (share === null ? '—' : `${share}%`);
    const shown = await figures(page);
    expect(shown).toMatchObject({
      'registry.size': String(counted.registry.size),
      'registry.inspected': String(counted.registry.inspected),
      'registry.share': pct(counted.registry.share),
      'publication.due': String(counted.publication.due),
      'publication.published': String(counted.publication.published),
      'publication.exempted': String(counted.publication.exempted),
      'publication.onTime': String(counted.publication.onTime),
      'publication.late': String(counted.publication.late),
      'publication.overdue': String(counted.publication.overdue),
      'publication.share': pct(counted.publication.share),
      'publication.onTimeShare': pct(counted.publication.onTimeShare),
      'coverage.planItems': String(counted.coverage.planItems),
      'coverage.checklistItems': String(counted.coverage.checklistItems),
      'coverage.share': pct(counted.coverage.share),
      'tasks.total': String(counted.tasks.total),
      'tasks.onTime': String(counted.tasks.onTime),
      'tasks.late': String(counted.tasks.late),
      'tasks.overdue': String(counted.tasks.overdue),
      'tasks.open': String(counted.tasks.open),
      'tasks.onTimeShare': pct(counted.tasks.onTimeShare),
      'recusals.recusals': String(counted.recusals.recusals),
      'recusals.releases': String(counted.recusals.releases),
      'recusals.replacements': String(counted.recusals.replacements),
      'objections.received': String(counted.objections.received),
      'objections.upheld': String(counted.objections.upheld),
      'objections.corrections': String(counted.objections.corrections),
      [`ladder.${COUNTY}.reminder`]: String(counted.duties.reminder),
      [`ladder.${COUNTY}.overdue`]: String(counted.duties.overdue),
      [`ladder.${COUNTY}.closed-late`]: String(counted.duties['closed-late']),
      [`ladder.${COUNTY}.closed-on-time`]: String(counted.duties['closed-on-time']),
      [`ladder.${COUNTY}.pending`]: String(counted.duties.pending),
    });
    expect(await page.locator('svg.chart').count()).toBeGreaterThan(4);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'dashboard.png'), fullPage: true });

    // a recent draw links to its public page
    await page.click('a[href="/gs/draws/t-a-d1"]');
    await page.waitForURL(`${base}/gs/draws/t-a-d1`);
    await context.close();
  });

  it('shows a city its counties side by side, equal to their recounts, and opens a county by a plain link', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, await api.tokenFor('staff-3', 'staff', CITY));
    const shown = await figures(page);
    for (const county of [COUNTY, OTHER_COUNTY]) {
      const counted = await recount(county);
      expect([county, shown[`children.${county}.registry.size`], shown[`children.${county}.registry.inspected`], shown[`ladder.${county}.overdue`]]).toEqual([
        county,
        String(counted.registry.size),
        String(counted.registry.inspected),
        String(counted.duties.overdue),
      ]);
    }
    await page.screenshot({ path: resolve(SCREENSHOTS, 'dashboard-city.png'), fullPage: true });

    await page.click(`a[href="/dashboard?department=${COUNTY}&year=${YEAR}"]`);
    expect((await figures(page))['registry.size']).toBe(String((await recount(COUNTY)).registry.size));

    // signing out clears the cookie: the next visit is the sign-in form again
    await Promise.all([page.waitForURL(`${base}/dashboard/login`), page.click('header button[type=submit]')]);
    expect(await context.cookies()).toEqual([]);
    await page.goto(`${base}/dashboard`);
    expect(await page.locator('textarea[name=token]').count()).toBe(1);
    await context.close();
  });
});
