/**
 * Hostile input, generated (issue 14 item 6): property-based requests built from the service's own
 * OpenAPI document for every route — valid bodies and their mutations (a field dropped, a field of
 * the wrong type, unknown fields, huge and deeply nested values, odd Unicode, integers past 2^53,
 * path-traversal ids), as a role the route allows (its `x-roles`), as an administrator, as county
 * staff, with a forged token or none. For every request: no 5xx; every refusal is problem-details
 * (`type`, `title`, `status` equal to the HTTP status, `detail`); a refused request appends nothing.
 *
 * Routes are taken in turn, so every route of the document gets its share of the requests, and the
 * first request to each is sent as a role it allows: the run fails if any route was never asked, or
 * never answered past authentication (every answer 401 or 403 would mean its bodies were never read).
 *
 * The routes the document leaves out — the public pages (/gs), the dashboard and its sign-in form,
 * the documents themselves — are taken from the authorisation matrix (which lists every route
 * Fastify serves) and asked in turn too, with hostile path values, query values and form bodies:
 * no 5xx, and nothing appended.
 *
 * A bounded run is part of `npm test` (FUZZ_RUNS, default 4,000, and a quarter as many for the
 * pages); `npm run fuzz` runs a long one.
 * FUZZ_SEED replays a failing run: fast-check prints the seed, and the error names the request.
 */
import fc from 'fast-check';
import { ApiHarness, startApi } from './support/api-harness';
import { DEPARTMENTS } from './fixtures/departments';
import { ROLES, Role } from '@app/domain';
import { DASHBOARD_COOKIE, PUBLIC, matrixEntries } from '@app/platform';
import { routeKeyOfOperation } from '../apps/api/src/openapi/openapi-document';

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> }; 'x-roles'?: string[] };
type Route = { method: string; path: string; operation: Operation };
type Who = 'allowed' | 'admin' | 'staff' | 'forged' | 'none';

const RUNS = Number(process.env.FUZZ_RUNS ?? 4000);
/** Requests to the routes outside the OpenAPI document: fewer routes, fewer requests. */
const PAGE_RUNS = Math.max(200, Math.floor(RUNS / 4));
/** The query parameters the pages and the dashboard read, and a few they do not. */
const PAGE_QUERY_NAMES = ['q', 'page', 'offset', 'year', 'departmentId', 'department', 'limit', 'type', '__proto__', 'constructor'];
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** Values no well-behaved client sends. */
const deep = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};
const HOSTILE: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53 + 1,
  -(2 ** 63),
  1e308,
  '',
  ' ',
  'x'.repeat(100_000),
  '\u0000\u0001\u001f',
  '\ud800',
  '\u202e\u200b零陵区\ufeff',
  '😀'.repeat(50),
  '=cmd|" /C calc"!A0',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '99999999999999999999',
  'NaN',
  '2026-02-30',
  [],
  [1, 'a', null],
  Array.from({ length: 5_000 }, (_, i) => i),
  {},
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
  deep(2_000),
];
const HOSTILE_IDS = [
  'lingling',
  'nowhere',
  '..',
  '../..%2f..%2fetc',
  'a'.repeat(300),
  '零陵',
  '%00',
  'x y',
  '\u202e',
  '9999999999999999999999',
  '-1',
  '1e400',
  'hunan',
];

