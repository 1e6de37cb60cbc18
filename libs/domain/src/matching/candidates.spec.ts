import { computeMatchingPools, matchingTargets } from './candidates';
import { TARGETS, checklist, conflict, departments, expert, inspector, item, registryOf, request, taskSetUp } from './matching.fixtures';

describe('candidate pools of a matching', () => {
  const registry = registryOf([
    ...departments,
    checklist([item('food-1', ['食品安全'])]),
    inspector('a-own', 'yongzhou'),
    inspector('b-own', 'yongzhou'),
    inspector('c-expired', 'yongzhou', { validUntil: '2026-03-31' }),
    inspector('d-metrology', 'yongzhou', { specialties: ['计量'] }),
    inspector('e-certified', 'yongzhou', { specialties: [], qualifications: [{ name: '食品安全', validUntil: null }] }),
    inspector('f-lapsed-qual', 'yongzhou', { specialties: [], qualifications: [{ name: '食品安全', validUntil: '2026-01-01' }] }),
    inspector('g-sub', 'lingling'),
    inspector('h-neighbour', 'hengyang'),
    conflict('b-own', 't-02'),
  ]);

  it('considers the unit only, and excludes with a reason: an expired certificate on the window’s first day (000 §12, §18), a missing qualification (000 §20)', () => {
    const pools = computeMatchingPools(registry, request());
    expect(pools.requirements).toEqual(['食品安全']);
    expect(pools.considered.map((c) => [c.personId, c.source])).toEqual([
      ['a-own', 'own'],
      ['b-own', 'own'],
      ['c-expired', 'own'],
      ['d-metrology', 'own'],
      ['e-certified', 'own'],
      ['f-lapsed-qual', 'own'],
    ]);
    expect(pools.excluded).toEqual([
      { personId: 'c-expired', reason: 'certificate-expired', detail: 'enforcement certificate C-c-expired expired after 2026-03-31' },
      { personId: 'd-metrology', reason: 'lacks-qualification', detail: 'does not meet 食品安全 on 2026-04-01' },
      { personId: 'f-lapsed-qual', reason: 'lacks-qualification', detail: 'does not meet 食品安全 on 2026-04-01' },
    ]);
  });

  it('meets a requirement by a specialty or by a qualification certificate valid on the day', () => {
    const pools = computeMatchingPools(registry, request());
    expect(pools.targets.find((t) => t.targetId === 't-01')!.members).toEqual(['a-own', 'b-own', 'e-certified']);
  });

  it('excludes a declared conflict from that target only (回避, 000 §18, 002 §23)', () => {
    const pools = computeMatchingPools(registry, request());
    const t2 = pools.targets.find((t) => t.targetId === 't-02')!;
    expect(t2.members).toEqual(['a-own', 'e-certified']);
    expect(t2.excluded).toEqual([{ personId: 'b-own', reason: 'conflict-of-interest', detail: 'declared 2026-01-20: 配偶为该企业股东' }]);
    expect(pools.targets.map((t) => t.targetId)).toEqual(TARGETS);
  });

  it('adds subordinates when asked (000 §18) and named neighbours, each recorded as such', () => {
    const pools = computeMatchingPools(registry, request({ includeSubordinates: true, neighbouringDepartmentIds: ['hengyang'] }));
    expect(pools.considered.filter((c) => c.source !== 'own')).toEqual([
      { personId: 'g-sub', departmentId: 'lingling', source: 'subordinate' },
      { personId: 'h-neighbour', departmentId: 'hengyang', source: 'neighbouring' },
    ]);
  });

  it('reports task items missing from the cited checklist version', () => {
    expect(computeMatchingPools(registry, request({ items: [{ itemId: 'nope', checklistVersion: 3, category: 'key' }] })).missingItems).toEqual(['nope@3']);
  });

  it('needs experts when an item is inspected by sampling and testing, and pools them by field without conflicts', () => {
    const withExperts = registryOf([
      ...departments,
      checklist([item('food-1', [], ['sampling-testing'])]),
      expert('x-1', 'yongzhou', ['食品检验']),
      expert('x-2', 'yongzhou', ['电梯检验']),
      expert('x-3', 'yongzhou', ['食品检验']),
      conflict('x-3', 't-01', 'expert'),
    ]);
    const pools = computeMatchingPools(withExperts, request({ experts: { requested: false, field: '食品检验', appointedTargets: ['t-04'] } }));
    expect(pools.experts!.need).toBe('sampling-testing');
    expect(pools.experts!.excluded).toEqual([{ personId: 'x-2', reason: 'field-mismatch', detail: 'fields 电梯检验 do not include 食品检验' }]);
    expect(pools.experts!.targets.map((t) => [t.targetId, t.members])).toEqual([
      ['t-01', ['x-1']],
      ['t-02', ['x-1', 'x-3']],
      ['t-03', ['x-1', 'x-3']],
    ]);
  });
});

describe('the targets a department matches (004 §2(4))', () => {
  const locked = {
    type: 'TaskListLocked',
    data: {
      taskId: 'task-1',
      departmentId: 'yongzhou',
      drawId: 'd-1',
      targets: TARGETS.map((targetId) => ({ targetId, classId: 'c' })),
      lockedOn: '2026-03-10',
    },
  };

  it('is every locked target for the only executing department', () => {
    expect(matchingTargets({ setUp: taskSetUp().data, locked: locked.data, dispatches: [] }, 'yongzhou')).toEqual({ participates: true, targetIds: TARGETS });
  });

  it('is every locked target for each department of a joint task', () => {
    const setUp = taskSetUp({ jointDepartmentIds: ['qiyang'] }).data;
    expect(matchingTargets({ setUp, locked: locked.data, dispatches: [] }, 'qiyang')).toEqual({ participates: true, targetIds: TARGETS });
    expect(matchingTargets({ setUp, locked: locked.data, dispatches: [] }, 'lingling').participates).toBe(false);
  });

  it('is what was dispatched when several departments execute, and waits for the dispatch before', () => {
    const setUp = taskSetUp({ executingDepartmentIds: ['lingling', 'qiyang'] }).data;
    expect(matchingTargets({ setUp, locked: locked.data, dispatches: [] }, 'lingling')).toEqual({ participates: true, targetIds: null });
    const dispatch = { taskId: 'task-1', departmentId: 'yongzhou', executingDepartmentId: 'lingling', targetIds: ['t-03', 't-01'], dispatchedOn: '2026-03-11' };
    expect(matchingTargets({ setUp, locked: locked.data, dispatches: [dispatch] }, 'lingling')).toEqual({ participates: true, targetIds: ['t-01', 't-03'] });
  });
});
