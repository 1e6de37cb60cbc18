/**
 * The working-day calendar as queries use it: the schedules published in the system (read
 * model), over chinese-days, over the statutory holidays (docs/deadlines.md). Built per query,
 * so a schedule published a moment ago already counts.
 */
import { Inject, Injectable } from '@nestjs/common';
import { WorkingDayCalendar, YearSchedule, chineseDaysSource } from '@app/calendar';
import { READ_STORE, ReadStore } from '@app/read-store';
import { HOLIDAY_SCHEDULES, HOLIDAY_SCHEDULE_YEARS_INDEX, HolidayScheduleView } from '@app/projections';

@Injectable()
export class CalendarReader {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async publishedSchedule(year: number): Promise<HolidayScheduleView | null> {
    return this.reads.getDocument<HolidayScheduleView>(HOLIDAY_SCHEDULES, String(year));
  }

  async calendar(): Promise<WorkingDayCalendar> {
    const years = (await this.reads.rangeIndex(HOLIDAY_SCHEDULE_YEARS_INDEX)).map((entry) => entry.member);
    const schedules = await this.reads.getDocuments<HolidayScheduleView>(HOLIDAY_SCHEDULES, years);
    const published: YearSchedule[] = schedules
      .filter((schedule): schedule is HolidayScheduleView => schedule !== null)
      .map(({ year, holidays, makeUpWorkdays, source }) => ({ year, holidays, makeUpWorkdays, source }));
    return new WorkingDayCalendar(chineseDaysSource, published);
  }
}
