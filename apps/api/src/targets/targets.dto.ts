import { PageQueryDto, RECORD_ID, RECORD_ID_MESSAGE } from '@app/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { CREDIT_GRADES, CreditGrade, SCALES, SUBJECT_TYPES, Scale, SubjectType } from '@app/domain';
import { TARGET_STATUSES, TargetStatus } from '@app/projections';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RegisterTargetDto {
  @ApiProperty({ example: 'lingling', description: 'The owning jurisdiction (谁管辖、谁维护)' })
  @Matches(RECORD_ID, { message: `departmentId ${RECORD_ID_MESSAGE}` })
  departmentId!: string;

  @ApiPropertyOptional({
    example: '91431102MA4L1A2B3Q',
    description: '统一社会信用代码 (GB 32100-2015); required for enterprises, individual businesses, co-operatives and foreign enterprises',
  })
  @IsOptional()
  @IsString({ message: 'creditCode must be text' })
  creditCode?: string;

  @ApiPropertyOptional({ example: 'P-431102-0001', description: 'The registry id of a target without a credit code' })
  @IsOptional()
  @IsString({ message: 'registryId must be text' })
  registryId?: string;

  @ApiProperty({ example: '零陵区湘味食品有限公司' })
  @IsString({ message: 'name must be text' })
  @Length(1, 200, { message: 'name must be 1–200 characters' })
  name!: string;

  @ApiProperty({ enum: SUBJECT_TYPES })
  @IsIn(SUBJECT_TYPES, { message: `subjectType must be one of ${SUBJECT_TYPES.join(', ')}` })
  subjectType!: SubjectType;

  @ApiPropertyOptional({ enum: SCALES })
  @IsOptional()
  @IsIn(SCALES, { message: `scale must be one of ${SCALES.join(', ')}` })
  scale?: Scale;

  @ApiPropertyOptional({ example: 'C1391', description: 'GB/T 4754 national economic industry code' })
  @IsOptional()
  @IsString({ message: 'industry must be text' })
  industry?: string;

  @ApiProperty({ example: '431102', description: '行政区划代码, six digits' })
  @Matches(/^\d{6}$/, { message: 'areaCode must be a six-digit administrative division code' })
  areaCode!: string;

  @ApiPropertyOptional({ example: '湖南省永州市零陵区潇湘路 18 号' })
  @IsOptional()
  @IsString({ message: 'address must be text' })
  @Length(1, 200, { message: 'address must be 1–200 characters' })
  address?: string;

  @ApiPropertyOptional({ example: '张三', description: '法定代表人 / 负责人 / 经营者; never shown publicly' })
  @IsOptional()
  @IsString({ message: 'representative must be text' })
  @Length(1, 200, { message: 'representative must be 1–200 characters' })
  representative?: string;
}

export class ImportTargetsQueryDto {
  @ApiProperty({ example: 'lingling', description: 'The department that owns the imported targets' })
  @Matches(RECORD_ID, { message: `departmentId ${RECORD_ID_MESSAGE}` })
  departmentId!: string;
}

/** The status changes a target can undergo; each is its own event (DOMAIN.md, Target registry). */
export const STATUS_CHANGES = [
  'credit-grade',
  'abnormal-in',
  'abnormal-out',
  'serious-violation-in',
  'serious-violation-out',
  'penalised',
  'trustworthy-on',
  'trustworthy-off',
  'deregistered',
  'revoked',
] as const;
export type StatusChange = (typeof STATUS_CHANGES)[number];
const NEEDS_REASON: readonly StatusChange[] = ['abnormal-in', 'abnormal-out', 'serious-violation-in', 'serious-violation-out', 'trustworthy-off'];
const NEEDS_DECISION: readonly StatusChange[] = ['penalised', 'revoked'];

class StatusFactDto {
  @ApiProperty({ example: '2025-03-01', description: 'The day the change took effect' })
  @Matches(DATE, { message: 'effectiveDate must be a date in the form YYYY-MM-DD' })
  effectiveDate!: string;

  @ApiProperty({ example: '国家企业信用信息公示系统', description: 'Where the fact comes from: a system or a document number' })
  @IsString({ message: 'source must be text' })
  @Length(1, 200, { message: 'source must be 1–200 characters' })
  source!: string;
}

export class TargetStatusChangeDto extends StatusFactDto {
  @ApiProperty({ enum: STATUS_CHANGES })
  @IsIn(STATUS_CHANGES, { message: `change must be one of ${STATUS_CHANGES.join(', ')}` })
  change!: StatusChange;

  @ApiPropertyOptional({ enum: CREDIT_GRADES, description: 'For credit-grade' })
  @ValidateIf((o: TargetStatusChangeDto) => o.change === 'credit-grade' || o.grade !== undefined)
  @IsIn(CREDIT_GRADES, { message: `grade must be one of ${CREDIT_GRADES.join(', ')} for a credit-grade change` })
  grade?: CreditGrade;

  @ApiPropertyOptional({ example: '未按规定公示年度报告', description: 'Why, for list changes and removing a trustworthy mark' })
  @ValidateIf((o: TargetStatusChangeDto) => NEEDS_REASON.includes(o.change) || o.reason !== undefined)
  @IsString({ message: 'reason must be text' })
  @Length(1, 500, { message: 'reason must be 1–500 characters' })
  reason?: string;

  @ApiPropertyOptional({ example: '零市监罚〔2025〕12号', description: 'The decision number, for penalised and revoked' })
  @ValidateIf((o: TargetStatusChangeDto) => NEEDS_DECISION.includes(o.change) || o.decisionNumber !== undefined)
  @IsString({ message: 'decisionNumber must be text' })
  @Length(1, 100, { message: 'decisionNumber must be 1–100 characters' })
  decisionNumber?: string;
}

