/** One statutory holiday date of the year, as the working-day calendar computes it (lunar dates converted). */
export interface StatutoryHolidayFact {
  readonly date: string;
  readonly festival: string;
}

interface ScheduleContent {
  readonly year: number;
  readonly holidays: readonly string[];
  readonly makeUpWorkdays: readonly string[];
  readonly source: string;
  /**
   * The days the law fixes for this year (全国年节及纪念日放假办法, 2024 revision): an outside
   * fact the handler computes with the working-day calendar.
   */
  readonly statutoryHolidays: readonly StatutoryHolidayFact[];
}

export interface AdoptHolidaySchedule extends ScheduleContent {
  readonly type: 'AdoptHolidaySchedule';
  /** YYYY-MM-DD */
  readonly adoptedOn: string;
}

export interface CorrectHolidaySchedule extends ScheduleContent {
  readonly type: 'CorrectHolidaySchedule';
  /** YYYY-MM-DD */
  readonly correctedOn: string;
  readonly reason: string;
}

export type CalendarCommand = AdoptHolidaySchedule | CorrectHolidaySchedule;
