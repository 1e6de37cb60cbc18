import { RecordedEvent } from '@app/event-store';
import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import type { TaskSetUp } from '@app/domain';
import { TASKS, departmentTasksIndex, taskAnnouncementsIndex, tasksProjection } from './tasks.projection';
import { TARGET_VISITS, targetVisitsId, visitsProjection } from './visits.projection';
import { recordedEvent } from '../testing';

let position = 0;
const recorded = (type: string, data: unknown, recordedAt = '2026-04-01T02:00:00.000Z') =>
  recordedEvent({ type, data, recordedAt, position: ++position, stream: `task-${(data as { taskId: string }).taskId}`, unit: 'yongzhou' });

async function project(events: RecordedEvent[]) {
  const store = new MemoryReadStore();
  await store.commit(await writesForBatch(events, [tasksProjection, visitsProjection], store), { name: 't', expected: null, next: '1/1' });
  return store;
}

const setUp = (taskId: string, overrides: Partial<TaskSetUp['data']> = {}): TaskSetUp['data'] => ({
  taskId,
  departmentId: 'yongzhou',
  planId: 'yongzhou-2026',
  planVersion: 1,
  year: 2026,
  title: '食品生产企业抽查',
  businessUnitId: null,
  executingDepartmentIds: ['lingling', 'qiyang'],
  jointDepartmentIds: ['yongzhou-env'],
  items: [{ itemId: 'gen', checklistVersion: 1, category: 'general' }],
  window: { from: '2026-04-10', to: '2026-05-31' },
  classes: [{ classId: 'all', label: '全部', filter: null, ratio: 5, count: null, trustworthyRatio: null }],
  specialCampaign: false,
  setUpOn: '2026-04-01',
  ...overrides,
});

const locked = (taskId: string, targetIds: string[], window = { from: '2026-04-10', to: '2026-05-31' }, extra: Record<string, unknown> = {}) =>
  recorded('TaskListLocked', {
    taskId,
    departmentId: 'yongzhou',
    drawId: `d-${taskId}`,
    targets: targetIds.map((targetId) => ({ targetId, classId: 'all' })),
    lockedOn: '2026-04-12',
    year: 2026,
    window,
    itemIds: [`item-${taskId}`],
    jointDepartmentIds: [],
    ...extra,
  });

describe('tasks projection', () => {
  it('keeps the task for staff and lists it for its owner, executing and joint departments', async () => {
    const store = await project([recorded('TaskSetUp', setUp('t1'))]);
    expect(await store.getDocument(TASKS, 't1')).toEqual({
      ...setUp('t1'),
      status: 'set-up',
      lock: null,
      dispatches: [],
      announcement: null,
      completedOn: null,
      unreachableReport: null,
      implementationPlan: null,
      jointAcceptances: [],
      recordedAt: '2026-04-01T02:00:00.000Z',
    });
    for (const department of ['yongzhou', 'lingling', 'qiyang', 'yongzhou-env']) {
      expect(await store.rangeIndex(departmentTasksIndex(department))).toEqual([{ member: 't1', score: 20260401 }]);
    }
    expect(await store.indexSize(taskAnnouncementsIndex({}))).toBe(0);
  });

  it('records the lock, the dispatches and the announcement, and lists the announcement by department and year (002 §19)', async () => {
    const store = await project([
      recorded('TaskSetUp', setUp('t1')),
      locked('t1', ['a', 'b']),
      recorded('TaskDispatched', {
        taskId: 't1',
        departmentId: 'yongzhou',
        executingDepartmentId: 'lingling',
        targetIds: ['a', 'b'],
        dispatchedOn: '2026-04-12',
      }),
      recorded('TaskAnnounced', {
        taskId: 't1',
        departmentId: 'yongzhou',
        title: '食品生产企业抽查',
        items: setUp('t1').items,
        window: { from: '2026-04-10', to: '2026-05-31' },
        targetCount: 2,
        announcedOn: '2026-04-12',
      }),
    ]);
    expect(await store.getDocument(TASKS, 't1')).toMatchObject({
      status: 'locked',
      lock: {
        drawId: 'd-t1',
        lockedOn: '2026-04-12',
        targets: [
          { targetId: 'a', classId: 'all' },
          { targetId: 'b', classId: 'all' },
        ],
      },
      dispatches: [{ executingDepartmentId: 'lingling', targetIds: ['a', 'b'], dispatchedOn: '2026-04-12' }],
      announcement: { announcedOn: '2026-04-12', targetCount: 2 },
    });
    for (const filter of [{}, { departmentId: 'yongzhou' }, { year: 2026 }, { departmentId: 'yongzhou', year: 2026 }]) {
      expect(await store.rangeIndex(taskAnnouncementsIndex(filter))).toEqual([{ member: 't1', score: 20260412 }]);
    }
    expect(await store.indexSize(taskAnnouncementsIndex({ departmentId: 'lingling' }))).toBe(0);
    expect(await store.indexSize(taskAnnouncementsIndex({ year: 2025 }))).toBe(0);
  });
});

