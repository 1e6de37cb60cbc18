/**
 * Who is acting. Every request carries a bearer JWT with subject, role and unit, verified here
 * and nowhere else; which roles may call a route is looked up in the authorisation matrix
 * (./authorisation-matrix.ts), and a route it does not list is closed to everyone.
 */
import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException, ForbiddenException, createParamDecorator } from '@nestjs/common';
import { createVerifier } from 'fast-jwt';
import { Actor, ROLES, Role } from '@app/domain';
import { PUBLIC, audienceOf, routeKeyOf } from './authorisation-matrix';
import { dashboardCredential } from './dashboard-session';
import { OidcVerifier, UnknownRoleError, isProviderToken, oidcRefusal } from './oidc';
import { RECORD_ID, RECORD_ID_MESSAGE } from '../http/ids';

/** The route is closed to the caller's role (the first layer; scope refusals are ForbiddenError from the domain). */
export class RoleNotAllowedException extends ForbiddenException {}

export interface TokenClaims {
  sub: string;
  role: Role;
  unit: string;
}

interface RequestWithActor {
  method: string;
  url: string;
  /** Fastify's matched route, with its path as declared (`/departments/:departmentId/units`). */
  routeOptions: { url?: string };
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  actor?: Actor;
}

/** Verifies a bearer token's signature and expiry; throws when either fails. */
export type TokenVerifier = (token: string) => Partial<TokenClaims>;
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
/** Tokens of an external identity provider (OIDC_*); null when none is configured. */
export const OIDC_VERIFIER = Symbol('OIDC_VERIFIER');

/**
 * HS256 only, with the key prepared once: jsonwebtoken built a key object on every request, 18 %
 * of all CPU under load (issue 10). Nothing is cached between requests, so an expired token is
 * refused the moment it expires.
 */
export function tokenVerifier(secret: string): TokenVerifier {
  return createVerifier({ key: secret, algorithms: ['HS256'], cache: false }) as TokenVerifier;
}

const verifiedFor = new WeakMap<object, { readonly token: string; readonly claims?: Partial<TokenClaims>; readonly error?: unknown }>();

/**
 * A request's token verified once, whoever asks first — the rate limiter counting the request, or
 * the guard deciding it: the answer is kept on the request (never across requests, so an expired
 * token is still refused the moment it expires).
 */
export function claimsOf(request: object, token: string, verify: TokenVerifier): Partial<TokenClaims> {
  const seen = verifiedFor.get(request);
  if (seen?.token === token) {
    if (seen.error !== undefined) throw seen.error;
    return seen.claims!;
  }
  try {
    const claims = verify(token);
    verifiedFor.set(request, { token, claims });
    return claims;
  } catch (error) {
    verifiedFor.set(request, { token, error });
    throw error;
  }
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verify: TokenVerifier,
    @Inject(OIDC_VERIFIER) private readonly verifyOidc: OidcVerifier | null,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const route = routeKeyOf(request.method, request.routeOptions.url ?? request.url);
    const audience = audienceOf(route);
    // the dashboard's pages also take the token from their cookie or sign-in form; every other route only from the header
    const header = dashboardCredential(route, request);
    if (audience === PUBLIC && !header) return true;
    request.actor = await this.actorFrom(request, header);
    if (audience === undefined) throw new RoleNotAllowedException(`${route} is not in the authorisation matrix, so nobody may call it`);
    if (audience !== PUBLIC && !audience.includes(request.actor.role)) {
      throw new RoleNotAllowedException(`role ${request.actor.role} may not call ${route}; allowed: ${audience.join(', ')}`);
    }
    return true;
  }

  private async actorFrom(request: object, header: string | string[] | undefined): Promise<Actor> {
    const match = typeof header === 'string' ? /^Bearer (\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('a bearer token is required');
    // a token signed with an asymmetric key can only be the identity provider's: the service signs HS256
    if (this.verifyOidc && isProviderToken(match[1])) {
      try {
        const { sub, role, unit } = await this.verifyOidc(match[1]);
        return actorOf(sub, role, unit);
      } catch (error) {
        if (error instanceof UnknownRoleError) throw new RoleNotAllowedException(error.message);
        throw new UnauthorizedException(`invalid token: ${oidcRefusal(error)}`);
      }
    }
    let claims: Partial<TokenClaims>;
    try {
      claims = claimsOf(request, match[1], this.verify);
    } catch (error) {
      throw new UnauthorizedException(`invalid token: ${(error as Error).message}`);
    }
    if (typeof claims.sub !== 'string' || typeof claims.unit !== 'string' || !ROLES.includes(claims.role as Role)) {
      throw new UnauthorizedException('token lacks subject, role or unit');
    }
    return actorOf(claims.sub, claims.role as Role, claims.unit);
  }
}

/**
 * A subject and a unit are recorded in every event's metadata, written to logs and exported to
 * spreadsheets: they must be record ids (lower-case letters, digits and hyphens), never text that
 * a spreadsheet would run as a formula or a log would split (issue 14).
 */
function actorOf(sub: string, role: Role, unit: string): Actor {
  if (!RECORD_ID.test(sub)) throw new UnauthorizedException(`the token's subject ${RECORD_ID_MESSAGE}`);
  if (!RECORD_ID.test(unit)) throw new UnauthorizedException(`the token's unit ${RECORD_ID_MESSAGE}`);
  return { id: sub, role, unit };
}

/** The authenticated actor of the request (undefined on a public route called anonymously). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<RequestWithActor>().actor);
