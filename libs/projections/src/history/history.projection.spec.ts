import { RecordedEvent } from '@app/event-store';
import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import { historyEntitiesOf, historyIndex, historyMember, historyProjection, parseHistoryMember } from './history.projection';
import { recordedEvent } from '../testing';

let position = 0;
const recorded = (stream: string, type: string, data: unknown, actorId = 'staff-ll-1', unit = 'lingling') =>
  recordedEvent({ type, data, stream, actorId, unit, position: ++position, recordedAt: '2026-03-02T08:00:00.000Z' });

const named = (event: RecordedEvent) =>
  historyEntitiesOf(event)
    .map(({ entity, id }) => `${entity}:${id}`)
    .sort();

describe('history projection (全程留痕、责任可溯: DOMAIN.md, Oversight and assessment)', () => {
  it('files a target stream event under the target and its actor', () => {
    expect(named(recorded('target-T1', 'TargetRegistered', { targetId: 'T1', departmentId: 'lingling' }))).toEqual(['actor:staff-ll-1', 'target:T1']);
  });

  it('files a draw under its task by the draw id, and names every selected and excluded target (002 §16–19)', () => {
    const frozen = recorded('draw-t-1-d1', 'DrawPoolFrozen', {
      drawId: 't-1-d1',
      taskId: 't-1',
      departmentId: 'lingling',
      strata: [{ stratumId: 's', excluded: [{ targetId: 'T9', reason: 'quota-reached', detail: 'd' }] }],
    });
    const drawn = recorded('draw-t-1-d1', 'TargetsDrawn', {
      drawId: 't-1-d1',
      departmentId: 'lingling',
      strata: [{ stratumId: 's', selected: ['T1', 'T2'], skipped: [{ targetId: 'T3', detail: 'd' }] }],
    });
    expect(named(frozen)).toEqual(['actor:staff-ll-1', 'target:T9', 'task:t-1']);
    expect(named(drawn)).toEqual(['actor:staff-ll-1', 'target:T1', 'target:T2', 'target:T3', 'task:t-1']);
  });

  it('files a quota use under the draw’s task and every target it names (000 §19)', () => {
    expect(named(recorded('quota-ledger-2026', 'QuotaConsumed', { year: 2026, drawId: 't-1-d2', targetIds: ['T1', 'T2'] }))).toEqual([
      'actor:staff-ll-1',
      'target:T1',
      'target:T2',
      'task:t-1',
    ]);
  });

  it('files a matching under its task, its targets, and every inspector drawn or considered (000 §18, 002 §21–23)', () => {
    const matched = recorded('matching-t-1-lingling', 'InspectorsMatched', {
      taskId: 't-1',
      departmentId: 'lingling',
      groups: [
        {
          targetId: 'T1',
          leaderId: 'li',
          members: [
            { inspectorId: 'li', departmentId: 'lingling' },
            { inspectorId: 'wang', departmentId: 'lingling' },
          ],
        },
      ],
      experts: [],
    });
    expect(named(matched)).toEqual(['actor:staff-ll-1', 'inspector:li', 'inspector:wang', 'target:T1', 'task:t-1']);
  });

  it('files a task set-up under its plan, and leaves streams outside the task’s families to their own entities', () => {
    expect(named(recorded('task-t-1', 'TaskSetUp', { taskId: 't-1', departmentId: 'lingling', planId: 'p-2026' }))).toEqual([
      'actor:staff-ll-1',
      'plan:p-2026',
      'task:t-1',
    ]);
    expect(named(recorded('draw-limits-lingling', 'DrawLimitsSet', { departmentId: 'lingling', quotaPerYear: 2 }))).toEqual(['actor:staff-ll-1']);
    expect(named(recorded('inspector-li', 'InspectorRegistered', { inspectorId: 'li', departmentId: 'lingling' }))).toEqual([
      'actor:staff-ll-1',
      'inspector:li',
    ]);
  });

  it('reads generic list names as targets only in the event types that use them so', () => {
    expect(named(recorded('task-t-1', 'TaskCompleted', { taskId: 't-1', reported: ['T1'], unreachable: ['T2'], handedOver: [] }))).toEqual([
      'actor:staff-ll-1',
      'target:T1',
      'target:T2',
      'task:t-1',
    ]);
    expect(named(recorded('plan-p', 'PlanFiled', { planId: 'p', selected: ['not-a-target'] }))).toEqual(['actor:staff-ll-1', 'plan:p']);
  });

  it('keeps events of one commit in log order and round-trips the member summary', async () => {
    const store = new MemoryReadStore();
    // Unpadded, "1000" < "150" < "9" as text; the log order is 9, 150, 1000.
    const a = { ...recorded('target-T1', 'TargetRegistered', { targetId: 'T1' }), position: { commit: 100n, prepare: 150n } };
    const b = { ...recorded('target-T1', 'TargetCreditGraded', { targetId: 'T1' }, 'staff-ll-1', '零陵 区'), position: { commit: 100n, prepare: 1000n } };
    const c = { ...a, id: 'x', position: { commit: 100n, prepare: 9n } };
    await store.commit(await writesForBatch([c, a, b], [historyProjection], store), { name: 't', expected: null, next: '100/1000' });
    const members = (await store.rangeIndex(historyIndex('target', 'T1'))).map((e) => parseHistoryMember(e.member));
    expect(members.map((m) => m.position)).toEqual(['100/9', '100/150', '100/1000']);
    expect(parseHistoryMember(historyMember(b))).toEqual({
      position: '100/1000',
      type: 'TargetCreditGraded',
      recordedAt: '2026-03-02T08:00:00.000Z',
      unit: '零陵 区',
    });
    expect(await store.indexSize(historyIndex('actor', 'staff-ll-1'))).toBe(3);
  });
});
