/** One thin handler per command: check the actor's scope, then load → decide → append. */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, CommandRunner, OrganisationDirectory } from '@app/platform';
import { READ_STORE, ReadStore } from '@app/read-store';
import {
  CHECKLISTS,
  CHECKLIST_DRAFTS,
  CHECKLIST_VERSIONS,
  ChecklistDraftView,
  ChecklistSummaryView,
  ChecklistVersionView,
  checklistVersionId,
} from '@app/projections';
import { Actor, ChecklistItem, NotFoundError, checklistDecider, checklistStream } from '@app/domain';
import { ChecklistDraftDto, ChecklistItemFieldsDto, DraftChecklistItemDto, PublishChecklistVersionDto, ReviewChecklistDraftDto, WithdrawChecklistItemDto } from './checklist.dto';

export class DraftChecklistItemCommand {
  constructor(
    readonly departmentId: string,
    readonly payload: DraftChecklistItemDto,
    readonly context: CommandContext,
  ) {}
}

export class ReviseChecklistItemCommand {
  constructor(
    readonly departmentId: string,
    readonly itemId: string,
    readonly payload: ChecklistItemFieldsDto,
    readonly context: CommandContext,
  ) {}
}

export class WithdrawChecklistItemCommand {
  constructor(
    readonly departmentId: string,
    readonly itemId: string,
    readonly payload: WithdrawChecklistItemDto,
    readonly context: CommandContext,
  ) {}
}

export class ReviewChecklistDraftCommand {
  constructor(
    readonly departmentId: string,
    readonly payload: ReviewChecklistDraftDto,
    readonly context: CommandContext,
  ) {}
}

export class PublishChecklistVersionCommand {
  constructor(
    readonly departmentId: string,
    readonly payload: PublishChecklistVersionDto,
    readonly context: CommandContext,
  ) {}
}

export class GetCurrentChecklistQuery {
  constructor(readonly departmentId: string) {}
}
export class GetChecklistVersionQuery {
  constructor(
    readonly departmentId: string,
    readonly version: number,
  ) {}
}
export class ListChecklistVersionsQuery {
  constructor(readonly departmentId: string) {}
}
export class GetChecklistDraftQuery {
  constructor(
    readonly departmentId: string,
    readonly actor: Actor,
  ) {}
}

const toItem = (itemId: string, fields: ChecklistItemFieldsDto): ChecklistItem => ({
  itemId,
  name: fields.name,
  content: fields.content,
  legalBasis: fields.legalBasis,
  inspectingBody: fields.inspectingBody,
  targetType: fields.targetType,
  methods: fields.methods,
  qualifications: fields.qualifications,
  category: fields.category,
  ratioCap: fields.ratioCap ?? null,
});

@CommandHandler(DraftChecklistItemCommand)
export class DraftChecklistItemHandler implements ICommandHandler<DraftChecklistItemCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, payload, context }: DraftChecklistItemCommand): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, departmentId);
    const { itemId, ...fields } = payload;
    return this.runner.run(
      checklistStream(departmentId),
      checklistDecider,
      { type: 'DraftChecklistItem', departmentId, item: toItem(itemId, fields) },
      context,
    );
  }
}

@CommandHandler(ReviseChecklistItemCommand)
export class ReviseChecklistItemHandler implements ICommandHandler<ReviseChecklistItemCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, itemId, payload, context }: ReviseChecklistItemCommand): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, departmentId);
    return this.runner.run(
      checklistStream(departmentId),
      checklistDecider,
      { type: 'ReviseChecklistItem', departmentId, item: toItem(itemId, payload) },
      context,
    );
  }
}

@CommandHandler(WithdrawChecklistItemCommand)
export class WithdrawChecklistItemHandler implements ICommandHandler<WithdrawChecklistItemCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, itemId, payload, context }: WithdrawChecklistItemCommand): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, departmentId);
    return this.runner.run(
      checklistStream(departmentId),
      checklistDecider,
      { type: 'WithdrawChecklistItem', departmentId, itemId, reason: payload.reason ?? null },
      context,
    );
  }
}

