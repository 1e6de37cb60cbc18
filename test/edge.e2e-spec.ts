/**
 * The edge of the API (issue 14 items 4 and 5): security headers on every answer, no caching of
 * staff answers, TRUST_PROXY for the dashboard cookie's Secure behind a TLS proxy, and rate limits
 * per caller and per address answered with 429 problem details and Retry-After.
 */
import { createHash } from 'node:crypto';
import { ApiHarness, startApi } from './support/api-harness';

const PROBLEM = 'application/problem+json; charset=utf-8';

function directives(csp: string | undefined): Map<string, string[]> {
  return new Map(
    (csp ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

/** The hash source of each inline <style> of a page. */
function inlineStyleHashes(html: string): string[] {
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}

describe('security headers', () => {
  let api: ApiHarness;
  let staff: string;

  beforeAll(async () => {
    api = await startApi();
    staff = await api.tokenFor('ll-staff-liu', 'oversight', 'lingling');
  }, 60_000);
  afterAll(() => api.close());

  it.each<[string, string, boolean]>([
    ['the public pages', '/gs', false],
    ['the public search page', '/gs/targets?q=abc', false],
    ['the dashboard sign-in', '/dashboard/login', false],
    ['the dashboard', '/dashboard', true],
  ])('%s allow their own style sheet and nothing else, and may not be framed', async (_name, url, signedIn) => {
    const response = await api.app.inject({ method: 'GET', url, headers: signedIn ? { authorization: `Bearer ${staff}` } : {} });
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const csp = directives(response.headers['content-security-policy'] as string);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    // every inline style sheet of the page is allowed by its hash; no inline style attribute is needed or allowed
    const styles = csp.get('style-src') ?? [];
    expect(styles).not.toContain("'unsafe-inline'");
    const hashes = inlineStyleHashes(response.body);
    expect(hashes.length).toBeGreaterThan(0);
    for (const hash of hashes) expect(styles).toContain(hash);
    expect(response.body).not.toMatch(/\sstyle=/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('does not let staff answers be cached: the dashboard and JSON called with a token', async () => {
    const dashboard = await api.app.inject({ method: 'GET', url: '/dashboard', headers: { authorization: `Bearer ${staff}` } });
    expect(dashboard.headers['cache-control']).toBe('no-store');
    const login = await api.app.inject({ method: 'GET', url: '/dashboard/login' });
    expect(login.headers['cache-control']).toBe('no-store');
    const targets = await api.app.inject({ method: 'GET', url: '/targets?limit=1', headers: { authorization: `Bearer ${staff}` } });
    expect(targets.statusCode).toBeLessThan(500);
    expect(targets.headers['cache-control']).toBe('no-store');
    const refused = await api.app.inject({ method: 'GET', url: '/targets?limit=1' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    // the public registry is public: caching it is the browser's business
    const registry = await api.app.inject({ method: 'GET', url: '/public/targets?limit=1' });
    expect(registry.statusCode).toBe(200);
    expect(registry.headers['cache-control']).toBeUndefined();
  });

  it('keeps the OpenAPI UI working: its scripts and styles load from the service', async () => {
    const page = await api.app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    const csp = directives(page.headers['content-security-policy'] as string);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // no inline script: Swagger UI's init script is a file of its own
    expect(page.body).not.toMatch(/<script>[^<]/);
    const sources = [...page.body.matchAll(/<(?:script src|link[^>]*href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(2);
    for (const source of sources) {
      const url = new URL(source, 'http://service/docs').pathname;
      expect({ url, status: (await api.app.inject({ method: 'GET', url })).statusCode }).toEqual({ url, status: 200 });
    }
    const document = await api.app.inject({ method: 'GET', url: '/docs-json' });
    expect(document.statusCode).toBe(200);
  });
});

describe('TRUST_PROXY', () => {
  const signIn = async (api: ApiHarness, headers: Record<string, string>) => {
    const token = await api.tokenFor('ll-staff-liu', 'oversight', 'lingling');
    const response = await api.app.inject({
      method: 'POST',
      url: '/dashboard/login',
      headers: { 'content-type': 'text/plain', ...headers },
      payload: `token=${token}`,
    });
    expect(response.statusCode).toBe(303);
    return String(response.headers['set-cookie']);
  };

  it('behind a trusted TLS proxy, the dashboard cookie is Secure', async () => {
    const api = await startApi({ TRUST_PROXY: '127.0.0.1' });
    try {
      expect(await signIn(api, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' })).toMatch(/; Secure$/);
      expect(await signIn(api, {})).not.toMatch(/Secure/);
    } finally {
      await api.close();
    }
  }, 60_000);

  it('without it, a forwarded protocol is not believed', async () => {
    const api = await startApi();
    try {
      expect(await signIn(api, { 'x-forwarded-proto': 'https' })).not.toMatch(/Secure/);
    } finally {
      await api.close();
    }
  }, 60_000);
});

describe('rate limits', () => {
  const LIMITS = {
    RATE_LIMIT_AUTH_FAILURES: '5',
    RATE_LIMIT_SEARCHES: '3',
    RATE_LIMIT_UPLOADS: '2',
    RATE_LIMIT_PER_CALLER: '8',
    RATE_LIMIT_PER_ADDRESS: '6',
    RATE_LIMIT_WINDOW_SECONDS: '60',
  };

  const expectRefused = (response: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
    expect(response.statusCode).toBe(429);
    expect(response.headers['content-type']).toBe(PROBLEM);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(JSON.parse(response.body)).toMatchObject({ type: 'urn:dsr:problem:rate-limited', title: 'Too Many Requests', status: 429 });
  };

  it('refuses an address that keeps failing authentication, while signed-in callers and health checks go on', async () => {
    const api = await startApi(LIMITS);
    try {
      const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiIsInVuaXQiOiJ4In0.c2lnbmF0dXJlLWZvcmdlZC1ieS1hbi1hdHRhY2tlcg';
      for (let i = 0; i < 3; i++) expect((await api.app.inject({ method: 'GET', url: '/targets', headers: { authorization: `Bearer ${forged}` } })).statusCode).toBe(401);
      // no token at all on a route that needs one counts too
      for (let i = 0; i < 2; i++) expect((await api.app.inject({ method: 'POST', url: '/tasks', payload: {} })).statusCode).toBe(401);
      expectRefused(await api.app.inject({ method: 'GET', url: '/targets', headers: { authorization: `Bearer ${forged}` } }));
      expectRefused(await api.app.inject({ method: 'POST', url: '/dashboard/login', headers: { 'content-type': 'text/plain' }, payload: `token=${forged}` }));
      const staff = await api.tokenFor('ll-staff-liu', 'staff', 'lingling');
      expect((await api.app.inject({ method: 'GET', url: '/departments', headers: { authorization: `Bearer ${staff}` } })).statusCode).toBe(200);
      expect((await api.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      // another address is another count
      const elsewhere = await api.app.inject({ method: 'GET', url: '/targets', remoteAddress: '198.51.100.7', headers: { authorization: `Bearer ${forged}` } });
      expect(elsewhere.statusCode).toBe(401);
    } finally {
      await api.close();
    }
  }, 60_000);

  it('limits public searches per address, on the JSON API and the pages alike', async () => {
    const api = await startApi(LIMITS);
    try {
      expect((await api.app.inject({ method: 'GET', url: '/public/targets?name=abc' })).statusCode).toBe(200);
      expect((await api.app.inject({ method: 'GET', url: '/gs/targets?q=abc' })).statusCode).toBe(200);
      expect((await api.app.inject({ method: 'GET', url: '/public/results?q=abc' })).statusCode).toBe(200);
      expectRefused(await api.app.inject({ method: 'GET', url: '/gs/targets?q=abc' }));
      expectRefused(await api.app.inject({ method: 'GET', url: '/public/targets?name=abc' }));
      // other public views are counted on their own, per address
      expect((await api.app.inject({ method: 'GET', url: '/departments' })).statusCode).toBe(200);
      expect((await api.app.inject({ method: 'GET', url: '/public/targets?name=abc', remoteAddress: '198.51.100.7' })).statusCode).toBe(200);
    } finally {
      await api.close();
    }
  }, 60_000);

  it('limits uploads per caller', async () => {
    const api = await startApi(LIMITS);
    try {
      const staff = await api.tokenFor('ll-staff-liu', 'staff', 'lingling');
      const upload = () => api.app.inject({ method: 'POST', url: '/targets/import', headers: { authorization: `Bearer ${staff}` } });
      for (let i = 0; i < 2; i++) expect((await upload()).statusCode).not.toBe(429);
      expectRefused(await upload());
      // the caller's other requests have their own count
      expect((await api.app.inject({ method: 'GET', url: '/departments', headers: { authorization: `Bearer ${staff}` } })).statusCode).toBe(200);
    } finally {
      await api.close();
    }
  }, 60_000);

  it('counts signed-in callers by subject and anonymous ones by address', async () => {
    const api = await startApi(LIMITS);
    try {
      const liu = await api.tokenFor('ll-staff-liu', 'staff', 'lingling');
      const wang = await api.tokenFor('ll-staff-wang', 'staff', 'lingling');
      const get = (token?: string) => api.app.inject({ method: 'GET', url: '/departments', headers: token ? { authorization: `Bearer ${token}` } : {} });
      for (let i = 0; i < 8; i++) expect((await get(liu)).statusCode).toBe(200);
      expectRefused(await get(liu));
      expect((await get(wang)).statusCode).toBe(200);
      for (let i = 0; i < 6; i++) expect((await get()).statusCode).toBe(200);
      expectRefused(await get());
      const refused = await get();
      expect(refused.headers['x-content-type-options']).toBe('nosniff');
    } finally {
      await api.close();
    }
  }, 60_000);

  const redisUrl = process.env.TEST_REDIS_URL;
  (redisUrl ? it : it.skip)('keeps the counts in Redis when REDIS_URL is set, shared by every API process', async () => {
    const env = {
      ...LIMITS,
      REDIS_URL: redisUrl!,
      REDIS_KEY_PREFIX: `edge-${process.pid}-${Date.now()}:`,
      JWT_SECRET: 'edge-test-secret-edge-test-secret-edge!',
      RUN_PROJECTOR: 'false',
    };
    const [one, two] = [await startApi(env), await startApi(env)];
    try {
      for (let i = 0; i < 3; i++) expect((await one.app.inject({ method: 'GET', url: '/public/targets?name=abc' })).statusCode).toBe(200);
      expectRefused(await two.app.inject({ method: 'GET', url: '/public/targets?name=abc' }));
    } finally {
      await one.close();
      await two.close();
    }
  }, 60_000);
});
