/**
 * The one place that knows the `chinese-days` package: its official schedules (built in, per
 * year; 2004–2026 in 1.5.7) and its lunar and solar-term conversion. A year for which the
 * package has no holiday data gets null here — the package itself would silently call every
 * weekday of such a year a working day (2027-01-01 included), which is why it is never asked
 * whether a day is a working day.
 */
import { getHolidaysInRange, getSolarDateFromLunar, getSolarTermDate, getWorkdaysInRange } from 'chinese-days';
import { version } from 'chinese-days/package.json';
import { HolidayDataSource, YearSchedule } from './working-days';
import { LunarYearFacts } from './statutory-holidays';
import { isWeekend } from './iso-date';

/** The package's lunar tables span these Gregorian years. */
const LUNAR_TABLE_YEARS = { first: 1901, last: 2099 };

/**
 * The package parses its own date strings as UTC and prints them in the process's local time
 * zone: west of UTC its holiday data and solar terms land a day early (checked with 1.5.7 in
 * America/New_York). Refuse there rather than move holidays; east of UTC, and when given local
 * `Date`s, it is exact.
 */
function assertSupportedTimeZone(year: number): void {
  if ([0, 6].some((month) => new Date(Date.UTC(year, month, 1)).getTimezoneOffset() > 0)) {
    throw new Error('chinese-days misplaces dates by a day in time zones west of UTC: run the service in Asia/Shanghai (or UTC)');
  }
}

function officialSchedule(year: number): YearSchedule | null {
  assertSupportedTimeZone(year);
  const first = new Date(year, 0, 1);
  const last = new Date(year, 11, 31);
  const holidays = getHolidaysInRange(first, last, false);
  if (holidays.length === 0) return null;
  const makeUpWorkdays = getWorkdaysInRange(first, last, true).filter(isWeekend);
  return { year, holidays, makeUpWorkdays, source: `chinese-days ${version}` };
}

function lunarYearFacts(year: number): LunarYearFacts {
  if (year < LUNAR_TABLE_YEARS.first || year > LUNAR_TABLE_YEARS.last) {
    throw new RangeError(`lunar dates are known for ${LUNAR_TABLE_YEARS.first}–${LUNAR_TABLE_YEARS.last}, not ${year}`);
  }
  assertSupportedTimeZone(year);
  // the package takes the lunar year/month/day as the fields of a local Date
  const solarOf = (month: number, day: number) => getSolarDateFromLunar(new Date(year, month - 1, day)).date;
  return {
    lunarNewYear: solarOf(1, 1),
    dragonBoat: solarOf(5, 5),
    midAutumn: solarOf(8, 15),
    qingming: getSolarTermDate(year, 4, 'pure_brightness'),
  };
}

export const chineseDaysSource: HolidayDataSource = { officialSchedule, lunarYearFacts };
