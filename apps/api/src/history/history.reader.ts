/**
 * Reads histories for oversight (全程留痕、责任可溯): which events belong to an entity comes from
 * the history index (libs/projections/src/history), the events themselves from the log, read by
 * position — so every listed event is exactly what the log holds, hash chain included.
 */
import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { EVENT_STORE, EventStore, RecordedEvent, formatPosition, parsePosition } from '@app/event-store';
import { READ_STORE, ReadStore, ProjectionRunner } from '@app/read-store';
import { HistoryMember, parseHistoryMember } from '@app/projections';
import { Actor, ForbiddenError, NotFoundError, Role, ValidationError } from '@app/domain';
import { OrganisationDirectory, PROJECTION_RUNNER } from '@app/platform';
import { HistoryEntryDto, HistoryQueryDto } from './history.dto';
import { EXPORT_CONTENT_TYPES, csvExport, exportFileName, jsonLinesExport, toEntry } from './history.export';

/** Discipline-inspection / oversight and the legal unit supervise every department (000 §18–19); administrators run the system. */
export const READ_ALL_ROLES: readonly Role[] = ['admin', 'oversight', 'legal'];

export const DEFAULT_LIMIT = 100;
/** How many index members one range read fetches, and how many events one export step reads in parallel. */
const SCAN_CHUNK = 1000;
const RESOLVE_CHUNK = 200;

export type MemberFilter = (member: HistoryMember) => boolean | Promise<boolean>;

export interface PageSlice {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly events: RecordedEvent[];
}

/** Paging belongs to the JSON page; an export is the whole filtered history, so paging it is refused rather than ignored. */
export function assertExportUnpaged(filter: HistoryQueryDto): void {
  const format = filter.format ?? 'json';
  if (format === 'json') return;
  for (const field of ['offset', 'limit'] as const) {
    if (filter[field] !== undefined) throw new ValidationError(`${field} pages the json format; a ${format} export carries the whole filtered history`, field);
  }
}

export function matchesFilter(filter: HistoryQueryDto, type: string, recordedAt: string): boolean {
  return (
    (!filter.type || type === filter.type) &&
    (!filter.from || recordedAt >= new Date(filter.from).toISOString()) &&
    (!filter.to || recordedAt < new Date(filter.to).toISOString())
  );
}

/**
 * The departments an entity's own stream names: the owner named by the first event, the ones it
 * moved from or to (a transferred target, an inspector moved between units), and for a task the
 * departments executing it or joining it (000 §17, 004 §2(4)).
 */
export function departmentsNamedBy(events: readonly RecordedEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    const data = event.data as Record<string, unknown>;
    for (const key of ['departmentId', 'fromDepartmentId', 'toDepartmentId']) if (typeof data[key] === 'string') ids.add(data[key] as string);
    for (const key of ['executingDepartmentIds', 'jointDepartmentIds']) {
      const list = data[key];
      if (Array.isArray(list)) for (const id of list) if (typeof id === 'string') ids.add(id);
    }
  }
  return [...ids];
}

/** A download of entries, as the controller returns it: the body is produced while it is sent. */
export function exportOf(subject: string, format: 'csv' | 'jsonl', entries: AsyncIterable<HistoryEntryDto>): StreamableFile {
  const body = format === 'csv' ? csvExport(entries) : jsonLinesExport(entries);
  return new StreamableFile(Readable.from(body), {
    type: EXPORT_CONTENT_TYPES[format],
    disposition: `attachment; filename="${exportFileName(subject, format)}"`,
  });
}

export async function* entriesOf(events: Iterable<RecordedEvent>): AsyncGenerator<HistoryEntryDto> {
  for (const event of events) yield toEntry(event);
}

@Injectable()
export class HistoryReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  /** Passes when the actor may read the records of any of the departments; 403 (the last refusal) otherwise. */
  async assertMayReadAny(actor: Actor, departmentIds: readonly string[], what: string): Promise<void> {
    if (READ_ALL_ROLES.includes(actor.role)) return;
    if (departmentIds.length === 0) throw new NotFoundError(`${what} has no history`);
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

  /** Whether the actor may read the records of this unit; a unit that is no registered department is read by no one scoped. */
  async mayReadUnit(actor: Actor, unit: string): Promise<boolean> {
    if (READ_ALL_ROLES.includes(actor.role)) return true;
    try {
      await this.directory.assertMayRead(actor, unit);
      return true;
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof ForbiddenError) return false;
      throw error;
    }
  }

  async indexedThrough(): Promise<string | null> {
    return this.readStore.getCheckpoint(this.runner.name);
  }

  async indexSize(index: string): Promise<number> {
    return this.readStore.indexSize(index);
  }

  /** The index's members that pass the filters and `keep`, in log order. */
  async *members(index: string, filter: HistoryQueryDto, keep?: MemberFilter): AsyncGenerator<HistoryMember> {
    for (let offset = 0; ; offset += SCAN_CHUNK) {
      const chunk = await this.readStore.rangeIndex(index, { offset, limit: SCAN_CHUNK });
      for (const { member } of chunk) {
        const summary = parseHistoryMember(member);
        if (matchesFilter(filter, summary.type, summary.recordedAt) && (!keep || (await keep(summary)))) yield summary;
      }
      if (chunk.length < SCAN_CHUNK) return;
    }
  }

  /** One JSON page of an entity's history. Without filters the index answers the count and the page directly. */
  async page(index: string, filter: HistoryQueryDto, keep?: MemberFilter): Promise<PageSlice> {
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? DEFAULT_LIMIT;
    if (!keep && !filter.type && !filter.from && !filter.to) {
      const [total, range] = await Promise.all([this.readStore.indexSize(index), this.readStore.rangeIndex(index, { offset, limit })]);
      return { total, offset, limit, events: await this.resolve(range.map((e) => parseHistoryMember(e.member))) };
    }
    let total = 0;
    const wanted: HistoryMember[] = [];
    for await (const member of this.members(index, filter, keep)) {
      if (total >= offset && total < offset + limit) wanted.push(member);
      total += 1;
    }
    return { total, offset, limit, events: await this.resolve(wanted) };
  }

  /** Every matching event, read from the log a chunk at a time while the export is sent. */
  async *entries(index: string, filter: HistoryQueryDto, keep?: MemberFilter): AsyncGenerator<HistoryEntryDto> {
    let chunk: HistoryMember[] = [];
    for await (const member of this.members(index, filter, keep)) {
      chunk.push(member);
      if (chunk.length === RESOLVE_CHUNK) {
        for (const event of await this.resolve(chunk)) yield toEntry(event);
        chunk = [];
      }
    }
    for (const event of await this.resolve(chunk)) yield toEntry(event);
  }

  /**
   * Reads each listed event from the log by its position. An event that is not there, or not of
   * the indexed type, means the read store no longer matches this log (e.g. a store swapped
   * under it): refuse to answer rather than show a history the log does not hold.
   */
  private async resolve(members: readonly HistoryMember[]): Promise<RecordedEvent[]> {
    return Promise.all(
      members.map(async (member) => {
        const [event] = await this.store.readAll({ fromPosition: parsePosition(member.position), maxCount: 1 });
        if (!event || formatPosition(event.position) !== member.position || event.type !== member.type) {
          throw new Error(`history index out of step with the log at ${member.position}; rebuild the read models`);
        }
        return event;
      }),
    );
  }
}
