import { wholeNumberFromQuery } from '@app/platform';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** `?department&year` of the dashboard; default the reader's own unit and this year. */
export class DashboardQueryDto {
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'department must be 2–64 lowercase letters, digits or hyphens' })
  department?: string;

  @IsOptional()
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'year must be a whole number' })
  @Min(2000, { message: 'year must be 2000 or later' })
  @Max(2100, { message: 'year must be 2100 or earlier' })
  year?: number;
}
