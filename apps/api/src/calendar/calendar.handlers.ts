/** Publishing a year's official holiday schedule, and reading the working-day calendar (docs/deadlines.md). */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, CommandContext, CommandResult, CommandRunner, dateInChina } from '@app/platform';
import { chineseDaysSource, isIsoDate, statutoryHolidays } from '@app/calendar';
import { StatutoryHolidayFact, ValidationError, holidayScheduleDecider, holidayScheduleStream } from '@app/domain';
import { HolidayScheduleCorrectionDto, HolidayScheduleDto, WorkingDaysQueryDto, WorkingDaysViewDto, YearScheduleViewDto } from './calendar.dto';
import { CalendarReader } from './calendar.reader';

/** The years whose lunar dates the calendar can convert, the decider's range too. */
const YEARS = { first: 1901, last: 2099 };

function checkYear(year: number): void {
  if (year < YEARS.first || year > YEARS.last) throw new ValidationError(`year must be a year between ${YEARS.first} and ${YEARS.last}, got ${year}`, 'year');
}

/** The days the law fixes for the year (lunar dates converted): the decider refuses a schedule that leaves one out. */
function statutoryFacts(year: number): StatutoryHolidayFact[] {
  return statutoryHolidays(year, chineseDaysSource.lunarYearFacts(year));
}

export class AdoptHolidayScheduleCommand {
  constructor(
    readonly year: number,
    readonly payload: HolidayScheduleDto,
    readonly context: CommandContext,
  ) {}
}

export class CorrectHolidayScheduleCommand {
  constructor(
    readonly year: number,
    readonly payload: HolidayScheduleCorrectionDto,
    readonly context: CommandContext,
  ) {}
}

export class GetYearScheduleQuery {
  constructor(readonly year: number) {}
}

export class CountWorkingDaysQuery {
  constructor(readonly query: WorkingDaysQueryDto) {}
}

@CommandHandler(AdoptHolidayScheduleCommand)
export class AdoptHolidayScheduleHandler implements ICommandHandler<AdoptHolidayScheduleCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ year, payload, context }: AdoptHolidayScheduleCommand): Promise<CommandResult> {
    checkYear(year);
    const command = {
      type: 'AdoptHolidaySchedule',
      year,
      ...payload,
      statutoryHolidays: statutoryFacts(year),
      adoptedOn: dateInChina(this.clock.now()),
    } as const;
    return this.runner.run(holidayScheduleStream(year), holidayScheduleDecider, command, context);
  }
}

@CommandHandler(CorrectHolidayScheduleCommand)
export class CorrectHolidayScheduleHandler implements ICommandHandler<CorrectHolidayScheduleCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ year, payload, context }: CorrectHolidayScheduleCommand): Promise<CommandResult> {
    checkYear(year);
    const command = {
      type: 'CorrectHolidaySchedule',
      year,
      ...payload,
      statutoryHolidays: statutoryFacts(year),
      correctedOn: dateInChina(this.clock.now()),
    } as const;
    return this.runner.run(holidayScheduleStream(year), holidayScheduleDecider, command, context);
  }
}

@QueryHandler(GetYearScheduleQuery)
export class GetYearScheduleHandler implements IQueryHandler<GetYearScheduleQuery, YearScheduleViewDto> {
  constructor(private readonly reader: CalendarReader) {}

  /** The schedule in force: published in the system, else the package's, else the statutory days only (provisional). */
  async execute({ year }: GetYearScheduleQuery): Promise<YearScheduleViewDto> {
    checkYear(year);
    const published = await this.reader.publishedSchedule(year);
    if (published) {
      const { holidays, makeUpWorkdays, source, adoptedOn, correctedOn } = published;
      return { year, basis: 'published', provisional: false, holidays, makeUpWorkdays, source, adoptedOn, correctedOn };
    }
    const packaged = chineseDaysSource.officialSchedule(year);
    if (packaged) {
      return {
        year,
        basis: 'package',
        provisional: false,
        holidays: [...packaged.holidays],
        makeUpWorkdays: [...packaged.makeUpWorkdays],
        source: packaged.source,
        adoptedOn: null,
        correctedOn: null,
      };
    }
    const holidays = statutoryFacts(year).map((day) => day.date);
    return {
      year,
      basis: 'statutory',
      provisional: true,
      holidays,
      makeUpWorkdays: [],
      source: '全国年节及纪念日放假办法 art. 2 (statutory days only)',
      adoptedOn: null,
      correctedOn: null,
    };
  }
}

@QueryHandler(CountWorkingDaysQuery)
export class CountWorkingDaysHandler implements IQueryHandler<CountWorkingDaysQuery, WorkingDaysViewDto> {
  constructor(private readonly reader: CalendarReader) {}

  async execute({ query: { from, days } }: CountWorkingDaysQuery): Promise<WorkingDaysViewDto> {
    if (!isIsoDate(from)) throw new ValidationError(`${from} is not a calendar date`, 'from');
    checkYear(Number(from.slice(0, 4)));
    const due = (await this.reader.calendar()).addWorkingDays(from, days);
    return { from, days, dueOn: due.date, provisional: due.provisional, provisionalYears: due.provisionalYears };
  }
}

export const CALENDAR_HANDLERS = [AdoptHolidayScheduleHandler, CorrectHolidayScheduleHandler, GetYearScheduleHandler, CountWorkingDaysHandler];
