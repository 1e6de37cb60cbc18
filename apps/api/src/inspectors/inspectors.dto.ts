import { PageQueryDto, RECORD_ID, RECORD_ID_MESSAGE } from '@app/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
  IsObject,
} from 'class-validator';
import { DEPARTURE_KINDS, DepartureKind, EXPERT_ORGANISATION_KINDS, ExpertOrganisationKind, GENDERS, Gender } from '@app/domain';

/** Target ids come from the target registry (e.g. a unified social credit code); the same characters a stream name allows. */
export const TARGET_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** A calendar day, YYYY-MM-DD, that exists (no 2025-02-30). */
function IsDay(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isDay',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const date = new Date(`${value}T00:00:00Z`);
          return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
        },
        defaultMessage: (args) => `${args?.property} must be a calendar day, YYYY-MM-DD`,
      },
    },
    options,
  );
}

export class EnforcementCertificateDto {
  /** 执法证号 */
  @ApiProperty({ example: '43110220001', description: '执法证号' })
  @Matches(/^[A-Za-z0-9-]{4,40}$/, { message: 'number must be 4–40 letters, digits or hyphens' })
  number!: string;

  @ApiProperty({ example: '2024-01-01' })
  @IsDay()
  validFrom!: string;

  @ApiProperty({ example: '2026-12-31', description: 'Last valid day (inclusive, 有效期至)' })
  @IsDay()
  validUntil!: string;
}

export class QualificationCertificateDto {
  @ApiProperty({ example: '特种设备检验员证' })
  @IsString({ message: 'name must be text' })
  @Length(1, 100, { message: 'name must be 1–100 characters' })
  name!: string;

  @ApiProperty({ example: 'TS-0001' })
  @IsString({ message: 'number must be text' })
  @Length(1, 60, { message: 'number must be 1–60 characters' })
  number!: string;

  @ApiPropertyOptional({ example: '2027-06-30', description: 'Last valid day; omit for a certificate without an end date' })
  @IsOptional()
  @IsDay()
  validUntil?: string;
}

const label = (field: string) => ({ message: `${field} must be 1–40 characters` });

export class RegisterInspectorDto {
  @ApiProperty({ example: 'li-ming-4311' })
  @Matches(RECORD_ID, { message: `inspectorId ${RECORD_ID_MESSAGE}` })
  inspectorId!: string;

  @ApiProperty({ example: 'lingling', description: 'The unit the inspector belongs to' })
  @Matches(RECORD_ID, { message: `departmentId ${RECORD_ID_MESSAGE}` })
  departmentId!: string;

  @ApiProperty({ example: '李明' })
  @IsString({ message: 'name must be text' })
  @Length(1, 50, { message: 'name must be 1–50 characters' })
  name!: string;

  @ApiProperty({ enum: GENDERS })
  @IsIn(GENDERS, { message: `gender must be one of ${GENDERS.join(', ')}` })
  gender!: Gender;

  @ApiPropertyOptional({ type: EnforcementCertificateDto, description: 'Omit while the inspector holds no enforcement certificate' })
  @IsOptional()
  @IsObject({ message: 'certificate must be an object' })
  @ValidateNested()
  @Type(() => EnforcementCertificateDto)
  certificate?: EnforcementCertificateDto;

  /** 岗位 */
  @ApiProperty({ example: '市场监管所执法员', description: '岗位' })
  @IsString({ message: 'post must be text' })
  @Length(1, 60, { message: 'post must be 1–60 characters' })
  post!: string;

  @ApiProperty({ example: '行政执法', description: '岗位类别' })
  @IsString({ message: 'postCategory must be text' })
  @Length(1, 40, label('postCategory'))
  postCategory!: string;

  @ApiProperty({ example: ['食品安全', '特种设备'], description: '专业特长' })
  @IsArray({ message: 'specialties must be a list' })
  @ArrayMaxSize(20, { message: 'specialties may hold at most 20 entries' })
  @IsString({ each: true, message: 'each specialty must be text' })
  @Length(1, 40, { each: true, message: 'each specialty must be 1–40 characters' })
  specialties!: string[];

  @ApiProperty({ type: [QualificationCertificateDto], description: '资格证书' })
  @IsArray({ message: 'qualifications must be a list' })
  @ArrayMaxSize(20, { message: 'qualifications may hold at most 20 entries' })
  @IsObject({ each: true, message: 'each entry of qualifications must be an object' })
  @ValidateNested({ each: true })
  @Type(() => QualificationCertificateDto)
  qualifications!: QualificationCertificateDto[];

  @ApiProperty({ example: 'A', description: '执法资格类别' })
  @IsString({ message: 'qualificationClass must be text' })
  @Length(1, 40, label('qualificationClass'))
  qualificationClass!: string;

  @ApiProperty({ example: '2024-03-01' })
  @IsDay()
  joinedOn!: string;
}

