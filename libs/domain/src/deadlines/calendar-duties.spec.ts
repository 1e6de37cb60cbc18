import { assessDuty, WorkingDayCounter } from './duties';
import { DepartmentCalendarFacts, deriveCalendarDuties, emptyCalendarFacts } from './calendar-duties';

/** Dated duties never ask the calendar: any call fails the test. */
const noCalendar: WorkingDayCounter = {
  addWorkingDays: () => {
    throw new Error('a dated duty is not counted in working days');
  },
  workingDaysBetween: (from, to) => ({ count: Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) }),
};

const facts = (overrides: Partial<DepartmentCalendarFacts> = {}): DepartmentCalendarFacts => ({ ...emptyCalendarFacts('lingling'), ...overrides });
const stateOf = (f: DepartmentCalendarFacts, dutyId: string, asOf: string) => {
  const duty = deriveCalendarDuties(f, Number(asOf.slice(0, 4))).find((d) => d.dutyId === dutyId);
  return duty ? assessDuty(duty, noCalendar, asOf) : undefined;
};

describe('dated duties on the deadline ladder (DOMAIN.md, Plans: deadlines by date; 003 §3(4))', () => {
  const planned = facts({ planYears: { 2026: { firstFiledOn: '2026-03-01', firstPublishedOn: '2026-03-20' } } });

  it('000 §15: the annual plan is due by 31 March and closes on time when published by then', () =>
    expect(stateOf(planned, 'annual-plan:lingling:2026', '2026-04-01')).toEqual({
      dueOn: '2026-03-31',
      provisional: false,
      provisionalYears: [],
      state: 'closed-on-time',
    }));

  it('000 §15: a plan published in April closed late; still unpublished it is overdue, and reminded in the last days', () => {
    const late = facts({ planYears: { 2026: { firstFiledOn: '2026-03-01', firstPublishedOn: '2026-04-02' } } });
    expect(stateOf(late, 'annual-plan:lingling:2026', '2026-04-05')?.state).toBe('closed-late');
    const unpublished = facts({ planYears: { 2026: { firstFiledOn: '2026-03-01', firstPublishedOn: null } } });
    expect(stateOf(unpublished, 'annual-plan:lingling:2026', '2026-04-01')?.state).toBe('overdue');
    expect(stateOf(unpublished, 'annual-plan:lingling:2026', '2026-03-30')?.state).toBe('reminder');
    expect(stateOf(unpublished, 'annual-plan:lingling:2026', '2026-02-01')?.state).toBe('pending');
  });

  it('000 §15: a department that planned once owes a plan every following year, through the year asked about', () => {
    expect(stateOf(planned, 'annual-plan:lingling:2027', '2027-04-01')?.state).toBe('overdue');
    expect(deriveCalendarDuties(planned, 2026).map((d) => d.dutyId)).toEqual(['annual-plan:lingling:2026', 'registries:lingling:2026']);
  });

  it('003 §2(1): the registries are due by the end of February, closed once both the target and the inspector registry hold entries', () => {
    const built = facts({ ...planned, registries: { targetsFrom: '2026-02-10', inspectorsFrom: '2026-03-02' } });
    expect(stateOf(built, 'registries:lingling:2026', '2026-03-05')).toMatchObject({ dueOn: '2026-02-28', state: 'closed-late' });
    expect(stateOf(built, 'registries:lingling:2027', '2027-03-05')).toMatchObject({ state: 'closed-on-time' });
    expect(stateOf(facts({ planYears: { 2028: { firstFiledOn: null, firstPublishedOn: null } } }), 'registries:lingling:2028', '2028-03-01')).toMatchObject({
      dueOn: '2028-02-29',
      state: 'overdue',
    });
  });

  it('004 §4(5): the 实施方案 of a task is due the day before its window opens', () => {
    const task = { setUpOn: '2026-04-01', dueOn: '2026-04-09', filedOn: null, setUpBy: 'staff-yz-1' };
    const open = facts({ tasks: { t1: task } });
    expect(stateOf(open, 'implementation-plan:t1', '2026-04-10')).toMatchObject({ dueOn: '2026-04-09', state: 'overdue' });
    expect(stateOf(facts({ tasks: { t1: { ...task, filedOn: '2026-04-05' } } }), 'implementation-plan:t1', '2026-04-10')?.state).toBe('closed-on-time');
    expect(stateOf(open, 'implementation-plan:t1', '2026-03-31')).toBeNull();
    expect(deriveCalendarDuties(open, 2026)[0]).toMatchObject({
      kind: 'implementation-plan',
      clause: '004 §4(5)',
      taskId: 't1',
      targetId: null,
      responsible: ['staff-yz-1'],
    });
  });
});