export class TransferTargetDto extends StatusFactDto {
  @ApiProperty({ example: 'qiyang' })
  @Matches(RECORD_ID, { message: `toDepartmentId ${RECORD_ID_MESSAGE}` })
  toDepartmentId!: string;
}

export class EnrolTargetDto {
  @ApiProperty({ example: 'yongzhou-catering', description: '<departmentId>-<code> of the sub-registry' })
  @Matches(/^[a-z0-9][a-z0-9-]{2,128}$/, { message: 'subRegistryId must be <departmentId>-<code>' })
  subRegistryId!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { 经营类别: '小餐饮' }, description: 'A value for every classification indicator of the sub-registry' })
  @IsObject({ message: 'values must be an object of indicator name to value' })
  values!: Record<string, string>;

  @ApiProperty({ example: '2025-03-01' })
  @Matches(DATE, { message: 'effectiveDate must be a date in the form YYYY-MM-DD' })
  effectiveDate!: string;
}

export class IndicatorDto {
  @ApiProperty({ example: '经营类别' })
  @IsString({ message: 'name must be text' })
  @Length(1, 50, { message: 'name must be 1–50 characters' })
  name!: string;

  @ApiProperty({ example: ['大型餐馆', '小餐饮', '集体食堂'] })
  @IsArray({ message: 'values must be a list' })
  @ArrayMaxSize(100, { message: 'values may list at most 100 values' })
  @IsString({ each: true, message: 'each value must be text' })
  values!: string[];
}

export class DefineSubRegistryDto {
  @ApiProperty({ example: 'yongzhou' })
  @Matches(RECORD_ID, { message: `departmentId ${RECORD_ID_MESSAGE}` })
  departmentId!: string;

  @ApiProperty({ example: 'catering' })
  @Matches(RECORD_ID, { message: `code ${RECORD_ID_MESSAGE}` })
  code!: string;

  @ApiProperty({ example: '餐饮服务单位名录库' })
  @IsString({ message: 'name must be text' })
  @Length(1, 100, { message: 'name must be 1–100 characters' })
  name!: string;

  @ApiProperty({ example: '餐饮服务单位' })
  @IsString({ message: 'objectType must be text' })
  @Length(1, 100, { message: 'objectType must be 1–100 characters' })
  objectType!: string;

  @ApiProperty({ type: [IndicatorDto] })
  @IsArray({ message: 'indicators must be a list' })
  @IsObject({ each: true, message: 'each entry of indicators must be an object' })
  @ValidateNested({ each: true })
  @Type(() => IndicatorDto)
  indicators!: IndicatorDto[];

  @ApiProperty({ example: ['持有食品安全检查员资格'] })
  @IsArray({ message: 'requirements must be a list' })
  @IsString({ each: true, message: 'each requirement must be text' })
  requirements!: string[];
}

export class PublicTargetsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '431102' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'areaCode must be a six-digit administrative division code' })
  areaCode?: string;

  @ApiPropertyOptional({ example: 'C13', description: 'An industry code or any prefix of it' })
  @IsOptional()
  @Matches(/^[A-Ta-t](\d{2}(\d{1,2})?)?$/, { message: 'industry must be a GB/T 4754 code or prefix such as C or C13' })
  industry?: string;

  @ApiPropertyOptional({ enum: SUBJECT_TYPES })
  @IsOptional()
  @IsIn(SUBJECT_TYPES, { message: `subjectType must be one of ${SUBJECT_TYPES.join(', ')}` })
  subjectType?: SubjectType;

  @ApiPropertyOptional({ description: 'Names containing this text anywhere (at least 2 characters; width and case are ignored)', example: '零陵' })
  @IsOptional()
  @IsString({ message: 'name must be text' })
  @Length(2, 100, { message: 'name must be 2–100 characters' })
  name?: string;

  @ApiPropertyOptional({ description: 'Exactly this unified social credit code' })
  @IsOptional()
  @Matches(/^[0-9A-Za-z]{18}$/, { message: 'creditCode must be 18 letters and digits' })
  creditCode?: string;
}

export class TargetsQueryDto extends PublicTargetsQueryDto {
  @ApiPropertyOptional({ description: "The owning department; defaults to the caller's own (all departments for admin and oversight)" })
  @IsOptional()
  @Matches(RECORD_ID, { message: `departmentId ${RECORD_ID_MESSAGE}` })
  departmentId?: string;

  @ApiPropertyOptional({ enum: SCALES })
  @IsOptional()
  @IsIn(SCALES, { message: `scale must be one of ${SCALES.join(', ')}` })
  scale?: Scale;

  @ApiPropertyOptional({ enum: TARGET_STATUSES })
  @IsOptional()
  @IsIn(TARGET_STATUSES, { message: `status must be one of ${TARGET_STATUSES.join(', ')}` })
  status?: TargetStatus;

  @ApiPropertyOptional({ enum: CREDIT_GRADES })
  @IsOptional()
  @IsIn(CREDIT_GRADES, { message: `creditGrade must be one of ${CREDIT_GRADES.join(', ')}` })
  creditGrade?: CreditGrade;

  @ApiPropertyOptional({ example: 'yongzhou-catering' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{2,128}$/, { message: 'subRegistryId must be <departmentId>-<code>' })
  subRegistryId?: string;
}

/** What the public sees of a target (一公开): no address, no representative, no credit grade. */
export class PublicTargetDto {
  @ApiProperty() targetId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) creditCode!: string | null;
  @ApiProperty({ enum: SUBJECT_TYPES }) subjectType!: SubjectType;
  @ApiProperty() areaCode!: string;
  @ApiProperty({ enum: ['active', 'revoked', 'deregistered'] }) status!: 'active' | 'revoked' | 'deregistered';
}
