import { JwtService } from '@nestjs/jwt';
import { AppConfig, TokenClaims } from '@app/platform';

export function issueToken(config: AppConfig, options: { sub: string; role: TokenClaims['role']; unit: string; ttl: string }): Promise<string> {
  const jwt = new JwtService({ secret: config.jwtSecret });
  const claims: TokenClaims = { sub: options.sub, role: options.role, unit: options.unit };
  return jwt.signAsync(claims, { algorithm: 'HS256', expiresIn: options.ttl as `${number}h` });
}
