import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandGateway } from './command-gateway';
import { CommandRunner } from './command-runner';

@Global()
@Module({ imports: [CqrsModule.forRoot()], providers: [CommandRunner, CommandGateway], exports: [CqrsModule, CommandRunner, CommandGateway] })
export class CommandsModule {}
