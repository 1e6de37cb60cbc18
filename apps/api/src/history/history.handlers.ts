/**
 * The history of any entity, read from the event log itself rather than a read model: every
 * event in order with who, role, unit, when and under which command (全程留痕、责任可溯).
 */
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, RecordedEvent, StreamNotFoundError, formatPosition } from '@app/event-store';
import { Actor, NotFoundError, ValidationError } from '@app/domain';
import { OrganisationDirectory } from '@app/platform';
import { HistoryEntryDto, HistoryPageDto, HistoryQueryDto, STREAM_NAME } from './history.dto';

export class GetHistoryQuery {
  constructor(
    readonly stream: string,
    readonly filter: HistoryQueryDto,
    readonly actor: Actor,
  ) {}
}

@QueryHandler(GetHistoryQuery)
export class GetHistoryHandler implements IQueryHandler<GetHistoryQuery, HistoryPageDto> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  private async assertMayReadAny(actor: Actor, departmentIds: readonly string[], stream: string): Promise<void> {
    if (actor.role === 'admin' || actor.role === 'oversight') return;
    if (departmentIds.length === 0) throw new NotFoundError(`${stream} has no history`, 'stream');
    let refusal: unknown;
    for (const id of departmentIds) {
      try {
        await this.directory.assertMayRead(actor, id);
        return;
      } catch (error) {
        refusal = error;
      }
    }
    throw refusal;
  }

  async execute({ stream, filter, actor }: GetHistoryQuery): Promise<HistoryPageDto> {
    if (!STREAM_NAME.test(stream)) throw new ValidationError('stream must look like <entity>-<id>, e.g. target-91430000MA4L0XXXXX', 'stream');
    let events: RecordedEvent[];
    try {
      events = await this.store.readStream(stream);
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw new NotFoundError(`${stream} has no history`, 'stream');
      throw error;
    }
    const departmentId = owningDepartment(events[0]);
    await this.assertMayReadAny(actor, departmentsOf(events), stream);
    const matching = events.filter(
      (e) =>
        (!filter.type || e.type === filter.type) &&
        (!filter.from || e.metadata.recordedAt >= new Date(filter.from).toISOString()) &&
        (!filter.to || e.metadata.recordedAt < new Date(filter.to).toISOString()),
    );
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? 100;
    return { stream, departmentId, total: matching.length, events: matching.slice(offset, offset + limit).map(toEntry) };
  }
}

/**
 * Everyone whose jurisdiction the entity belongs or belonged to may read its history: the owner
 * named by the first event, and the departments it moved from or to (a transferred target, an
 * inspector moved between units). Streams owned by no department (e.g. the national holiday
 * calendar) are read by administrators and oversight.
 */
function departmentsOf(events: readonly RecordedEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    const data = event.data as Record<string, unknown>;
    for (const key of ['departmentId', 'fromDepartmentId', 'toDepartmentId']) if (typeof data[key] === 'string') ids.add(data[key] as string);
  }
  return [...ids];
}

/** By convention the first event of every stream names the department that owns the entity. */
function owningDepartment(first: RecordedEvent): string | null {
  const departmentId = (first.data as { departmentId?: unknown }).departmentId;
  return typeof departmentId === 'string' ? departmentId : null;
}

function toEntry(event: RecordedEvent): HistoryEntryDto {
  const m = event.metadata;
  return {
    revision: event.revision,
    position: formatPosition(event.position),
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    recordedAt: m.recordedAt,
    actorId: m.actorId,
    role: m.role,
    unit: m.unit,
    commandId: m.commandId,
    correlationId: m.correlationId,
    causationId: m.causationId,
    prevHash: m.prevHash,
    hash: m.hash,
  };
}
