/**
 * The target table seen through its views and its snapshot columns: every fact reads back as
 * written, null texts are number 0 of their column, canonical order holds for many targets and
 * for one department's, and the snapshot writes only what a target has.
 */
import { emptyEligibilityState } from './eligibility';
import { EligibilityColumns, fromColumns, toColumns } from './eligibility-columns';
import { TargetTable, plainFacts } from './target-table';

const registered = (targetId: string, departmentId = 'lingling') => ({ targetId, departmentId, subjectType: 'enterprise', scale: null, industry: null, areaCode: '431102' });

describe('a view of a row', () => {
  it('reads back every fact written through it, and only the row’s own', () => {
    const table = new TargetTable();
    table.register(registered('T1'));
    table.register(registered('T2'));
    const view = table.get('T1')!;
    view.departmentId = 'qiyang';
    view.subjectType = 'individual-business';
    view.scale = 'micro';
    view.industry = 'F5211';
    view.areaCode = '431121';
    view.creditGrade = 'B';
    view.seriousViolator = true;
    view.trustworthy = true;
    view.deregistered = true;
    view.complaintsByYear = { 2026: 1 };
    view.concluded = [{ departmentId: 'yongzhou', taskId: 't', concludedOn: '2026-05-01', foundProblems: true }];
    expect(plainFacts(table.get('T1')!)).toEqual({
      targetId: 'T1',
      departmentId: 'qiyang',
      subjectType: 'individual-business',
      scale: 'micro',
      industry: 'F5211',
      areaCode: '431121',
      creditGrade: 'B',
      subRegistries: [],
      abnormal: false,
      seriousViolator: true,
      penalisedOn: null,
      trustworthy: true,
      deregistered: true,
      revoked: false,
      locked: null,
      concluded: [{ departmentId: 'yongzhou', taskId: 't', concludedOn: '2026-05-01', foundProblems: true }],
      drawsByYear: null,
      complaintsByYear: { 2026: 1 },
    });
    expect(JSON.parse(JSON.stringify(table.get('T2')))).toEqual(plainFacts(table.get('T2')!));
    expect(plainFacts(table.get('T2')!)).toMatchObject({ departmentId: 'lingling', subjectType: 'enterprise', areaCode: '431102', creditGrade: null, seriousViolator: false });
  });

  it('says which ids the table holds', () => {
    const table = new TargetTable();
    table.register(registered('T1'));
    expect(table.has('T1')).toBe(true);
    expect(table.has('T2')).toBe(false);
    expect([...table.values()].map((t) => t.targetId)).toEqual(['T1']);
    expect([...new TargetTable().values()]).toEqual([]);
  });

  it('keeps a row plain until a flag or a rare fact is written to it', () => {
    const table = new TargetTable();
    table.register(registered('T1'));
    expect(table.isPlain(0)).toBe(true);
    table.get('T1')!.penalisedOn = '2026-03-01';
    expect(table.isPlain(0)).toBe(false);
    table.register(registered('T1'));
    expect(table.isPlain(0)).toBe(true);
  });
});

describe('the text columns', () => {
  it('write a null text as number 0 and each distinct text once', () => {
    const table = new TargetTable();
    table.register(registered('T1'));
    table.register(registered('T2'));
    expect([table.codesOf('scale')[0], table.codesOf('industry')[1], table.codesOf('creditGrade')[0]]).toEqual([0, 0, 0]);
    expect(table.codesOf('departmentId')[0]).toBe(table.codesOf('departmentId')[1]);
    expect(table.strings).toEqual(['', 'lingling', 'enterprise', '431102']);
  });

  it('answer a test of a text once per distinct text, null included', () => {
    const table = new TargetTable();
    table.register(registered('T1'));
    expect([...table.acceptedCodes((text) => text === null || text === 'enterprise')]).toEqual([1, 0, 1, 0]);
  });
});

describe('canonical order', () => {
  it('orders many targets registered in scrambled order by their ids', () => {
    const table = new TargetTable();
    const ids = Array.from({ length: 3000 }, (_, i) => `T${String((i * 7919) % 3000).padStart(5, '0')}`);
    for (const id of ids) table.register(registered(id));
    expect([...table.canonicalRows()].map((row) => table.idAt(row))).toEqual([...ids].sort());
  });

  it('visits only the targets of the departments asked for, in order', () => {
    const table = new TargetTable();
    for (const [id, department] of [['T3', 'lingling'], ['T1', 'qiyang'], ['T2', 'lingling'], ['T0', 'yongzhou']]) table.register(registered(id, department));
    const seen: string[] = [];
    table.inCanonicalOrder((target, row) => seen.push(`${target.targetId}@${row}`), { departmentIds: ['lingling', 'yongzhou'] });
    expect(seen).toEqual(['T0@3', 'T2@2', 'T3@0']);
    const none: string[] = [];
    table.inCanonicalOrder((target) => none.push(target.targetId), { departmentIds: [] });
    expect(none).toEqual([]);
  });
});

describe('the snapshot columns', () => {
  it('start their dictionary with the placeholder for null and write no rare facts for plain targets', () => {
    const state = emptyEligibilityState();
    state.targets.register(registered('T1'));
    const columns = toColumns(state);
    expect(columns.strings[0]).toBe('');
    expect(columns.rare).toEqual([]);
    expect(columns.ids).toBe('T1');
  });

  it('write no rare facts for a target whose rare facts are all empty again', () => {
    const state = emptyEligibilityState();
    state.targets.register(registered('T1'));
    state.targets.get('T1')!.penalisedOn = null;
    expect(toColumns(state).rare).toEqual([]);
  });

  it('write a target’s sub-registries as a rare fact', () => {
    const state = emptyEligibilityState();
    state.targets.register(registered('T1'));
    state.targets.get('T1')!.subRegistries = ['catering'];
    expect(toColumns(state).rare).toEqual([[0, { penalisedOn: null, subRegistries: ['catering'], locked: null, concluded: null, drawsByYear: null, complaintsByYear: null }]]);
  });

  it('restore rare facts written by an older version without every field', () => {
    const state = emptyEligibilityState();
    state.targets.register(registered('T1'));
    const columns: EligibilityColumns = { ...toColumns(state), rare: [[0, { drawsByYear: { 2026: 1 } } as unknown as EligibilityColumns['rare'][number][1]]] };
    expect(plainFacts(fromColumns(columns).targets.get('T1')!)).toMatchObject({ drawsByYear: { 2026: 1 }, subRegistries: [], penalisedOn: null, locked: null, concluded: null, complaintsByYear: null });
  });

  it('restore a dictionary that new registrations reuse', () => {
    const state = emptyEligibilityState();
    state.targets.register(registered('T1'));
    const restored = fromColumns(toColumns(state));
    restored.targets.register(registered('T2'));
    expect(restored.targets.strings).toEqual(['', 'lingling', 'enterprise', '431102']);
    expect(restored.targets.codesOf('departmentId')[1]).toBe(restored.targets.codesOf('departmentId')[0]);
  });

  it('refuse a format they do not know', () => {
    const columns = { ...toColumns(emptyEligibilityState()), format: 2 } as unknown as EligibilityColumns;
    expect(() => fromColumns(columns)).toThrow('unknown eligibility columns format 2');
  });
});
