import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Length, Matches } from 'class-validator';
import { CALENDAR_DUTY_KINDS, CalendarDutyKind, DUTY_KINDS, DutyKind } from '@app/domain';
import { NOTIFICATION_KINDS, NotificationKind } from '@app/projections';
import { PageQueryDto, RECORD_ID, RECORD_ID_MESSAGE } from '@app/platform';

export class NotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'insp-1', description: "Whose notifications; default the signed-in person's own" })
  @IsOptional()
  @Length(1, 128, { message: 'person must be 1–128 characters' })
  person?: string;

  @ApiPropertyOptional({ example: 'lingling', description: 'Instead of a person: every notification addressed to this department' })
  @IsOptional()
  @Matches(RECORD_ID, { message: `departmentId ${RECORD_ID_MESSAGE}` })
  departmentId?: string;
}

export class NotificationDto {
  @ApiProperty({ description: 'The id of the event that recorded the act: the same on every delivery' }) notificationId!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, description: 'supervision (督办) or accountability (问责)' }) kind!: NotificationKind;
  @ApiProperty({ example: '42/42', description: 'The log position of the act' }) position!: string;
  @ApiProperty({ example: 'report:food-2025:T000001' }) dutyId!: string;
  @ApiProperty({ enum: [...DUTY_KINDS, ...CALENDAR_DUTY_KINDS] }) dutyKind!: DutyKind | CalendarDutyKind;
  @ApiProperty({ example: '000 §21' }) clause!: string;
  @ApiProperty({ nullable: true, type: String }) taskId!: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId!: string | null;
  @ApiProperty({ description: 'The department answerable for the duty' }) departmentId!: string;
  @ApiProperty({ type: [String], description: 'The people answerable, to whom the notice is addressed' }) recipients!: string[];
  @ApiProperty() startedOn!: string;
  @ApiProperty() dueOn!: string;
  @ApiProperty({ nullable: true, type: String }) closedOn!: string | null;
  @ApiProperty() actedOn!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty() actingDepartmentId!: string;
  @ApiProperty({ description: 'The instruction of a 督办, the reason of a 问责' }) message!: string;
  @ApiProperty() recordedAt!: string;
}

export class NotificationListDto {
  @ApiProperty() total!: number;
  @ApiProperty() offset!: number;
  @ApiProperty() limit!: number;
  @ApiProperty({ type: [NotificationDto], description: 'Newest first' }) items!: NotificationDto[];
}
