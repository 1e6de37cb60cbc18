import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateIf, ValidateNested, IsObject } from 'class-validator';
import { INSPECTION_METHODS, InspectionMethod } from '@app/domain';
import { DATE_MESSAGE, DATE_PATTERN, IsCalendarDate } from '../checklist/checklist.dto';

const DEPARTMENT_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
const DEPARTMENT_ID_MESSAGE = 'must be 2–64 lowercase letters, digits or hyphens';
const PERSON_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const TEXT = (field: string, max: number) => ({ message: `${field} must be 1–${max} characters` });
const OPTIONAL_TEXT = (field: string, max: number) => ({ message: `${field} must be at most ${max} characters` });
const date = (field: string) => [Matches(DATE_PATTERN, { message: `${field} ${DATE_MESSAGE}` }), IsCalendarDate()];

function DateField(field: string): PropertyDecorator {
  return (target, key) => date(field).forEach((decorator) => decorator(target, key));
}

export const TARGET_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** 一对象一档案 (002 §32): a file kept elsewhere, referenced by its SHA-256. */
export class EvidenceDto {
  @ApiProperty({ example: '现场检查笔录.pdf' })
  @IsString({ message: 'name must be text' })
  @Length(1, 200, TEXT('name', 200))
  name!: string;

  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', description: 'SHA-256 of the file, 64 hexadecimal digits' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be a SHA-256 of the file: 64 hexadecimal digits' })
  sha256!: string;

  @ApiProperty({ example: 'application/pdf' })
  @Matches(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/i, { message: 'mediaType must be a media type such as application/pdf' })
  mediaType!: string;
}

class WithEvidence {
  @ApiPropertyOptional({ type: [EvidenceDto], description: 'omit for none' })
  @IsOptional()
  @IsArray({ message: 'evidence must be a list' })
  @ArrayMaxSize(200, { message: 'evidence may hold at most 200 files' })
  @IsObject({ each: true, message: 'each entry of evidence must be an object' })
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];
}

export class OpenInspectionDto {
  @ApiProperty({ example: '91431102MA4L0M0001' })
  @Matches(TARGET_ID, { message: 'targetId must be 1–64 letters, digits or hyphens' })
  targetId!: string;

  @ApiProperty({ example: 'lingling', description: 'the executing department the target was dispatched to' })
  @Matches(DEPARTMENT_ID, { message: `departmentId ${DEPARTMENT_ID_MESSAGE}` })
  departmentId!: string;

  @ApiProperty({ example: '2026-04-01' })
  @DateField('openedOn')
  openedOn!: string;
}

/** 预查比对 (002 §25). */
export class PreCheckDto {
  @ApiProperty({ example: '2026-04-02' })
  @DateField('checkedOn')
  checkedOn!: string;

  @ApiProperty({ type: [String], example: ['国家企业信用信息公示系统', '投诉举报系统'] })
  @IsArray({ message: 'sources must be a list' })
  @ArrayMaxSize(20, { message: 'sources may name at most 20 systems' })
  @IsString({ each: true, message: 'each source must be text' })
  @Length(1, 200, { each: true, message: 'each source must be 1–200 characters' })
  sources!: string[];

  @ApiProperty({ example: '登记信息与实际经营一致，近一年无投诉' })
  @IsString({ message: 'notes must be text' })
  @Length(1, 4000, TEXT('notes', 4000))
  notes!: string;
}

/** The target signs, or its refusal is noted with a witness (002 §26). */
export class AcknowledgementDto {
  @ApiProperty({ enum: ['signed', 'refused'] })
  @IsIn(['signed', 'refused'], { message: 'kind must be signed or refused' })
  kind!: 'signed' | 'refused';

  @ApiPropertyOptional({ example: '王经理', description: 'who signed; required when kind is signed' })
  @ValidateIf((o: AcknowledgementDto) => o.kind === 'signed')
  @IsString({ message: 'signedBy must be text' })
  @Length(1, 100, TEXT('signedBy', 100))
  signedBy?: string;

  @ApiPropertyOptional({ example: '社区网格员 刘某', description: 'the witness of the refusal; required when kind is refused' })
  @ValidateIf((o: AcknowledgementDto) => o.kind === 'refused')
  @IsString({ message: 'witness must be text' })
  @Length(1, 100, TEXT('witness', 100))
  witness?: string;
}

/** The on-site record (002 §21, §26). */
export class OnSiteInspectionDto extends WithEvidence {
  @ApiProperty({ type: [String], example: ['insp-a', 'insp-b'], description: 'at least two, of the group drawn for the target' })
  @IsArray({ message: 'inspectorIds must be a list' })
  @ArrayMaxSize(20, { message: 'inspectorIds may name at most 20 inspectors' })
  @Matches(PERSON_ID, { each: true, message: 'each inspector id must be 1–64 letters, digits, dots, underscores or hyphens' })
  inspectorIds!: string[];

  @ApiProperty({ example: true, description: '出示执法证件 (002 §26)' })
  @IsBoolean({ message: 'credentialsShown must be true or false' })
  credentialsShown!: boolean;

  @ApiProperty({ example: true, description: '送达检查通知书 (002 §26)' })
  @IsBoolean({ message: 'noticeDelivered must be true or false' })
  noticeDelivered!: boolean;

  @ApiProperty({ type: AcknowledgementDto })
  @IsObject({ message: 'acknowledgement must be an object' })
  @ValidateNested()
  @Type(() => AcknowledgementDto)
  acknowledgement!: AcknowledgementDto;

