import { DomainEvent } from '../shared/decider';

/**
 * A year's official holiday arrangement (the State Council's yearly notice), published in the
 * system by an authorised user. Once adopted it takes precedence over any calendar package for
 * counting working days (DOMAIN.md: deadlines in working days, "Chinese public holidays and
 * make-up working days apply"). National: the stream carries no departmentId.
 */
export interface HolidayScheduleData {
  readonly year: number;
  /** Every date off work, YYYY-MM-DD ascending; weekend days inside a holiday period included. */
  readonly holidays: string[];
  /** 调休上班 — Saturdays and Sundays that are working days, YYYY-MM-DD ascending. */
  readonly makeUpWorkdays: string[];
  /** The notice it comes from, e.g. 国办发明电〔2024〕12号. */
  readonly source: string;
}

export type HolidayScheduleAdopted = DomainEvent<'HolidayScheduleAdopted', HolidayScheduleData & { adoptedOn: string }>;

/** A revised schedule for the same year: recorded beside the earlier one, never over it. */
export type HolidayScheduleCorrected = DomainEvent<'HolidayScheduleCorrected', HolidayScheduleData & { correctedOn: string; reason: string }>;

export type CalendarEvent = HolidayScheduleAdopted | HolidayScheduleCorrected;

export const holidayScheduleStream = (year: number) => `calendar-${year}`;
