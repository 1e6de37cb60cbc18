/**
 * The service skeleton end to end, over HTTP: who may act, what bad input gets back, and that
 * every accepted command leaves an event saying who did it, in which role and unit, under
 * which command (DOMAIN.md: 全程留痕、责任可溯).
 */
import { ApiHarness, startApi } from './support/api-harness';

describe('API skeleton (embedded stores)', () => {
  let api: ApiHarness;
  let admin: string;
  beforeAll(async () => {
    api = await startApi();
    admin = await api.tokenFor('admin-1', 'admin', 'hunan');
  });
  afterAll(() => api.close());

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    api.app.inject({ method: 'POST', url, payload: payload as object, headers: { 'content-type': 'application/json', ...headers } });
  const get = (url: string, headers: Record<string, string> = {}) => api.app.inject({ method: 'GET', url, headers });
  const eventCount = async () => (await api.events.readAll()).length;

  const hunan = { departmentId: 'hunan', name: '湖南省市场监督管理局', level: 'province', areaCode: '430000' };

  it('serves /health green on the embedded stores', async () => {
    const response = await get('/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' }, readStore: { status: 'up' }, projections: { status: 'up' } } });
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const json = await get('/docs-json');
    expect(json.statusCode).toBe(200);
    expect(Object.keys(json.json().paths)).toEqual(expect.arrayContaining(['/departments', '/health']));
    expect((await get('/docs')).statusCode).toBe(200);
  });

  describe('a command without a valid token', () => {
    it.each([
      ['no token', {}],
      ['a malformed header', { authorization: 'Token abc' }],
      ['a forged token', { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIiwidW5pdCI6InUifQ.c2lnbmF0dXJl' }],
    ])('gets 401 with %s and appends nothing', async (_, headers) => {
      const before = await eventCount();
      const response = await post('/departments', hunan, headers);
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect(await eventCount()).toBe(before);
    });
  });

  describe('bad input', () => {
    it('gets 400 naming each field and its reason, and appends nothing', async () => {
      const before = await eventCount();
      const response = await post('/departments', { departmentId: 'X!', name: '湘', level: 'township', areaCode: '43' }, { authorization: `Bearer ${admin}` });
      expect(response.statusCode).toBe(400);
      const fields = response.json().errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['departmentId', 'name', 'level', 'areaCode']));
      expect(await eventCount()).toBe(before);
    });

    it('rejects unknown fields instead of dropping them silently', async () => {
      const response = await post('/departments', { ...hunan, budget: 100 }, { authorization: `Bearer ${admin}` });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'budget', reason: 'is not a known field' }]);
    });

    it('answers malformed JSON with 400, not 500', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/departments',
        payload: '{"departmentId":',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      });
      expect(response.statusCode).toBe(400);
    });

    it('maps a domain rule to 400 with the field', async () => {
      const response = await post(
        '/departments',
        { departmentId: 'lingling', name: '零陵区市场监督管理局', level: 'county', areaCode: '431102' },
        { authorization: `Bearer ${admin}` },
      );
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'parentId', reason: 'a county department needs its superior department' }]);
    });
  });

  it('gives 403 to a role that may not act, and appends nothing', async () => {
    const staff = await api.tokenFor('staff-1', 'staff', 'hunan');
    const before = await eventCount();
    const response = await post('/departments', hunan, { authorization: `Bearer ${staff}` });
    expect(response.statusCode).toBe(403);
    expect(await eventCount()).toBe(before);
  });

  describe('an accepted command', () => {
    it('appends an event recording who, role, unit and command, visible to the next query', async () => {
      const response = await post('/departments', hunan, {
        authorization: `Bearer ${admin}`,
        'idempotency-key': 'register-hunan-0001',
        'x-correlation-id': 'setup-2026-0001',
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ stream: 'department-hunan', revision: 0, events: ['DepartmentRegistered'], replayed: false, projected: true });
      const [event] = await api.events.readStream('department-hunan');
      expect(event.metadata).toMatchObject({
        actorId: 'admin-1',
        role: 'admin',
        unit: 'hunan',
        commandId: 'register-hunan-0001',
        correlationId: 'setup-2026-0001',
        causationId: 'register-hunan-0001',
      });
      const read = await get('/departments/hunan');
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({ departmentId: 'hunan', level: 'province', parentId: null, units: [] });
    });

    it('appends nothing new when retried with the same Idempotency-Key', async () => {
      const headers = { authorization: `Bearer ${admin}`, 'idempotency-key': 'register-yongzhou-0001' };
      const city = { departmentId: 'yongzhou', name: '永州市市场监督管理局', level: 'city', parentId: 'hunan', areaCode: '431100' };
      const first = await post('/departments', city, headers);
      const retry = await post('/departments', city, headers);
      expect(first.statusCode).toBe(201);
      expect(retry.statusCode).toBe(201);
      expect(retry.json()).toMatchObject({ replayed: true, revision: 0, position: first.json().position });
      expect((await api.events.readStream('department-yongzhou')).length).toBe(1);
    });

    it('refuses a second registration of the same department with 409', async () => {
      const response = await post('/departments', hunan, { authorization: `Bearer ${admin}` });
      expect(response.statusCode).toBe(409);
    });

    it('lets a unit head add a unit to their own department only', async () => {
      const head = await api.tokenFor('head-1', 'unit-head', 'yongzhou');
      const own = await post(
        '/departments/yongzhou/units',
        { unitId: 'yongzhou-credit', name: '信用监管科', kind: 'credit-supervision' },
        { authorization: `Bearer ${head}` },
      );
      expect(own.statusCode).toBe(201);
      const before = await eventCount();
      const other = await post('/departments/hunan/units', { unitId: 'hunan-legal', name: '法规处', kind: 'legal' }, { authorization: `Bearer ${head}` });
      expect(other.statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
      expect((await get('/departments/yongzhou')).json().units).toEqual([
        { departmentId: 'yongzhou', unitId: 'yongzhou-credit', name: '信用监管科', kind: 'credit-supervision' },
      ]);
    });
  });

  describe('the history of an entity', () => {
    it('lists every event with who, role, unit, when and under which command', async () => {
      const staff = await api.tokenFor('staff-2', 'staff', 'hunan');
      const response = await get('/history/department-yongzhou', { authorization: `Bearer ${staff}` });
      expect(response.statusCode).toBe(200);
      const page = response.json();
      expect(page).toMatchObject({ stream: 'department-yongzhou', departmentId: 'yongzhou', total: 2 });
      expect(page.events.map((e: { type: string }) => e.type)).toEqual(['DepartmentRegistered', 'BusinessUnitAdded']);
      expect(page.events[0]).toMatchObject({ revision: 0, actorId: 'admin-1', role: 'admin', unit: 'hunan', commandId: 'register-yongzhou-0001' });
      expect(page.events[1]).toMatchObject({ revision: 1, actorId: 'head-1', role: 'unit-head', unit: 'yongzhou', prevHash: page.events[0].hash });
    });

    it('filters by event type and pages', async () => {
      const response = await get('/history/department-yongzhou?type=BusinessUnitAdded&limit=1', { authorization: `Bearer ${admin}` });
      expect(response.json()).toMatchObject({ total: 1, events: [{ type: 'BusinessUnitAdded' }] });
    });

    it('is closed to a subordinate reading its superior, and to the anonymous public', async () => {
      const countyStaff = await api.tokenFor('staff-3', 'staff', 'yongzhou');
      expect((await get('/history/department-hunan', { authorization: `Bearer ${countyStaff}` })).statusCode).toBe(403);
      expect((await get('/history/department-hunan')).statusCode).toBe(401);
    });

    it('answers 404 for an entity without history and 400 for a malformed name', async () => {
      expect((await get('/history/department-nowhere', { authorization: `Bearer ${admin}` })).statusCode).toBe(404);
      expect((await get('/history/NOT_A_STREAM', { authorization: `Bearer ${admin}` })).statusCode).toBe(400);
      expect((await get('/history/department-hunan?limit=0', { authorization: `Bearer ${admin}` })).json().errors[0].field).toBe('limit');
    });
  });

  it('answers an unknown department with 404 problem details', async () => {
    const response = await get('/departments/nowhere');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ status: 404, type: 'urn:dsr:problem:not-found' });
  });

  it('exports command latency and projection metrics for Prometheus', async () => {
    const response = await get('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/dsr_command_duration_seconds_bucket\{le="[^"]+",command="RegisterDepartment",outcome="appended"\}/);
    expect(response.body).toMatch(/dsr_projected_events_total\{projection="read-models"\} \d+/);
  });

  it('reports projection status to an administrator', async () => {
    const response = await get('/projections/status', { authorization: `Bearer ${admin}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'read-models', running: true, caughtUp: true, lag: 0 });
  });
});
