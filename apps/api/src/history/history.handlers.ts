/**
 * Histories for oversight (DOMAIN.md, Oversight and assessment: 全程留痕、责任可溯): every event of
 * a stream, an entity or an actor, in log order, with who, role, unit, when, under which command
 * and correlation; one JSON page at a time or the whole filtered history as CSV or JSON lines.
 */
import { Inject, StreamableFile } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, RecordedEvent, StreamNotFoundError } from '@app/event-store';
import { Actor, ForbiddenError, NotFoundError, ValidationError } from '@app/domain';
import { HistoryEntity, historyIndex } from '@app/projections';
import { ENTITY_ID, EntityHistoryPageDto, HistoryPageDto, HistoryQueryDto, STREAM_NAME } from './history.dto';
import { toEntry } from './history.export';
import {
  DEFAULT_LIMIT,
  HistoryReader,
  MemberFilter,
  READ_ALL_ROLES,
  assertExportUnpaged,
  departmentsNamedBy,
  entriesOf,
  exportOf,
  matchesFilter,
} from './history.reader';

export type HistoryResponse<Page> = Page | StreamableFile;

export class GetHistoryQuery {
  constructor(
    readonly stream: string,
    readonly filter: HistoryQueryDto,
    readonly actor: Actor,
  ) {}
}

export type OwnedEntity = Exclude<HistoryEntity, 'actor'>;

export class GetEntityHistoryQuery {
  constructor(
    readonly entity: OwnedEntity,
    readonly id: string,
    readonly filter: HistoryQueryDto,
    readonly actor: Actor,
  ) {}
}

export class GetActorHistoryQuery {
  constructor(
    readonly actorId: string,
    readonly filter: HistoryQueryDto,
    readonly actor: Actor,
  ) {}
}

async function readOwnStream(store: EventStore, stream: string): Promise<RecordedEvent[] | null> {
  try {
    return await store.readStream(stream);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return null;
    throw error;
  }
}

/** One stream, read from the log itself. */
@QueryHandler(GetHistoryQuery)
export class GetHistoryHandler implements IQueryHandler<GetHistoryQuery, HistoryResponse<HistoryPageDto>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reader: HistoryReader,
  ) {}

  async execute({ stream, filter, actor }: GetHistoryQuery): Promise<HistoryResponse<HistoryPageDto>> {
    if (!STREAM_NAME.test(stream)) throw new ValidationError('stream must look like <entity>-<id>, e.g. target-91430000MA4L0XXXXX', 'stream');
    assertExportUnpaged(filter);
    const events = await readOwnStream(this.store, stream);
    if (!events) throw new NotFoundError(`${stream} has no history`, 'stream');
    // Streams owned by no department (e.g. the national holiday calendar) are read by the read-all roles alone.
    await this.reader.assertMayReadAny(actor, departmentsNamedBy(events), stream);
    const matching = events.filter((e) => matchesFilter(filter, e.type, e.metadata.recordedAt));
    const format = filter.format ?? 'json';
    if (format !== 'json') return exportOf(stream, format, entriesOf(matching));
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? DEFAULT_LIMIT;
    const departmentId = (events[0].data as { departmentId?: unknown }).departmentId;
    return {
      stream,
      departmentId: typeof departmentId === 'string' ? departmentId : null,
      total: matching.length,
      events: matching.slice(offset, offset + limit).map(toEntry),
    };
  }
}

/** The stream whose first event names the department that owns the entity, and so decides who may read its history. */
const OWN_STREAM: Readonly<Record<OwnedEntity, (id: string) => string>> = {
  task: (id) => `task-${id}`,
  target: (id) => `target-${id}`,
  inspector: (id) => `inspector-${id}`,
  plan: (id) => `plan-${id}`,
};

/**
 * A task with its draws, matchings, inspections and results; a target with every event that names
 * it (draw selections and exclusions, quota uses, locked lists, matchings, inspections, results);
 * an inspector or a plan likewise. Scoped staff read it when they may read a department the
 * entity's own stream names (owner, former owner, executing or joint department).
 */