export class MoveInspectorDto {
  @ApiProperty({ example: 'qiyang', description: 'The receiving department' })
  @Matches(RECORD_ID, { message: `toDepartmentId ${RECORD_ID_MESSAGE}` })
  toDepartmentId!: string;

  @ApiProperty({ example: '2025-01-02' })
  @IsDay()
  movedOn!: string;

  @ApiPropertyOptional({ example: '工作调动' })
  @IsOptional()
  @IsString({ message: 'reason must be text' })
  @Length(1, 500, { message: 'reason must be 1–500 characters' })
  reason?: string;
}

/** The whole new set of specialties, qualification certificates and qualification class, with the reason (000 §10, §12). */
export class AmendInspectorQualificationsDto {
  @ApiProperty({ example: ['食品安全', '特种设备'], description: '专业特长' })
  @IsArray({ message: 'specialties must be a list' })
  @ArrayMaxSize(20, { message: 'specialties may hold at most 20 entries' })
  @IsString({ each: true, message: 'each specialty must be text' })
  @Length(1, 40, { each: true, message: 'each specialty must be 1–40 characters' })
  specialties!: string[];

  @ApiProperty({ type: [QualificationCertificateDto], description: '资格证书' })
  @IsArray({ message: 'qualifications must be a list' })
  @ArrayMaxSize(20, { message: 'qualifications may hold at most 20 entries' })
  @IsObject({ each: true, message: 'each entry of qualifications must be an object' })
  @ValidateNested({ each: true })
  @Type(() => QualificationCertificateDto)
  qualifications!: QualificationCertificateDto[];

  @ApiProperty({ example: 'A', description: '执法资格类别' })
  @IsString({ message: 'qualificationClass must be text' })
  @Length(1, 40, label('qualificationClass'))
  qualificationClass!: string;

  @ApiProperty({ example: '取得特种设备检验员证' })
  @IsString({ message: 'reason must be text' })
  @Length(1, 500, { message: 'reason must be 1–500 characters' })
  reason!: string;

  @ApiProperty({ example: '2026-03-01' })
  @IsDay()
  amendedOn!: string;
}

export class ChangeInspectorPostDto {
  @ApiProperty({ example: '稽查队员' })
  @IsString({ message: 'post must be text' })
  @Length(1, 60, { message: 'post must be 1–60 characters' })
  post!: string;

  @ApiProperty({ example: '稽查' })
  @IsString({ message: 'postCategory must be text' })
  @Length(1, 40, label('postCategory'))
  postCategory!: string;

  @ApiProperty({ example: '2025-02-01' })
  @IsDay()
  changedOn!: string;
}

export class RevokeCertificateDto {
  @ApiProperty({ example: '2025-04-01' })
  @IsDay()
  revokedOn!: string;

  @ApiProperty({ example: '因违纪被暂扣、吊销执法证' })
  @IsString({ message: 'reason must be text' })
  @Length(1, 500, { message: 'reason must be 1–500 characters' })
  reason!: string;
}

/** Leaving the registry or the expert pool: the last day, and why if the unit says. */
class LeavingDto {
  @ApiProperty({ example: '2025-06-30' })
  @IsDay()
  leftOn!: string;

  @ApiPropertyOptional({ example: '调往县人民政府工作' })
  @IsOptional()
  @IsString({ message: 'reason must be text' })
  @Length(1, 500, { message: 'reason must be 1–500 characters' })
  reason?: string;
}

// class-validator checks a subclass's own fields before inherited ones, so the errors still come kind, leftOn, reason.
export class RecordDepartureDto extends LeavingDto {
  @ApiProperty({ enum: DEPARTURE_KINDS, description: 'resigned 离职, transferred-out 调离, retired 退休' })
  @IsIn(DEPARTURE_KINDS, { message: `kind must be one of ${DEPARTURE_KINDS.join(', ')}` })
  kind!: DepartureKind;
}

export class DeclareConflictDto {
  @ApiProperty({ example: '91431102MA4L000001', description: 'The target, as the target registry names it (stream target-<targetId>)' })
  @Matches(TARGET_ID, { message: 'targetId must be 1–128 letters, digits, ., _, : or -' })
  targetId!: string;

  @ApiProperty({ example: '配偶任该企业股东' })
  @IsString({ message: 'reason must be text' })
  @Length(1, 500, { message: 'reason must be 1–500 characters' })
  reason!: string;
}

export class WithdrawConflictDto {
  @ApiProperty({ example: '股权已转让' })
  @IsString({ message: 'reason must be text' })
  @Length(1, 500, { message: 'reason must be 1–500 characters' })
  reason!: string;
}

export class ListInspectorsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'lingling' })
  @IsOptional()
  @Matches(RECORD_ID, { message: `departmentId ${RECORD_ID_MESSAGE}` })
  departmentId?: string;

  @ApiPropertyOptional({ example: '食品安全' })
  @IsOptional()
  @Length(1, 40, label('specialty'))
  specialty?: string;

  @ApiPropertyOptional({ example: '行政执法' })
  @IsOptional()
  @Length(1, 40, label('postCategory'))
  postCategory?: string;

  @ApiPropertyOptional({ example: '2026-05-01', description: 'Only inspectors who could be drawn on this day (valid certificate, not left)' })
  @IsOptional()
  @IsDay()
  drawableOn?: string;
}

