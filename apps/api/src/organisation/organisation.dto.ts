import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { BUSINESS_UNIT_KINDS, BusinessUnitKind, DEPARTMENT_LEVELS, DepartmentLevel } from '@app/domain';
import { RECORD_ID, RECORD_ID_MESSAGE } from '@app/platform';

export class RegisterDepartmentDto {
  @ApiProperty({ example: 'lingling' })
  @Matches(RECORD_ID, { message: `departmentId ${RECORD_ID_MESSAGE}` })
  departmentId!: string;

  @ApiProperty({ example: '零陵区市场监督管理局' })
  @IsString()
  @Length(2, 100)
  name!: string;

  @ApiProperty({ enum: DEPARTMENT_LEVELS })
  @IsIn(DEPARTMENT_LEVELS)
  level!: DepartmentLevel;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'yongzhou', description: 'The superior department; omit for a province' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(RECORD_ID, { message: `parentId ${RECORD_ID_MESSAGE}` })
  parentId?: string | null;

  /** 行政区划代码 — the six-digit administrative division code. */
  @ApiProperty({ example: '431102', description: '行政区划代码, six digits' })
  @Matches(/^\d{6}$/, { message: 'areaCode must be a six-digit administrative division code' })
  areaCode!: string;
}

export class AddBusinessUnitDto {
  @ApiProperty({ example: 'lingling-credit' })
  @Matches(RECORD_ID, { message: `unitId ${RECORD_ID_MESSAGE}` })
  unitId!: string;

  @ApiProperty({ example: '信用监管股' })
  @IsString()
  @Length(2, 100)
  name!: string;

  @ApiProperty({ enum: BUSINESS_UNIT_KINDS })
  @IsIn(BUSINESS_UNIT_KINDS)
  kind!: BusinessUnitKind;
}

export class BusinessUnitView {
  @ApiProperty() departmentId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: BUSINESS_UNIT_KINDS }) kind!: BusinessUnitKind;
}

export class DepartmentViewDto {
  @ApiProperty() departmentId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: DEPARTMENT_LEVELS }) level!: DepartmentLevel;
  @ApiProperty({ nullable: true, type: String }) parentId!: string | null;
  @ApiProperty() areaCode!: string;
  @ApiProperty({ type: [BusinessUnitView] }) units!: BusinessUnitView[];
  @ApiProperty() registeredAt!: string;
}
