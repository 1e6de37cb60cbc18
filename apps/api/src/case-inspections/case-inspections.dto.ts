import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Length, Matches } from 'class-validator';
import { CASE_TRIGGERS, CaseTrigger } from '@app/domain';
import { RECORD_ID, RECORD_ID_MESSAGE } from '@app/platform';
import { DATE_MESSAGE, DATE_PATTERN, IsCalendarDate } from '../checklist/checklist.dto';

/** An inspection outside the random regime (000 §11, 002 §2). */
export class RecordCaseInspectionDto {
  @ApiProperty({ example: 'll-2026-ts-0001', description: 'the inspection, as the unit numbers it' })
  @Matches(RECORD_ID, { message: `inspectionId ${RECORD_ID_MESSAGE}` })
  inspectionId!: string;

  @ApiProperty({ example: '91431102MA4L000001', description: 'the target inspected' })
  @IsString({ message: 'targetId must be text' })
  @Length(1, 64, { message: 'targetId must be 1–64 characters' })
  targetId!: string;

  @ApiProperty({
    enum: CASE_TRIGGERS,
    example: 'complaint',
    description: 'complaint (投诉), tip-off (举报), referral (转办), assignment (上级交办), emergency (突发事件)',
  })
  @IsIn(CASE_TRIGGERS, { message: `trigger must be one of ${CASE_TRIGGERS.join(', ')}` })
  trigger!: CaseTrigger;

  @ApiProperty({ example: '12315 工单 2026031500123', description: 'what prompted it: the work order, the referring document, …' })
  @IsString({ message: 'source must be text' })
  @Length(1, 200, { message: 'source must be 1–200 characters' })
  source!: string;

  @ApiProperty({ example: '2026-03-16' })
  @Matches(DATE_PATTERN, { message: `inspectedOn ${DATE_MESSAGE}` })
  @IsCalendarDate()
  inspectedOn!: string;

  @ApiProperty({ example: '现场核查投诉所涉冷库温度记录，未发现问题' })
  @IsString({ message: 'findings must be text' })
  @Length(1, 2000, { message: 'findings must be 1–2000 characters' })
  findings!: string;

  @ApiProperty({ example: false })
  @IsBoolean({ message: 'foundProblems must be true or false' })
  foundProblems!: boolean;
}
