import { LUNAR_FACTS, SCHEDULE_2025, dateRange } from './calendar.fixtures';
import { chineseDaysSource } from './chinese-days-source';
import { statutoryHolidays } from './statutory-holidays';
import { WorkingDayCalendar } from './working-days';

// The package's data against the official notices, and our use of it (DOMAIN.md: deadlines in
// working days, Chinese public holidays and make-up working days apply).
describe('chinese-days as the holiday data source', () => {
  const calendar = new WorkingDayCalendar(chineseDaysSource);

  it('carries the 2025 schedule of 国办发明电〔2024〕12号', () => {
    const schedule = chineseDaysSource.officialSchedule(2025);
    expect(schedule?.holidays).toEqual(SCHEDULE_2025.holidays);
    expect(schedule?.makeUpWorkdays).toEqual(SCHEDULE_2025.makeUpWorkdays);
    expect(schedule?.source).toMatch(/^chinese-days \d+\.\d+\.\d+$/);
  });

  it('5 working days from 2025-09-26 is 2025-10-10, not provisional (issue 5)', () =>
    expect(calendar.addWorkingDays('2025-09-26', 5)).toEqual({ date: '2025-10-10', provisional: false, provisionalYears: [] }));

  it('2026 Spring Festival: 02-15..02-23 off, Saturdays 02-14 and 02-28 working', () => {
    expect(dateRange('2026-02-15', '2026-02-23').filter((date) => calendar.isWorkingDay(date).working)).toEqual([]);
    expect(['2026-02-14', '2026-02-28'].map((date) => calendar.isWorkingDay(date))).toMatchObject([
      { working: true, basis: 'package', provisional: false },
      { working: true, basis: 'package', provisional: false },
    ]);
    expect(calendar.addWorkingDays('2026-02-13', 5)).toEqual({ date: '2026-02-27', provisional: false, provisionalYears: [] });
  });

  it('2026 National Day: 10-01..10-07 off, Sunday 09-20 and Saturday 10-10 working', () => {
    expect(dateRange('2026-10-01', '2026-10-07').filter((date) => calendar.isWorkingDay(date).working)).toEqual([]);
    expect(calendar.isWorkingDay('2026-09-20').working).toBe(true);
    expect(calendar.isWorkingDay('2026-10-10').working).toBe(true);
    expect(calendar.addWorkingDays('2026-09-30', 2)).toEqual({ date: '2026-10-09', provisional: false, provisionalYears: [] });
  });

  it('has no 2027 data, so 2027 falls back to the statutory days: 2027-01-01 is not a working day', () => {
    expect(chineseDaysSource.officialSchedule(2027)).toBeNull();
    expect(calendar.isWorkingDay('2027-01-01')).toEqual({
      date: '2027-01-01',
      working: false,
      basis: 'statutory',
      provisional: true,
      provisionalYears: [2027],
    });
    expect(calendar.addWorkingDays('2026-12-30', 3)).toEqual({ date: '2027-01-05', provisional: true, provisionalYears: [2027] });
  });

  it('converts 正月初一, 端午, 中秋 and 清明 to the real dates for 2025–2035', () => {
    for (const [year, facts] of Object.entries(LUNAR_FACTS)) expect(chineseDaysSource.lunarYearFacts(Number(year))).toEqual(facts);
  });

  it.each([2025, 2026])('the statutory days computed for %i are all in the official schedule the package carries', (year) => {
    const official = new Set(chineseDaysSource.officialSchedule(year)?.holidays);
    expect(statutoryHolidays(year, chineseDaysSource.lunarYearFacts(year)).filter((day) => !official.has(day.date))).toEqual([]);
  });
});
