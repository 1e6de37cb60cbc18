/**
 * Tokens from an integrator's identity provider (OpenID Connect), accepted beside the service's own
 * HS256 tokens: signed by a key of the provider's JWK Set (OIDC_JWKS_URL, fetched and cached by
 * `jose`, refetched when a token names a key it has not seen), issued by OIDC_ISSUER for
 * OIDC_AUDIENCE, not expired. The role and the unit come from the claims OIDC_ROLE_CLAIM and
 * OIDC_UNIT_CLAIM (docs/authorisation.md, "Tokens from an identity provider").
 */
import { createRemoteJWKSet, errors, jwtVerify, JWTPayload } from 'jose';
import { ROLES, Role } from '@app/domain';
import type { OidcConfig } from '../config/app-config';

/** Asymmetric algorithms only: a provider's tokens are never verified with a shared secret. */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** The token is genuine, but its role claim names no role of this service: 403, not 401. */
export class UnknownRoleError extends Error {
  constructor(readonly claim: string, readonly value: unknown) {
    super(`the identity provider's claim ${claim} (${JSON.stringify(value) ?? 'absent'}) names none of the roles ${ROLES.join(', ')}`);
    this.name = 'UnknownRoleError';
  }
}

export interface OidcClaims {
  sub: string;
  role: Role;
  unit: string;
}

export type OidcVerifier = (token: string) => Promise<OidcClaims>;

/** A claim by name, or by a dotted path into nested objects (e.g. `realm_access.roles`) when no claim has the whole name. */
function claimOf(payload: JWTPayload, name: string): unknown {
  if (name in payload) return payload[name];
  return name.split('.').reduce<unknown>((value, part) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined), payload);
}

/** A string naming a role, or a list (groups, roles) of which exactly one entry names a role of the service. */
function roleOf(value: unknown): Role | null {
  if (typeof value === 'string') return (ROLES as readonly string[]).includes(value) ? (value as Role) : null;
  if (Array.isArray(value)) {
    const known = [...new Set(value.filter((entry): entry is Role => typeof entry === 'string' && (ROLES as readonly string[]).includes(entry)))];
    return known.length === 1 ? known[0] : null;
  }
  return null;
}

export function oidcVerifier(config: OidcConfig): OidcVerifier {
  const keys = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  return async (token) => {
    const { payload } = await jwtVerify(token, keys, { issuer: config.issuer, audience: config.audience, algorithms: OIDC_ALGORITHMS, requiredClaims: ['exp', 'sub'] });
    const unit = claimOf(payload, config.unitClaim);
    if (typeof payload.sub !== 'string' || typeof unit !== 'string' || unit === '') throw new Error(`the token lacks its subject or the unit claim ${config.unitClaim}`);
    const role = roleOf(claimOf(payload, config.roleClaim));
    if (!role) throw new UnknownRoleError(config.roleClaim, claimOf(payload, config.roleClaim));
    return { sub: payload.sub, role, unit };
  };
}

/** Whether a token is the provider's (an asymmetric `alg` in its header) rather than one the service signed (HS256). */
export function isProviderToken(token: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string' && OIDC_ALGORITHMS.includes(header.alg);
  } catch {
    return false;
  }
}

/** The reason jose gives, said plainly (expired, wrong issuer or audience, unknown key, bad signature). */
export function oidcRefusal(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted: ${error.message}`;
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the identity provider matches the token';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError) return `the token could not be verified: ${(error as Error).message}`;
  return (error as Error).message;
}