export class ExpertContactDto {
  @ApiPropertyOptional({ example: '13800000000' })
  @IsOptional()
  @Matches(/^[0-9+\- ]{5,20}$/, { message: 'phone must be 5–20 digits, spaces, + or -' })
  phone?: string;

  @ApiPropertyOptional({ example: 'wang@example.org' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string;
}

export class ExpertDetailsDto {
  @ApiProperty({ example: '王芳' })
  @IsString({ message: 'name must be text' })
  @Length(1, 50, { message: 'name must be 1–50 characters' })
  name!: string;

  @ApiProperty({ example: ['电梯检验'], description: '专业领域' })
  @IsArray({ message: 'fields must be a list' })
  @ArrayMinSize(1, { message: 'fields must name at least one field of expertise' })
  @ArrayMaxSize(20, { message: 'fields may hold at most 20 entries' })
  @IsString({ each: true, message: 'each field must be text' })
  @Length(1, 40, { each: true, message: 'each field must be 1–40 characters' })
  fields!: string[];

  @ApiProperty({ example: '湖南省特种设备检验检测研究院' })
  @IsString({ message: 'organisation must be text' })
  @Length(1, 100, { message: 'organisation must be 1–100 characters' })
  organisation!: string;

  @ApiProperty({ enum: EXPERT_ORGANISATION_KINDS })
  @IsIn(EXPERT_ORGANISATION_KINDS, { message: `organisationKind must be one of ${EXPERT_ORGANISATION_KINDS.join(', ')}` })
  organisationKind!: ExpertOrganisationKind;

  @ApiProperty({ example: '高级工程师', description: '职称' })
  @IsString({ message: 'title must be text' })
  @Length(1, 40, label('title'))
  title!: string;

  @ApiProperty({ type: ExpertContactDto, description: 'Kept private: staff only' })
  @IsObject({ message: 'contact must be an object' })
  @ValidateNested()
  @Type(() => ExpertContactDto)
  contact!: ExpertContactDto;
}

export class AddExpertDto extends ExpertDetailsDto {
  @ApiProperty({ example: 'wang-fang' })
  @Matches(RECORD_ID, { message: `expertId ${RECORD_ID_MESSAGE}` })
  expertId!: string;

  @ApiProperty({ example: 'lingling', description: 'The department whose pool the expert joins' })
  @Matches(RECORD_ID, { message: `departmentId ${RECORD_ID_MESSAGE}` })
  departmentId!: string;

  @ApiProperty({ example: '2025-01-10' })
  @IsDay()
  joinedOn!: string;
}

export class RemoveExpertDto extends LeavingDto {}

export class ListExpertsQueryDto extends PageQueryDto {
  @ApiProperty({ example: 'lingling', description: 'Whose pool' })
  @Matches(RECORD_ID, { message: `departmentId ${RECORD_ID_MESSAGE}` })
  departmentId!: string;

  @ApiPropertyOptional({ example: '电梯检验' })
  @IsOptional()
  @Length(1, 40, label('field'))
  field?: string;
}

export class PublicCertificateDto {
  @ApiProperty() number!: string;
  @ApiProperty() validFrom!: string;
  @ApiProperty({ description: 'Last valid day (inclusive)' }) validUntil!: string;
  @ApiProperty({ enum: ['valid', 'not-yet-valid', 'expired', 'revoked'], description: 'As of today' }) status!: string;
}

export class PublicDepartmentRefDto {
  @ApiProperty() departmentId!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
}

export class PublicInspectorDto {
  @ApiProperty() inspectorId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: PublicDepartmentRefDto }) department!: PublicDepartmentRefDto;
  @ApiProperty({ type: PublicCertificateDto, nullable: true }) certificate!: PublicCertificateDto | null;
  @ApiProperty() postCategory!: string;
  @ApiProperty({ type: [String] }) specialties!: string[];
}

export class PublicInspectorPageDto {
  @ApiProperty({ description: 'Inspectors matching the filters' }) total!: number;
  @ApiProperty() offset!: number;
  @ApiProperty() limit!: number;
  @ApiProperty({ type: [PublicInspectorDto] }) items!: PublicInspectorDto[];
}

export class ConflictRecordDto {
  @ApiProperty() targetId!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() declaredOn!: string;
  @ApiProperty({ nullable: true, type: String }) withdrawnOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawalReason!: string | null;
}

export class ConflictListDto {
  @ApiProperty({ enum: ['inspector', 'expert'] }) personKind!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() departmentId!: string;
  @ApiProperty({ type: [ConflictRecordDto], description: 'Every declaration, withdrawn ones included' }) conflicts!: ConflictRecordDto[];
}
