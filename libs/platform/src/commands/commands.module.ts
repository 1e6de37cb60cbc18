import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandGateway } from './command-gateway';
import { CommandRunner } from './command-runner';
import { OrganisationDirectory } from './organisation-directory';
import { IDEMPOTENCY_KEYS, IdempotencyKeysLifecycle, openIdempotencyKeys } from './idempotency-keys';
import { APP_CONFIG } from '../config/app-config';

@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [
    CommandRunner,
    CommandGateway,
    OrganisationDirectory,
    { provide: IDEMPOTENCY_KEYS, inject: [APP_CONFIG], useFactory: openIdempotencyKeys },
    IdempotencyKeysLifecycle,
  ],
  exports: [CqrsModule, CommandRunner, CommandGateway, OrganisationDirectory, IDEMPOTENCY_KEYS],
})
export class CommandsModule {}
