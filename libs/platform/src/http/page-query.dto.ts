import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The furthest a page may start: no list holds a billion entries, and a store need not bind more. */
export const MAX_PAGE_OFFSET = 1_000_000_000;

/**
 * A query parameter that must be a whole number, written in plain digits: `"12"` becomes 12;
 * anything else (`"1e3"`, `"0x10"`, `"1.5"`, `" "`, digits beyond 2^53) stays text and fails `@IsInt` naming the field,
 * where `Number()` would have read `1e3` as 1000 and `""` as 0.
 */
export function wholeNumberFromQuery({ value }: { value: unknown }): unknown {
  // beyond 2^53 `Number()` rounds (99999999999999999999 became 1e20, still "a whole number"): keep the text
  return typeof value === 'string' && /^[+-]?\d{1,16}$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value;
}

/** `?offset&limit` for every paged list: at most 500 a page. */
export class PageQueryDto {
  @ApiPropertyOptional({ default: 0, maximum: MAX_PAGE_OFFSET })
  @IsOptional()
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0, { message: 'offset must not be negative' })
  @Max(MAX_PAGE_OFFSET, { message: `offset must be at most ${MAX_PAGE_OFFSET}` })
  offset?: number;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(500, { message: 'limit must be at most 500' })
  limit?: number;
}
