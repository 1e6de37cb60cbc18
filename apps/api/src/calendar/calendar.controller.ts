import { BadRequestException, Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Command, CommandAccepted, CommandContext, CommandGateway } from '@app/platform';
import { HolidayScheduleCorrectionDto, HolidayScheduleDto, WorkingDaysQueryDto, WorkingDaysViewDto, YearScheduleViewDto } from './calendar.dto';
import { AdoptHolidayScheduleCommand, CorrectHolidayScheduleCommand, CountWorkingDaysQuery, GetYearScheduleQuery } from './calendar.handlers';

const yearPipe = new ParseIntPipe({ exceptionFactory: () => new BadRequestException({ field: 'year', reason: 'must be a year, e.g. 2027' }) });

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly queries: QueryBus,
  ) {}

  // national, not a department's record: administrators publish the State Council's notice
  @Post(':year/schedule')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Publish a year's official holiday schedule; deadlines in that year stop being provisional" })
  @ApiCreatedResponse({ type: CommandAccepted })
  adopt(@Param('year', yearPipe) year: number, @Body() body: HolidayScheduleDto, @Command() context: CommandContext) {
    return this.commands.send(new AdoptHolidayScheduleCommand(year, body, context));
  }

  @Post(':year/corrections')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Correct a year's published schedule, giving the reason; the latest correction is in force" })
  @ApiCreatedResponse({ type: CommandAccepted })
  correct(@Param('year', yearPipe) year: number, @Body() body: HolidayScheduleCorrectionDto, @Command() context: CommandContext) {
    return this.commands.send(new CorrectHolidayScheduleCommand(year, body, context));
  }

  @Get('working-days')
  @ApiOperation({ summary: 'The day n working days after a date, and whether it is provisional' })
  @ApiOkResponse({ type: WorkingDaysViewDto })
  workingDays(@Query() query: WorkingDaysQueryDto) {
    return this.queries.execute(new CountWorkingDaysQuery(query));
  }

  @Get(':year')
  @ApiOperation({ summary: 'The holiday schedule in force for a year: published, chinese-days, or statutory days only (provisional)' })
  @ApiOkResponse({ type: YearScheduleViewDto })
  schedule(@Param('year', yearPipe) year: number) {
    return this.queries.execute(new GetYearScheduleQuery(year));
  }
}
