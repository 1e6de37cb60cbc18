import { wholeNumberFromQuery } from '@app/platform';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The State Council's notice for one year, as published in the system. */
export class HolidayScheduleDto {
  @ApiProperty({
    type: [String],
    example: ['2027-01-01', '2027-01-02', '2027-01-03'],
    description: 'Every date off work, weekend days inside a holiday period included',
  })
  @IsArray({ message: 'holidays must be a list of dates' })
  @ArrayMaxSize(366, { message: 'holidays must list at most 366 dates' })
  @Matches(DATE, { each: true, message: 'each holiday must be a date written YYYY-MM-DD' })
  holidays!: string[];

  /** 调休上班 */
  @ApiProperty({ type: [String], example: ['2027-02-14'], description: '调休上班 — Saturdays and Sundays that are working days' })
  @IsArray({ message: 'makeUpWorkdays must be a list of dates' })
  @ArrayMaxSize(106, { message: 'makeUpWorkdays must list at most 106 dates' })
  @Matches(DATE, { each: true, message: 'each make-up working day must be a date written YYYY-MM-DD' })
  makeUpWorkdays!: string[];

  @ApiProperty({ example: '国办发明电〔2026〕7号', description: 'The notice the schedule comes from' })
  @IsString({ message: 'source must name the notice' })
  @Length(1, 200, { message: 'source must be 1–200 characters' })
  source!: string;
}

export class HolidayScheduleCorrectionDto extends HolidayScheduleDto {
  @ApiProperty({ example: 'the notice was reissued with the National Day make-up day moved' })
  @IsString({ message: 'reason must say why the schedule is corrected' })
  @Length(1, 500, { message: 'reason must be 1–500 characters' })
  reason!: string;
}

export class WorkingDaysQueryDto {
  @ApiProperty({ example: '2025-09-26', description: 'The day the clock starts; it never counts itself' })
  @Matches(DATE, { message: 'from must be a date written YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: 5, minimum: 1, maximum: 250 })
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'days must be a whole number of working days' })
  @Min(1, { message: 'days must be at least 1' })
  @Max(250, { message: 'days must be at most 250' })
  days!: number;
}

export class WorkingDaysViewDto {
  @ApiProperty() from!: string;
  @ApiProperty() days!: number;
  @ApiProperty({ description: 'The last day of the period: a duty done by its end is on time' }) dueOn!: string;
  @ApiProperty({ description: 'Counted through a year with no official schedule: may move once it is published' }) provisional!: boolean;
  @ApiProperty({ type: [Number] }) provisionalYears!: number[];
}

export class YearScheduleViewDto {
  @ApiProperty() year!: number;
  @ApiProperty({ enum: ['published', 'package', 'statutory'], description: 'published in the system, carried by chinese-days, or the statutory days only' })
  basis!: 'published' | 'package' | 'statutory';
  @ApiProperty() provisional!: boolean;
  @ApiProperty({ type: [String] }) holidays!: string[];
  @ApiProperty({ type: [String] }) makeUpWorkdays!: string[];
  @ApiProperty() source!: string;
  @ApiProperty({ nullable: true, type: String }) adoptedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) correctedOn!: string | null;
}
