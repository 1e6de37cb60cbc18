/**
 * The escalation ladder's acts (003 §3(4)): 督办 (DutySupervisionOrdered) and 问责
 * (AccountabilityPursued), each on the duty's own stream `duty-escalation-<dutyId>`. The handler
 * reads the duty, the calendar and the actor's standing from the log; the decider rules.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EscalationCommand, escalationDecider, escalationStream } from '@app/domain';
import { yearOf } from '@app/calendar';
import { CLOCK, Clock, CommandContext, CommandResult, CommandRunner, dateInChina } from '@app/platform';
import { OrderSupervisionDto, PursueAccountabilityDto } from './escalation.dto';
import { DutyFacts } from './duty-facts';

export class OrderSupervisionCommand {
  constructor(
    readonly dutyId: string,
    readonly payload: OrderSupervisionDto,
    readonly context: CommandContext,
  ) {}
}

export class PursueAccountabilityCommand {
  constructor(
    readonly dutyId: string,
    readonly payload: PursueAccountabilityDto,
    readonly context: CommandContext,
  ) {}
}

/** Years the calendar must know to count a duty from its start to a little past the day of the act. */
function yearsBetween(first: string, last: string): number[] {
  const years: number[] = [];
  for (let year = yearOf(first); year <= yearOf(last) + 1; year++) years.push(year);
  return years;
}

abstract class EscalationHandler {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: DutyFacts,
    private readonly clock: Clock,
  ) {}

  protected async escalate(
    dutyId: string,
    context: CommandContext,
    act: { type: 'OrderDutySupervision'; instruction: string } | { type: 'PursueAccountability'; reason: string },
  ): Promise<CommandResult> {
    const actedOn = dateInChina(this.clock.now());
    const duty = await this.facts.duty(dutyId);
    const [calendar, authority] = await Promise.all([
      this.facts.calendar(yearsBetween(duty?.startedOn ?? actedOn, actedOn)),
      this.facts.authority(context.actor, duty?.departmentId ?? null),
    ]);
    const command = { ...act, dutyId, duty, calendar, actedOn, authority } as EscalationCommand;
    return this.runner.run(escalationStream(dutyId), escalationDecider, command, context);
  }
}

@CommandHandler(OrderSupervisionCommand)
export class OrderSupervisionHandler extends EscalationHandler implements ICommandHandler<OrderSupervisionCommand, CommandResult> {
  constructor(runner: CommandRunner, facts: DutyFacts, @Inject(CLOCK) clock: Clock) {
    super(runner, facts, clock);
  }

  execute({ dutyId, payload, context }: OrderSupervisionCommand): Promise<CommandResult> {
    return this.escalate(dutyId, context, { type: 'OrderDutySupervision', instruction: payload.instruction });
  }
}

@CommandHandler(PursueAccountabilityCommand)
export class PursueAccountabilityHandler extends EscalationHandler implements ICommandHandler<PursueAccountabilityCommand, CommandResult> {
  constructor(runner: CommandRunner, facts: DutyFacts, @Inject(CLOCK) clock: Clock) {
    super(runner, facts, clock);
  }

  execute({ dutyId, payload, context }: PursueAccountabilityCommand): Promise<CommandResult> {
    return this.escalate(dutyId, context, { type: 'PursueAccountability', reason: payload.reason });
  }
}

export const ESCALATION_HANDLERS = [DutyFacts, OrderSupervisionHandler, PursueAccountabilityHandler];
