/**
 * What a controller calls to run a command: through the CommandBus to its one handler, then a
 * short wait until the read models include the new events, so the caller can read its own write.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { ApiProperty } from '@nestjs/swagger';
import { ProjectionProgress } from '../projector/projector.module';
import { CommandResult } from './command-runner';
import { CommandContext } from './command-context';
import { IDEMPOTENCY_KEYS, IdempotencyKeyReusedException, IdempotencyKeyStore, sameBinding } from './idempotency-keys';

export class CommandAccepted {
  @ApiProperty({ example: 'department-lingling' }) stream!: string;
  @ApiProperty({ description: 'Revision of the stream after the command' }) revision!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Global log position of the last event appended, "<commit>/<prepare>"' }) position!: string | null;
  @ApiProperty({ type: [String], description: 'Types of the events the command appended' }) events!: string[];
  @ApiProperty({ description: 'True when this Idempotency-Key had been applied before and nothing new was appended' }) replayed!: boolean;
  @ApiProperty({ description: 'True when queries already reflect the command' }) projected!: boolean;
}

@Injectable()
export class CommandGateway {
  constructor(
    private readonly bus: CommandBus,
    private readonly progress: ProjectionProgress,
    @Inject(IDEMPOTENCY_KEYS) private readonly keys: IdempotencyKeyStore,
  ) {}

  /**
   * With an Idempotency-Key, the key is bound to the request and caller first: another request
   * under a bound key is refused with 422 before anything runs. A refused command frees the
   * binding it made, so the key may carry a corrected request.
   */
  async send(command: ICommand): Promise<CommandAccepted> {
    const idempotency = (command as { context?: CommandContext }).context?.idempotency;
    let result: CommandResult;
    if (idempotency) {
      const existing = await this.keys.bind(idempotency.key, idempotency.binding);
      if (existing && !sameBinding(existing, idempotency.binding)) throw new IdempotencyKeyReusedException();
      try {
        result = await this.bus.execute<ICommand, CommandResult>(command);
      } catch (error) {
        if (!existing) await this.keys.release(idempotency.key, idempotency.binding).catch(() => undefined);
        throw error;
      }
    } else {
      result = await this.bus.execute<ICommand, CommandResult>(command);
    }
    const projected = await this.progress.waitFor(result.position);
    return { ...result, events: [...result.events], projected };
  }
}
