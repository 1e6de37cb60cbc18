/**
 * Tokens from an external identity provider (OIDC), beside the cli's own: a real HTTP server in
 * this test publishes a JWK Set, the service (OIDC_ISSUER, OIDC_JWKS_URL, OIDC_AUDIENCE) fetches it
 * and verifies the provider's RS256 and ES256 tokens; an expired token, a wrong issuer or
 * audience, a key the provider does not publish, a missing unit → 401, a role claim that names no
 * role of the service or one the route does not allow → 403, all as problem-details.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { loadConfig } from '@app/platform';
import { ApiHarness, startApi } from './support/api-harness';

jest.setTimeout(60_000);

describe('OIDC tokens from an identity provider', () => {
  let idp: Server;
  let issuer: string;
  let jwksRequests = 0;
  let rsa: { privateKey: KeyLike; publicJwk: JWK };
  let ec: { privateKey: KeyLike; publicJwk: JWK };
  let stranger: KeyLike;
  let api: ApiHarness;
  const audience = 'dsr-api';

  const keyPair = async (alg: string, kid: string) => {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
  };

  beforeAll(async () => {
    rsa = await keyPair('RS256', 'rsa-1');
    ec = await keyPair('ES256', 'ec-1');
    stranger = (await generateKeyPair('RS256')).privateKey;
    idp = createServer((request, response) => {
      if (request.url !== '/protocol/openid-connect/certs') return void response.writeHead(404).end();
      jwksRequests++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [rsa.publicJwk, ec.publicJwk] }));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/realms/dsr`;
    api = await startApi({
      OIDC_ISSUER: issuer,
      OIDC_JWKS_URL: `http://127.0.0.1:${(idp.address() as AddressInfo).port}/protocol/openid-connect/certs`,
      OIDC_AUDIENCE: audience,
      OIDC_ROLE_CLAIM: 'realm_access.roles',
      OIDC_UNIT_CLAIM: 'dsr_unit',
    });
  });

  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => idp.close(resolve));
  });

  interface Minted {
    role?: unknown;
    unit?: string;
    iss?: string;
    aud?: string;
    exp?: number;
    key?: KeyLike;
    alg?: string;
    kid?: string;
  }
  const mint = (options: Minted = {}) => {
    const claims: Record<string, unknown> = { realm_access: { roles: 'role' in options ? options.role : ['offline_access', 'admin'] } };
    if (options.unit !== '') claims.dsr_unit = options.unit ?? 'hunan';
    const alg = options.alg ?? 'RS256';
    return new SignJWT(claims)
      .setProtectedHeader({ alg, kid: options.kid ?? (alg === 'ES256' ? 'ec-1' : 'rsa-1') })
      .setSubject('idp-user-zhang')
      .setIssuer(options.iss ?? issuer)
      .setAudience(options.aud ?? audience)
      .setIssuedAt()
      .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 600)
      .sign(options.key ?? (alg === 'ES256' ? ec.privateKey : rsa.privateKey));
  };

  let departments = 0;
  const createDepartment = async (token: string) => {
    departments++;
    const response = await api.app.inject({
      method: 'POST',
      url: '/departments',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: { departmentId: `oidc-${departments}`, name: `湖南省市场监督管理局${departments}`, level: 'province', areaCode: '430000' },
    });
    return { status: response.statusCode, body: response.json(), contentType: response.headers['content-type'] };
  };

  it('takes the three settings together or none, and the claim names only with them', () => {
    expect(() => loadConfig({ DATA_DIR: api.config.dataDir, OIDC_ISSUER: issuer })).toThrow(/OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE are set together/);
    expect(() => loadConfig({ DATA_DIR: api.config.dataDir, OIDC_ROLE_CLAIM: 'roles' })).toThrow(/OIDC_ROLE_CLAIM and OIDC_UNIT_CLAIM need/);
    expect(() => loadConfig({ DATA_DIR: api.config.dataDir, OIDC_ISSUER: 'not a url', OIDC_JWKS_URL: 'x', OIDC_AUDIENCE: 'a' })).toThrow(/OIDC_ISSUER must be the issuer URL/);
    expect(loadConfig({ DATA_DIR: api.config.dataDir, OIDC_ISSUER: issuer, OIDC_JWKS_URL: `${issuer}/certs`, OIDC_AUDIENCE: 'a' }).oidc).toMatchObject({ roleClaim: 'dsr_role', unitClaim: 'dsr_unit' });
  });

  it("accepts the provider's RS256 token: role from a nested list claim, unit from dsr_unit, the JWK Set fetched from the provider", async () => {
    const { status, body } = await createDepartment(await mint());
    expect(status).toBe(201);
    expect(jwksRequests).toBeGreaterThanOrEqual(1);
    const history = await api.events.readAll();
    expect(history.at(-1)!.metadata).toMatchObject({ actorId: 'idp-user-zhang', role: 'admin', unit: 'hunan' });
    expect(body).toBeDefined();
  });

  it('accepts an ES256 token signed by another key of the same set', async () => {
    expect((await createDepartment(await mint({ alg: 'ES256' }))).status).toBe(201);
  });

  it("still accepts the cli's own tokens beside the provider's", async () => {
    expect((await createDepartment(await api.tokenFor('local-admin', 'admin', 'hunan'))).status).toBe(201);
  });

  const refusals: [string, () => Promise<Minted>, RegExp][] = [
    ['an expired token', async () => ({ exp: Math.floor(Date.now() / 1000) - 120 }), /expired/],
    ['a token of another issuer', async () => ({ iss: 'https://idp.elsewhere.example/realms/dsr' }), /iss/],
    ['a token for another audience', async () => ({ aud: 'another-client' }), /aud/],
    ['a token signed by a key the provider does not publish', async () => ({ key: stranger, kid: 'rsa-1' }), /signature/],
    ['a token signed by a key id the provider does not know', async () => ({ key: stranger, kid: 'rsa-9' }), /no key of the identity provider/],
    ['a token without the unit claim', async () => ({ unit: '' }), /unit claim dsr_unit/],
  ];
  it.each(refusals)('refuses %s with 401 problem-details, appending nothing', async (_, options, reason) => {
    const before = (await api.events.readAll()).length;
    const { status, body, contentType } = await createDepartment(await mint(await options()));
    expect(status).toBe(401);
    expect(contentType).toMatch(/application\/problem\+json/);
    expect(body).toMatchObject({ status: 401, title: 'Unauthorized', detail: expect.stringMatching(reason) });
    expect((await api.events.readAll()).length).toBe(before);
  });

  it('refuses a token whose role claim names no role of the service with 403 problem-details', async () => {
    for (const role of [['offline_access', 'superuser'], 'root', undefined, ['admin', 'staff']]) {
      const { status, body } = await createDepartment(await mint({ role }));
      expect(status).toBe(403);
      expect(body).toMatchObject({ status: 403, type: 'urn:dsr:problem:role-not-allowed', detail: expect.stringMatching(/realm_access\.roles .* names none of the roles/) });
    }
  });

  it('refuses a known role the route does not allow, as for local tokens', async () => {
    const { status, body } = await createDepartment(await mint({ role: ['staff'] }));
    expect(status).toBe(403);
    expect(body).toMatchObject({ type: 'urn:dsr:problem:role-not-allowed', detail: expect.stringMatching(/role staff may not call POST \/departments/) });
  });
});
