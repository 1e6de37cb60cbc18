/** Per-jurisdiction draw limits: set by a department's head, inherited by its subordinates. */
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DEFAULT_DRAW_LIMITS, drawLimitsDecider, drawLimitsStream } from '@app/domain';
import { Inject } from '@nestjs/common';
import { CLOCK, Clock, CommandContext, CommandResult, CommandRunner, OrganisationDirectory, dateInChina } from '@app/platform';
import { DrawLimitsDto, EffectiveDrawLimitsDto } from './draws.dto';

export class SetDrawLimitsCommand {
  constructor(
    readonly departmentId: string,
    readonly payload: DrawLimitsDto,
    readonly context: CommandContext,
  ) {}
}
export class GetDrawLimitsQuery {
  constructor(readonly departmentId: string) {}
}

@CommandHandler(SetDrawLimitsCommand)
export class SetDrawLimitsHandler implements ICommandHandler<SetDrawLimitsCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ departmentId, payload, context }: SetDrawLimitsCommand): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, departmentId, { roles: ['unit-head', 'credit-lead', 'admin'] });
    return this.runner.run(
      drawLimitsStream(departmentId),
      drawLimitsDecider,
      { type: 'SetDrawLimits', departmentId, ...payload, setOn: dateInChina(this.clock.now()) },
      context,
    );
  }
}

@QueryHandler(GetDrawLimitsQuery)
export class GetDrawLimitsHandler implements IQueryHandler<GetDrawLimitsQuery, EffectiveDrawLimitsDto> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  /** Read from the log, as the draw reads it: the department's own setting, else its nearest superior's. */
  async execute({ departmentId }: GetDrawLimitsQuery): Promise<EffectiveDrawLimitsDto> {
    const { superiors } = await this.directory.jurisdiction(departmentId);
    for (const id of [departmentId, ...superiors]) {
      const { state } = await this.runner.load(drawLimitsStream(id), drawLimitsDecider);
      if (state) return { departmentId, ...state, setBy: id };
    }
    return { departmentId, ...DEFAULT_DRAW_LIMITS, setBy: null };
  }
}

export const DRAW_LIMITS_HANDLERS = [SetDrawLimitsHandler, GetDrawLimitsHandler];