@QueryHandler(GetEntityHistoryQuery)
export class GetEntityHistoryHandler implements IQueryHandler<GetEntityHistoryQuery, HistoryResponse<EntityHistoryPageDto>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reader: HistoryReader,
  ) {}

  async execute({ entity, id, filter, actor }: GetEntityHistoryQuery): Promise<HistoryResponse<EntityHistoryPageDto>> {
    if (!ENTITY_ID.test(id)) throw new ValidationError(`${entity}Id must be 1–200 letters, digits or . _ : @ -`, `${entity}Id`);
    assertExportUnpaged(filter);
    const index = historyIndex(entity, id);
    const own = await readOwnStream(this.store, OWN_STREAM[entity](id));
    if (!own && (await this.reader.indexSize(index)) === 0) throw new NotFoundError(`${entity} ${id} has no history`, `${entity}Id`);
    // Without its own stream nothing says who owns the entity, so only the read-all roles see what names it.
    await this.reader.assertMayReadAny(actor, own ? departmentsNamedBy(own) : [], `${entity} ${id}`);
    return respond(this.reader, entity, id, index, filter);
  }
}

/**
 * Everything one person did, whatever the stream. The read-all roles read anyone; everyone reads
 * their own trail; a unit head reads the events an actor recorded for the head's department or
 * its subordinates (the unit the event was recorded for, not where the person works now, so a
 * transfer neither hides nor reveals anything), and 403 when there are none.
 */
@QueryHandler(GetActorHistoryQuery)
export class GetActorHistoryHandler implements IQueryHandler<GetActorHistoryQuery, HistoryResponse<EntityHistoryPageDto>> {
  constructor(private readonly reader: HistoryReader) {}

  async execute({ actorId, filter, actor }: GetActorHistoryQuery): Promise<HistoryResponse<EntityHistoryPageDto>> {
    if (!ENTITY_ID.test(actorId)) throw new ValidationError('actorId must be 1–200 letters, digits or . _ : @ -', 'actorId');
    assertExportUnpaged(filter);
    const index = historyIndex('actor', actorId);
    const everything = READ_ALL_ROLES.includes(actor.role) || actor.id === actorId;
    if (!everything && actor.role !== 'unit-head') throw new ForbiddenError(`a ${actor.role} reads only their own history`);
    if ((await this.reader.indexSize(index)) === 0) throw new NotFoundError(`actor ${actorId} has no history`, 'actorId');
    const keep = everything ? undefined : this.inScopeOf(actor);
    if (keep && !(await this.anyMember(index, keep))) {
      throw new ForbiddenError(`${actorId} recorded nothing for ${actor.unit} or its subordinates`);
    }
    return respond(this.reader, 'actor', actorId, index, filter, keep);
  }

  private inScopeOf(actor: Actor): MemberFilter {
    const decided = new Map<string, Promise<boolean>>();
    return (member) => {
      let answer = decided.get(member.unit);
      if (!answer) decided.set(member.unit, (answer = this.reader.mayReadUnit(actor, member.unit)));
      return answer;
    };
  }

  private async anyMember(index: string, keep: MemberFilter): Promise<boolean> {
    const first = await this.reader.members(index, {}, keep).next();
    return !first.done;
  }
}

async function respond(
  reader: HistoryReader,
  entity: HistoryEntity,
  id: string,
  index: string,
  filter: HistoryQueryDto,
  keep?: MemberFilter,
): Promise<HistoryResponse<EntityHistoryPageDto>> {
  const format = filter.format ?? 'json';
  if (format !== 'json') return exportOf(`${entity}-${id}`, format, reader.entries(index, filter, keep));
  // Read before the page, so the page holds at least every event up to this position.
  const indexedThrough = await reader.indexedThrough();
  const page = await reader.page(index, filter, keep);
  return { entity, id, total: page.total, offset: page.offset, limit: page.limit, indexedThrough, events: page.events.map(toEntry) };
}
