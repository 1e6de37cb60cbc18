import { TargetTable, plainFacts } from './target-table';
import { fromColumns, toColumns } from './eligibility-columns';
import { emptyEligibilityState } from './eligibility';

const registered = (targetId: string, departmentId = 'lingling') => ({ targetId, departmentId, subjectType: 'enterprise', scale: null, industry: 'C13', areaCode: '431102' });

describe('the target table (the registry as the draw rules see it, in columns)', () => {
  it('finds every one of many targets by id, through growth of its hash table and columns', () => {
    const table = new TargetTable(4);
    const ids = Array.from({ length: 50_000 }, (_, i) => `9143110${String((i * 7919) % 100_000).padStart(11, '0')}`);
    ids.forEach((id, i) => table.register(registered(id, i % 2 ? 'lingling' : 'lengshuitan')));
    expect(table.size).toBe(ids.length);
    // one assertion over all of them: 50,000 expect calls made this the slowest test of the mutation run
    const misplaced = ids.filter((id, i) => table.get(id)?.departmentId !== (i % 2 ? 'lingling' : 'lengshuitan'));
    expect(misplaced).toEqual([]);
    expect(table.has('914311000000000000X')).toBe(false);
    expect(table.get('914311000000000000X')).toBeUndefined();
  });

  it('writes through a view: flags, texts and rare facts land in the row', () => {
    const table = new TargetTable();
    table.register(registered('T1'));
    table.register(registered('T2'));
    const view = table.get('T1')!;
    view.abnormal = true;
    view.revoked = true;
    view.revoked = false;
    view.scale = 'small';
    view.penalisedOn = '2026-03-01';
    (view.drawsByYear ??= {})[2026] = 1;
    view.subRegistries = [...view.subRegistries, 'catering'];
    expect(plainFacts(table.get('T1')!)).toMatchObject({ abnormal: true, revoked: false, scale: 'small', penalisedOn: '2026-03-01', drawsByYear: { 2026: 1 }, subRegistries: ['catering'] });
    // the neighbour is untouched
    expect(plainFacts(table.get('T2')!)).toMatchObject({ abnormal: false, scale: null, penalisedOn: null, drawsByYear: null, subRegistries: [] });
  });

  it('states a target afresh when it is registered again: nothing of the earlier registration carries over', () => {
    const table = new TargetTable();
    table.register(registered('T1'));
    table.get('T1')!.seriousViolator = true;
    table.get('T1')!.locked = [{ year: 2026, taskId: 't', departmentId: 'lingling', businessUnitId: null, lockedOn: '2026-04-01' }];
    table.register(registered('T1', 'lengshuitan'));
    expect(table.size).toBe(1);
    expect(plainFacts(table.get('T1')!)).toMatchObject({ departmentId: 'lengshuitan', seriousViolator: false, locked: null });
  });

  it('visits targets in the order of their ids, also after registrations on top of a restored table', () => {
    const state = emptyEligibilityState();
    for (const id of ['T5', 'T1', 'T3']) state.targets.register(registered(id));
    const restored = fromColumns(toColumns(state));
    for (const id of ['T4', 'T0', 'T9']) restored.targets.register(registered(id));
    const seen: string[] = [];
    restored.targets.inCanonicalOrder((target) => seen.push(target.targetId));
    expect(seen).toEqual(['T0', 'T1', 'T3', 'T4', 'T5', 'T9']);
    expect([...restored.targets.keys()]).toEqual(['T1', 'T3', 'T5', 'T4', 'T0', 'T9']);
  });
});
