/**
 * Who is acting. Every request carries a bearer JWT with subject, role and unit; a route is
 * closed unless marked @Public(). Tokens are verified here and nowhere else.
 */
import { CanActivate, ExecutionContext, Injectable, SetMetadata, UnauthorizedException, ForbiddenException, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { Actor, ROLES, Role } from '@app/domain';

const PUBLIC = 'dsr:public';
const ROLES_KEY = 'dsr:roles';

/** Open to the anonymous public (一公开): no token needed. */
export const Public = () => SetMetadata(PUBLIC, true);
/** Only these roles may call the route; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export interface TokenClaims {
  sub: string;
  role: Role;
  unit: string;
}

interface RequestWithActor {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, targets);
    const header = request.headers.authorization;
    if (isPublic && !header) return true;
    request.actor = await this.actorFrom(header);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!isPublic && roles && !roles.includes(request.actor.role)) {
      throw new ForbiddenException(`role ${request.actor.role} may not do this; allowed: ${roles.join(', ')}`);
    }
    return true;
  }

  private async actorFrom(header: string | string[] | undefined): Promise<Actor> {
    const match = typeof header === 'string' ? /^Bearer (\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('a bearer token is required');
    let claims: Partial<TokenClaims>;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(match[1]);
    } catch (error) {
      throw new UnauthorizedException(`invalid token: ${(error as Error).message}`);
    }
    if (typeof claims.sub !== 'string' || typeof claims.unit !== 'string' || !ROLES.includes(claims.role as Role)) {
      throw new UnauthorizedException('token lacks subject, role or unit');
    }
    return { id: claims.sub, role: claims.role as Role, unit: claims.unit };
  }
}

/** The authenticated actor of the request (undefined on a public route called anonymously). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<RequestWithActor>().actor);
