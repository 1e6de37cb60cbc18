/**
 * The authorisation matrix against the running app (issue 6: "every route × every role, allowed
 * or 403, and a denied command appends nothing"). The routes come from Fastify's own routing
 * table — Nest's controllers, the HTML pages and the OpenAPI documents alike — so a route added
 * without a matrix entry, or an entry left behind by a removed route, fails here.
 *
 * Every caller's token names the registered county the route's `:departmentId` points at, so a
 * role the matrix allows gets past scope where scope is the department's own; other ids are
 * dummies, and 400/404/409 all count as "allowed": only the role check answers 401, or 403 with
 * the problem type `urn:dsr:problem:role-not-allowed` (a 403 from scope has type `…:forbidden`).
 */
import { Role, ROLES } from '@app/domain';
import { AUTHORISATION_MATRIX, Audience, OVERSIGHT_ACTS, PUBLIC, RouteKey, SIGNATURE_AUTHENTICATED_WRITES, audienceOf, isWrite, matrixEntries, mayCall } from '@app/platform';
import { ApiHarness, startApi } from './support/api-harness';

type Caller = Role | 'anonymous';
const CALLERS: readonly Caller[] = ['anonymous', ...ROLES];
const ROLE_DENIED = 'urn:dsr:problem:role-not-allowed';

const PROVINCE = 'az-province';
const CITY = 'az-city';
const COUNTY = 'az-county';

/** `METHOD /path` for every route Fastify serves, read from its printed routing tree (HEAD is Fastify's automatic twin of GET). */
function servedRoutes(tree: string): string[] {
  const routes: string[] = [];
  const prefixes: string[] = [];
  for (const line of tree.split('\n').filter((l) => l.trim() !== '')) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) throw new Error(`unexpected line in Fastify's route tree: ${line}`);
    const depth = match[1].length / 4;
    prefixes.length = depth;
    const path = (prefixes[depth - 1] ?? '') + match[2];
    prefixes.push(path);
    for (const method of match[3]?.split(', ') ?? []) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

/** A concrete URL for the route: the county for departments, values of the right shape elsewhere, dummies for entities. */
function urlFor(route: RouteKey): string {
  const path = route.slice(route.indexOf(' ') + 1);
  return path
    .replace(/:departmentId\b/g, COUNTY)
    .replace(/:year\b/g, '2026')
    .replace(/:(version|n)\b/g, '1')
    .replace(/:stream\b/g, `department-${COUNTY}`)
    .replace(/:(\w+)/g, 'absent-$1')
    .replace(/\*$/, 'swagger-ui.css');
}

