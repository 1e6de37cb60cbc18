import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateIf, ValidateNested, IsObject } from 'class-validator';
import { RELEASE_CAUSES, ReleaseCause } from '@app/domain';
import { RECORD_ID, RECORD_ID_MESSAGE } from '@app/platform';

/** Target ids come from the target registry (e.g. a unified social credit code). */
const TARGET_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const TARGET_ID_MESSAGE = 'must be 1–128 letters, digits, dots, colons, underscores or hyphens';

export class NeighbouringAreasDto {
  @ApiProperty({ example: ['qiyang'], description: 'Neighbouring departments whose inspectors join the pool' })
  @IsArray({ message: 'departmentIds must be a list' })
  @ArrayMinSize(1, { message: 'departmentIds must name at least one department' })
  @ArrayMaxSize(20, { message: 'departmentIds may name at most 20 departments' })
  @Matches(RECORD_ID, { each: true, message: `each of departmentIds ${RECORD_ID_MESSAGE}` })
  departmentIds!: string[];

  @ApiProperty({ example: '本局具备资格的执法人员不足', description: 'Why the unit matches jointly with neighbouring areas' })
  @IsString({ message: 'reason must be text' })
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason!: string;
}

export class ExpertAppointmentDto {
  @ApiProperty({ example: '91431102MA4L00001X' })
  @Matches(TARGET_ID, { message: `targetId ${TARGET_ID_MESSAGE}` })
  targetId!: string;

  @ApiProperty({ example: 'wang-fang' })
  @Matches(RECORD_ID, { message: `expertId ${RECORD_ID_MESSAGE}` })
  expertId!: string;

  @ApiProperty({ example: '该企业产品需电梯检验专业能力', description: 'Why the expert is appointed directly instead of drawn' })
  @IsString({ message: 'reason must be text' })
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason!: string;
}

export class ExpertOptionsDto {
  @ApiPropertyOptional({ example: false, description: 'Draw experts even though no item is inspected by sampling and testing' })
  @IsOptional()
  @IsBoolean({ message: 'requested must be true or false' })
  requested?: boolean;

  @ApiPropertyOptional({ example: '食品检验', description: 'The field (专业领域) drawn experts must cover' })
  @IsOptional()
  @IsString({ message: 'field must be text' })
  @Length(1, 60, { message: 'field must be 1–60 characters' })
  field?: string;

  @ApiPropertyOptional({ type: [ExpertAppointmentDto], description: 'Experts appointed directly, one per target at most' })
  @IsOptional()
  @IsArray({ message: 'appointments must be a list' })
  @ArrayMaxSize(1000, { message: 'appointments may hold at most 1000 entries' })
  @IsObject({ each: true, message: 'each entry of appointments must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ExpertAppointmentDto)
  appointments?: ExpertAppointmentDto[];
}

export class FreezeMatchingDto {
  @ApiProperty({ example: 'lingling', description: 'The executing or joint department whose inspectors are matched' })
  @Matches(RECORD_ID, { message: `departmentId ${RECORD_ID_MESSAGE}` })
  departmentId!: string;

  @ApiPropertyOptional({ example: false, description: 'Also draw from the subordinate units’ registries (000 §18)', default: false })
  @IsOptional()
  @IsBoolean({ message: 'includeSubordinates must be true or false' })
  includeSubordinates?: boolean;

  @ApiPropertyOptional({ type: NeighbouringAreasDto, description: 'Only when the unit is short of inspectors' })
  @IsOptional()
  @IsObject({ message: 'neighbouring must be an object' })
  @ValidateNested()
  @Type(() => NeighbouringAreasDto)
  neighbouring?: NeighbouringAreasDto;

  @ApiPropertyOptional({ type: ExpertOptionsDto })
  @IsOptional()
  @IsObject({ message: 'experts must be an object' })
  @ValidateNested()
  @Type(() => ExpertOptionsDto)
  experts?: ExpertOptionsDto;
}

export class MatchingEntropyDto {
  @ApiProperty({ example: '公证员 张某', description: 'Who typed the value in' })
  @IsString({ message: 'label must be text' })
  @Length(1, 100, { message: 'label must be 1–100 characters' })
  label!: string;

  @ApiProperty({ example: '3 1 4 1 5 9' })
  @IsString({ message: 'value must be text' })
  @Length(1, 200, { message: 'value must be 1–200 characters' })
  value!: string;
}

export const RECUSAL_KINDS = ['swap', 'withdraw'] as const;

export class RecusalDto {
  @ApiProperty({ enum: RECUSAL_KINDS, description: 'swap: exchange targets with another drawn inspector; withdraw: leave, and a replacement is drawn' })
  @IsIn(RECUSAL_KINDS, { message: `kind must be one of ${RECUSAL_KINDS.join(', ')}` })
  kind!: (typeof RECUSAL_KINDS)[number];

  @ApiProperty({ example: 'li-ming' })
  @Matches(RECORD_ID, { message: `inspectorId ${RECORD_ID_MESSAGE}` })
  inspectorId!: string;

  @ApiProperty({ example: '91431102MA4L00001X' })
  @Matches(TARGET_ID, { message: `targetId ${TARGET_ID_MESSAGE}` })
  targetId!: string;

  @ApiPropertyOptional({ example: 'zhao-lei', description: 'For a swap: the drawn inspector to exchange with' })
  @ValidateIf((o: RecusalDto) => o.kind === 'swap' || o.withInspectorId !== undefined)
  @Matches(RECORD_ID, { message: `withInspectorId ${RECORD_ID_MESSAGE}; a swap names the inspector to exchange with` })
  withInspectorId?: string;

  @ApiPropertyOptional({ example: '91431102MA4L00002X', description: 'For a swap: that inspector’s target' })
  @ValidateIf((o: RecusalDto) => o.kind === 'swap' || o.withTargetId !== undefined)
  @Matches(TARGET_ID, { message: `withTargetId ${TARGET_ID_MESSAGE}; a swap names the target to exchange with` })
  withTargetId?: string;

  @ApiProperty({ example: '与该企业法定代表人系近亲属', description: 'The interest that makes the inspector recuse (回避)' })
  @IsString({ message: 'reason must be text' })
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason!: string;
}

export class ReplacementDto {
  @ApiProperty({ example: 'li-ming' })
  @Matches(RECORD_ID, { message: `inspectorId ${RECORD_ID_MESSAGE}` })
  inspectorId!: string;

  @ApiProperty({ example: '91431102MA4L00001X' })
  @Matches(TARGET_ID, { message: `targetId ${TARGET_ID_MESSAGE}` })
  targetId!: string;

  @ApiProperty({ enum: RELEASE_CAUSES, description: '岗位变动 post change, 工作冲突 work conflict, 身体原因 health (002 §23)' })
  @IsIn(RELEASE_CAUSES, { message: `cause must be one of ${RELEASE_CAUSES.join(', ')}` })
  cause!: ReleaseCause;

  @ApiProperty({ example: '调任办公室岗位' })
  @IsString({ message: 'reason must be text' })
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason!: string;
}
