import { VisitEntry, mergeVisits } from './visits';

const entry = (taskId: string, from: string, to: string, overrides: Partial<VisitEntry> = {}): VisitEntry => ({
  taskId,
  departmentId: 'lingling',
  jointDepartmentIds: [],
  itemIds: [`item-${taskId}`],
  window: { from, to },
  ...overrides,
});

describe('merging tasks into visits (进一次门、查多项事)', () => {
  it('merges two tasks whose windows overlap into one visit covering both, each task still counted', () => {
    const a = entry('a', '2026-04-01', '2026-04-30');
    const b = entry('b', '2026-04-20', '2026-05-15', { departmentId: 'yongzhou' });
    expect(mergeVisits([b, a])).toEqual([
      {
        window: { from: '2026-04-01', to: '2026-05-15' },
        tasks: [a, b],
        itemIds: ['item-a', 'item-b'],
        counted: [
          { taskId: 'a', departmentId: 'lingling' },
          { taskId: 'b', departmentId: 'yongzhou' },
        ],
      },
    ]);
  });

  it('treats windows touching on one day as overlapping (both inclusive)', () => {
    expect(mergeVisits([entry('a', '2026-04-01', '2026-04-30'), entry('b', '2026-04-30', '2026-05-10')])).toHaveLength(1);
  });

  it('keeps tasks whose windows do not overlap as separate visits, in window order', () => {
    const a = entry('a', '2026-04-01', '2026-04-30');
    const b = entry('b', '2026-05-01', '2026-05-31');
    const visits = mergeVisits([b, a]);
    expect(visits.map((v) => v.tasks.map((t) => t.taskId))).toEqual([['a'], ['b']]);
    expect(visits.map((v) => v.window)).toEqual([a.window, b.window]);
  });

  it('merges transitively: a overlaps b, b overlaps c, though a and c do not overlap', () => {
    const visits = mergeVisits([
      entry('c', '2026-05-20', '2026-06-30'),
      entry('a', '2026-04-01', '2026-04-30'),
      entry('b', '2026-04-25', '2026-05-25'),
      entry('d', '2026-07-01', '2026-07-31'),
    ]);
    expect(visits.map((v) => v.tasks.map((t) => t.taskId))).toEqual([['a', 'b', 'c'], ['d']]);
    expect(visits[0].window).toEqual({ from: '2026-04-01', to: '2026-06-30' });
  });

  it('merges a short task lying inside a long one and keeps the long end for what follows', () => {
    const visits = mergeVisits([
      entry('long', '2026-04-01', '2026-09-30'),
      entry('short', '2026-05-01', '2026-05-10'),
      entry('late', '2026-09-01', '2026-10-31'),
    ]);
    expect(visits).toHaveLength(1);
    expect(visits[0].window).toEqual({ from: '2026-04-01', to: '2026-10-31' });
  });

  it('counts a task listed twice once', () => {
    const a = entry('a', '2026-04-01', '2026-04-30');
    const [visit] = mergeVisits([a, entry('b', '2026-04-10', '2026-04-20'), a]);
    expect(visit.tasks.map((t) => t.taskId)).toEqual(['a', 'b']);
    expect(visit.counted).toHaveLength(2);
  });

  it('lists each item once even when several tasks check it', () => {
    const [visit] = mergeVisits([
      entry('a', '2026-04-01', '2026-04-30', { itemIds: ['x', 'y'] }),
      entry('b', '2026-04-10', '2026-04-20', { itemIds: ['y', 'w'] }),
    ]);
    expect(visit.itemIds).toEqual(['w', 'x', 'y']);
  });

  it('counts a joint task once per participating department (004 §2(4))', () => {
    const joint = entry('joint', '2026-04-01', '2026-04-30', { departmentId: 'yongzhou', jointDepartmentIds: ['yongzhou-env', 'yongzhou-tax'] });
    const [visit] = mergeVisits([joint, entry('own', '2026-04-15', '2026-04-16')]);
    expect(visit.tasks).toHaveLength(2);
    expect(visit.counted).toEqual([
      { taskId: 'joint', departmentId: 'yongzhou' },
      { taskId: 'joint', departmentId: 'yongzhou-env' },
      { taskId: 'joint', departmentId: 'yongzhou-tax' },
      { taskId: 'own', departmentId: 'lingling' },
    ]);
  });

  it('gives no visit without entries', () => expect(mergeVisits([])).toEqual([]));
});
