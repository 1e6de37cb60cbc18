import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
  IsObject,
} from 'class-validator';
import { CREDIT_RISK_GRADES, CreditRiskGrade, PlanContent, SUBJECT_TYPES } from '@app/domain';
import { DATE_MESSAGE, DATE_PATTERN, IsCalendarDate } from '../checklist/checklist.dto';
import { RECORD_ID } from '@app/platform';

const PERCENT = { allowNaN: false, allowInfinity: false };

export class TargetScopeDto {
  @ApiProperty({ example: '辖区内取得生产许可证的食品相关产品生产企业' })
  @IsString()
  @Length(1, 1000, { message: 'description must be 1–1000 characters' })
  description!: string;

  @ApiProperty({ enum: SUBJECT_TYPES, isArray: true, example: ['enterprise'] })
  @IsArray({ message: 'subjectTypes must be a list' })
  // the registry's own subject types, so a scope cannot name a type no target has (directional draws filter by it)
  @IsIn(SUBJECT_TYPES, { each: true, message: `each subject type must be one of ${SUBJECT_TYPES.join(', ')}` })
  subjectTypes!: string[];

  @ApiProperty({ type: [String], example: ['C'] })
  @IsArray({ message: 'industries must be a list' })
  @IsString({ each: true, message: 'each industry must be text' })
  industries!: string[];

  @ApiProperty({ type: [String], example: ['431102'] })
  @IsArray({ message: 'areaCodes must be a list' })
  @Matches(/^\d{6}$/, { each: true, message: 'each area code must be a six-digit administrative division code' })
  areaCodes!: string[];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'special-equipment-users', description: 'a specialised sub-registry to draw from' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(64, { message: 'subRegistry must be at most 64 characters' })
  subRegistry?: string | null;
}

export class RiskRatioDto {
  @ApiProperty({ enum: CREDIT_RISK_GRADES })
  @IsIn(CREDIT_RISK_GRADES, { message: `grade must be one of ${CREDIT_RISK_GRADES.join(', ')}` })
  grade!: CreditRiskGrade;

  @ApiProperty({ example: 3 })
  @IsNumber(PERCENT, { message: 'ratio must be a number of percent' })
  @Min(0, { message: 'ratio must be at least 0 percent' })
  @Max(100, { message: 'ratio must be at most 100 percent' })
  ratio!: number;
}

export class TimeWindowDto {
  @ApiProperty({ example: '2026-04-01' })
  @Matches(DATE_PATTERN, { message: `from ${DATE_MESSAGE}` })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ example: '2026-10-31' })
  @Matches(DATE_PATTERN, { message: `to ${DATE_MESSAGE}` })
  @IsCalendarDate()
  to!: string;
}

export class PlanItemDto {
  @ApiProperty({ example: 'zl-10' })
  @IsString({ message: 'itemId must be a checklist item id' })
  itemId!: string;

  @ApiProperty({ example: 1, description: 'the published checklist version the item is cited from' })
  @IsInt({ message: 'checklistVersion must be a whole version number' })
  @Min(1, { message: 'checklistVersion must be 1 or more' })
  checklistVersion!: number;

  @ApiProperty({ type: TargetScopeDto })
  @IsObject({ message: 'scope must be an object' })
  @ValidateNested()
  @Type(() => TargetScopeDto)
  scope!: TargetScopeDto;

  @ApiProperty({ example: 5, description: 'draw ratio in percent' })
  @IsNumber(PERCENT, { message: 'ratio must be a number of percent' })
  @Min(0.01, { message: 'ratio must be above 0 percent' })
  @Max(100, { message: 'ratio must be at most 100 percent' })
  ratio!: number;

  @ApiProperty({ example: 1, description: '抽查频次 — draws per year' })
  @IsInt({ message: 'frequency must be a whole number of draws per year' })
  @Min(1, { message: 'frequency must be at least once a year' })
  frequency!: number;

  @ApiProperty({ type: [RiskRatioDto], description: 'ratio per credit-risk grade (A lowest risk, D highest)' })
  @IsArray({ message: 'riskRatios must be a list' })
  @ArrayMaxSize(CREDIT_RISK_GRADES.length, { message: 'riskRatios may give one ratio per grade' })
  @IsObject({ each: true, message: 'each entry of riskRatios must be an object' })
  @ValidateNested({ each: true })
  @Type(() => RiskRatioDto)
  riskRatios!: RiskRatioDto[];

