import { specFor } from '../shared/testing';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { AdoptHolidaySchedule, CorrectHolidaySchedule } from './calendar.commands';
import { holidayScheduleDecider } from './calendar.decider';
import { HolidayScheduleAdopted } from './calendar.events';

const spec = specFor(holidayScheduleDecider);

function range(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let day = Date.parse(first); day <= Date.parse(last); day += 86_400_000) dates.push(new Date(day).toISOString().slice(0, 10));
  return dates;
}

/** 2027's statutory days (除夕 02-05, 正月初一 02-06, 清明 04-05, 端午 06-09, 中秋 09-15), as the calendar computes them. */
const STATUTORY_2027 = [
  { date: '2027-01-01', festival: 'new-year' },
  ...range('2027-02-05', '2027-02-08').map((date) => ({ date, festival: 'spring-festival' })),
  { date: '2027-04-05', festival: 'qingming' },
  { date: '2027-05-01', festival: 'labour-day' },
  { date: '2027-05-02', festival: 'labour-day' },
  { date: '2027-06-09', festival: 'dragon-boat' },
  { date: '2027-09-15', festival: 'mid-autumn' },
  ...range('2027-10-01', '2027-10-03').map((date) => ({ date, festival: 'national-day' })),
];

/** An ILLUSTRATIVE 2027 schedule (no official one exists yet), in the pattern of 2025–2026. */
const holidays2027 = [
  ...range('2027-10-01', '2027-10-07'),
  ...range('2027-01-01', '2027-01-03'),
  ...range('2027-02-05', '2027-02-13'),
  ...range('2027-04-03', '2027-04-05'),
  ...range('2027-05-01', '2027-05-05'),
  '2027-06-09',
  '2027-09-15',
];
const makeUp2027 = ['2027-02-14', '2027-01-31', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-09'];

const adopt: AdoptHolidaySchedule = {
  type: 'AdoptHolidaySchedule',
  year: 2027,
  holidays: holidays2027,
  makeUpWorkdays: makeUp2027,
  source: '国办发明电〔2026〕（illustrative）',
  statutoryHolidays: STATUTORY_2027,
  adoptedOn: '2026-11-20',
};

const adopted: HolidayScheduleAdopted = {
  type: 'HolidayScheduleAdopted',
  data: { year: 2027, holidays: [...holidays2027].sort(), makeUpWorkdays: [...makeUp2027].sort(), source: adopt.source, adoptedOn: '2026-11-20' },
};

const correct: CorrectHolidaySchedule = {
  type: 'CorrectHolidaySchedule',
  year: 2027,
  // Saturday 10-09 stays a day off after all; Sunday 10-10 is worked instead
  holidays: holidays2027,
  makeUpWorkdays: ['2027-01-31', '2027-02-14', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-10'],
  source: adopt.source,
  statutoryHolidays: STATUTORY_2027,
  correctedOn: '2026-12-02',
  reason: 'the notice was reissued with the National Day make-up day moved',
};

// DOMAIN.md, Inspection, report, publication: deadlines in working days, "Chinese public holidays
// and make-up working days apply" (000 §21–§24, 002 §28.4, 002 §29).
describe('holiday schedule', () => {
  describe('when adopting', () => {
    it('adopts a year schedule, dates stored in order, so working days apply it', () => spec().when(adopt).then([adopted]));

    it('refuses a second adoption for the same year: a change is a correction', () =>
      spec([adopted])
        .when(adopt)
        .thenThrows(IllegalStateError, /already adopted; correct it/, 'year'));

    it('refuses a schedule that omits statutory holidays, listing them', () =>
      spec()
        .when({ ...adopt, holidays: holidays2027.filter((date) => date !== '2027-02-08' && date !== '2027-09-15') })
        .thenThrows(ValidationError, /omits statutory holidays of 2027: 2027-02-08 \(spring-festival\), 2027-09-15 \(mid-autumn\)/, 'holidays'));

    it('refuses a make-up working day on a weekday', () =>
      spec()
        .when({ ...adopt, makeUpWorkdays: [...makeUp2027, '2027-02-15'] })
        .thenThrows(ValidationError, /must be a Saturday or Sunday: 2027-02-15/, 'makeUpWorkdays'));

    it('refuses a day that is both a holiday and a make-up working day', () =>
      spec()
        .when({ ...adopt, makeUpWorkdays: [...makeUp2027, '2027-02-07'] })
        .thenThrows(ValidationError, /both a holiday and a make-up working day: 2027-02-07/, 'makeUpWorkdays'));

    it('refuses dates outside the year', () =>
      spec()
        .when({ ...adopt, holidays: [...holidays2027, '2026-12-31'] })
        .thenThrows(ValidationError, /2026-12-31 does not lie in 2027/, 'holidays'));

    it('refuses what is not a calendar date', () =>
      spec()
        .when({ ...adopt, makeUpWorkdays: ['2027-02-30'] })
        .thenThrows(ValidationError, /not a calendar date/, 'makeUpWorkdays'));

    it('refuses a date listed twice', () =>
      spec()
        .when({ ...adopt, holidays: [...holidays2027, '2027-01-01'] })
        .thenThrows(ValidationError, /listed twice: 2027-01-01/, 'holidays'));

    it('refuses a schedule without its source', () =>
      spec()
        .when({ ...adopt, source: ' ' })
        .thenThrows(ValidationError, /name the notice/, 'source'));

    it('refuses a year out of range', () =>
      spec()
        .when({ ...adopt, year: 27 })
        .thenThrows(ValidationError, /year must be/, 'year'));

    it('refuses a malformed adoption date', () =>
      spec()
        .when({ ...adopt, adoptedOn: '20.11.2026' })
        .thenThrows(ValidationError, /not a calendar date/, 'adoptedOn'));
  });

  describe('when correcting', () => {
    it('records a correction with its reason beside the original', () =>
      spec([adopted])
        .when(correct)
        .then([
          {
            type: 'HolidayScheduleCorrected',
            data: {
              year: 2027,
              holidays: [...holidays2027].sort(),
              makeUpWorkdays: ['2027-01-31', '2027-02-14', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-10'],
              source: adopt.source,
              correctedOn: '2026-12-02',
              reason: correct.reason,
            },
          },
        ]));

    it('compares a correction with the schedule now in force, not the original', () =>
      spec([
        adopted,
        { type: 'HolidayScheduleCorrected', data: { ...adopted.data, makeUpWorkdays: correct.makeUpWorkdays.slice(), correctedOn: '2026-12-02', reason: 'x' } },
      ])
        .when(correct)
        .thenThrows(IllegalStateError, /leaves the 2027 schedule unchanged/));

    it('refuses to correct a year with no schedule', () =>
      spec()
        .when(correct)
        .thenThrows(NotFoundError, /no 2027 schedule/, 'year'));

    it('refuses a correction without a reason', () =>
      spec([adopted])
        .when({ ...correct, reason: '  ' })
        .thenThrows(ValidationError, /needs a reason/, 'reason'));

    it('refuses a correction that changes nothing', () =>
      spec([adopted])
        .when({ ...correct, makeUpWorkdays: makeUp2027 })
        .thenThrows(IllegalStateError, /unchanged/));

    it('refuses a correction for another year than the stream holds', () =>
      spec([adopted])
        .when({ ...correct, year: 2028 })
        .thenThrows(ValidationError, /holds the 2027 schedule, not 2028/, 'year'));

    it('applies the same checks to the corrected schedule', () =>
      spec([adopted])
        .when({ ...correct, holidays: holidays2027.filter((date) => date !== '2027-01-01') })
        .thenThrows(ValidationError, /omits statutory holidays of 2027: 2027-01-01 \(new-year\)/, 'holidays'));
  });
});
