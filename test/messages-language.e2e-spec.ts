/**
 * Issue 13 item 1: the same refusal in Chinese by default and in English with `Accept-Language: en`
 * — a validation error, a domain 409, a 401, a 404 and a bad-JSON 400 — each one problem-details
 * shape naming the field at fault.
 */
import { ApiHarness, startApi } from './support/api-harness';

const HAN = /[\u4e00-\u9fff]/;

describe('refusals in the language of the request', () => {
  let api: ApiHarness;
  let admin: string;
  const hunan = { departmentId: 'hunan', name: '湖南省市场监督管理局', level: 'province', areaCode: '430000' };

  beforeAll(async () => {
    // no Accept-Language unless a request sends one: the service's own default
    api = await startApi({}, { acceptLanguage: null });
    admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    const created = await api.app.inject({ method: 'POST', url: '/departments', payload: hunan, headers: { authorization: `Bearer ${admin}` } });
    expect(created.statusCode).toBe(201);
  });
  afterAll(() => api.close());

  const inEach = async (request: { method: 'GET' | 'POST'; url: string; payload?: unknown; headers?: Record<string, string> }) => {
    const send = (language: Record<string, string>) =>
      api.app.inject({ method: request.method, url: request.url, payload: request.payload as string, headers: { ...request.headers, ...language } });
    const [zh, zhExplicit, en] = await Promise.all([
      send({}),
      send({ 'accept-language': 'zh-CN,zh;q=0.9' }),
      send({ 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' }),
    ]);
    expect(zh.statusCode).toBe(en.statusCode);
    expect(zh.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(en.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(zh.headers['content-language']).toBe('zh-CN');
    expect(en.headers['content-language']).toBe('en');
    expect(zhExplicit.json()).toEqual(zh.json());
    const zhBody = zh.json();
    const enBody = en.json();
    for (const body of [zhBody, enBody]) {
      expect(Object.keys(body).sort()).toEqual(expect.arrayContaining(['detail', 'status', 'title', 'type']));
      expect(body.detail).toEqual(expect.any(String));
      expect(body.detail).not.toBe('');
    }
    expect(zhBody.type).toBe(enBody.type);
    expect(zhBody.detail).toMatch(HAN);
    expect(zhBody.title).toMatch(HAN);
    expect(enBody.detail).not.toMatch(/[\u4e00-\u9fff]{2}.*必须|未登记/);
    // the fields at fault are the same in both languages, each reason Chinese in one and English in the other
    expect((zhBody.errors ?? []).map((e: { field: string }) => e.field)).toEqual((enBody.errors ?? []).map((e: { field: string }) => e.field));
    for (const e of zhBody.errors ?? []) expect(e.reason).toMatch(HAN);
    return { zh: zhBody, en: enBody, status: zh.statusCode };
  };

  it('a validation failure lists every field at once, in Chinese by default', async () => {
    const { zh, en, status } = await inEach({
      method: 'POST',
      url: '/departments',
      payload: { departmentId: 'X!', name: '', level: 'township', areaCode: '43', budget: 1 },
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(status).toBe(400);
    expect(zh.title).toBe('请求无效');
    expect(en.title).toBe('Bad Request');
    expect(zh.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['departmentId', 'name', 'level', 'areaCode', 'budget']));
    expect(zh.errors).toContainEqual({ field: 'budget', reason: '不是可接受的字段，请删除' });
    expect(zh.errors).toContainEqual({ field: 'level', reason: 'level 必须是以下之一：province, city, county' });
    expect(en.errors).toContainEqual({ field: 'budget', reason: 'is not a known field' });
    // no field and reason twice
    const keys = zh.errors.map((e: { field: string; reason: string }) => `${e.field}|${e.reason}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a domain 409', async () => {
    const { zh, en, status } = await inEach({ method: 'POST', url: '/departments', payload: hunan, headers: { authorization: `Bearer ${admin}` } });
    expect(status).toBe(409);
    expect(en.detail).toBe('department hunan is already registered');
    expect(zh.detail).toBe('部门 hunan 已登记');
    expect(zh.errors).toEqual([{ field: 'departmentId', reason: '部门 hunan 已登记' }]);
  });

  it('a 401', async () => {
    const { zh, en, status } = await inEach({ method: 'POST', url: '/departments', payload: hunan });
    expect(status).toBe(401);
    expect(en.detail).toBe('a bearer token is required');
    expect(zh.detail).toBe('需要持有者令牌（Bearer token）');
    expect(zh.title).toBe('未认证');
  });

  it('a 404', async () => {
    const { zh, en, status } = await inEach({ method: 'GET', url: '/tasks/no-such-task', headers: { authorization: `Bearer ${admin}` } });
    expect(status).toBe(404);
    expect(en.detail).toBe('task no-such-task is not set up');
    expect(zh.detail).toBe('抽查任务 no-such-task 尚未设立');
  });

  it('a body that is not JSON', async () => {
    const { zh, en, status } = await inEach({
      method: 'POST',
      url: '/departments',
      payload: '{"departmentId": ',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    });
    expect(status).toBe(400);
    expect(en.errors).toEqual([{ field: 'body', reason: en.detail }]);
    expect(zh.errors[0].field).toBe('body');
    expect(zh.detail).toMatch(/JSON/);
  });

  it.each([
    ['text/plain', '{"departmentId":"hunan"}'],
    ['application/x-www-form-urlencoded', 'departmentId=hunan&name=%E6%B9%96%E5%8D%97'],
  ])('a command sent as %s: 415 naming content-type alone, saying to send JSON, in Chinese and English', async (type, payload) => {
    const { zh, en, status } = await inEach({
      method: 'POST',
      url: '/departments',
      payload,
      headers: { authorization: `Bearer ${admin}`, 'content-type': type },
    });
    expect(status).toBe(415);
    expect(en.errors).toEqual([{ field: 'content-type', reason: `must be application/json: send the body as JSON, not ${type}` }]);
    expect(zh.errors).toEqual([{ field: 'content-type', reason: `必须是 application/json：请以 JSON 发送请求体，而不是 ${type}` }]);
    expect(zh.detail).toBe(`content-type 必须是 application/json：请以 JSON 发送请求体，而不是 ${type}`);
  });

  it('a type no parser knows (415 from the framework) names content-type in the same shape', async () => {
    const { zh, en, status } = await inEach({
      method: 'POST',
      url: '/departments',
      payload: '<department/>',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/xml' },
    });
    expect(status).toBe(415);
    expect(en.errors[0].field).toBe('content-type');
    expect(zh.errors[0].field).toBe('content-type');
    expect(zh.detail).toMatch(/不支持的媒体类型/);
  });
});
