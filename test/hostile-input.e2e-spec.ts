/**
 * Issue 14 items 2 and 3: nothing a caller sends brings the service down or records the wrong
 * thing. Every refusal here is a problem-details response naming the field, and appends nothing.
 * - Idempotency keys are bound to the request (method, route, path, body) and to the caller: a
 *   replay answers the first result, the same key for another request answers 422.
 * - Input limits at the edge: body size, JSON nesting depth, string and array lengths, integers
 *   beyond 2^53 and paging offsets beyond any list.
 * - A missing or malformed nested object is a 400 naming the field, never a TypeError.
 */
import { IDEMPOTENCY_KEYS, IdempotencyKeyStore, requestHash } from '@app/platform';
import { ApiHarness, startApi } from './support/api-harness';
import { DEPARTMENTS } from './fixtures/departments';
import { LI_MING, WANG_FANG } from './fixtures/inspectors';

type Body = Record<string, unknown>;
interface Problem {
  status: number;
  type: string;
  detail: string;
  errors?: { field: string; reason: string }[];
}

describe('hostile input (issue 14)', () => {
  let api: ApiHarness;
  const tokens: Record<string, string> = {};

  const post = (url: string, body: unknown, who = 'lingling', headers: Record<string, string> = {}) =>
    api.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json', ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (url: string, who?: string) => api.app.inject({ method: 'GET', url, headers: who ? { authorization: `Bearer ${tokens[who]}` } : {} });
  const eventCount = async () => (await api.events.readAll()).length;
  const fields = (response: { json(): Problem }) => (response.json().errors ?? []).map((e) => e.field);

  /** The request is refused with `status`, a problem-details body, and nothing appended. */
  async function refused(send: () => Promise<Awaited<ReturnType<typeof post>>>, status: number, field?: string) {
    const before = await eventCount();
    const response = await send();
    expect({ status: response.statusCode, body: response.body.slice(0, 300) }).toEqual({ status, body: expect.any(String) });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json() as Problem;
    expect(body.status).toBe(status);
    if (field !== undefined) expect(fields(response)).toContain(field);
    expect(await eventCount()).toBe(before);
    return body;
  }

  const expert = (overrides: Body = {}) => ({ ...WANG_FANG, ...overrides });
  const task = (overrides: Body = {}) => ({
    taskId: 'hostile-2026',
    planId: 'lingling-2026',
    year: 2026,
    title: '2026年双随机抽查',
    businessUnitId: 'lingling',
    executingDepartmentIds: ['lingling'],
    itemIds: ['x-1'],
    window: { from: '2026-04-10', to: '2026-05-31' },
    classes: [{ classId: 'all', label: '全部', ratio: 3 }],
    setUpOn: '2026-04-01',
    ...overrides,
  });
  const deep = (depth: number): unknown => {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };
  /** The JSON text of a value nested `depth` deep, written without recursion. */
  const deepText = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

  beforeAll(async () => {
    api = await startApi();
    tokens.admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    tokens.lingling = await api.tokenFor('staff-ll-1', 'staff', 'lingling');
    tokens.lingling2 = await api.tokenFor('staff-ll-2', 'staff', 'lingling');
    for (const department of DEPARTMENTS) expect((await post('/departments', department, 'admin')).statusCode).toBe(201);
    expect((await post('/experts', expert())).statusCode).toBe(201);
  });
  afterAll(() => api?.close());

  describe('a missing or malformed nested object is a 400 naming the field', () => {
    const { contact: _contact, ...withoutContact } = WANG_FANG;
    const { expertId: _id, departmentId: _dep, joinedOn: _joined, ...details } = WANG_FANG;
    const { contact: _c2, ...detailsWithoutContact } = details;

    it('POST /experts without contact', () => refused(() => post('/experts', { ...withoutContact, expertId: 'no-contact' }), 400, 'contact'));
    it('POST /experts with contact a string', () => refused(() => post('/experts', expert({ expertId: 'str-contact', contact: '138' })), 400, 'contact'));
    it('POST /experts with contact null', () => refused(() => post('/experts', expert({ expertId: 'null-contact', contact: null })), 400, 'contact'));
    it('POST /experts with contact a list', () => refused(() => post('/experts', expert({ expertId: 'list-contact', contact: [{ phone: '1' }] })), 400, 'contact'));
    it('POST /experts/:id/details without contact', () => refused(() => post('/experts/wang-fang/details', detailsWithoutContact), 400, 'contact'));
    it('POST /tasks without window', () => {
      const { window: _w, ...withoutWindow } = task();
      return refused(() => post('/tasks', withoutWindow), 400, 'window');
    });
    it('POST /tasks with window a number', () => refused(() => post('/tasks', task({ window: 5 })), 400, 'window'));
    it('POST /tasks with window null', () => refused(() => post('/tasks', task({ window: null })), 400, 'window'));
    it('POST /tasks with classes an object', () => refused(() => post('/tasks', task({ classes: { classId: 'all' } })), 400, 'classes'));
    it('POST /tasks with a class that is not an object', () => refused(() => post('/tasks', task({ classes: ['all'] })), 400, 'classes.0'));
  });

  describe('JSON nested deeper than the limit is a 400, not a stack overflow', () => {
    it('10,000 deep in a nested field', () => refused(() => post('/experts', `{"expertId":"deep-1","contact":${deepText(10_000)}}`), 400, 'contact'));
    it('10,000 deep in a list field', () => refused(() => post('/tasks', `{"taskId":"deep-2","classes":[${deepText(10_000)}]}`), 400, 'classes'));
    it('10,000 deep in an unknown field', () => refused(() => post('/experts', `{"junk":${deepText(10_000)}}`), 400, 'junk'));
    it('10,000 lists deep as the whole body', () => refused(() => post('/experts', '['.repeat(10_000) + ']'.repeat(10_000)), 400));
    it('a modest depth still reaches the validator', async () => {
      const body = await refused(() => post('/experts', expert({ expertId: 'deep-3', contact: deep(5) })), 400);
      expect(body.errors?.some((e) => e.field.startsWith('contact'))).toBe(true);
    });
  });

  describe('body size, string and array lengths', () => {
    it('a JSON body over the limit is 413', () =>
      refused(() => post('/experts', expert({ expertId: 'big-body', title: 'x'.repeat(2 * 1024 * 1024) })), 413));
    it('a string longer than the edge limit names the field', () =>
      refused(() => post('/experts', expert({ expertId: 'long-string', fields: ['x'.repeat(100_000)] })), 400, 'fields.0'));
    it('a list longer than the edge limit names the field', () =>
      refused(() => post('/experts', expert({ expertId: 'long-list', fields: new Array(20_000).fill('电梯') })), 400, 'fields'));
  });

  describe('integers beyond 2^53 and paging beyond any list', () => {
    it('offset=99999999999999999999 on /public/targets (anonymous)', () => refused(() => get('/public/targets?offset=99999999999999999999'), 400, 'offset'));
    it('offset=99999999999999999999 on /inspectors (anonymous)', () => refused(() => get('/inspectors?offset=99999999999999999999'), 400, 'offset'));
    it('limit=2^53+1 on /inspectors', () => refused(() => get('/inspectors?limit=9007199254740993'), 400, 'limit'));
    it('offset=2^53+1 on /experts', () => refused(() => get('/experts?offset=9007199254740993', 'lingling'), 400, 'offset'));
    it('offset=1e3 is not a whole number written as one', () => refused(() => get('/inspectors?offset=1e3'), 400, 'offset'));
    it('an ordinary page still answers', async () => expect((await get('/inspectors?offset=10&limit=5')).statusCode).toBe(200));
    it('2^53+1 in a query parameter without a maximum (/integrity/consistency)', () =>
      refused(() => get('/integrity/consistency?from=1&to=9007199254740993'), 400, 'to'));
    it('a query value of digits that is not a number is left to its own field', async () =>
      expect((await get('/public/targets?name=99999999999999999999')).statusCode).toBeLessThan(500));
    it('2^53+1 in a body field names the field', () => refused(() => post('/tasks', task({ year: 9007199254740993 })), 400, 'year'));
    it('2^53+1 deep in a body names the path', () =>
      refused(() => post('/tasks', task({ classes: [{ classId: 'all', label: '全部', count: 9007199254740993 }] })), 400, 'classes.0.count'));
  });

  describe('token subjects and units are record ids: nothing a spreadsheet or a log would run or split', () => {
    it.each([
      ['a subject that is a spreadsheet formula', '=HYPERLINK("http://x")', 'lingling'],
      ['a subject with a line break', 'staff-1\nadmin', 'lingling'],
      ['a unit with spaces and capitals', 'staff-1', 'Ling Ling'],
      ['a unit with a tab', 'staff-1', '\tlingling'],
    ])('%s is refused with 401, and nothing is appended', async (_, sub, unit) => {
      tokens.odd = await api.tokenFor(sub, 'staff', unit);
      const body = await refused(() => post('/inspectors', { ...LI_MING, inspectorId: 'odd-1' }, 'odd'), 401);
      expect(body.detail).toMatch(/must be 2–64 lowercase letters, digits or hyphens/);
    });
  });

  describe('an Idempotency-Key is bound to the request and the caller', () => {
    const conflict = (problem: Problem) => {
      expect(problem.type).toBe('urn:dsr:problem:idempotency-key-reused');
      expect(problem.errors).toEqual([{ field: 'Idempotency-Key', reason: expect.stringMatching(/another request/) }]);
    };

    it('a replay of the same request answers the first result', async () => {
      const headers = { 'idempotency-key': 'hostile-key-replay-1' };
      const first = await post('/experts', expert({ expertId: 'replay-1' }), 'lingling', headers);
      expect(first.statusCode).toBe(201);
      const before = await eventCount();
      // the same body with its members in another order is the same request
      const { contact, ...rest } = expert({ expertId: 'replay-1' });
      const again = await post('/experts', { contact, ...rest }, 'lingling', headers);
      expect(again.statusCode).toBe(201);
      expect(again.json()).toMatchObject({ ...first.json(), replayed: true });
      expect(await eventCount()).toBe(before);
    });

    it('the same key with another body is 422 and records nothing', async () => {
      const headers = { 'idempotency-key': 'hostile-key-body-1' };
      expect((await post('/experts', expert({ expertId: 'body-1' }), 'lingling', headers)).statusCode).toBe(201);
      conflict(await refused(() => post('/experts', expert({ expertId: 'body-1', title: '工程师' }), 'lingling', headers), 422, 'Idempotency-Key'));
      const stored = await get('/staff/experts/body-1', 'lingling');
      if (stored.statusCode === 200) expect(stored.body).not.toContain('工程师"');
    });

    it('another caller reusing the key is 422', async () => {
      const headers = { 'idempotency-key': 'hostile-key-caller-1' };
      expect((await post('/experts', expert({ expertId: 'caller-1' }), 'lingling', headers)).statusCode).toBe(201);
      conflict(await refused(() => post('/experts', expert({ expertId: 'caller-1' }), 'lingling2', headers), 422, 'Idempotency-Key'));
    });

    it('the same key on another stream is 422, not a 409', async () => {
      const headers = { 'idempotency-key': 'hostile-key-stream-1' };
      expect((await post('/experts', expert({ expertId: 'stream-1' }), 'lingling', headers)).statusCode).toBe(201);
      conflict(await refused(() => post('/experts', expert({ expertId: 'stream-2' }), 'lingling', headers), 422, 'Idempotency-Key'));
    });

    it('the same key on another route is 422', async () => {
      const headers = { 'idempotency-key': 'hostile-key-route-1' };
      expect((await post('/experts', expert({ expertId: 'route-1' }), 'lingling', headers)).statusCode).toBe(201);
      conflict(await refused(() => post('/experts/route-1/details', (({ expertId, departmentId, joinedOn, ...d }) => d)(expert()), 'lingling', headers), 422, 'Idempotency-Key'));
    });

    it('a key recorded before bindings existed keeps replaying its events', async () => {
      const key = 'hostile-key-legacy-1';
      const body = expert({ expertId: 'legacy-1' });
      expect((await post('/experts', body, 'lingling', { 'idempotency-key': key })).statusCode).toBe(201);
      // as if the key had been used before this change: its events are in the log, no binding is kept
      const binding = { requestHash: requestHash({ method: 'POST', route: '/experts', params: {}, query: {}, body }), actorId: 'staff-ll-1', unit: 'lingling' };
      const keys = api.app.get<IdempotencyKeyStore>(IDEMPOTENCY_KEYS);
      await keys.release(key, binding);
      expect(await keys.bind(key, binding)).toBeNull();
      await keys.release(key, binding);
      const before = await eventCount();
      const again = await post('/experts', body, 'lingling', { 'idempotency-key': key });
      expect(again.statusCode).toBe(201);
      expect(again.json()).toMatchObject({ replayed: true });
      expect(await eventCount()).toBe(before);
    });

    it('a key whose first request was refused may be used again for a corrected one', async () => {
      const headers = { 'idempotency-key': 'hostile-key-refused-1' };
      expect((await post('/experts', expert({ expertId: 'refused-1', departmentId: 'nowhere' }), 'lingling', headers)).statusCode).toBeGreaterThanOrEqual(400);
      expect((await post('/experts', expert({ expertId: 'refused-1' }), 'lingling', headers)).statusCode).toBe(201);
    });
  });
});
