/**
 * The holidays the law itself fixes (全国年节及纪念日放假办法, as revised 2024, in force from
 * 2025, art. 2): what still holds in a year for which no official schedule is known. The State
 * Council's yearly notice adds bridging days, days off in lieu (补假) and make-up working days
 * (调休); none of those can be derived, which is why such a year is only provisional.
 */
import { IsoDate, addDays, isoDate, yearOf } from './iso-date';

export const STATUTORY_FESTIVALS = ['new-year', 'spring-festival', 'qingming', 'labour-day', 'dragon-boat', 'mid-autumn', 'national-day'] as const;
export type StatutoryFestival = (typeof STATUTORY_FESTIVALS)[number];

/** The lunar dates and the solar term the movable holidays hang on, converted for one Gregorian year. */
export interface LunarYearFacts {
  /** 农历正月初一 */
  readonly lunarNewYear: IsoDate;
  /** 农历五月初五 (of the regular, not a leap, fifth month) */
  readonly dragonBoat: IsoDate;
  /** 农历八月十五 */
  readonly midAutumn: IsoDate;
  /** The day of the solar term 清明 */
  readonly qingming: IsoDate;
}

export interface StatutoryHoliday {
  readonly date: IsoDate;
  readonly festival: StatutoryFestival;
}

export function statutoryHolidays(year: number, facts: LunarYearFacts): StatutoryHoliday[] {
  for (const [name, date] of Object.entries(facts)) {
    if (yearOf(date) !== year) throw new RangeError(`${name} ${date} does not lie in ${year}`);
  }
  const days: StatutoryHoliday[] = [
    { date: isoDate(year, 1, 1), festival: 'new-year' },
    // 春节 4 days: 农历除夕 (the eve, the day before 正月初一) and 正月初一 to 初三
    ...[-1, 0, 1, 2].map((offset) => ({ date: addDays(facts.lunarNewYear, offset), festival: 'spring-festival' as const })),
    { date: facts.qingming, festival: 'qingming' },
    { date: isoDate(year, 5, 1), festival: 'labour-day' },
    { date: isoDate(year, 5, 2), festival: 'labour-day' },
    { date: facts.dragonBoat, festival: 'dragon-boat' },
    { date: facts.midAutumn, festival: 'mid-autumn' },
    { date: isoDate(year, 10, 1), festival: 'national-day' },
    { date: isoDate(year, 10, 2), festival: 'national-day' },
    { date: isoDate(year, 10, 3), festival: 'national-day' },
  ];
  return days.sort((a, b) => a.date.localeCompare(b.date));
}
