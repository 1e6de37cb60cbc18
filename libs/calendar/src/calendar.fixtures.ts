/**
 * Real calendar data for specs that must not depend on an installed package. The lunar facts
 * were checked against two independent converters (chinese-days 1.5.7 and lunar-typescript
 * 1.8.6, which agree for 2004–2099).
 */
import { IsoDate, addDays } from './iso-date';
import { LunarYearFacts } from './statutory-holidays';
import { HolidayDataSource, YearSchedule } from './working-days';

export function dateRange(first: IsoDate, last: IsoDate): IsoDate[] {
  const dates: IsoDate[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/** 2025 as the State Council published it (国办发明电〔2024〕12号). */
export const SCHEDULE_2025: YearSchedule = {
  year: 2025,
  holidays: [
    '2025-01-01',
    ...dateRange('2025-01-28', '2025-02-04'),
    ...dateRange('2025-04-04', '2025-04-06'),
    ...dateRange('2025-05-01', '2025-05-05'),
    ...dateRange('2025-05-31', '2025-06-02'),
    ...dateRange('2025-10-01', '2025-10-08'),
  ],
  makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  source: '国办发明电〔2024〕12号',
};

/**
 * An ILLUSTRATIVE 2027 schedule (the real one is not published yet): the statutory days plus
 * bridging days in the pattern of 2025–2026. Spring Festival 2027: 除夕 Fri 02-05, 初一–初三
 * Sat 02-06 – Mon 02-08.
 */
export const ILLUSTRATIVE_SCHEDULE_2027: YearSchedule = {
  year: 2027,
  holidays: [
    ...dateRange('2027-01-01', '2027-01-03'),
    ...dateRange('2027-02-05', '2027-02-13'),
    ...dateRange('2027-04-03', '2027-04-05'),
    ...dateRange('2027-05-01', '2027-05-05'),
    '2027-06-09',
    '2027-09-15',
    ...dateRange('2027-10-01', '2027-10-07'),
  ],
  makeUpWorkdays: ['2027-01-31', '2027-02-14', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-09'],
  source: 'illustrative, not an official notice',
};

export const LUNAR_FACTS: Readonly<Record<number, LunarYearFacts>> = {
  2025: { lunarNewYear: '2025-01-29', qingming: '2025-04-04', dragonBoat: '2025-05-31', midAutumn: '2025-10-06' },
  2026: { lunarNewYear: '2026-02-17', qingming: '2026-04-05', dragonBoat: '2026-06-19', midAutumn: '2026-09-25' },
  2027: { lunarNewYear: '2027-02-06', qingming: '2027-04-05', dragonBoat: '2027-06-09', midAutumn: '2027-09-15' },
  2028: { lunarNewYear: '2028-01-26', qingming: '2028-04-04', dragonBoat: '2028-05-28', midAutumn: '2028-10-03' },
  2029: { lunarNewYear: '2029-02-13', qingming: '2029-04-04', dragonBoat: '2029-06-16', midAutumn: '2029-09-22' },
  2030: { lunarNewYear: '2030-02-03', qingming: '2030-04-05', dragonBoat: '2030-06-05', midAutumn: '2030-09-12' },
  2031: { lunarNewYear: '2031-01-23', qingming: '2031-04-05', dragonBoat: '2031-06-24', midAutumn: '2031-10-01' },
  2032: { lunarNewYear: '2032-02-11', qingming: '2032-04-04', dragonBoat: '2032-06-12', midAutumn: '2032-09-19' },
  2033: { lunarNewYear: '2033-01-31', qingming: '2033-04-04', dragonBoat: '2033-06-01', midAutumn: '2033-09-08' },
  2034: { lunarNewYear: '2034-02-19', qingming: '2034-04-05', dragonBoat: '2034-06-20', midAutumn: '2034-09-27' },
  2035: { lunarNewYear: '2035-02-08', qingming: '2035-04-05', dragonBoat: '2035-06-10', midAutumn: '2035-09-16' },
};

/** A package built with the 2025 schedule only, like chinese-days is built with a few years. */
export const packageWith2025: HolidayDataSource = {
  officialSchedule: (year) => (year === 2025 ? SCHEDULE_2025 : null),
  lunarYearFacts: (year) => {
    const facts = LUNAR_FACTS[year];
    if (!facts) throw new RangeError(`no lunar facts for ${year} in the fixture`);
    return facts;
  },
};
