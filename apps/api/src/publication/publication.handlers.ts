/**
 * One thin handler per command: gather the outside facts from the log (the task's completion and
 * item names, the inspection as its stream holds it, the target's public identity, the working-day
 * calendar), check the actor's scope, then load → decide → append on `result-<taskId>-<targetId>`
 * (or `task-<taskId>` to complete a task). Official acts are dated today in China by the clock;
 * receipts carry the date they were received.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, CommandContext, CommandResult, CommandRunner, OrganisationDirectory, dateInChina } from '@app/platform';
import { WorkingDayCalendar, YearSchedule, chineseDaysSource } from '@app/calendar';
import {
  InspectionFacts,
  NotFoundError,
  annualSummaryDecider,
  annualSummaryStream,
  ResultChanges,
  ResultCommand,
  TaskFacts,
  PublicTargetFacts,
  ValidationError,
  checklistDecider,
  checklistStream,
  checklistVersion,
  holidayScheduleDecider,
  holidayScheduleStream,
  inspectionFacts,
  inspectionStream,
  resultDecider,
  resultStream,
  targetDecider,
  targetStream,
  taskDecider,
  taskStream,
} from '@app/domain';
import {
  CorrectResultDto,
  ExemptPublicationDto,
  FeedBackReviewDto,
  ReceiveCommentDto,
  ReceiveObjectionDto,
  ResultChangesDto,
  ReviewObjectionDto,
} from './publication.dto';
import { READ_STORE, ReadStore } from '@app/read-store';
import { liveAnnualFigures } from './publication.queries';

/** 000 §24: the target may comment on its inspectors within 10 working days of the feedback. */
const COMMENT_WINDOW_WORKING_DAYS = 10;

export class CompleteTaskCommand {
  constructor(
    readonly taskId: string,
    readonly context: CommandContext,
  ) {}
}

export class ReportUnreachableListCommand {
  constructor(
    readonly taskId: string,
    readonly context: CommandContext,
  ) {}
}

export class PublishAnnualSummaryCommand {
  constructor(
    readonly departmentId: string,
    readonly year: number,
    readonly context: CommandContext,
  ) {}
}

export class CorrectAnnualSummaryCommand {
  constructor(
    readonly departmentId: string,
    readonly year: number,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}

export class PublishResultCommand {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
    readonly context: CommandContext,
  ) {}
}

export class ExemptPublicationCommand {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
    readonly payload: ExemptPublicationDto,
    readonly context: CommandContext,
  ) {}
}

export class CorrectResultCommand {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
    readonly payload: CorrectResultDto,
    readonly context: CommandContext,
  ) {}
}

export class ReceiveObjectionCommand {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
    readonly payload: ReceiveObjectionDto,
    readonly context: CommandContext,
  ) {}
}

export class ReviewObjectionCommand {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
    readonly objectionNumber: string,
    readonly payload: ReviewObjectionDto,
    readonly context: CommandContext,
  ) {}
}

export class FeedBackObjectionReviewCommand {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
    readonly objectionNumber: string,
    readonly payload: FeedBackReviewDto,
    readonly context: CommandContext,
  ) {}
}

export class ReceiveInspectorCommentCommand {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
    readonly payload: ReceiveCommentDto,
    readonly context: CommandContext,
  ) {}
}

