/**
 * Assessment statistics end to end (issue 6 item 4 and "the statistics on the dashboard match
 * counts recomputed from the log in a test"; DOMAIN.md, Oversight and assessment: 003 §1
 * §3(3)–(4), 002 §36). A year of two counties is written into the log; every statistic the API
 * and the dashboard give is compared with `recountStatistics`, the test's own fold over
 * `readAll()`, and a few with the numbers the history was built to produce.
 */
import { WorkingDayCalendar, chineseDaysSource } from '@app/calendar';
import { DASHBOARD_COOKIE } from '@app/platform';
import { ApiHarness, startApi } from './support/api-harness';
import { COUNTY } from './fixtures/draw-world';
import { CITY, NOW, OTHER_COUNTY, Recount, TODAY, YEAR, buildStatisticsWorld, recountStatistics } from './fixtures/statistics-world';

/** The figures the dashboard shows, by their `data-stat` name. */
function statsOnPage(page: string): Map<string, string> {
  return new Map([...page.matchAll(/<span data-stat="([^"]+)">([^<]*)<\/span>/g)].map((m) => [m[1], m[2]]));
}

const pct = (share: number | null) => (share === null ? '—' : `${share}%`);

/** What the page must show for a department's recount, by `data-stat`. */
function expectedFigures(recount: Recount): Record<string, string> {
  const { registry, publication, coverage, tasks, recusals, objections } = recount;
  return {
    'registry.size': String(registry.size),
    'registry.inspected': String(registry.inspected),
    'registry.share': pct(registry.share),
    'publication.due': String(publication.due),
    'publication.published': String(publication.published),
    'publication.exempted': String(publication.exempted),
    'publication.onTime': String(publication.onTime),
    'publication.late': String(publication.late),
    'publication.overdue': String(publication.overdue),
    'publication.share': pct(publication.share),
    'publication.onTimeShare': pct(publication.onTimeShare),
    'coverage.planItems': String(coverage.planItems),
    'coverage.checklistItems': String(coverage.checklistItems),
    'coverage.share': pct(coverage.share),
    'tasks.total': String(tasks.total),
    'tasks.onTime': String(tasks.onTime),
    'tasks.late': String(tasks.late),
    'tasks.overdue': String(tasks.overdue),
    'tasks.open': String(tasks.open),
    'tasks.onTimeShare': pct(tasks.onTimeShare),
    'recusals.recusals': String(recusals.recusals),
    'recusals.releases': String(recusals.releases),
    'recusals.replacements': String(recusals.replacements),
    'objections.received': String(objections.received),
    'objections.upheld': String(objections.upheld),
    'objections.corrections': String(objections.corrections),
  };
}

function ladderFigures(departmentId: string, recount: Recount): Record<string, string> {
  return Object.fromEntries(
    (['reminder', 'overdue', 'closed-late', 'closed-on-time', 'pending'] as const).map((state) => [
      `ladder.${departmentId}.${state}`,
      String(recount.duties[state]),
    ]),
  );
}

describe('assessment statistics (e2e; 003 §1 §3, 002 §36)', () => {
  let api: ApiHarness;
  let countyStaff: string;
  let cityStaff: string;
  let oversight: string;
  let otherCountyStaff: string;
  const calendar = new WorkingDayCalendar(chineseDaysSource, []);
  const recount = async (departmentId: string) => recountStatistics(await api.events.readAll(), departmentId, YEAR, TODAY, calendar);
  const get = (url: string, headers: Record<string, string> = {}) => api.app.inject({ method: 'GET', url, headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    api = await startApi({}, { clock: { now: () => NOW } });
    await buildStatisticsWorld(api);
    countyStaff = await api.tokenFor('staff-1', 'staff', COUNTY);
    otherCountyStaff = await api.tokenFor('staff-2', 'staff', OTHER_COUNTY);
    cityStaff = await api.tokenFor('staff-3', 'staff', CITY);
    oversight = await api.tokenFor('oversight-1', 'oversight', 'discipline');
  }, 60_000);
  afterAll(() => api.close());

  it('gives every statistic of a county equal to the counts recomputed from the log', async () => {
    const response = await get(`/statistics/departments/${COUNTY}?year=${YEAR}`, bearer(countyStaff));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const expected = await recount(COUNTY);
    expect(body).toMatchObject({ departmentId: COUNTY, year: YEAR, asOf: TODAY, registryOn: TODAY, ...expected });
  });

  it('counts the history as it was built: 57 targets on the registry, 7 drawn (12.3%), 6 results due', async () => {
    const body = (await get(`/statistics/departments/${COUNTY}?year=${YEAR}`, bearer(countyStaff))).json();
    // 61 registered less one in 2027, one deregistered, one revoked, one transferred away; the one deregistered in 2027 still counts
    // L0–L3 by t-a, L3 again with L4 and L5 by t-b, L7 by t-c; the 2025 task's L8 and L9 not
    expect(body.registry).toEqual({ size: 57, inspected: 7, share: 12.3, goal: 5, met: true });
    // L0 on time, L1 late, L2 exempted on time, L3 and L5 overdue, L4 on time
    expect(body.publication).toMatchObject({ due: 6, published: 3, exempted: 1, onTime: 3, late: 1, overdue: 2, met: false });
    expect(body.coverage).toEqual({
      plans: [{ planId: 'll-2026', version: 2, checklistVersion: 1, planItems: 3, checklistItems: 5 }],
      planItems: 3,
      checklistItems: 5,
      share: 60,
    });
    expect(body.tasks).toEqual({ total: 4, completed: 2, onTime: 1, late: 1, overdue: 1, open: 1, onTimeShare: 50 });
    expect(body.recusals).toEqual({ recusals: 2, releases: 1, replacements: 2 });
    expect(body.objections).toEqual({ received: 3, upheld: 1, corrections: 1 });
    // publication: L0, L2, L4 on time, L1 late, L3 and L5 overdue; objections: L0's review on time and its feedback overdue,
    // L1's first review late (10-30 after 09-07) and fed back on time, its second awaiting review within its days
    expect(body.duties).toEqual({ pending: 1, reminder: 0, overdue: 3, 'closed-on-time': 5, 'closed-late': 2, total: 11 });
  });

  it('lets a city read its counties side by side, each equal to its recount', async () => {
    const response = await get(`/statistics/departments/${CITY}/children?year=${YEAR}`, bearer(cityStaff));
    expect(response.statusCode).toBe(200);
    const { children } = response.json();
    expect(children.map((child: { departmentId: string }) => child.departmentId).sort()).toEqual([COUNTY, OTHER_COUNTY].sort());
    for (const child of children) expect(child).toMatchObject(await recount(child.departmentId));
    // Qiyang: 20 registered plus the one transferred in on 06-01
    expect(children.find((child: { departmentId: string }) => child.departmentId === OTHER_COUNTY).registry.size).toBe(21);
  });

  it('judges another year by its own tasks and its registry on 12-31', async () => {
    const body = (await get(`/statistics/departments/${COUNTY}?year=2025`, bearer(oversight))).json();
    expect(body).toMatchObject({ registryOn: '2025-12-31', ...recountStatistics(await api.events.readAll(), COUNTY, 2025, TODAY, calendar) });
    expect(body.registry).toMatchObject({ size: 0, inspected: 2, share: null, met: false });
  });

  it('lets the department, its superiors and oversight read; refuses a neighbouring county (403) and the anonymous (401)', async () => {
    expect((await get(`/statistics/departments/${COUNTY}`, bearer(cityStaff))).statusCode).toBe(200);
    expect((await get(`/statistics/departments/${COUNTY}`, bearer(oversight))).statusCode).toBe(200);
    expect((await get(`/statistics/departments/${COUNTY}`, bearer(otherCountyStaff))).statusCode).toBe(403);
    expect((await get(`/statistics/departments/${COUNTY}/children`, bearer(otherCountyStaff))).statusCode).toBe(403);
    expect((await get(`/statistics/departments/${COUNTY}`)).statusCode).toBe(401);
  });

  it('refuses a year or a day that is not one, naming the field', async () => {
    const response = await get(`/statistics/departments/${COUNTY}?year=20x6&asOf=2026-13`, bearer(countyStaff));
    expect(response.statusCode).toBe(400);
    expect([...new Set(response.json().errors.map((e: { field: string }) => e.field))].sort()).toEqual(['asOf', 'year']);
  });

  describe('the dashboard', () => {
    const signIn = async (token: string) => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/dashboard/login',
        payload: `token=${token}\r\n`,
        headers: { 'content-type': 'text/plain' },
      });
      expect(response.statusCode).toBe(303);
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toMatch(new RegExp(`^${DASHBOARD_COOKIE}=[^;]+; Path=/dashboard; HttpOnly; SameSite=Strict$`));
      return cookie.slice(0, cookie.indexOf(';'));
    };

    it('shows a city the figures of each county equal to the recount, with the ladder per unit', async () => {
      const cookie = await signIn(cityStaff);
      const response = await get(`/dashboard?department=${CITY}&year=${YEAR}`, { cookie });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      const shown = statsOnPage(response.body);
      for (const child of [COUNTY, OTHER_COUNTY]) {
        const counted = await recount(child);
        expect(shown.get(`children.${child}.registry.size`)).toBe(String(counted.registry.size));
        expect(shown.get(`children.${child}.registry.inspected`)).toBe(String(counted.registry.inspected));
        expect(shown.get(`children.${child}.publication.onTime`)).toBe(String(counted.publication.onTime));
        for (const [stat, text] of Object.entries(ladderFigures(child, counted))) expect([stat, shown.get(stat)]).toEqual([stat, text]);
      }
      expect(response.body).toContain('href="/gs/draws/t-a-d1"');
    });

    it("shows a county its own figures equal to the recount and the API's", async () => {
      const cookie = await signIn(countyStaff);
      const response = await get('/dashboard', { cookie });
      expect(response.statusCode).toBe(200);
      const shown = statsOnPage(response.body);
      const counted = await recount(COUNTY);
      for (const [stat, text] of Object.entries({ ...expectedFigures(counted), ...ladderFigures(COUNTY, counted) }))
        expect([stat, shown.get(stat)]).toEqual([stat, text]);
      expect(response.body).toContain('<svg class="chart"');
      expect(response.body).not.toMatch(/<script/i);
    });

    it('accepts the cookie on the dashboard only: the JSON API still wants the bearer header', async () => {
      const cookie = await signIn(countyStaff);
      expect((await get(`/statistics/departments/${COUNTY}`, { cookie })).statusCode).toBe(401);
      expect((await get('/dashboard', { cookie })).statusCode).toBe(200);
    });

    it('answers without a token, or with a forged one, with the sign-in form (401) and appends nothing', async () => {
      const before = (await api.events.readAll()).length;
      const anonymous = await get('/dashboard');
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.body).toContain('<form method="post" action="/dashboard/login" enctype="text/plain">');
      expect((await get('/dashboard', { cookie: `${DASHBOARD_COOKIE}=forged.token.value` })).statusCode).toBe(401);
      const forged = await api.app.inject({
        method: 'POST',
        url: '/dashboard/login',
        payload: 'token=forged.token.value',
        headers: { 'content-type': 'text/plain' },
      });
      expect(forged.statusCode).toBe(401);
      expect(forged.headers['set-cookie']).toMatch(/Max-Age=0/);
      const signOut = await api.app.inject({ method: 'POST', url: '/dashboard/logout', payload: '', headers: { 'content-type': 'text/plain' } });
      expect(signOut.statusCode).toBe(303);
      expect(signOut.headers['set-cookie']).toMatch(new RegExp(`^${DASHBOARD_COOKIE}=; Path=/dashboard; Max-Age=0`));
      expect((await api.events.readAll()).length).toBe(before);
    });

    it("refuses a neighbouring county's dashboard with a 403 page", async () => {
      const cookie = await signIn(otherCountyStaff);
      const response = await get(`/dashboard?department=${COUNTY}`, { cookie });
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('无权查看');
    });

    it("shows oversight, whose unit is no department, the province's roll-up with a picker of every department by name", async () => {
      const cookie = await signIn(oversight);
      const response = await get('/dashboard', { cookie });
      expect(response.statusCode).toBe(200);
      expect(response.body).toMatch(/<h1>湖南省市场监督管理局 · /);
      expect(response.body).toMatch(new RegExp(`<option value="${COUNTY}">[　]*永州市零陵区市场监督管理局</option>`));
      expect(response.body).toContain(`href="/dashboard?department=yongzhou&amp;year=${YEAR}"`);
    });
  });
});
