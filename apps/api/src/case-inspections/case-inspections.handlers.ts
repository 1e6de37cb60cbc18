/**
 * Inspections outside the random regime (非随机检查: complaints, tip-offs, referrals, assignments,
 * emergencies — 000 §11, 002 §2): recorded by the department that inspected, using no quota.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { caseInspectionDecider, caseInspectionStream, targetDecider, targetStream } from '@app/domain';
import { CLOCK, Clock, CommandContext, CommandResult, CommandRunner, OrganisationDirectory, dateInChina } from '@app/platform';
import { RecordCaseInspectionDto } from './case-inspections.dto';

export class RecordCaseInspectionCommand {
  constructor(
    readonly departmentId: string,
    readonly payload: RecordCaseInspectionDto,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(RecordCaseInspectionCommand)
export class RecordCaseInspectionHandler implements ICommandHandler<RecordCaseInspectionCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ departmentId, payload, context }: RecordCaseInspectionCommand): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, departmentId);
    const { state: target } = await this.runner.load(targetStream(payload.targetId), targetDecider);
    return this.runner.run(
      caseInspectionStream(payload.inspectionId),
      caseInspectionDecider,
      { type: 'RecordNonRandomInspection', departmentId, ...payload, targetRegistered: target.status === 'registered', recordedOn: dateInChina(this.clock.now()) },
      context,
    );
  }
}