/** Reads the outside facts the publication rules need, from the log only. */
@Injectable()
export class PublicationFacts {
  constructor(
    readonly runner: CommandRunner,
    readonly directory: OrganisationDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  today(): string {
    return dateInChina(this.clock.now());
  }

  async inspection(taskId: string, targetId: string): Promise<InspectionFacts> {
    return (await this.runner.load(inspectionStream(taskId, targetId), inspectionFacts)).state;
  }

  async task(taskId: string): Promise<TaskFacts | null> {
    const { state } = await this.runner.load(taskStream(taskId), taskDecider);
    if (state.status === 'none') return null;
    const { departmentId, items } = state.task;
    // a joint task's result names every department's items, each from its own checklist (004 §2(4))
    const sources = [
      { departmentId, items },
      ...Object.entries(state.jointAcceptances).map(([jointDepartmentId, accepted]) => ({ departmentId: jointDepartmentId, items: accepted.items })),
    ];
    const named = await Promise.all(
      sources.map(async (source) => {
        const { state: checklist } = await this.runner.load(checklistStream(source.departmentId), checklistDecider);
        return source.items.flatMap(({ itemId, checklistVersion: version }) => {
          const listed = checklistVersion(checklist, version)?.items.find((i) => i.itemId === itemId);
          return listed ? [[itemId, listed.name] as const] : [];
        });
      }),
    );
    return { departmentId, completedOn: state.completedOn, itemNames: Object.fromEntries(named.flat()) };
  }

  async target(targetId: string): Promise<PublicTargetFacts | null> {
    const { state } = await this.runner.load(targetStream(targetId), targetDecider);
    return state.status === 'registered' ? { name: state.details.name, creditCode: state.details.creditCode } : null;
  }

  /** The department a result belongs to: the one that reported the inspection, else the one executing it. */
  async resultDepartment(taskId: string, targetId: string, inspection?: InspectionFacts): Promise<string> {
    const recorded = (await this.runner.load(resultStream(taskId, targetId), resultDecider)).state.departmentId;
    const facts = inspection ?? (await this.inspection(taskId, targetId));
    const departmentId = recorded ?? facts.report?.departmentId ?? facts.departmentId;
    if (!departmentId) throw new NotFoundError(`there is no inspection of ${targetId} under task ${taskId}`, 'targetId');
    return departmentId;
  }

  /** Working days with every holiday schedule published in the system for these years (docs/deadlines.md). */
  async calendar(years: readonly number[]): Promise<WorkingDayCalendar> {
    const schedules = await Promise.all(
      years.map(async (year): Promise<YearSchedule | null> => {
        const { state } = await this.runner.load(holidayScheduleStream(year), holidayScheduleDecider);
        return state.status === 'adopted' ? state.schedule : null;
      }),
    );
    return new WorkingDayCalendar(
      chineseDaysSource,
      schedules.filter((s): s is YearSchedule => s !== null),
    );
  }

  async run(taskId: string, targetId: string, command: ResultCommand, context: CommandContext): Promise<CommandResult> {
    return this.runner.run(resultStream(taskId, targetId), resultDecider, command, context);
  }
}

function changesOf(dto: ResultChangesDto): ResultChanges {
  return { itemResults: dto.itemResults, conclusion: dto.conclusion, handling: dto.handling };
}

function objectionNumberOf(raw: string): number {
  const n = Number(raw);
  if (!/^\d{1,6}$/.test(raw) || n < 1) throw new ValidationError('the objection number must be a whole number from 1', 'objectionNumber');
  return n;
}

/** 002 §28.4: the task completes once every dispatched target's inspection has ended; the owner completes it. */
@CommandHandler(CompleteTaskCommand)
export class CompleteTaskHandler implements ICommandHandler<CompleteTaskCommand, CommandResult> {
  constructor(private readonly facts: PublicationFacts) {}

  async execute({ taskId, context }: CompleteTaskCommand): Promise<CommandResult> {
    const { state } = await this.facts.runner.load(taskStream(taskId), taskDecider);
    if (state.status === 'none') throw new NotFoundError(`task ${taskId} is not set up`, 'taskId');
    await this.facts.directory.assertActsFor(context.actor, state.task.departmentId);
    const inspections = Object.fromEntries(
      await Promise.all(state.dispatched.map(async (targetId) => [targetId, (await this.facts.inspection(taskId, targetId)).outcome] as const)),
    );
    const command = { type: 'CompleteTask', completedOn: this.facts.today(), inspections } as const;
    return this.facts.runner.run(taskStream(taskId), taskDecider, command, context);
  }
}

/** 002 §30: the task's department compiles the targets not inspected and reports the list to the city bureau. */
@CommandHandler(ReportUnreachableListCommand)
export class ReportUnreachableListHandler implements ICommandHandler<ReportUnreachableListCommand, CommandResult> {
  constructor(private readonly facts: PublicationFacts) {}

