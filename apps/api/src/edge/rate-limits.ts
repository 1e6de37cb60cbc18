/**
 * Rate limits (issue 14 item 5), counted by @fastify/rate-limit before anything else runs for a
 * request. Each request falls in one bucket, chosen from its route and credential:
 *
 * - `auth-failure:<address>` — a token that does not verify, none on a route that needs one, and
 *   every sign-in attempt at the dashboard: the requests that answer 401, counted by address so a
 *   token cannot be guessed at speed (RATE_LIMIT_AUTH_FAILURES);
 * - `upload:<subject>` — `POST /targets/import`, the costliest request there is (RATE_LIMIT_UPLOADS);
 * - `search:<subject or address>` — the public searches by name or credit code (RATE_LIMIT_SEARCHES);
 * - `caller:<subject>` — everything else with a valid token, by the token's subject, so a busy
 *   office behind one address is not throttled as one (RATE_LIMIT_PER_CALLER);
 * - `address:<address>` — everything else without a token (RATE_LIMIT_PER_ADDRESS).
 *
 * The token is verified here with the same verifier the AuthGuard uses, so a forged subject
 * cannot buy a fresh bucket. /health and /metrics are never limited: a load balancer's or
 * monitor's probe must not be refused. The counts are kept in Redis when REDIS_URL is set, so all
 * API processes share them, and in the process otherwise. Should Redis fail, requests are let
 * through rather than refused: the limit protects the service and must not take it down.
 * The address is the client's as Fastify sees it — behind a proxy, set TRUST_PROXY.
 */
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { ROLES, Role } from '@app/domain';
import {
  DASHBOARD_LOGIN_ROUTE,
  PUBLIC,
  RateLimits,
  TokenVerifier,
  TooManyRequestsException,
  audienceOf,
  claimsOf,
  dashboardCredential,
  isProviderToken,
  routeKeyOf,
} from '@app/platform';

/** Searches by free text over the public registries: anonymous and costly. */
export const PUBLIC_SEARCH_ROUTES: ReadonlySet<string> = new Set(['GET /public/targets', 'GET /gs/targets', 'GET /public/results', 'GET /gs/results']);
export const UPLOAD_ROUTES: ReadonlySet<string> = new Set(['POST /targets/import']);
const NEVER_LIMITED: ReadonlySet<string> = new Set(['GET /health', 'GET /metrics']);
const EXEMPT = 'exempt';
const PROVIDER = Symbol('an identity provider token');

type Bucket = 'auth-failure' | 'upload' | 'search' | 'caller' | 'address';

/**
 * The subject of a token that verifies and names a role and unit (as the AuthGuard requires), or
 * null; verified once per request (`claimsOf`: the guard reads the same answer). An identity
 * provider's token is verified only by the guard (asynchronously, against its keys): it is counted
 * by address, `PROVIDER`.
 */
function subjectOf(request: FastifyRequest, header: string | string[] | undefined, verify: TokenVerifier): string | null | typeof PROVIDER {
  const match = typeof header === 'string' ? /^Bearer (\S+)$/i.exec(header) : null;
  if (!match) return null;
  if (isProviderToken(match[1])) return PROVIDER;
  try {
    const claims = claimsOf(request, match[1], verify);
    return typeof claims.sub === 'string' && typeof claims.unit === 'string' && ROLES.includes(claims.role as Role) ? claims.sub : null;
  } catch {
    return null;
  }
}

/** The bucket a request is counted in, as `<bucket>:<who>`. */
export function rateLimitKey(request: FastifyRequest, verify: TokenVerifier): string {
  const route = routeKeyOf(request.method, request.routeOptions.url ?? request.url.split('?')[0]);
  if (NEVER_LIMITED.has(route)) return EXEMPT;
  const address = `ip:${request.ip}`;
  if (route === DASHBOARD_LOGIN_ROUTE) return `auth-failure:${address}`;
  const header = dashboardCredential(route, request as unknown as { headers: Record<string, string | string[] | undefined> });
  const verified = header === undefined ? null : subjectOf(request, header, verify);
  if (verified === PROVIDER) return `address:${address}`;
  const subject = verified;
  if (header !== undefined && subject === null) return `auth-failure:${address}`;
  if (subject === null && audienceOf(route) !== PUBLIC) return `auth-failure:${address}`;
  const who = subject === null ? address : `sub:${subject}`;
  if (UPLOAD_ROUTES.has(route)) return `upload:${who}`;
  if (PUBLIC_SEARCH_ROUTES.has(route)) return `search:${who}`;
  return subject === null ? `address:${address}` : `caller:${who}`;
}

function limitOf(key: string, limits: RateLimits): number {
  const bucket = key.slice(0, key.indexOf(':')) as Bucket;
  switch (bucket) {
    case 'auth-failure':
      return limits.authFailures;
    case 'upload':
      return limits.uploads;
    case 'search':
      return limits.searches;
    case 'caller':
      return limits.perCaller;
    default:
      return limits.perAddress;
  }
}

const REFUSAL: Record<string, string> = {
  'auth-failure': 'too many requests without a valid token from this address',
  upload: 'too many uploads',
  search: 'too many searches',
  caller: 'too many requests',
  address: 'too many requests from this address',
};

export function rateLimitOptions(limits: RateLimits, verify: TokenVerifier, redis: { client: Redis; prefix: string } | null): RateLimitPluginOptions {
  return {
    global: true,
    hook: 'onRequest',
    timeWindow: limits.windowSeconds * 1000,
    keyGenerator: (request) => rateLimitKey(request, verify),
    allowList: (_request, key) => key === EXEMPT,
    max: (_request, key) => limitOf(key, limits),
    ...(redis ? { redis: redis.client, nameSpace: `${redis.prefix}rate-limit:` } : {}),
    skipOnError: true,
    // refused like every other refusal, as problem details (ProblemDetailsFilter), with Retry-After
    errorResponseBuilder: (request, context) => {
      const key = rateLimitKey(request, verify);
      const reason = REFUSAL[key.slice(0, key.indexOf(':'))] ?? 'too many requests';
      return new TooManyRequestsException(`${reason}: at most ${context.max} in ${limits.windowSeconds} s; try again in ${context.after}`);
    },
  };
}