describe('visits projection (进一次门、查多项事)', () => {
  it('merges overlapping locked tasks on the same target into one visit, per year and target', async () => {
    const store = await project([locked('t1', ['a', 'b']), locked('t2', ['b'], { from: '2026-05-01', to: '2026-06-15' })]);
    expect(await store.getDocument(TARGET_VISITS, targetVisitsId(2026, 'b'))).toEqual({
      year: 2026,
      targetId: 'b',
      entries: [
        { taskId: 't1', departmentId: 'yongzhou', jointDepartmentIds: [], itemIds: ['item-t1'], window: { from: '2026-04-10', to: '2026-05-31' } },
        { taskId: 't2', departmentId: 'yongzhou', jointDepartmentIds: [], itemIds: ['item-t2'], window: { from: '2026-05-01', to: '2026-06-15' } },
      ],
      visits: [
        {
          window: { from: '2026-04-10', to: '2026-06-15' },
          tasks: [
            { taskId: 't1', departmentId: 'yongzhou', jointDepartmentIds: [], itemIds: ['item-t1'], window: { from: '2026-04-10', to: '2026-05-31' } },
            { taskId: 't2', departmentId: 'yongzhou', jointDepartmentIds: [], itemIds: ['item-t2'], window: { from: '2026-05-01', to: '2026-06-15' } },
          ],
          itemIds: ['item-t1', 'item-t2'],
          counted: [
            { taskId: 't1', departmentId: 'yongzhou' },
            { taskId: 't2', departmentId: 'yongzhou' },
          ],
        },
      ],
    });
    const onlyA = await store.getDocument<{ visits: unknown[] }>(TARGET_VISITS, targetVisitsId(2026, 'a'));
    expect(onlyA?.visits).toHaveLength(1);
  });

  it('merges two separate visits once a task bridging them is locked', async () => {
    const store = await project([
      locked('t1', ['a'], { from: '2026-04-01', to: '2026-04-30' }),
      locked('t2', ['a'], { from: '2026-06-01', to: '2026-06-30' }),
      locked('t3', ['a'], { from: '2026-04-20', to: '2026-06-10' }),
    ]);
    const doc = await store.getDocument<{ visits: { tasks: { taskId: string }[] }[] }>(TARGET_VISITS, targetVisitsId(2026, 'a'));
    expect(doc?.visits.map((v) => v.tasks.map((t) => t.taskId))).toEqual([['t1', 't3', 't2']]);
  });

  it('names a target drawn in two classes of one task once, and counts a joint task per participant (004 §2(4))', async () => {
    const store = await project([
      recorded('TaskListLocked', {
        taskId: 't1',
        departmentId: 'yongzhou',
        drawId: 'd1',
        targets: [
          { targetId: 'a', classId: 'x' },
          { targetId: 'a', classId: 'y' },
        ],
        lockedOn: '2026-04-12',
        year: 2026,
        window: { from: '2026-04-10', to: '2026-05-31' },
        itemIds: ['gen'],
        jointDepartmentIds: ['yongzhou-env'],
      }),
    ]);
    const doc = await store.getDocument<{ entries: unknown[]; visits: { counted: unknown[] }[] }>(TARGET_VISITS, targetVisitsId(2026, 'a'));
    expect(doc?.entries).toHaveLength(1);
    expect(doc?.visits[0].counted).toEqual([
      { taskId: 't1', departmentId: 'yongzhou' },
      { taskId: 't1', departmentId: 'yongzhou-env' },
    ]);
  });

  it('keeps years apart', async () => {
    const store = await project([locked('t1', ['a']), locked('t2', ['a'], { from: '2027-04-10', to: '2027-05-31' }, { year: 2027 })]);
    expect((await store.getDocument<{ entries: unknown[] }>(TARGET_VISITS, targetVisitsId(2026, 'a')))?.entries).toHaveLength(1);
    expect((await store.getDocument<{ entries: unknown[] }>(TARGET_VISITS, targetVisitsId(2027, 'a')))?.entries).toHaveLength(1);
  });

  it('places no lock that does not carry the task year and window', async () => {
    const store = await project([locked('t1', ['a'], undefined, { year: undefined, window: undefined })]);
    expect(await store.getDocument(TARGET_VISITS, targetVisitsId(2026, 'a'))).toBeNull();
  });
});