describe('generated hostile requests over every route (issue 14 item 6)', () => {
  let api: ApiHarness;
  let routes: Route[] = [];
  let components: Record<string, Schema> = {};
  const tokens: Record<Exclude<Who, 'allowed'>, string | null> = { admin: null, staff: null, forged: null, none: null };
  /** A token of every role: province roles at the province, the others at a county. */
  const roleTokens = new Map<Role, string>();

  beforeAll(async () => {
    api = await startApi();
    tokens.admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    tokens.staff = await api.tokenFor('staff-ll-1', 'staff', 'lingling');
    tokens.forged = `${tokens.staff.slice(0, -4)}AAAA`;
    for (const role of ROLES) roleTokens.set(role, await api.tokenFor(`${role}-fuzz`, role, role === 'admin' || role === 'oversight' ? 'hunan' : 'lingling'));
    // a small world, so requests get past "not found" into the rules
    for (const department of DEPARTMENTS) {
      const response = await api.app.inject({
        method: 'POST',
        url: '/departments',
        payload: department,
        headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      });
      expect(response.statusCode).toBe(201);
    }
    const document = (await api.app.inject({ method: 'GET', url: '/docs-json' })).json();
    components = document.components?.schemas ?? {};
    routes = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    );
  });
  afterAll(() => api.close());

  const resolve = (schema: Schema | undefined): Schema => {
    let s = schema ?? {};
    for (let guard = 0; s.$ref && guard < 10; guard++) s = components[s.$ref.split('/').pop()!] ?? {};
    if (s.allOf) return s.allOf.map(resolve).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {});
    if (s.oneOf ?? s.anyOf) return resolve((s.oneOf ?? s.anyOf)![0]);
    return s;
  };

  /** A plausible value for the schema: its example, its first enum value, or a value of its type. */
  const plausible = (schema: Schema | undefined, depth = 0): unknown => {
    const s = resolve(schema);
    if (s.example !== undefined) return s.example;
    if (s.enum) return s.enum[0];
    if (depth > 6) return null;
    switch (s.type) {
      case 'string':
        return 'lingling';
      case 'integer':
      case 'number':
        return 1;
      case 'boolean':
        return true;
      case 'array':
        return [plausible(s.items, depth + 1)];
      default:
        return Object.fromEntries(Object.entries(s.properties ?? {}).map(([name, property]) => [name, plausible(property, depth + 1)]));
    }
  };

  const bodySchemaOf = (route: Route): Schema | null => {
    const content = route.operation.requestBody?.content;
    return content?.['application/json']?.schema ?? null;
  };

  /** One request to the route whose turn it is: its path and query values, a body (valid or mutated) and who sends it. */
  const request = fc.record({
    who: fc.constantFrom<Who>('allowed', 'allowed', 'admin', 'staff', 'forged', 'none'),
    pathValues: fc.array(fc.oneof(fc.constantFrom(...HOSTILE_IDS), fc.string({ maxLength: 40 }), fc.fullUnicodeString({ maxLength: 20 })), {
      minLength: 4,
      maxLength: 4,
    }),
    queryMode: fc.constantFrom('none', 'plausible', 'hostile'),
    queryHostile: fc.constantFrom(...HOSTILE_IDS, '-5', '0', '1.5', '1e3', '99999999999999999999', String(2 ** 53 + 1), 'x'.repeat(5000)),
    bodyMode: fc.constantFrom('valid', 'drop', 'wrong-type', 'extra', 'replace', 'garbage-text'),
    field: fc.nat(),
    hostile: fc.constantFrom(...HOSTILE.map((_, i) => i)),
    text: fc.oneof(fc.string(), fc.fullUnicodeString(), fc.constantFrom('{', '{"a":', '[1,2', '\u0000', '{"a":1}{"b":2}')),
  });

  /** A token of the first role the route allows; none for a public route. */
  const allowedToken = (route: Route): string | null => {
    const role = (route.operation['x-roles'] ?? []).find((name): name is Role => (ROLES as readonly string[]).includes(name));
    return role ? roleTokens.get(role)! : null;
  };

  it(`answers ${RUNS} generated requests without a 5xx, always with problem-details on refusal, appending nothing when it refuses`, async () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(RUNS).toBeGreaterThanOrEqual(2 * routes.length);
    const seenStatuses = new Map<number, number>();
    /** Per route: requests sent, and answers that got past authentication (neither 401 nor 403). */
    const asked = new Map<Route, number>();
    const pastTheDoor = new Map<Route, number>();
    let turn = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        // in turn, not at random: every route gets its share, and its first request comes from a role it allows
        const route = routes[turn % routes.length];
        const who: Who = turn < routes.length ? 'allowed' : r.who;
        turn++;
        let n = 0;
        const url = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(r.pathValues[n++ % r.pathValues.length]));
        const queryParams = (route.operation.parameters ?? []).filter((p) => p.in === 'query');
        const query =
          r.queryMode === 'none' || queryParams.length === 0
            ? ''
            : '?' +
              queryParams
                .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(r.queryMode === 'hostile' ? r.queryHostile : String(plausible(p.schema)))}`)
                .join('&');
        const schema = bodySchemaOf(route);
        let payload: string | undefined;
        if (schema && route.method !== 'GET') {
          const valid = plausible(schema) as Record<string, unknown>;
          const names = Object.keys(valid ?? {});
          const name = names.length > 0 ? names[r.field % names.length] : 'field';
          const hostile = HOSTILE[r.hostile];
          let body: unknown = valid;
          if (r.bodyMode === 'drop' && names.length > 0) body = Object.fromEntries(Object.entries(valid).filter(([k]) => k !== name));
          if (r.bodyMode === 'wrong-type') body = { ...valid, [name]: hostile };
          if (r.bodyMode === 'extra') body = { ...valid, [`x-${r.field % 7}`]: hostile };
          if (r.bodyMode === 'replace') body = hostile;
          payload = r.bodyMode === 'garbage-text' ? r.text : JSON.stringify(body);
        }
        const token = who === 'allowed' ? allowedToken(route) : tokens[who];
        const before = await api.events.headPosition();
        const response = await api.app.inject({
          method: route.method as 'GET',
          url: url + query,
          ...(payload !== undefined ? { payload } : {}),
          headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        });
        seenStatuses.set(response.statusCode, (seenStatuses.get(response.statusCode) ?? 0) + 1);
        asked.set(route, (asked.get(route) ?? 0) + 1);
        if (response.statusCode !== 401 && response.statusCode !== 403) pastTheDoor.set(route, (pastTheDoor.get(route) ?? 0) + 1);
        const context = `${route.method} ${(url + query).slice(0, 200)} as ${who} (${r.bodyMode}) → ${response.statusCode} ${response.body.slice(0, 300)}`;
        if (response.statusCode >= 500) throw new Error(`5xx: ${context}`);
        if (response.statusCode >= 400) {
          if (!String(response.headers['content-type']).startsWith('application/problem+json')) throw new Error(`refusal without problem-details: ${context}`);
          const problem = response.json();
          if (
            problem.status !== response.statusCode ||
            typeof problem.title !== 'string' ||
            typeof problem.detail !== 'string' ||
            typeof problem.type !== 'string'
          )
            throw new Error(`malformed problem-details: ${context}`);
          const after = await api.events.headPosition();
          if (
            JSON.stringify(after, (_, v) => (typeof v === 'bigint' ? String(v) : v)) !==
            JSON.stringify(before, (_, v) => (typeof v === 'bigint' ? String(v) : v))
          )
            throw new Error(`a refused request appended events: ${context}`);
        }
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
    );
    // every route of the document was asked, and read what it was sent
    const name = (route: Route) => `${route.method} ${route.path}`;
    expect(routes.filter((route) => (asked.get(route) ?? 0) < Math.floor(RUNS / routes.length)).map(name)).toEqual([]);
    expect(routes.filter((route) => !pastTheDoor.has(route)).map(name)).toEqual([]);
    // the run reached the rules, not only the front door
    expect([...seenStatuses.keys()].some((status) => status < 300)).toBe(true);
    expect(seenStatuses.get(400) ?? 0).toBeGreaterThan(RUNS / 20);
  }, 600_000);
  it(`answers ${PAGE_RUNS} generated requests to the routes outside the document (pages, dashboard, sign-in form) without a 5xx, appending nothing`, async () => {
    const documented = new Set(routes.map((route) => routeKeyOfOperation(route.method, route.path)));
    const pages = matrixEntries().filter(([key]) => !documented.has(key));
    expect(pages.map(([key]) => key)).toEqual(expect.arrayContaining(['GET /gs/targets', 'GET /gs/draws/:drawId', 'GET /dashboard', 'POST /dashboard/login']));
    const asked = new Map<string, number>();
    let turn = 0;
    const pageRequest = fc.record({
      who: fc.constantFrom('allowed', 'cookie', 'forged', 'none'),
      pathValue: fc.oneof(fc.constantFrom(...HOSTILE_IDS), fc.string({ maxLength: 40 }), fc.fullUnicodeString({ maxLength: 20 })),
      query: fc.array(
        fc.tuple(
          fc.constantFrom(...PAGE_QUERY_NAMES),
          fc.oneof(
            fc.constantFrom(...HOSTILE_IDS, '-5', '0', '1.5', '1e3', '99999999999999999999', String(2 ** 53 + 1), 'x'.repeat(5000), '2026', ''),
            fc.fullUnicodeString({ maxLength: 30 }),
          ),
        ),
        { maxLength: 4 },
      ),
      form: fc.oneof(
        fc.constantFrom('token=', 'token=abc', `token=${'x'.repeat(20_000)}`, 'token=%ZZ', 'token[]=1&token[]=2', '=&&==', ''),
        fc.fullUnicodeString({ maxLength: 200 }),
      ),
      formType: fc.constantFrom('application/x-www-form-urlencoded', 'text/plain', 'application/json', 'multipart/form-data; boundary=x'),
    });
    await fc.assert(
      fc.asyncProperty(pageRequest, async (r) => {
        const [key, audience] = pages[turn++ % pages.length];
        asked.set(key, (asked.get(key) ?? 0) + 1);
        const method = key.slice(0, key.indexOf(' ')) as 'GET' | 'POST';
        const path = key
          .slice(key.indexOf(' ') + 1)
          .replace(/:(\w+)/g, () => encodeURIComponent(r.pathValue))
          .replace(/\*$/, encodeURIComponent(r.pathValue));
        const query = r.query.length === 0 ? '' : `?${r.query.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}`;
        const role = audience === PUBLIC ? null : audience[0];
        const token = r.who === 'allowed' || r.who === 'cookie' ? (role ? roleTokens.get(role)! : tokens.staff) : r.who === 'forged' ? tokens.forged : null;
        const headers: Record<string, string> = {};
        if (token && r.who === 'cookie') headers.cookie = `${DASHBOARD_COOKIE}=${token}`;
        else if (token) headers.authorization = `Bearer ${token}`;
        if (method === 'POST') headers['content-type'] = r.formType;
        const before = await api.events.headPosition();
        const response = await api.app.inject({ method, url: path + query, headers, ...(method === 'POST' ? { payload: r.form } : {}) });
        const context = `${method} ${(path + query).slice(0, 200)} as ${r.who} → ${response.statusCode} ${response.body.slice(0, 300)}`;
        if (response.statusCode >= 500) throw new Error(`5xx: ${context}`);
        const after = await api.events.headPosition();
        if (after?.commit !== before?.commit) throw new Error(`a page request appended events: ${context}`);
      }),
      { numRuns: PAGE_RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
    );
    expect(pages.filter(([key]) => (asked.get(key) ?? 0) < Math.floor(PAGE_RUNS / pages.length)).map(([key]) => key)).toEqual([]);
  }, 600_000);
});