  async execute({ taskId, context }: ReportUnreachableListCommand): Promise<CommandResult> {
    const { state } = await this.facts.runner.load(taskStream(taskId), taskDecider);
    if (state.status === 'none') throw new NotFoundError(`task ${taskId} is not set up`, 'taskId');
    const { departmentId } = state.task;
    const { superiors } = await this.facts.directory.assertActsFor(context.actor, departmentId);
    let cityBureauId: string | null = null;
    for (const id of [departmentId, ...superiors]) {
      if ((await this.facts.directory.department(id))?.level === 'city') {
        cityBureauId = id;
        break;
      }
    }
    const notInspected = Object.fromEntries(
      await Promise.all(state.unreachable.map(async (targetId) => [targetId, (await this.facts.inspection(taskId, targetId)).unreachable] as const)),
    );
    const command = { type: 'ReportUnreachableList', reportedOn: this.facts.today(), cityBureauId, notInspected } as const;
    return this.facts.runner.run(taskStream(taskId), taskDecider, command, context);
  }
}

/** 000 §26: the unit head signs and publishes the year's summary; its figures are frozen from then on. */
@CommandHandler(PublishAnnualSummaryCommand)
export class PublishAnnualSummaryHandler implements ICommandHandler<PublishAnnualSummaryCommand, CommandResult> {
  constructor(
    private readonly facts: PublicationFacts,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ departmentId, year, context }: PublishAnnualSummaryCommand): Promise<CommandResult> {
    await this.facts.directory.assertActsFor(context.actor, departmentId, { roles: ['unit-head'] });
    const { totals } = await liveAnnualFigures(this.reads, departmentId, year);
    const command = { type: 'PublishAnnualSummary', departmentId, year, figures: { ...totals } as Record<string, number>, signer: context.actor, publishedOn: this.facts.today() } as const;
    return this.facts.runner.run(annualSummaryStream(departmentId, year), annualSummaryDecider, command, context);
  }
}

/** 000 §26: an error in a published summary is corrected beside it: the records' figures now, signed, with the reason. */
@CommandHandler(CorrectAnnualSummaryCommand)
export class CorrectAnnualSummaryHandler implements ICommandHandler<CorrectAnnualSummaryCommand, CommandResult> {
  constructor(
    private readonly facts: PublicationFacts,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ departmentId, year, reason, context }: CorrectAnnualSummaryCommand): Promise<CommandResult> {
    await this.facts.directory.assertActsFor(context.actor, departmentId, { roles: ['unit-head'] });
    const { totals } = await liveAnnualFigures(this.reads, departmentId, year);
    const command = { type: 'CorrectAnnualSummary', figures: { ...totals } as Record<string, number>, reason, signer: context.actor, correctedOn: this.facts.today() } as const;
    return this.facts.runner.run(annualSummaryStream(departmentId, year), annualSummaryDecider, command, context);
  }
}

@CommandHandler(PublishResultCommand)
export class PublishResultHandler implements ICommandHandler<PublishResultCommand, CommandResult> {
  constructor(private readonly facts: PublicationFacts) {}

  async execute({ taskId, targetId, context }: PublishResultCommand): Promise<CommandResult> {
    const [task, inspection, target] = await Promise.all([this.facts.task(taskId), this.facts.inspection(taskId, targetId), this.facts.target(targetId)]);
    if (!task) throw new NotFoundError(`task ${taskId} is not set up`, 'taskId');
    await this.facts.directory.assertActsFor(context.actor, await this.facts.resultDepartment(taskId, targetId, inspection));
    return this.facts.run(taskId, targetId, { type: 'PublishResult', taskId, targetId, publishedOn: this.facts.today(), task, inspection, target }, context);
  }
}

@CommandHandler(ExemptPublicationCommand)
export class ExemptPublicationHandler implements ICommandHandler<ExemptPublicationCommand, CommandResult> {
  constructor(private readonly facts: PublicationFacts) {}

  async execute({ taskId, targetId, payload, context }: ExemptPublicationCommand): Promise<CommandResult> {
    const inspection = await this.facts.inspection(taskId, targetId);
    await this.facts.directory.assertActsFor(context.actor, await this.facts.resultDepartment(taskId, targetId, inspection));
    const command = { type: 'ExemptPublication', taskId, targetId, ...payload, decidedOn: this.facts.today(), inspection } as const;
    return this.facts.run(taskId, targetId, command, context);
  }
}

/** 002 §29: staff may ask, the decider lets only the unit's principal head sign. */
@CommandHandler(CorrectResultCommand)
export class CorrectResultHandler implements ICommandHandler<CorrectResultCommand, CommandResult> {
  constructor(private readonly facts: PublicationFacts) {}

  async execute({ taskId, targetId, payload, context }: CorrectResultCommand): Promise<CommandResult> {
    await this.facts.directory.assertActsFor(context.actor, await this.facts.resultDepartment(taskId, targetId));
    const command = {
      type: 'CorrectResult',
      taskId,
      targetId,
      reason: payload.reason,
      changes: changesOf(payload),
      correctedOn: this.facts.today(),
      actor: context.actor,
    } as const;
    return this.facts.run(taskId, targetId, command, context);
  }
}

