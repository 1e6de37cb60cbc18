/**
 * Which bucket a request is counted in: a token is verified once per request, and an identity
 * provider's token — which only the guard can verify, against the provider's keys — is counted by
 * address, not as an authentication failure.
 */
import type { FastifyRequest } from 'fastify';
import { claimsOf } from '@app/platform';
import { rateLimitKey } from './rate-limits';

const request = (authorization: string) =>
  ({ method: 'POST', url: '/inspectors', routeOptions: { url: '/inspectors' }, ip: '10.0.0.7', headers: { authorization } }) as unknown as FastifyRequest;
const token = (header: object) => `${Buffer.from(JSON.stringify(header)).toString('base64url')}.e30.c2ln`;

describe('rate-limit buckets', () => {
  it('verifies a local token once per request: the guard reads the answer the limiter got', () => {
    let verified = 0;
    const verify = () => {
      verified += 1;
      return { sub: 'staff-1', role: 'staff', unit: 'lingling' } as never;
    };
    const local = token({ alg: 'HS256', typ: 'JWT' });
    const r = request(`Bearer ${local}`);
    expect(rateLimitKey(r, verify)).toBe('caller:sub:staff-1');
    expect(claimsOf(r, local, verify)).toEqual({ sub: 'staff-1', role: 'staff', unit: 'lingling' });
    expect(verified).toBe(1);
  });

  it("counts an identity provider's token by address, not as a failed sign-in", () => {
    const refuse = () => {
      throw new Error('not an HS256 token');
    };
    expect(rateLimitKey(request(`Bearer ${token({ alg: 'RS256', kid: 'k1' })}`), refuse)).toBe('address:ip:10.0.0.7');
    expect(rateLimitKey(request(`Bearer ${token({ alg: 'HS256' })}`), refuse)).toBe('auth-failure:ip:10.0.0.7');
  });
});