/**
 * The legal role stands for the justice bureau (司法局) that reviews the checklist (004 §4(3)): the
 * department's own, or one of a superior level (经市司法局审定 — the city's). The reviewer's unit is
 * recorded as the reviewing unit.
 */
@CommandHandler(ReviewChecklistDraftCommand)
export class ReviewChecklistDraftHandler implements ICommandHandler<ReviewChecklistDraftCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, payload, context }: ReviewChecklistDraftCommand): Promise<CommandResult> {
    const { actor } = context;
    await this.directory.assertActsFor(actor, departmentId, { roles: ['legal', 'admin'], superiorMayAct: true });
    const command = {
      type: 'ReviewChecklistDraft',
      departmentId,
      outcome: payload.outcome,
      reasons: payload.reasons ?? [],
      reviewedBy: actor.id,
      reviewingUnit: actor.unit,
      reviewedOn: payload.reviewedOn,
    } as const;
    return this.runner.run(checklistStream(departmentId), checklistDecider, command, context);
  }
}

@CommandHandler(PublishChecklistVersionCommand)
export class PublishChecklistVersionHandler implements ICommandHandler<PublishChecklistVersionCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, payload, context }: PublishChecklistVersionCommand): Promise<CommandResult> {
    await this.directory.assertActsFor(context.actor, departmentId);
    const command = { type: 'PublishChecklistVersion', departmentId, publishedOn: payload.publishedOn, reason: payload.reason ?? null } as const;
    return this.runner.run(checklistStream(departmentId), checklistDecider, command, context);
  }
}

@QueryHandler(ListChecklistVersionsQuery)
export class ListChecklistVersionsHandler implements IQueryHandler<ListChecklistVersionsQuery, ChecklistSummaryView> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ departmentId }: ListChecklistVersionsQuery): Promise<ChecklistSummaryView> {
    const summary = await this.reads.getDocument<ChecklistSummaryView>(CHECKLISTS, departmentId);
    if (!summary) throw new NotFoundError(`${departmentId} has not published a checklist`);
    return summary;
  }
}

@QueryHandler(GetCurrentChecklistQuery)
export class GetCurrentChecklistHandler implements IQueryHandler<GetCurrentChecklistQuery, ChecklistVersionView> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ departmentId }: GetCurrentChecklistQuery): Promise<ChecklistVersionView> {
    const summary = await this.reads.getDocument<ChecklistSummaryView>(CHECKLISTS, departmentId);
    const current =
      summary && (await this.reads.getDocument<ChecklistVersionView>(CHECKLIST_VERSIONS, checklistVersionId(departmentId, summary.currentVersion)));
    if (!current) throw new NotFoundError(`${departmentId} has not published a checklist`);
    return current;
  }
}

@QueryHandler(GetChecklistVersionQuery)
export class GetChecklistVersionHandler implements IQueryHandler<GetChecklistVersionQuery, ChecklistVersionView> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ departmentId, version }: GetChecklistVersionQuery): Promise<ChecklistVersionView> {
    const found = await this.reads.getDocument<ChecklistVersionView>(CHECKLIST_VERSIONS, checklistVersionId(departmentId, version));
    if (!found) throw new NotFoundError(`${departmentId} has published no checklist version ${version}`, 'version');
    return found;
  }
}

@QueryHandler(GetChecklistDraftQuery)
export class GetChecklistDraftHandler implements IQueryHandler<GetChecklistDraftQuery, ChecklistDraftDto> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, actor }: GetChecklistDraftQuery): Promise<ChecklistDraftDto> {
    await this.directory.assertMayRead(actor, departmentId);
    const draft = await this.reads.getDocument<ChecklistDraftView>(CHECKLIST_DRAFTS, departmentId);
    return draft ?? { departmentId, basedOnVersion: null, edited: false, items: [], updatedAt: null, latestReview: null, approvedForPublication: false };
  }
}

export const CHECKLIST_HANDLERS = [
  DraftChecklistItemHandler,
  ReviseChecklistItemHandler,
  WithdrawChecklistItemHandler,
  ReviewChecklistDraftHandler,
  PublishChecklistVersionHandler,
  ListChecklistVersionsHandler,
  GetCurrentChecklistHandler,
  GetChecklistVersionHandler,
  GetChecklistDraftHandler,
];
