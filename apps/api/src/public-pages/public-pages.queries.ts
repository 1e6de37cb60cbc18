/**
 * The one read the public pages need that the JSON API had no query for: which draws a task or a
 * department ran, newest first, from the indexes the draws projection keeps. Each draw itself is
 * the same public document `GET /draws/:drawId` returns.
 */
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { READ_STORE, ReadStore } from '@app/read-store';
import { DRAWS, DrawView, TASKS, TaskView, drawsOfDepartment, drawsOfTask } from '@app/projections';

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

/**
 * What the pages say of a task beyond its announcement: the labels of its target classes (the
 * draw page names a pool by its class's label, not its id) and, once locked, which draw's
 * selection became its list — the targets `GET /draws/:drawId` already publishes (002 §19).
 */
export class GetTaskPageFactsQuery {
  constructor(readonly taskId: string) {}
}

export interface TaskPageFacts {
  readonly classLabels: ReadonlyMap<string, string>;
  readonly locked: { readonly drawId: string; readonly lockedOn: string; readonly targetIds: readonly string[] } | null;
}

@QueryHandler(GetTaskPageFactsQuery)
export class GetTaskPageFactsHandler implements IQueryHandler<GetTaskPageFactsQuery, TaskPageFacts> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ taskId }: GetTaskPageFactsQuery): Promise<TaskPageFacts> {
    const task = await this.reads.getDocument<TaskView>(TASKS, taskId);
    return {
      classLabels: new Map((task?.classes ?? []).map((c) => [c.classId, c.label])),
      // the list is public once announced, as the announcement is
      locked: task?.lock && task.announcement ? { drawId: task.lock.drawId, lockedOn: task.lock.lockedOn, targetIds: task.lock.targets.map((t) => t.targetId) } : null,
    };
  }
}

export const PUBLIC_PAGE_HANDLERS = [ListPublicDrawsHandler, GetTaskPageFactsHandler];
