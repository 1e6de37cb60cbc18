/**
 * 工作日 — working days, as the deadlines of DOMAIN.md count them ("Chinese public holidays and
 * make-up working days apply"). Pure: everything the calendar knows arrives in the constructor;
 * no clock, no I/O. Precedence per year, first that has the year wins:
 *   1. a schedule published in the system (HolidayScheduleAdopted / …Corrected), official;
 *   2. the official schedule a calendar package carries (chinese-days), official;
 *   3. weekends plus the statutory holidays only: PROVISIONAL, because the notice's extra days
 *      off and make-up working days (调休) are unknown until the State Council publishes them.
 * Counting convention: see `addWorkingDays`.
 */
import { IsoDate, addDays, assertIsoDate, isWeekend, yearOf } from './iso-date';
import { LunarYearFacts, statutoryHolidays } from './statutory-holidays';

/** One year's official arrangement, as the State Council's notice publishes it. */
export interface YearSchedule {
  readonly year: number;
  /** Every date off work, weekend days inside a holiday period included. */
  readonly holidays: readonly IsoDate[];
  /** Saturdays and Sundays that are working days (调休上班). */
  readonly makeUpWorkdays: readonly IsoDate[];
  /** Where the schedule comes from, e.g. 国办发明电〔2024〕12号. */
  readonly source: string;
}

/** What a calendar package supplies: the official schedules it was built with, and lunar conversion. */
export interface HolidayDataSource {
  /** The package's official schedule for `year`, or null when it carries none for that year. */
  officialSchedule(year: number): YearSchedule | null;
  lunarYearFacts(year: number): LunarYearFacts;
}

export type ScheduleBasis = 'published' | 'package' | 'statutory';

interface Provisionality {
  /** True when some day looked at lies in a year with no official schedule. */
  readonly provisional: boolean;
  /** Those years, ascending: the result may change once their schedules are published. */
  readonly provisionalYears: number[];
}

export interface DayVerdict extends Provisionality {
  readonly date: IsoDate;
  readonly working: boolean;
  readonly basis: ScheduleBasis;
}

export interface Deadline extends Provisionality {
  readonly date: IsoDate;
}

export interface WorkingDayCount extends Provisionality {
  readonly count: number;
}

interface YearDays {
  readonly basis: ScheduleBasis;
  readonly off: ReadonlySet<IsoDate>;
  readonly makeUp: ReadonlySet<IsoDate>;
}

export class WorkingDayCalendar {
  private readonly published = new Map<number, YearSchedule>();
  /** Derived per year on first use; the inputs never change, so this is a cache, not state. */
  private readonly years = new Map<number, YearDays>();

  constructor(
    private readonly source: HolidayDataSource,
    published: readonly YearSchedule[] = [],
  ) {
    for (const schedule of published) {
      if (this.published.has(schedule.year)) throw new RangeError(`two published schedules for ${schedule.year}: pass only the one in force`);
      for (const date of [...schedule.holidays, ...schedule.makeUpWorkdays]) {
        assertIsoDate(date, `a date of the ${schedule.year} schedule`);
        if (yearOf(date) !== schedule.year) throw new RangeError(`${date} does not lie in ${schedule.year}, the year of its schedule`);
      }
      this.published.set(schedule.year, schedule);
    }
  }

  /** Which source decides the days of `year`. */
  basisOf(year: number): ScheduleBasis {
    return this.yearDays(year).basis;
  }

  isWorkingDay(date: IsoDate): DayVerdict {
    assertIsoDate(date);
    const { basis } = this.yearDays(yearOf(date));
    return { date, working: this.works(date), basis, ...this.provisionality([date]) };
  }

  /**
   * The deadline `n` working days after `start`: counting begins the day after `start` (the
   * day the triggering event happens never counts, whether or not it is a working day), and
   * the deadline is the n-th working day so counted; the duty is on time if done by the end of
   * that day. E.g. 5 working days from Friday 2025-09-26 is 2025-10-10 (09-28 a make-up
   * working day, 10-01..10-08 off).
   */
  addWorkingDays(start: IsoDate, n: number): Deadline {
    assertIsoDate(start, 'start');
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`a deadline is a whole number of working days, at least 1; got ${n}`);
    const looked: IsoDate[] = [];
    let date = start;
    for (let counted = 0; counted < n;) {
      date = addDays(date, 1);
      looked.push(date);
      if (this.works(date)) counted++;
    }
    return { date, ...this.provisionality(looked) };
  }

  /**
   * Working days in the span after `from` up to and including `to`, by the same convention as
   * `addWorkingDays`, so that `workingDaysBetween(s, addWorkingDays(s, n).date).count === n`.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): WorkingDayCount {
    assertIsoDate(from, 'from');
    assertIsoDate(to, 'to');
    if (to < from) throw new RangeError(`${to} lies before ${from}`);
    const looked: IsoDate[] = [];
    for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) looked.push(date);
    return { count: looked.filter((date) => this.works(date)).length, ...this.provisionality(looked) };
  }

  private works(date: IsoDate): boolean {
    const { off, makeUp } = this.yearDays(yearOf(date));
    if (makeUp.has(date)) return true;
    if (off.has(date)) return false;
    return !isWeekend(date);
  }

  private provisionality(dates: readonly IsoDate[]): Provisionality {
    const years = [...new Set(dates.map(yearOf))].filter((year) => this.yearDays(year).basis === 'statutory').sort((a, b) => a - b);
    return { provisional: years.length > 0, provisionalYears: years };
  }

  private yearDays(year: number): YearDays {
    let days = this.years.get(year);
    if (!days) {
      days = this.resolveYear(year);
      this.years.set(year, days);
    }
    return days;
  }

  private resolveYear(year: number): YearDays {
    const published = this.published.get(year);
    if (published) return { basis: 'published', off: new Set(published.holidays), makeUp: new Set(published.makeUpWorkdays) };
    const packaged = this.source.officialSchedule(year);
    if (packaged) return { basis: 'package', off: new Set(packaged.holidays), makeUp: new Set(packaged.makeUpWorkdays) };
    const statutory = statutoryHolidays(year, this.source.lunarYearFacts(year)).map((holiday) => holiday.date);
    return { basis: 'statutory', off: new Set(statutory), makeUp: new Set() };
  }
}
