/**
 * Tasks (抽查任务) as staff and the public read them: one document per task with its set-up, its
 * locked list and where it was dispatched; indexes list every task a department owns, executes
 * or joins, and the announced tasks for the public (002 §19: the announcement is published
 * automatically once the list is locked).
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, ReadChange, indexAdd, update } from '@app/read-store';
import type { TaskEvent, TaskSetUp } from '@app/domain';

export interface TaskDispatchView {
  executingDepartmentId: string;
  targetIds: string[];
  dispatchedOn: string;
}

type TaskSetUpData = TaskSetUp['data'];

export interface TaskView extends TaskSetUpData {
  status: 'set-up' | 'locked' | 'completed';
  /** The locked list; null until locked. */
  lock: { drawId: string; lockedOn: string; targets: { targetId: string; classId: string }[] } | null;
  dispatches: TaskDispatchView[];
  /** The public announcement; null until the list is locked. */
  announcement: { announcedOn: string; targetCount: number } | null;
  /** When every dispatched target's inspection had ended (002 §28.4); null until then. */
  completedOn: string | null;
  /** The targets not inspected (002 §30) as reported to the city bureau; null until reported. */
  unreachableReport: { reportedTo: string; reportedOn: string; targets: { targetId: string; reason: string; recordedOn: string }[] } | null;
  /** The joint departments that accepted the task, with the items of their own checklists (004 §2(4)); absent on views made before. */
  jointAcceptances?: { jointDepartmentId: string; items: { itemId: string; checklistVersion: number; category: string }[]; acceptedOn: string }[];
  /** 实施方案 as filed with the superior department (004 §4(5)); null until filed. */
  implementationPlan: { summary: string; filedTo: string; alsoFiledWith: string | null; filedOn: string; dueOn: string } | null;
  recordedAt: string;
}

export const TASKS = 'tasks';
/** Tasks a department owns, executes or takes part in jointly, scored by set-up date (YYYYMMDD). */
export const departmentTasksIndex = (departmentId: string) => `tasks:department:${departmentId}`;
/** Announced tasks scored by announcement date (YYYYMMDD), narrowed by the owning department and the year or not. */
export const taskAnnouncementsIndex = (filter: { departmentId?: string; year?: number }) =>
  ['tasks:announced', filter.departmentId !== undefined ? `department:${filter.departmentId}` : null, filter.year !== undefined ? `year:${filter.year}` : null]
    .filter((part) => part !== null)
    .join(':');

/** A YYYY-MM-DD date as a sortable number. */
export const dateScore = (date: string) => Number(date.replace(/-/g, ''));

export const tasksProjection: Projection = {
  name: 'tasks',
  eventTypes: ['TaskSetUp', 'ImplementationPlanFiled', 'TaskListLocked', 'TaskDispatched', 'TaskAnnounced', 'TaskCompleted', 'UnreachableListReported', 'JointTaskAccepted'],
  project(recorded: RecordedEvent): ReadChange[] {
    const event = { type: recorded.type, data: recorded.data } as TaskEvent;
    const { taskId } = event.data;
    const change = (apply: (task: TaskView) => TaskView) => update<TaskView>(TASKS, taskId, (current) => current && apply(current));
    switch (event.type) {
      case 'TaskSetUp': {
        const data = event.data;
        const participants = new Set([data.departmentId, ...data.executingDepartmentIds, ...data.jointDepartmentIds]);
        return [
          update<TaskView>(TASKS, taskId, () => ({
            ...data,
            status: 'set-up',
            lock: null,
            dispatches: [],
            announcement: null,
            completedOn: null,
            unreachableReport: null,
            jointAcceptances: [],
            implementationPlan: null,
            recordedAt: recorded.metadata.recordedAt,
          })),
          ...[...participants].map((departmentId) => indexAdd(departmentTasksIndex(departmentId), taskId, dateScore(data.setUpOn))),
        ];
      }
      case 'ImplementationPlanFiled': {
        const { summary, filedTo, alsoFiledWith, filedOn, dueOn } = event.data;
        return [change((task) => ({ ...task, implementationPlan: { summary, filedTo, alsoFiledWith, filedOn, dueOn } }))];
      }
      case 'TaskListLocked': {
        const { drawId, lockedOn, targets } = event.data;
        return [change((task) => ({ ...task, status: 'locked', lock: { drawId, lockedOn, targets } }))];
      }
      case 'TaskDispatched': {
        const { executingDepartmentId, targetIds, dispatchedOn } = event.data;
        return [change((task) => ({ ...task, dispatches: [...task.dispatches, { executingDepartmentId, targetIds, dispatchedOn }] }))];
      }
      case 'TaskAnnounced': {
        const { departmentId, announcedOn, targetCount, window } = event.data;
        // the decider keeps a task's window inside its plan's year, so the window's year is the task's
        const year = Number(window.from.slice(0, 4));
        const score = dateScore(announcedOn);
        return [
          change((task) => ({ ...task, announcement: { announcedOn, targetCount } })),
          indexAdd(taskAnnouncementsIndex({}), taskId, score),
          indexAdd(taskAnnouncementsIndex({ departmentId }), taskId, score),
          indexAdd(taskAnnouncementsIndex({ year }), taskId, score),
          indexAdd(taskAnnouncementsIndex({ departmentId, year }), taskId, score),
        ];
      }
      case 'TaskCompleted':
        return [change((task) => ({ ...task, status: 'completed', completedOn: event.data.completedOn }))];
      case 'UnreachableListReported': {
        const { reportedTo, reportedOn, targets } = event.data;
        return [change((task) => ({ ...task, unreachableReport: { reportedTo, reportedOn, targets } }))];
      }
      case 'JointTaskAccepted': {
        const { jointDepartmentId, items, acceptedOn } = event.data;
        return [change((task) => ({ ...task, jointAcceptances: [...(task.jointAcceptances ?? []), { jointDepartmentId, items, acceptedOn }] }))];
      }
    }
  },
};
