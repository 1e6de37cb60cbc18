import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '@app/domain';
import { Transform } from 'class-transformer';
import { MAX_PAGE_OFFSET, wholeNumberFromQuery } from '@app/platform';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

export const HISTORY_FORMATS = ['json', 'csv', 'jsonl'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

export class HistoryQueryDto {
  @ApiPropertyOptional({ default: 0, description: 'JSON pages only; exports carry the whole filtered history' })
  @IsOptional()
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0, { message: 'offset must not be negative' })
  @Max(MAX_PAGE_OFFSET, { message: `offset must be at most ${MAX_PAGE_OFFSET}` })
  offset?: number;

  @ApiPropertyOptional({ default: 100, maximum: 1000, description: 'JSON pages only; exports carry the whole filtered history' })
  @IsOptional()
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(1000, { message: 'limit must be at most 1000' })
  limit?: number;

  @ApiPropertyOptional({ description: 'Only events of this type' })
  @IsOptional()
  @Matches(/^[A-Za-z]{1,80}$/, { message: 'type must be an event type name' })
  type?: string;

  @ApiPropertyOptional({ description: 'Only events recorded at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date or instant' })
  from?: string;

  @ApiPropertyOptional({ description: 'Only events recorded before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date or instant' })
  to?: string;

  @ApiPropertyOptional({
    enum: HISTORY_FORMATS,
    default: 'json',
    description: 'json: one page; csv (UTF-8 with BOM, RFC 4180) and jsonl (one event a line): the whole filtered history as a download',
  })
  @IsOptional()
  @IsIn(HISTORY_FORMATS, { message: `format must be one of ${HISTORY_FORMATS.join(', ')}` })
  format?: HistoryFormat;
}

export class HistoryEntryDto {
  @ApiProperty({ description: 'Global log position, "<commit>/<prepare>"' }) position!: string;
  @ApiProperty() stream!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() schemaVersion!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event as recorded; its shape is the event type’s (docs/event-catalogue.md)' }) data!: unknown;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ description: 'Who' }) actorId!: string;
  @ApiProperty({ enum: ROLES, description: 'The role the actor acted in' }) role!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ description: 'Under which command' }) commandId!: string;
  @ApiProperty() correlationId!: string;
  @ApiProperty() causationId!: string;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
}

export class HistoryPageDto {
  @ApiProperty() stream!: string;
  @ApiProperty({ nullable: true, type: String }) departmentId!: string | null;
  @ApiProperty({ description: 'Events matching the filters' }) total!: number;
  @ApiProperty({ type: [HistoryEntryDto] }) events!: HistoryEntryDto[];
}

export class EntityHistoryPageDto {
  @ApiProperty({ enum: ['task', 'target', 'inspector', 'plan', 'actor'] }) entity!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Events matching the filters (and, for a unit head reading an actor, their scope)' }) total!: number;
  @ApiProperty() offset!: number;
  @ApiProperty() limit!: number;
  @ApiProperty({ nullable: true, type: String, description: 'The log position the history index has reached; later events are not listed yet' })
  indexedThrough!: string | null;
  @ApiProperty({ type: [HistoryEntryDto], description: 'In global log order' }) events!: HistoryEntryDto[];
}

export const STREAM_NAME = /^[a-z][a-z0-9]*-[A-Za-z0-9._:-]{1,200}$/;
/** Entity and actor ids as the registries and tokens spell them. */
export const ENTITY_ID = /^[A-Za-z0-9._:@-]{1,200}$/;