describe('authorisation matrix: every route × every role (issue 6; DOMAIN.md, Oversight and assessment)', () => {
  let api: ApiHarness;
  const tokens = new Map<Caller, string>();

  beforeAll(async () => {
    api = await startApi();
    const admin = await api.tokenFor('az-admin', 'admin', PROVINCE);
    for (const department of [
      { departmentId: PROVINCE, name: '授权矩阵省局', level: 'province', areaCode: '430000' },
      { departmentId: CITY, name: '授权矩阵市局', level: 'city', parentId: PROVINCE, areaCode: '431100' },
      { departmentId: COUNTY, name: '授权矩阵县局', level: 'county', parentId: CITY, areaCode: '431102' },
    ]) {
      const response = await api.app.inject({ method: 'POST', url: '/departments', payload: department, headers: { authorization: `Bearer ${admin}` } });
      expect(response.statusCode).toBe(201);
    }
    for (const role of ROLES) tokens.set(role, await api.tokenFor(`az-${role}`, role, COUNTY));
  });
  afterAll(() => api.close());

  it('lists exactly the routes the app serves: no route without an entry, no entry without a route', () => {
    const served = servedRoutes(api.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false })).sort();
    const listed = matrixEntries()
      .map(([route]) => route)
      .sort();
    expect(served).toContain('GET /health');
    expect(served.filter((route) => !listed.includes(route as RouteKey))).toEqual([]);
    expect(listed.filter((route) => !served.includes(route))).toEqual([]);
  });

  it('allows oversight on no write route but its own escalation acts (oversight reads every history and writes none of it)', () => {
    // a witness's cosignature is one record an oversight unit adds, authenticated by its witness key, not by a role;
    // 督办 and 问责 (003 §3(4)) are the others, appended to the duty's escalation stream, never to a department's records
    const writesOpenToOversight = matrixEntries().filter(
      ([route, audience]) => isWrite(route) && mayCall(audience, 'oversight') && !SIGNATURE_AUTHENTICATED_WRITES.includes(route),
    );
    expect(writesOpenToOversight.map(([route]) => route)).toEqual([...OVERSIGHT_ACTS]);
  });

  // the sweep below sends empty bodies; here valid commands show that the role check, not validation, is what stops them
  it.each([
    ['POST /departments', { departmentId: 'az-other', name: '授权矩阵另一省局', level: 'province', areaCode: '440000' }],
    ['POST /departments/:departmentId/units', { unitId: 'az-county-legal', name: '法规股', kind: 'legal' }],
  ] as const)('a valid %s from a role the matrix refuses gets 403 and appends nothing; an allowed role appends', async (route, payload) => {
    const audience = audienceOf(route);
    if (audience === undefined || audience === PUBLIC) throw new Error(`${route} must be a role-restricted command`);
    const send = (caller: Caller) => {
      const token = tokens.get(caller);
      return api.app.inject({ method: 'POST', url: urlFor(route), payload, headers: token ? { authorization: `Bearer ${token}` } : {} });
    };
    const before = (await api.events.readAll()).length;
    for (const caller of CALLERS.filter((c) => !mayCall(audience, c))) {
      const response = await send(caller);
      expect([caller, response.statusCode]).toEqual([caller, caller === 'anonymous' ? 401 : 403]);
      if (caller !== 'anonymous') expect(response.json().type).toBe(ROLE_DENIED);
    }
    expect((await api.events.readAll()).length).toBe(before);
    expect((await send('admin')).statusCode).toBe(201);
    expect((await api.events.readAll()).length).toBeGreaterThan(before);
  });

  const routes: [string, RouteKey, Audience][] = AUTHORISATION_MATRIX.flatMap((area) =>
    (Object.entries(area.routes) as [RouteKey, Audience][]).map(([route, audience]): [string, RouteKey, Audience] => [area.area, route, audience]),
  );

  it.each(routes)('%s — %s answers each of the 8 callers as the matrix says', async (_, route, audience) => {
    const method = route.slice(0, route.indexOf(' ')) as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    const url = urlFor(route);
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const caller of CALLERS) {
      const token = tokens.get(caller);
      const before = (await api.events.readAll()).length;
      const response = await api.app.inject({
        method,
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(method === 'GET' ? {} : { payload: {} }),
      });
      const appended = (await api.events.readAll()).length - before;
      // an HTML page (the dashboard) carries the problem type on its notice
      const roleDenied =
        response.statusCode === 403 &&
        (/json/.test(String(response.headers['content-type'])) ? response.json().type === ROLE_DENIED : response.body.includes(`data-problem-type="${ROLE_DENIED}"`));
      const refused = response.statusCode === 401 || roleDenied;
      if (mayCall(audience, caller)) {
        expected.push(`${caller}: allowed`);
        outcomes.push(`${caller}: ${refused ? `refused ${response.statusCode} ${response.body}` : 'allowed'}`);
      } else {
        const refusal = caller === 'anonymous' ? 401 : 403;
        expected.push(`${caller}: refused ${refusal}, appended 0`);
        const matches = response.statusCode === refusal && (caller === 'anonymous' || roleDenied);
        outcomes.push(`${caller}: ${matches ? `refused ${refusal}` : `answered ${response.statusCode} ${response.body}`}, appended ${appended}`);
      }
    }
    expect(outcomes).toEqual(expected);
  });
});
