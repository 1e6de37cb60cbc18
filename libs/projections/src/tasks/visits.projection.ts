/**
 * Visits (进一次门、查多项事): per year and target, every locked task list that names the target,
 * merged by `mergeVisits` into visits — tasks whose windows overlap, directly or through a chain,
 * share one visit and each is still counted (DOMAIN.md, The double draw; 004 §2(4) for joint
 * tasks). Regrouped on every lock, so a task bridging two visits merges them.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, ReadChange, update } from '@app/read-store';
import { mergeVisits } from '@app/domain';
import type { TaskListLocked, Visit, VisitEntry } from '@app/domain';

export interface TargetVisitsView {
  year: number;
  targetId: string;
  /** Every locked task list naming the target, in lock order. */
  entries: VisitEntry[];
  visits: Visit[];
}

export const TARGET_VISITS = 'target-visits';
export const targetVisitsId = (year: number, targetId: string) => `${year}:${targetId}`;

export const visitsProjection: Projection = {
  name: 'visits',
  eventTypes: ['TaskListLocked'],
  project(recorded: RecordedEvent): ReadChange[] {
    const { taskId, departmentId, targets, year, window, itemIds, jointDepartmentIds } = recorded.data as TaskListLocked['data'];
    // a lock that does not carry the task's year and window cannot be placed in time
    if (year === undefined || window === undefined) return [];
    const entry: VisitEntry = { taskId, departmentId, jointDepartmentIds: jointDepartmentIds ?? [], itemIds: itemIds ?? [], window };
    return [...new Set(targets.map((t) => t.targetId))].map((targetId) =>
      update<TargetVisitsView>(TARGET_VISITS, targetVisitsId(year, targetId), (current) => {
        const entries = [...(current?.entries ?? []).filter((e) => e.taskId !== taskId), entry];
        return { year, targetId, entries, visits: mergeVisits(entries) };
      }),
    );
  },
};
