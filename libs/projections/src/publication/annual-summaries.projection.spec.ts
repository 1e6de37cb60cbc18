import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import { TASK_EXECUTION_SUMMARIES, annualExecutionIndex, annualSummariesProjection, emptyExecutionCounts } from './annual-summaries.projection';
import { recordedEvent } from '../testing';

let position = 0;
const recorded = (type: string, data: unknown) => recordedEvent({ type, data, position: ++position, recordedAt: '2026-05-25T02:00:00.000Z' });

const on = (targetId: string) => ({ taskId: 't1', targetId, departmentId: 'lingling' });

describe('annual execution summaries (000 §26)', () => {
  it("counts a task's draws, inspections, results, objections, comments and referrals under its department and plan year", async () => {
    const store = new MemoryReadStore();
    const events = [
      recorded('TaskSetUp', {
        taskId: 't1',
        departmentId: 'lingling',
        year: 2026,
        title: '食品抽查',
        window: { from: '2026-03-01', to: '2026-11-30' },
        setUpOn: '2026-02-20',
      }),
      recorded('DrawPoolFrozen', { drawId: 'd0', taskId: 't1' }),
      recorded('DrawPoolFrozen', { drawId: 'd1', taskId: 't1' }),
      recorded('TaskListLocked', {
        taskId: 't1',
        departmentId: 'lingling',
        drawId: 'd1',
        lockedOn: '2026-03-02',
        targets: ['x1', 'x2', 'x3'].map((targetId) => ({ targetId, classId: 'all' })),
      }),
      recorded('InspectorsMatched', {
        taskId: 't1',
        departmentId: 'lingling',
        groups: [
          { targetId: 'x1', leaderId: 'p1', members: [{ inspectorId: 'p1' }, { inspectorId: 'p2' }] },
          { targetId: 'x2', leaderId: 'p1', members: [{ inspectorId: 'p1' }, { inspectorId: 'p3' }] },
        ],
      }),
      recorded('ReplacementInspectorDrawn', { taskId: 't1', departmentId: 'lingling', targetId: 'x2', inspectorId: 'p4' }),
      recorded('InspectionReported', { ...on('x1') }),
      recorded('InspectionReported', { ...on('x2') }),
      recorded('TargetFoundUnreachable', { taskId: 't1', targetId: 'x3' }),
      recorded('FeedbackDelivered', { taskId: 't1', targetId: 'x1' }),
      recorded('ViolationReferred', { taskId: 't1', targetId: 'x2', to: 'case-handling' }),
      recorded('TaskCompleted', { taskId: 't1', departmentId: 'lingling', completedOn: '2026-05-20' }),
      recorded('ResultPublished', { ...on('x1'), publishedOn: '2026-05-25' }),
      recorded('PublicationExempted', { ...on('x2'), decidedOn: '2026-05-25' }),
      recorded('ObjectionReceived', { ...on('x1'), objectionNumber: 1 }),
      recorded('ObjectionReviewed', { ...on('x1'), objectionNumber: 1, upheld: true }),
      recorded('ResultCorrected', { ...on('x1'), correctionNumber: 1 }),
      recorded('ObjectionReceived', { ...on('x1'), objectionNumber: 2 }),
      recorded('ObjectionReviewed', { ...on('x1'), objectionNumber: 2, upheld: false }),
      recorded('InspectorCommentReceived', { ...on('x1'), late: true }),
      recorded('InspectorCommentReceived', { ...on('x1'), late: false }),
      recorded('FeedbackDelivered', { taskId: 't-unknown', targetId: 'x9' }),
    ];
    await store.commit(await writesForBatch(events, [annualSummariesProjection], store), { name: 't', expected: null, next: `${position}/${position}` });
    expect(await store.getDocument(TASK_EXECUTION_SUMMARIES, 't1')).toEqual({
      taskId: 't1',
      departmentId: 'lingling',
      year: 2026,
      title: '食品抽查',
      window: { from: '2026-03-01', to: '2026-11-30' },
      setUpOn: '2026-02-20',
      lockedOn: '2026-03-02',
      completedOn: '2026-05-20',
      counts: {
        ...emptyExecutionCounts(),
        drawsHeld: 2,
        targetsDrawn: 3,
        inspectorsDrawn: 4,
        inspectionsReported: 2,
        targetsUnreachable: 1,
        feedbackDelivered: 1,
        resultsPublished: 1,
        resultsExempted: 1,
        corrections: 1,
        objectionsReceived: 2,
        objectionsUpheld: 1,
        objectionsRejected: 1,
        comments: 2,
        lateComments: 1,
        referralsToCaseHandling: 1,
      },
    });
    expect(await store.rangeIndex(annualExecutionIndex('lingling', 2026))).toEqual([{ member: 't1', score: 20260220 }]);
    expect(await store.getDocument(TASK_EXECUTION_SUMMARIES, 't-unknown')).toBeNull();
  });
});
