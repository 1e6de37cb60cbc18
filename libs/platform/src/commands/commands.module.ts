import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandGateway } from './command-gateway';
import { CommandRunner } from './command-runner';
import { OrganisationDirectory } from './organisation-directory';

@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [CommandRunner, CommandGateway, OrganisationDirectory],
  exports: [CqrsModule, CommandRunner, CommandGateway, OrganisationDirectory],
})
export class CommandsModule {}