  @ApiProperty({ enum: INSPECTION_METHODS, isArray: true })
  @IsArray({ message: 'methods must be a list' })
  @IsIn(INSPECTION_METHODS, { each: true, message: `each method must be one of ${INSPECTION_METHODS.join(', ')}` })
  methods!: InspectionMethod[];

  @ApiProperty({ example: '2026-04-10' })
  @DateField('startedOn')
  startedOn!: string;

  @ApiProperty({ example: '2026-04-10' })
  @DateField('endedOn')
  endedOn!: string;
}

export const ITEM_RESULTS = ['compliant', 'non-compliant', 'not-applicable', 'awaiting-test'] as const;

export class ItemResultDto extends WithEvidence {
  @ApiProperty({ enum: ITEM_RESULTS })
  @IsIn(ITEM_RESULTS, { message: `result must be one of ${ITEM_RESULTS.join(', ')}` })
  result!: (typeof ITEM_RESULTS)[number];

  @ApiPropertyOptional({ example: '未查验原料合格证明', description: 'required for a non-compliant result' })
  @IsOptional()
  @IsString({ message: 'findings must be text' })
  @Length(0, 4000, OPTIONAL_TEXT('findings', 4000))
  findings?: string;

  @ApiProperty({ example: '2026-04-10' })
  @DateField('recordedOn')
  recordedOn!: string;
}

/** 第三方检测 (000 §21). */
export class TestResultDto extends WithEvidence {
  @ApiProperty({ example: '永州市食品药品检验所' })
  @IsString({ message: 'laboratory must be text' })
  @Length(1, 200, TEXT('laboratory', 200))
  laboratory!: string;

  @ApiProperty({ enum: ['pass', 'fail'] })
  @IsIn(['pass', 'fail'], { message: 'conclusion must be pass or fail' })
  conclusion!: 'pass' | 'fail';

  @ApiProperty({ example: '2026-04-20' })
  @DateField('deliveredOn')
  deliveredOn!: string;

  @ApiProperty({ example: '2026-04-27', description: 'the objection period’s end, or the retest result’s delivery' })
  @DateField('settledOn')
  settledOn!: string;
}

export const UNREACHABLE_REASONS = ['not-at-registered-address', 'deregistered', 'revoked'] as const;

/** 002 §30. */
export class UnreachableDto extends WithEvidence {
  @ApiProperty({ enum: UNREACHABLE_REASONS })
  @IsIn(UNREACHABLE_REASONS, { message: `reason must be one of ${UNREACHABLE_REASONS.join(', ')}` })
  reason!: (typeof UNREACHABLE_REASONS)[number];

  @ApiProperty({ example: '2026-04-08' })
  @DateField('recordedOn')
  recordedOn!: string;
}

/** 002 §30: the target moved. */
export class HandOverDto {
  @ApiProperty({ example: 'qiyang' })
  @Matches(DEPARTMENT_ID, { message: `toDepartmentId ${DEPARTMENT_ID_MESSAGE}` })
  toDepartmentId!: string;

  @ApiProperty({ example: '2026-04-05' })
  @DateField('handedOverOn')
  handedOverOn!: string;
}

export class TakeOverDto {
  @ApiProperty({ example: '2026-04-07' })
  @DateField('takenOverOn')
  takenOverOn!: string;
}

/** 000 §21: time, content, findings, evaluation, handling opinion. */
export class ReportDto {
  @ApiProperty({ example: '2026-04-14' })
  @DateField('reportedOn')
  reportedOn!: string;

  @ApiProperty({ example: '检查生产条件、原料进货查验、出厂检验' })
  @IsString({ message: 'content must be text' })
  @Length(1, 4000, TEXT('content', 4000))
  content!: string;

  @ApiProperty({ example: '未查验原料合格证明' })
  @IsString({ message: 'findings must be text' })
  @Length(1, 4000, TEXT('findings', 4000))
  findings!: string;

  @ApiProperty({ example: '不合格' })
  @IsString({ message: 'evaluation must be text' })
  @Length(1, 1000, TEXT('evaluation', 1000))
  evaluation!: string;

  @ApiProperty({ example: '责令改正，移送案件办理机构' })
  @IsString({ message: 'handlingOpinion must be text' })
  @Length(1, 2000, TEXT('handlingOpinion', 2000))
  handlingOpinion!: string;

  @ApiProperty({ example: true, description: 'false: nothing found (lower levels then may not draw the target for six months, 001 §2(2)1)' })
  @IsBoolean({ message: 'foundProblems must be true or false' })
  foundProblems!: boolean;
}

/** 000 §22. */
export class FeedbackDto {
  @ApiProperty({ enum: ['direct', 'post'] })
  @IsIn(['direct', 'post'], { message: 'channel must be direct or post' })
  channel!: 'direct' | 'post';

  @ApiProperty({ example: '2026-04-16' })
  @DateField('deliveredOn')
  deliveredOn!: string;
}

/** 000 §23. */
export class EntryDto {
  @ApiProperty({ example: '2026-04-20' })
  @DateField('enteredOn')
  enteredOn!: string;
}

/** 000 §25, 002 §31. */
export class ReferralDto {
  @ApiProperty({ enum: ['case-handling', 'judiciary'] })
  @IsIn(['case-handling', 'judiciary'], { message: 'to must be case-handling or judiciary' })
  to!: 'case-handling' | 'judiciary';

  @ApiProperty({ example: '零市监移〔2026〕1号' })
  @IsString({ message: 'referenceNumber must be text' })
  @Length(1, 100, TEXT('referenceNumber', 100))
  referenceNumber!: string;

  @ApiProperty({ example: '2026-04-15' })
  @DateField('referredOn')
  referredOn!: string;
}
