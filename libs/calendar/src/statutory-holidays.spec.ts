import { LUNAR_FACTS } from './calendar.fixtures';
import { statutoryHolidays } from './statutory-holidays';

// 全国年节及纪念日放假办法 (2024 revision) art. 2: 13 statutory days; DOMAIN.md: Chinese public holidays apply.
describe('statutory holidays', () => {
  it('2027: New Year, Spring Festival from 除夕, Qingming, Labour Day, Dragon Boat, Mid-Autumn, National Day', () =>
    expect(statutoryHolidays(2027, LUNAR_FACTS[2027])).toEqual([
      { date: '2027-01-01', festival: 'new-year' },
      { date: '2027-02-05', festival: 'spring-festival' },
      { date: '2027-02-06', festival: 'spring-festival' },
      { date: '2027-02-07', festival: 'spring-festival' },
      { date: '2027-02-08', festival: 'spring-festival' },
      { date: '2027-04-05', festival: 'qingming' },
      { date: '2027-05-01', festival: 'labour-day' },
      { date: '2027-05-02', festival: 'labour-day' },
      { date: '2027-06-09', festival: 'dragon-boat' },
      { date: '2027-09-15', festival: 'mid-autumn' },
      { date: '2027-10-01', festival: 'national-day' },
      { date: '2027-10-02', festival: 'national-day' },
      { date: '2027-10-03', festival: 'national-day' },
    ]));

  it('2031: Mid-Autumn falls on 10-01, so the law gives 12 distinct days, not 13', () => {
    const days = statutoryHolidays(2031, LUNAR_FACTS[2031]);
    expect(
      days
        .filter((day) => day.date === '2031-10-01')
        .map((day) => day.festival)
        .sort(),
    ).toEqual(['mid-autumn', 'national-day']);
    expect(new Set(days.map((day) => day.date)).size).toBe(12);
  });

  it('除夕 is the day before 正月初一 even across a month boundary (2033: 01-30)', () =>
    expect(
      statutoryHolidays(2033, LUNAR_FACTS[2033])
        .filter((day) => day.festival === 'spring-festival')
        .map((day) => day.date),
    ).toEqual(['2033-01-30', '2033-01-31', '2033-02-01', '2033-02-02']));

  it('refuses lunar facts of another year', () => expect(() => statutoryHolidays(2028, LUNAR_FACTS[2027])).toThrow(/does not lie in 2028/));
});