  @ApiPropertyOptional({
    type: Number,
    example: 1,
    nullable: true,
    description: 'ratio for trustworthy (守信) targets, below the ratio; 0 skips them; omit to draw them like any other',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumber(PERCENT, { message: 'trustworthyRatio must be a number of percent' })
  @Min(0, { message: 'trustworthyRatio must be at least 0 percent' })
  trustworthyRatio?: number | null;

  @ApiProperty({ type: [TimeWindowDto] })
  @IsArray({ message: 'windows must be a list' })
  @ArrayNotEmpty({ message: 'windows must hold at least one time window' })
  @IsObject({ each: true, message: 'each entry of windows must be an object' })
  @ValidateNested({ each: true })
  @Type(() => TimeWindowDto)
  windows!: TimeWindowDto[];

  @ApiProperty({ example: 30 })
  @IsInt({ message: 'estimatedTargets must be a whole number of targets' })
  @Min(0, { message: 'estimatedTargets cannot be negative' })
  estimatedTargets!: number;
}

export class DrawSplitDto {
  @ApiProperty({ enum: ['count', 'percent'] })
  @IsIn(['count', 'percent'], { message: 'unit must be count or percent' })
  unit!: 'count' | 'percent';

  @ApiProperty({ example: 20, description: '省级统一抽查' })
  @IsNumber(PERCENT, { message: 'provincial must be a number' })
  @Min(0, { message: 'provincial cannot be negative' })
  provincial!: number;

  @ApiProperty({ example: 30, description: '市级统一抽查' })
  @IsNumber(PERCENT, { message: 'municipal must be a number' })
  @Min(0, { message: 'municipal cannot be negative' })
  municipal!: number;

  @ApiProperty({ example: 0, description: '县级统一抽查' })
  @IsNumber(PERCENT, { message: 'county must be a number' })
  @Min(0, { message: 'county cannot be negative' })
  county!: number;

  @ApiProperty({ example: 50, description: '自行抽查' })
  @IsNumber(PERCENT, { message: 'own must be a number' })
  @Min(0, { message: 'own cannot be negative' })
  own!: number;
}

/** What a plan version says: the checklist version it rests on, its items and the draw split. */
export class PlanContentDto {
  @ApiProperty({ example: 1 })
  @IsInt({ message: 'checklistVersion must be a whole version number' })
  @Min(1, { message: 'checklistVersion must be 1 or more' })
  checklistVersion!: number;

  @ApiProperty({ type: [PlanItemDto] })
  @IsArray({ message: 'items must be a list' })
  @ArrayMaxSize(500, { message: 'items may hold at most 500 entries' })
  @IsObject({ each: true, message: 'each entry of items must be an object' })
  @ValidateNested({ each: true })
  @Type(() => PlanItemDto)
  items!: PlanItemDto[];

  @ApiProperty({ type: DrawSplitDto })
  @IsObject({ message: 'split must be an object' })
  @ValidateNested()
  @Type(() => DrawSplitDto)
  split!: DrawSplitDto;
}

export class FilePlanDto extends PlanContentDto {
  @ApiProperty({ example: 'lingling-2026' })
  @Matches(RECORD_ID, { message: 'planId must be 2–64 lowercase letters, digits or hyphens' })
  planId!: string;

  @ApiProperty({ example: 2026 })
  @IsInt({ message: 'year must be a whole year' })
  @Min(2015, { message: 'year must be 2015 or later' })
  @Max(2100, { message: 'year must be 2100 or earlier' })
  year!: number;
}

export class AdjustPlanDto extends PlanContentDto {
  @ApiProperty({ example: '省局统一抽查任务调整' })
  @IsString()
  @Length(1, 1000, { message: 'reason must be 1–1000 characters' })
  reason!: string;
}

export class PublishPlanDto {
  @ApiProperty({ example: '2026-03-20' })
  @Matches(DATE_PATTERN, { message: `publishedOn ${DATE_MESSAGE}` })
  @IsCalendarDate()
  publishedOn!: string;
}

export class FilePlanWithSuperiorDto {
  @ApiProperty({ example: '2026-03-25' })
  @Matches(DATE_PATTERN, { message: `filedOn ${DATE_MESSAGE}` })
  @IsCalendarDate()
  filedOn!: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: "the jurisdiction's filing deadline; default the end of March of the plan year (000 §15)" })
  @IsOptional()
  @Matches(DATE_PATTERN, { message: `deadline ${DATE_MESSAGE}` })
  @IsCalendarDate()
  deadline?: string;
}

export class PlanVersionViewDto {
  @ApiProperty() version!: number;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ type: PlanContentDto }) content!: PlanContent;
  @ApiProperty({ nullable: true, type: String }) publishedOn!: string | null;
  @ApiProperty() recordedAt!: string;
}

export class PlanFilingViewDto {
  @ApiProperty() version!: number;
  @ApiProperty() superiorId!: string;
  @ApiProperty() filedOn!: string;
  @ApiProperty() deadline!: string;
  @ApiProperty() onTime!: boolean;
}

/** A plan as the public sees it: the version in force and every published version before it. */
export class PublicPlanDto {
  @ApiProperty() planId!: string;
  @ApiProperty() departmentId!: string;
  @ApiProperty() year!: number;
  @ApiProperty() currentVersion!: number;
  @ApiProperty({ type: PlanVersionViewDto }) current!: PlanVersionViewDto;
  @ApiProperty({ type: [PlanVersionViewDto], description: 'published versions, oldest first' }) versions!: PlanVersionViewDto[];
}

/** A plan as staff see it: every version, published or not, and the filings with the superior. */
export class StaffPlanDto {
  @ApiProperty() planId!: string;
  @ApiProperty() departmentId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ type: [PlanVersionViewDto] }) versions!: PlanVersionViewDto[];
  @ApiProperty({ nullable: true, type: Number }) currentPublishedVersion!: number | null;
  @ApiProperty({ description: 'the latest version is published, so draws may run under the plan' }) isExecutable!: boolean;
  @ApiProperty({ type: [PlanFilingViewDto] }) filings!: PlanFilingViewDto[];
}
