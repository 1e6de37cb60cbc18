import { ILLUSTRATIVE_SCHEDULE_2027, SCHEDULE_2025, packageWith2025 } from './calendar.fixtures';
import { WorkingDayCalendar } from './working-days';

// DOMAIN.md, Inspection, report, publication: deadlines in working days (工作日), "Chinese public
// holidays and make-up working days apply" (000 §21–§24, 002 §28.4, 002 §29).
describe('working-day calendar', () => {
  const calendar = new WorkingDayCalendar(packageWith2025);

  describe('in a year with an official schedule', () => {
    it('5 working days from 2025-09-26 is 2025-10-10: 09-28 a make-up working day, 10-01..10-08 off (issue 5)', () =>
      expect(calendar.addWorkingDays('2025-09-26', 5)).toEqual({ date: '2025-10-10', provisional: false, provisionalYears: [] }));

    it('counts a make-up Sunday as a working day and a holiday weekday as not', () => {
      expect(calendar.isWorkingDay('2025-09-28')).toEqual({ date: '2025-09-28', working: true, basis: 'package', provisional: false, provisionalYears: [] });
      expect(calendar.isWorkingDay('2025-10-08').working).toBe(false);
      expect(calendar.isWorkingDay('2025-10-09').working).toBe(true);
      expect(calendar.isWorkingDay('2025-10-12').working).toBe(false);
    });

    it('never counts the day of the triggering event, working or not', () => {
      expect(calendar.addWorkingDays('2025-09-27', 1).date).toBe('2025-09-28');
      expect(calendar.addWorkingDays('2025-09-28', 1).date).toBe('2025-09-29');
      expect(calendar.addWorkingDays('2025-09-30', 1).date).toBe('2025-10-09');
    });

    it('counts working days after the first date up to and including the second, the inverse of addWorkingDays', () => {
      expect(calendar.workingDaysBetween('2025-09-26', '2025-10-10')).toEqual({ count: 5, provisional: false, provisionalYears: [] });
      expect(calendar.workingDaysBetween('2025-09-30', '2025-10-08').count).toBe(0);
      expect(calendar.workingDaysBetween('2025-10-10', '2025-10-10').count).toBe(0);
      for (const n of [1, 5, 10, 15, 20]) {
        expect(calendar.workingDaysBetween('2025-01-20', calendar.addWorkingDays('2025-01-20', n).date).count).toBe(n);
      }
    });

    it('20 working days over the 2025 Spring Festival skip 01-28..02-04 and count Sunday 01-26 and Saturday 02-08', () =>
      expect(calendar.addWorkingDays('2025-01-20', 20).date).toBe('2025-02-21'));
  });

  describe('in a year without an official schedule (2027)', () => {
    it("keeps New Year's Day 2027 a holiday, provisionally", () =>
      expect(calendar.isWorkingDay('2027-01-01')).toEqual({
        date: '2027-01-01',
        working: false,
        basis: 'statutory',
        provisional: true,
        provisionalYears: [2027],
      }));

    it('keeps the four statutory Spring Festival days (除夕 02-05 to 初三 02-08) off, but not the days after', () => {
      expect(['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09'].map((date) => calendar.isWorkingDay(date).working)).toEqual([true, false, false, true]);
    });

    it('marks a deadline provisional, and it moves once a 2027 schedule is published', () => {
      expect(calendar.addWorkingDays('2027-02-03', 5)).toEqual({ date: '2027-02-12', provisional: true, provisionalYears: [2027] });
      const withSchedule = new WorkingDayCalendar(packageWith2025, [ILLUSTRATIVE_SCHEDULE_2027]);
      expect(withSchedule.basisOf(2027)).toBe('published');
      // off 02-05..02-13, Sunday 02-14 a make-up working day
      expect(withSchedule.addWorkingDays('2027-02-03', 5)).toEqual({ date: '2027-02-17', provisional: false, provisionalYears: [] });
    });

    it('lists every unscheduled year a count passes through', () => {
      expect(calendar.addWorkingDays('2025-12-29', 5)).toEqual({ date: '2026-01-06', provisional: true, provisionalYears: [2026] });
      expect(calendar.workingDaysBetween('2025-12-01', '2027-01-04')).toMatchObject({ provisional: true, provisionalYears: [2026, 2027] });
      expect(calendar.workingDaysBetween('2025-12-01', '2025-12-31').provisional).toBe(false);
    });
  });

  describe('precedence', () => {
    it('a published schedule overrides the package for its year', () => {
      // illustrative: as if the State Council had moved the 2025-10-11 make-up day to 2025-10-12
      const corrected = {
        ...SCHEDULE_2025,
        makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-12'],
        source: 'illustrative correction',
      };
      const published = new WorkingDayCalendar(packageWith2025, [corrected]);
      expect(published.basisOf(2025)).toBe('published');
      expect(published.isWorkingDay('2025-10-11').working).toBe(false);
      expect(published.isWorkingDay('2025-10-12').working).toBe(true);
      expect(calendar.isWorkingDay('2025-10-11').working).toBe(true);
    });

    it('refuses two published schedules for one year, and schedule dates outside the year', () => {
      expect(() => new WorkingDayCalendar(packageWith2025, [SCHEDULE_2025, SCHEDULE_2025])).toThrow(/two published schedules for 2025/);
      expect(() => new WorkingDayCalendar(packageWith2025, [{ ...SCHEDULE_2025, holidays: ['2024-12-31'] }])).toThrow(/does not lie in 2025/);
    });
  });

  describe('input', () => {
    it('refuses a count that is not a whole number of at least one day', () => {
      expect(() => calendar.addWorkingDays('2025-09-26', 0)).toThrow(RangeError);
      expect(() => calendar.addWorkingDays('2025-09-26', 2.5)).toThrow(RangeError);
    });

    it('refuses dates that are not calendar dates, and a span that runs backwards', () => {
      expect(() => calendar.isWorkingDay('2027-02-30')).toThrow(/YYYY-MM-DD/);
      expect(() => calendar.addWorkingDays('2025/09/26', 5)).toThrow(/start must be/);
      expect(() => calendar.workingDaysBetween('2025-10-10', '2025-09-26')).toThrow(/lies before/);
    });
  });
});
