/**
 * The one read the public pages need that the JSON API had no query for: which draws a task or a
 * department ran, newest first, from the indexes the draws projection keeps. Each draw itself is
 * the same public document `GET /draws/:drawId` returns.
 */
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { READ_STORE, ReadStore } from '@app/read-store';
import { DRAWS, DrawView, drawsOfDepartment, drawsOfTask } from '@app/projections';

/** Draws of one task, or of one department, newest first; at most `limit`. */
export class ListPublicDrawsQuery {
  constructor(
    readonly of: { readonly taskId: string } | { readonly departmentId: string },
    readonly limit = 50,
  ) {}
}

@QueryHandler(ListPublicDrawsQuery)
export class ListPublicDrawsHandler implements IQueryHandler<ListPublicDrawsQuery, DrawView[]> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ of, limit }: ListPublicDrawsQuery): Promise<DrawView[]> {
    const index = 'taskId' in of ? drawsOfTask(of.taskId) : drawsOfDepartment(of.departmentId);
    const ids = (await this.reads.rangeIndex(index, { reverse: true, limit })).map((e) => e.member);
    return (await this.reads.getDocuments<DrawView>(DRAWS, ids)).filter((d): d is DrawView => d !== null);
  }
}

export const PUBLIC_PAGE_HANDLERS = [ListPublicDrawsHandler];
