/**
 * A year's official holiday schedule (stream `calendar-<year>`). Deadlines are counted in
 * working days with Chinese public holidays and make-up working days applied (DOMAIN.md,
 * Inspection, report, publication: 000 §21–§24, 002 §28.4, 002 §29); a published schedule makes
 * the year's deadlines final instead of provisional. A schedule is never edited: a later notice
 * or a mistake is a correction with a reason, kept beside the original.
 */
import { Decider, assertNever } from '../shared/decider';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { CalendarCommand, StatutoryHolidayFact } from './calendar.commands';
import { CalendarEvent, HolidayScheduleData } from './calendar.events';

export type HolidayScheduleState = { readonly status: 'none' } | { readonly status: 'adopted'; readonly schedule: HolidayScheduleData };

const initialState: HolidayScheduleState = { status: 'none' };

function decide(command: CalendarCommand, state: HolidayScheduleState): CalendarEvent[] {
  switch (command.type) {
    case 'AdoptHolidaySchedule': {
      if (state.status === 'adopted') throw new IllegalStateError(`the ${command.year} schedule is already adopted; correct it, giving a reason`, 'year');
      checkDate(command.adoptedOn, 'adoptedOn');
      return [{ type: 'HolidayScheduleAdopted', data: { ...validSchedule(command), adoptedOn: command.adoptedOn } }];
    }
    case 'CorrectHolidaySchedule': {
      if (state.status !== 'adopted') throw new NotFoundError(`no ${command.year} schedule has been adopted to correct`, 'year');
      if (state.schedule.year !== command.year) throw new ValidationError(`this stream holds the ${state.schedule.year} schedule, not ${command.year}`, 'year');
      if (command.reason.trim() === '') throw new ValidationError('a correction needs a reason', 'reason');
      checkDate(command.correctedOn, 'correctedOn');
      const schedule = validSchedule(command);
      if (sameSchedule(schedule, state.schedule)) throw new IllegalStateError(`the correction leaves the ${command.year} schedule unchanged`);
      return [{ type: 'HolidayScheduleCorrected', data: { ...schedule, correctedOn: command.correctedOn, reason: command.reason } }];
    }
    default:
      return assertNever(command);
  }
}

interface ScheduleInput {
  readonly year: number;
  readonly holidays: readonly string[];
  readonly makeUpWorkdays: readonly string[];
  readonly source: string;
  readonly statutoryHolidays: readonly StatutoryHolidayFact[];
}

/** The schedule as it will be stored: checked, and with its dates sorted so equal schedules compare equal. */
function validSchedule(input: ScheduleInput): HolidayScheduleData {
  const { year } = input;
  if (!Number.isInteger(year) || year < 1901 || year > 2099) throw new ValidationError(`year must be a year between 1901 and 2099, got ${year}`, 'year');
  if (input.source.trim() === '') throw new ValidationError('name the notice the schedule comes from (e.g. 国办发明电〔2024〕12号)', 'source');
  const holidays = checkDates(input.holidays, year, 'holidays');
  const makeUpWorkdays = checkDates(input.makeUpWorkdays, year, 'makeUpWorkdays');
  const weekdays = makeUpWorkdays.filter((date) => !isWeekend(date));
  if (weekdays.length > 0) throw new ValidationError(`a make-up working day (调休) must be a Saturday or Sunday: ${weekdays.join(', ')}`, 'makeUpWorkdays');
  const holidaySet = new Set(holidays);
  const both = makeUpWorkdays.filter((date) => holidaySet.has(date));
  if (both.length > 0) throw new ValidationError(`a day cannot be both a holiday and a make-up working day: ${both.join(', ')}`, 'makeUpWorkdays');
  // the notice may add days, never drop one the law fixes (全国年节及纪念日放假办法 art. 2)
  const missing = input.statutoryHolidays.filter((day) => !holidaySet.has(day.date));
  if (missing.length > 0) {
    const listed = missing.map((day) => `${day.date} (${day.festival})`).join(', ');
    throw new ValidationError(`the schedule omits statutory holidays of ${year}: ${listed}`, 'holidays');
  }
  return { year, holidays, makeUpWorkdays, source: input.source };
}

function checkDates(dates: readonly string[], year: number, field: string): string[] {
  for (const date of dates) {
    checkDate(date, field);
    if (Number(date.slice(0, 4)) !== year) throw new ValidationError(`${date} does not lie in ${year}`, field);
  }
  const sorted = [...dates].sort();
  const repeated = sorted.filter((date, index) => sorted[index - 1] === date);
  if (repeated.length > 0) throw new ValidationError(`listed twice: ${[...new Set(repeated)].join(', ')}`, field);
  return sorted;
}

function checkDate(value: string, field: string): void {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== value)
    throw new ValidationError(`${JSON.stringify(value)} is not a calendar date written YYYY-MM-DD`, field);
}

function isWeekend(date: string): boolean {
  const weekday = new Date(Date.parse(date)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function sameSchedule(a: HolidayScheduleData, b: HolidayScheduleData): boolean {
  return a.source === b.source && a.holidays.join() === b.holidays.join() && a.makeUpWorkdays.join() === b.makeUpWorkdays.join();
}

function evolve(state: HolidayScheduleState, event: CalendarEvent): HolidayScheduleState {
  switch (event.type) {
    case 'HolidayScheduleAdopted':
    case 'HolidayScheduleCorrected': {
      const { year, holidays, makeUpWorkdays, source } = event.data;
      return { status: 'adopted', schedule: { year, holidays, makeUpWorkdays, source } };
    }
    default:
      return assertNever(event);
  }
}

export const holidayScheduleDecider: Decider<HolidayScheduleState, CalendarCommand, CalendarEvent> = { initialState, decide, evolve };
