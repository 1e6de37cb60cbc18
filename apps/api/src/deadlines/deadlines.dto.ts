import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { DUTY_KINDS, DutyKind, LADDER_STATES, LadderState, CALENDAR_DUTY_KINDS, CalendarDutyKind } from '@app/domain';
import { PageQueryDto, RECORD_ID, wholeNumberFromQuery } from '@app/platform';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The day the ladder is read for, and how close to the deadline a reminder starts. */
/** The working-day duties and the dated ones (annual plan, registries, 实施方案). */
const ALL_DUTY_KINDS = [...DUTY_KINDS, ...CALENDAR_DUTY_KINDS];

export class LadderQueryDto {
  @ApiPropertyOptional({ example: '2025-10-09', description: 'The day the ladder is read for; default today in China' })
  @IsOptional()
  @Matches(DATE, { message: 'asOf must be a date written YYYY-MM-DD' })
  asOf?: string;

  @ApiPropertyOptional({ default: 2, description: '提醒 — an open duty is reminded from this many working days before its deadline' })
  @IsOptional()
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'reminderDays must be a whole number of working days' })
  @Min(0, { message: 'reminderDays must not be negative' })
  @Max(20, { message: 'reminderDays must be at most 20' })
  reminderDays?: number;
}

export class DeadlinesQueryDto extends IntersectionType(PageQueryDto, LadderQueryDto) {
  @ApiPropertyOptional({ example: 'lingling', description: 'Only this department; default every department the reader may read' })
  @IsOptional()
  @Matches(RECORD_ID, { message: 'departmentId must be 2–64 lowercase letters, digits or hyphens' })
  departmentId?: string;

  @ApiPropertyOptional({ example: 'insp-1', description: 'Only duties this person answers for' })
  @IsOptional()
  @Length(1, 128, { message: 'person must be 1–128 characters' })
  person?: string;

  @ApiPropertyOptional({ enum: LADDER_STATES })
  @IsOptional()
  @IsIn(LADDER_STATES, { message: `state must be one of ${LADDER_STATES.join(', ')}` })
  state?: LadderState;

  @ApiPropertyOptional({ enum: ALL_DUTY_KINDS })
  @IsOptional()
  @IsIn(ALL_DUTY_KINDS, { message: `kind must be one of ${ALL_DUTY_KINDS.join(', ')}` })
  kind?: DutyKind | CalendarDutyKind;
}

export class DutyViewDto {
  @ApiProperty() dutyId!: string;
  @ApiProperty({ enum: ALL_DUTY_KINDS }) kind!: DutyKind | CalendarDutyKind;
  @ApiProperty({ example: '000 §21' }) clause!: string;
  @ApiProperty({ nullable: true, type: String, description: "null for a department's duty of a year" }) taskId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null for a dated duty' }) targetId!: string | null;
  @ApiPropertyOptional({ description: "a dated duty's year" }) year?: number;
  @ApiPropertyOptional({ description: 'a dated duty: due on this calendar day, not after a number of working days' }) fixedDueOn?: string;
  @ApiProperty({ nullable: true, type: String }) departmentId!: string | null;
  @ApiProperty({ type: [String] }) responsible!: string[];
  @ApiProperty() startedOn!: string;
  @ApiProperty({ description: 'The event type that started the clock' }) startedBy!: string;
  @ApiProperty() workingDays!: number;
  @ApiProperty({ nullable: true, type: String }) closedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) closedBy!: string | null;
  @ApiProperty({ nullable: true, type: Number }) objectionNumber!: number | null;
  @ApiProperty() dueOn!: string;
  @ApiProperty() provisional!: boolean;
  @ApiProperty({ type: [Number] }) provisionalYears!: number[];
  @ApiProperty({ enum: LADDER_STATES }) state!: LadderState;
}

export class DutyListDto {
  @ApiProperty() asOf!: string;
  @ApiProperty() total!: number;
  @ApiProperty() offset!: number;
  @ApiProperty() limit!: number;
  @ApiProperty({ type: [DutyViewDto] }) items!: DutyViewDto[];
}

export class DeadlineLadderDto {
  @ApiProperty() departmentId!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Duties by ladder state',
    example: { pending: 3, reminder: 1, overdue: 0, 'closed-on-time': 12, 'closed-late': 1 },
  })
  counts!: Record<LadderState, number>;
  @ApiProperty({ description: 'Of those, duties whose due date is provisional' }) provisional!: number;
}
