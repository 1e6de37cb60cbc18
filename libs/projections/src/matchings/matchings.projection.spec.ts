import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import { INSPECTOR_WORKLOADS, MATCHINGS, matchingId, matchingsOfTask, matchingsProjection, workloadsOfDepartment } from './matchings.projection';
import { recordedEvent } from '../testing';

let position = 0;
const recorded = (type: string, data: Record<string, unknown>, actorId = 'staff-1') =>
  recordedEvent({
    type,
    data: { taskId: 'task-1', departmentId: 'lingling', ...data },
    actorId,
    position: ++position,
    stream: 'matching-task-1-lingling',
    recordedAt: '2026-03-12T02:00:00.000Z',
  });

const member = (inspectorId: string) => ({ inspectorId, departmentId: 'lingling' });
const drawnFrom = (stratum: string) => ({ stratum, poolHash: 'a'.repeat(64), poolSize: 4, load: 0, seed: 'b'.repeat(64) });

describe('matchings projection', () => {
  it('keeps the groups as they stand, the history with reasons and approvers, and each inspector’s assignments', async () => {
    const store = new MemoryReadStore();
    const events = [
      recorded('MatchingPoolsFrozen', {
        algorithm: 'dsr-draw-v1',
        candidatesPosition: '10/10',
        drawableOn: '2026-04-01',
        includeSubordinates: false,
        neighbouring: null,
        requirements: ['食品安全'],
        groupSize: 2,
        considered: ['i-1', 'i-2', 'i-3', 'i-4'].map((personId) => ({ personId, departmentId: 'lingling', source: 'own' })),
        excluded: [],
        targets: [
          { targetId: 't-1', poolHash: 'c'.repeat(64), poolSize: 4, excluded: [] },
          { targetId: 't-2', poolHash: 'c'.repeat(64), poolSize: 4, excluded: [] },
        ],
        experts: null,
        serverCommitment: 'd'.repeat(64),
        frozenOn: '2026-03-12',
      }),
      recorded('MatchingEntropyContributed', { contribution: { kind: 'witness', label: '公证员', value: '7' } }),
      recorded('MatchingEntropyContributed', { contribution: { kind: 'server', label: 'server', value: 'secret' } }),
      recorded('InspectorsMatched', {
        entropyKinds: ['witness', 'server'],
        groups: [
          { targetId: 't-1', leaderId: 'i-1', members: [member('i-1'), member('i-2')], drawnFrom: drawnFrom('inspectors/t-1') },
          { targetId: 't-2', leaderId: 'i-3', members: [member('i-3'), member('i-4')], drawnFrom: drawnFrom('inspectors/t-2') },
        ],
        experts: [],
        matchedOn: '2026-03-13',
      }),
      recorded('InspectorsSwappedOnRecusal', {
        inspectorId: 'i-1',
        targetId: 't-1',
        withInspectorId: 'i-3',
        withTargetId: 't-2',
        reason: '亲属',
        groups: [
          { targetId: 't-1', leaderId: 'i-3', members: [member('i-3'), member('i-2')] },
          { targetId: 't-2', leaderId: 'i-1', members: [member('i-1'), member('i-4')] },
        ],
        swappedOn: '2026-03-14',
      }),
      recorded(
        'InspectorReleasedWithApproval',
        {
          inspectorId: 'i-4',
          targetId: 't-2',
          cause: 'health',
          reason: '住院',
          approvedBy: { actorId: 'head-1', role: 'unit-head', unit: 'lingling' },
          releasedOn: '2026-03-15',
        },
        'head-1',
      ),
      recorded('ReplacementInspectorDrawn', {
        targetId: 't-2',
        replacesInspectorId: 'i-4',
        inspectorId: 'i-2',
        n: 1,
        drawnFrom: drawnFrom('replacement/t-2/1'),
        group: { targetId: 't-2', leaderId: 'i-1', members: [member('i-1'), member('i-2')] },
        drawnOn: '2026-03-15',
      }),
    ];
    await store.commit(await writesForBatch(events, [matchingsProjection], store), { name: 't', expected: null, next: `${position}/${position}` });

    const view = await store.getDocument<Record<string, unknown>>(MATCHINGS, matchingId('task-1', 'lingling'));
    expect(view).toMatchObject({ status: 'matched', matchedOn: '2026-03-13', contributions: [{ kind: 'witness' }, { kind: 'server' }] });
    expect(view!.groups).toEqual([
      { targetId: 't-1', leaderId: 'i-3', members: [member('i-3'), member('i-2')], drawnFrom: null },
      { targetId: 't-2', leaderId: 'i-1', members: [member('i-1'), member('i-2')], drawnFrom: null },
    ]);
    expect(view!.history).toEqual([
      { kind: 'swap', inspectorId: 'i-1', targetId: 't-1', withInspectorId: 'i-3', withTargetId: 't-2', reason: '亲属', on: '2026-03-14', by: 'staff-1' },
      {
        kind: 'release',
        inspectorId: 'i-4',
        targetId: 't-2',
        cause: 'health',
        reason: '住院',
        approvedBy: { actorId: 'head-1', role: 'unit-head', unit: 'lingling' },
        on: '2026-03-15',
      },
      {
        kind: 'replacement',
        targetId: 't-2',
        replacesInspectorId: 'i-4',
        inspectorId: 'i-2',
        n: 1,
        stratum: 'replacement/t-2/1',
        poolHash: 'a'.repeat(64),
        poolSize: 4,
        seed: 'b'.repeat(64),
        on: '2026-03-15',
      },
    ]);
    expect((await store.rangeIndex(matchingsOfTask('task-1'))).map((e) => e.member)).toEqual([matchingId('task-1', 'lingling')]);

    const workload = async (id: string) =>
      (await store.getDocument<{ assignments: { targetId: string; role: string }[] }>(INSPECTOR_WORKLOADS, id))!.assignments.map(
        (a) => `${a.targetId}:${a.role}`,
      );
    expect(await workload('i-1')).toEqual(['t-2:leader']);
    expect(await workload('i-2')).toEqual(['t-1:member', 't-2:member']);
    expect(await workload('i-3')).toEqual(['t-1:leader']);
    expect(await workload('i-4')).toEqual([]);
    expect((await store.rangeIndex(workloadsOfDepartment('lingling'))).map((e) => e.member).sort()).toEqual(['i-1', 'i-2', 'i-3', 'i-4']);
  });
});
