import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

export class HistoryQueryDto {
  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
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
}

export class HistoryEntryDto {
  @ApiProperty() revision!: number;
  @ApiProperty({ description: 'Global log position, "<commit>/<prepare>"' }) position!: string;
  @ApiProperty() id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() schemaVersion!: number;
  @ApiProperty({ type: Object }) data!: unknown;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ description: 'Who' }) actorId!: string;
  @ApiProperty() role!: string;
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

export const STREAM_NAME = /^[a-z][a-z0-9]*-[A-Za-z0-9._:-]{1,200}$/;
