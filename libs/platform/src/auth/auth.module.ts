import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuthGuard, OIDC_VERIFIER, TOKEN_VERIFIER, tokenVerifier } from './auth';
import { oidcVerifier } from './oidc';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', expiresIn: '12h' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [
    { provide: TOKEN_VERIFIER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => tokenVerifier(config.jwtSecret) },
    { provide: OIDC_VERIFIER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => (config.oidc ? oidcVerifier(config.oidc) : null) },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [JwtModule],
})
export class AuthModule {}