@CommandHandler(ReceiveObjectionCommand)
export class ReceiveObjectionHandler implements ICommandHandler<ReceiveObjectionCommand, CommandResult> {
  constructor(private readonly facts: PublicationFacts) {}

  async execute({ taskId, targetId, payload, context }: ReceiveObjectionCommand): Promise<CommandResult> {
    await this.facts.directory.assertActsFor(context.actor, await this.facts.resultDepartment(taskId, targetId));
    return this.facts.run(taskId, targetId, { type: 'ReceiveObjection', taskId, targetId, ...payload, today: this.facts.today() }, context);
  }
}

@CommandHandler(ReviewObjectionCommand)
export class ReviewObjectionHandler implements ICommandHandler<ReviewObjectionCommand, CommandResult> {
  constructor(private readonly facts: PublicationFacts) {}

  async execute({ taskId, targetId, objectionNumber, payload, context }: ReviewObjectionCommand): Promise<CommandResult> {
    const n = objectionNumberOf(objectionNumber);
    await this.facts.directory.assertActsFor(context.actor, await this.facts.resultDepartment(taskId, targetId));
    const command = {
      type: 'ReviewObjection',
      taskId,
      targetId,
      objectionNumber: n,
      upheld: payload.upheld,
      reasoning: payload.reasoning,
      correction: payload.correction ? changesOf(payload.correction) : null,
      reviewedOn: this.facts.today(),
      actor: context.actor,
    } as const;
    return this.facts.run(taskId, targetId, command, context);
  }
}

@CommandHandler(FeedBackObjectionReviewCommand)
export class FeedBackObjectionReviewHandler implements ICommandHandler<FeedBackObjectionReviewCommand, CommandResult> {
  constructor(private readonly facts: PublicationFacts) {}

  async execute({ taskId, targetId, objectionNumber, payload, context }: FeedBackObjectionReviewCommand): Promise<CommandResult> {
    const n = objectionNumberOf(objectionNumber);
    await this.facts.directory.assertActsFor(context.actor, await this.facts.resultDepartment(taskId, targetId));
    const command = { type: 'FeedBackObjectionReview', taskId, targetId, objectionNumber: n, channel: payload.channel, fedBackOn: this.facts.today() } as const;
    return this.facts.run(taskId, targetId, command, context);
  }
}

/** 000 §24: the window is 10 working days from the feedback's delivery, counted with the published holiday schedules. */
@CommandHandler(ReceiveInspectorCommentCommand)
export class ReceiveInspectorCommentHandler implements ICommandHandler<ReceiveInspectorCommentCommand, CommandResult> {
  constructor(private readonly facts: PublicationFacts) {}

  async execute({ taskId, targetId, payload, context }: ReceiveInspectorCommentCommand): Promise<CommandResult> {
    const inspection = await this.facts.inspection(taskId, targetId);
    await this.facts.directory.assertActsFor(context.actor, await this.facts.resultDepartment(taskId, targetId, inspection));
    const delivered = inspection.feedbackDeliveredOn;
    let commentDeadline: { date: string; provisional: boolean } | null = null;
    if (delivered) {
      // 10 working days never reach beyond the next year
      const year = Number(delivered.slice(0, 4));
      const { date, provisional } = (await this.facts.calendar([year, year + 1])).addWorkingDays(delivered, COMMENT_WINDOW_WORKING_DAYS);
      commentDeadline = { date, provisional };
    }
    const command = {
      type: 'ReceiveInspectorComment',
      taskId,
      targetId,
      receivedOn: payload.receivedOn,
      comment: payload.comment,
      inspectorIds: payload.inspectorIds ?? null,
      today: this.facts.today(),
      inspection,
      commentDeadline,
    } as const;
    return this.facts.run(taskId, targetId, command, context);
  }
}

export const PUBLICATION_COMMAND_HANDLERS = [
  CompleteTaskHandler,
  ReportUnreachableListHandler,
  PublishAnnualSummaryHandler,
  CorrectAnnualSummaryHandler,
  PublishResultHandler,
  ExemptPublicationHandler,
  CorrectResultHandler,
  ReceiveObjectionHandler,
  ReviewObjectionHandler,
  FeedBackObjectionReviewHandler,
  ReceiveInspectorCommentHandler,
];
