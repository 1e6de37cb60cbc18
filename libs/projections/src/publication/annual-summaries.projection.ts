/**
 * 年度执行情况 — what each department publishes by the end of January about the previous year's
 * plan execution (000 §26): the draws of targets and inspectors, times, results, feedback, the
 * targets' comments and the use of results. One summary per task, attributed to the department
 * that owns it and the year of its plan, so that events naming only their task (feedback,
 * referrals, comments) land in the right year; the query adds up a department's tasks of a year.
 * Counts only: no target, inspector or comment is named here.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, ReadChange, indexAdd, update } from '@app/read-store';
import type { DrawPoolFrozen, InspectionEvent, MatchingEvent, ResultEvent, TaskEvent } from '@app/domain';
import { dateScore } from '../tasks/tasks.projection';

export interface ExecutionCounts {
  /** Draws of targets held (a voided draw counts: it was held and published). */
  drawsHeld: number;
  targetsDrawn: number;
  /** Inspectors assigned by draw, replacements included (000 §18). */
  inspectorsDrawn: number;
  inspectionsReported: number;
  /** Not inspected: unreachable, deregistered or revoked (002 §30). */
  targetsUnreachable: number;
  handedOver: number;
  feedbackDelivered: number;
  resultsPublished: number;
  resultsExempted: number;
  corrections: number;
  objectionsReceived: number;
  objectionsUpheld: number;
  objectionsRejected: number;
  comments: number;
  lateComments: number;
  /** Use of results (000 §25): violations referred to the case-handling unit and to the judiciary. */
  referralsToCaseHandling: number;
  referralsToJudiciary: number;
}

export interface TaskExecutionSummary {
  taskId: string;
  departmentId: string;
  year: number;
  title: string;
  window: { from: string; to: string };
  setUpOn: string;
  lockedOn: string | null;
  completedOn: string | null;
  counts: ExecutionCounts;
}

export const TASK_EXECUTION_SUMMARIES = 'task-execution-summaries';
/** A department's tasks of a plan year, scored by set-up date. */
export const annualExecutionIndex = (departmentId: string, year: number) => `execution:department:${departmentId}:year:${year}`;

export const emptyExecutionCounts = (): ExecutionCounts => ({
  drawsHeld: 0,
  targetsDrawn: 0,
  inspectorsDrawn: 0,
  inspectionsReported: 0,
  targetsUnreachable: 0,
  handedOver: 0,
  feedbackDelivered: 0,
  resultsPublished: 0,
  resultsExempted: 0,
  corrections: 0,
  objectionsReceived: 0,
  objectionsUpheld: 0,
  objectionsRejected: 0,
  comments: 0,
  lateComments: 0,
  referralsToCaseHandling: 0,
  referralsToJudiciary: 0,
});

type Counted = TaskEvent | DrawPoolFrozen | MatchingEvent | InspectionEvent | ResultEvent;

export const annualSummariesProjection: Projection = {
  name: 'annual-summaries',
  eventTypes: [
    'TaskSetUp',
    'TaskListLocked',
    'TaskCompleted',
    'DrawPoolFrozen',
    'InspectorsMatched',
    'ReplacementInspectorDrawn',
    'InspectionReported',
    'TargetFoundUnreachable',
    'InspectionHandedOver',
    'FeedbackDelivered',
    'ViolationReferred',
    'ResultPublished',
    'PublicationExempted',
    'ResultCorrected',
    'ObjectionReceived',
    'ObjectionReviewed',
    'InspectorCommentReceived',
  ],
  project(recorded: RecordedEvent): ReadChange[] {
    const event = { type: recorded.type, data: recorded.data } as Counted;
    const { taskId } = event.data as { taskId: string };
    // a task's events all follow its set-up; one for a task never set up has no summary to count in
    const change = (apply: (summary: TaskExecutionSummary) => TaskExecutionSummary) =>
      update<TaskExecutionSummary>(TASK_EXECUTION_SUMMARIES, taskId, (current) => current && apply(current));
    const count = (add: Partial<ExecutionCounts>) =>
      change((summary) => {
        const counts = { ...summary.counts };
        for (const [key, by] of Object.entries(add) as [keyof ExecutionCounts, number][]) counts[key] += by;
        return { ...summary, counts };
      });
    switch (event.type) {
      case 'TaskSetUp': {
        const { departmentId, year, title, window, setUpOn } = event.data;
        return [
          update<TaskExecutionSummary>(TASK_EXECUTION_SUMMARIES, taskId, () => ({
            taskId,
            departmentId,
            year,
            title,
            window,
            setUpOn,
            lockedOn: null,
            completedOn: null,
            counts: emptyExecutionCounts(),
          })),
          indexAdd(annualExecutionIndex(departmentId, year), taskId, dateScore(setUpOn)),
        ];
      }
      case 'TaskListLocked': {
        const { lockedOn, targets } = event.data;
        const drawn = new Set(targets.map((t) => t.targetId)).size;
        return [change((s) => ({ ...s, lockedOn, counts: { ...s.counts, targetsDrawn: drawn } }))];
      }
      case 'TaskCompleted':
        return [change((s) => ({ ...s, completedOn: event.data.completedOn }))];
      case 'DrawPoolFrozen':
        return [count({ drawsHeld: 1 })];
      case 'InspectorsMatched':
        return [count({ inspectorsDrawn: new Set(event.data.groups.flatMap((g) => g.members.map((m) => m.inspectorId))).size })];
      case 'ReplacementInspectorDrawn':
        return [count({ inspectorsDrawn: 1 })];
      case 'InspectionReported':
        return [count({ inspectionsReported: 1 })];
      case 'TargetFoundUnreachable':
        return [count({ targetsUnreachable: 1 })];
      case 'InspectionHandedOver':
        return [count({ handedOver: 1 })];
      case 'FeedbackDelivered':
        return [count({ feedbackDelivered: 1 })];
      case 'ViolationReferred':
        return [count(event.data.to === 'judiciary' ? { referralsToJudiciary: 1 } : { referralsToCaseHandling: 1 })];
      case 'ResultPublished':
        return [count({ resultsPublished: 1 })];
      case 'PublicationExempted':
        return [count({ resultsExempted: 1 })];
      case 'ResultCorrected':
        return [count({ corrections: 1 })];
      case 'ObjectionReceived':
        return [count({ objectionsReceived: 1 })];
      case 'ObjectionReviewed':
        return [count(event.data.upheld ? { objectionsUpheld: 1 } : { objectionsRejected: 1 })];
      case 'InspectorCommentReceived':
        return [count({ comments: 1, lateComments: event.data.late ? 1 : 0 })];
      default:
        return [];
    }
  },
};
