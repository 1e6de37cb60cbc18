import { PageQueryDto, RECORD_ID, RECORD_ID_MESSAGE, wholeNumberFromQuery } from '@app/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type, Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
  IsObject,
} from 'class-validator';
import { CHECKLIST_ITEM_CATEGORIES, CREDIT_RISK_GRADES, ChecklistItemCategory, CreditRiskGrade, SCALES, SUBJECT_TYPES, Scale, SubjectType } from '@app/domain';
import { DATE_MESSAGE, DATE_PATTERN, IsCalendarDate } from '../checklist/checklist.dto';
import { RiskRatioDto, TimeWindowDto } from '../plan/plan.dto';

const ITEM_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const PERCENT = { allowNaN: false, allowInfinity: false };

/** The attributes a directional draw filters on (000 §20); an empty list does not filter on that attribute. */
export class TargetFilterDto {
  @ApiProperty({ enum: SUBJECT_TYPES, isArray: true, example: ['enterprise'] })
  @IsArray({ message: 'subjectTypes must be a list' })
  @IsIn(SUBJECT_TYPES, { each: true, message: `each subject type must be one of ${SUBJECT_TYPES.join(', ')}` })
  subjectTypes!: SubjectType[];

  @ApiProperty({ enum: SCALES, isArray: true, example: ['small', 'micro'] })
  @IsArray({ message: 'scales must be a list' })
  @IsIn(SCALES, { each: true, message: `each scale must be one of ${SCALES.join(', ')}` })
  scales!: Scale[];

  @ApiProperty({ type: [String], example: ['C14'], description: 'GB/T 4754 industry codes or prefixes' })
  @IsArray({ message: 'industries must be a list' })
  @Matches(/^[A-T](\d{2}(\d{1,2})?)?$/, { each: true, message: 'each industry must be a GB/T 4754 code or prefix such as C or C13' })
  industries!: string[];

  @ApiProperty({ type: [String], example: ['431102'] })
  @IsArray({ message: 'areaCodes must be a list' })
  @Matches(/^\d{6}$/, { each: true, message: 'each area code must be a six-digit administrative division code' })
  areaCodes!: string[];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'yongzhou-catering', description: 'draw from this specialised sub-registry (专项名录库) only' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^[a-z0-9][a-z0-9-]{2,128}$/, { message: 'subRegistryId must be <departmentId>-<code>' })
  subRegistryId?: string | null;

  @ApiPropertyOptional({ enum: CREDIT_RISK_GRADES, isArray: true, example: ['C', 'D'], description: '信用风险分类: only targets of these grades (002 §15)' })
  @IsOptional()
  @IsArray({ message: 'creditGrades must be a list' })
  @ArrayMaxSize(CREDIT_RISK_GRADES.length, { message: 'creditGrades names each grade at most once' })
  @IsIn(CREDIT_RISK_GRADES, { each: true, message: `each credit grade must be one of ${CREDIT_RISK_GRADES.join(', ')}` })
  creditGrades?: CreditRiskGrade[];
}

/** One class of targets, drawn at its own ratio or count (002 §18). */
export class TargetClassDto {
  @ApiProperty({ example: 'food-small' })
  @Matches(RECORD_ID, { message: `classId ${RECORD_ID_MESSAGE}` })
  classId!: string;

  @ApiProperty({ example: '食品生产小微企业' })
  @IsString({ message: 'label must be text' })
  @Length(1, 100, { message: 'label must be 1–100 characters' })
  label!: string;

  @ApiPropertyOptional({ type: TargetFilterDto, nullable: true, description: 'omit or null for a non-directional draw from the whole registry (不定向)' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsObject({ message: 'filter must be an object' })
  @ValidateNested()
  @Type(() => TargetFilterDto)
  filter?: TargetFilterDto | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 5, description: 'percent of the eligible pool; give this or count' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumber(PERCENT, { message: 'ratio must be a number of percent' })
  @Min(0.01, { message: 'ratio must be above 0 percent' })
  @Max(100, { message: 'ratio must be at most 100 percent' })
  ratio?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 12, description: 'number of targets; give this or ratio' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: 'count must be a whole number of targets' })
  @Min(1, { message: 'count must be at least 1' })
  count?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 1,
    description:
      'ratio for trustworthy (守信) targets, below the ratio; 0 skips them; null draws them like any other; omit to take the plan’s trustworthy ratio when it gives one for every item of the task (the highest of them)',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumber(PERCENT, { message: 'trustworthyRatio must be a number of percent' })
  @Min(0, { message: 'trustworthyRatio must be at least 0 percent' })
  @Max(100, { message: 'trustworthyRatio must be at most 100 percent' })
  trustworthyRatio?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 20,
    description:
      'ratio for targets with many complaints or tip-offs this year, above the ratio: drawn as a stratum of their own, outside the ratio and frequency limits (002 §15); omit to draw them like any other',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumber(PERCENT, { message: 'complaintsRatio must be a number of percent' })
  @Min(0, { message: 'complaintsRatio must be at least 0 percent' })
  @Max(100, { message: 'complaintsRatio must be at most 100 percent' })
  complaintsRatio?: number | null;

  @ApiPropertyOptional({
    type: [RiskRatioDto],
    nullable: true,
    description:
      'credit-risk grades drawn as strata of their own at these ratios (002 §15); omit or null to take the plan’s per-grade ratios of the task’s items, [] for none',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsArray({ message: 'gradeRatios must be a list' })
  @ArrayMaxSize(CREDIT_RISK_GRADES.length, { message: 'gradeRatios may give one ratio per grade' })
  @IsObject({ each: true, message: 'each entry of gradeRatios must be an object' })
  @ValidateNested({ each: true })
  @Type(() => RiskRatioDto)
  gradeRatios?: RiskRatioDto[] | null;
}

export class SetUpTaskDto {
  @ApiProperty({ example: 'yongzhou-2026-food' })
  @Matches(RECORD_ID, { message: `taskId ${RECORD_ID_MESSAGE}` })
  taskId!: string;

  @ApiProperty({ example: 'yongzhou-2026', description: 'the published plan the task executes; its owner owns the task' })
  @Matches(RECORD_ID, { message: `planId ${RECORD_ID_MESSAGE}` })
  planId!: string;

  @ApiProperty({ example: 2026, description: "the plan's year" })
  @IsInt({ message: 'year must be a whole year' })
  @Min(2015, { message: 'year must be 2015 or later' })
  @Max(2100, { message: 'year must be 2100 or earlier' })
  year!: number;

  @ApiProperty({ example: '2026年食品生产企业双随机抽查' })
  @IsString({ message: 'title must be text' })
  @Length(1, 200, { message: 'title must be 1–200 characters' })
  title!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'yongzhou-food',
    description: 'the business unit (业务科室) running the task; required when the department has business units (000 §19), omitted only by a department without units',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(RECORD_ID, { message: `businessUnitId ${RECORD_ID_MESSAGE}` })
  businessUnitId?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['lingling'], description: 'the owner itself or subordinates it delegates to (000 §17); default the owner' })
  @IsOptional()
  @IsArray({ message: 'executingDepartmentIds must be a list' })
  @ArrayNotEmpty({ message: 'executingDepartmentIds must name at least one department' })
  @ArrayMaxSize(200, { message: 'executingDepartmentIds may name at most 200 departments' })
  @Matches(RECORD_ID, { each: true, message: `each executing department id ${RECORD_ID_MESSAGE}` })
  executingDepartmentIds?: string[];

  @ApiPropertyOptional({ type: [String], example: [], description: 'other departments of the same level in a joint task (004 §2(4))' })
  @IsOptional()
  @IsArray({ message: 'jointDepartmentIds must be a list' })
  @ArrayMaxSize(50, { message: 'jointDepartmentIds may name at most 50 departments' })
  @Matches(RECORD_ID, { each: true, message: `each joint department id ${RECORD_ID_MESSAGE}` })
  jointDepartmentIds?: string[];

  @ApiProperty({ type: [String], example: ['hn-zj-10'], description: 'items of the plan in force' })
  @IsArray({ message: 'itemIds must be a list' })
  @ArrayNotEmpty({ message: 'itemIds must name at least one checklist item' })
  @ArrayMaxSize(500, { message: 'itemIds may name at most 500 items' })
  @Matches(ITEM_ID, { each: true, message: 'each item id must be a checklist item id' })
  itemIds!: string[];

  @ApiProperty({ type: TimeWindowDto, description: "the execution window, inside the plan's timing for each item" })
  @IsObject({ message: 'window must be an object' })
  @ValidateNested()
  @Type(() => TimeWindowDto)
  window!: TimeWindowDto;

  @ApiProperty({ type: [TargetClassDto] })
  @IsArray({ message: 'classes must be a list' })
  @ArrayNotEmpty({ message: 'classes must hold at least one class of targets' })
  @ArrayMaxSize(50, { message: 'classes may hold at most 50 classes' })
  @IsObject({ each: true, message: 'each entry of classes must be an object' })
  @ValidateNested({ each: true })
  @Type(() => TargetClassDto)
  classes!: TargetClassDto[];

  @ApiPropertyOptional({ example: false, default: false, description: '专项行动 or an order from above: exempt from the draw limits (000 §19)' })
  @IsOptional()
  @IsBoolean({ message: 'specialCampaign must be true or false' })
  specialCampaign?: boolean;

  @ApiProperty({ example: '2026-04-01' })
  @Matches(DATE_PATTERN, { message: `setUpOn ${DATE_MESSAGE}` })
  @IsCalendarDate()
  setUpOn!: string;
}

export class LockTaskListDto {
  @ApiProperty({ example: 'yongzhou-2026-food-1', description: 'the confirmed draw of this task' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { message: 'drawId must be 1–128 letters, digits, dots, underscores or hyphens' })
  drawId!: string;

  @ApiProperty({ example: '2026-04-12' })
  @Matches(DATE_PATTERN, { message: `lockedOn ${DATE_MESSAGE}` })
  @IsCalendarDate()
  lockedOn!: string;
}

/** 004 §2(4): an invited department joins a joint task for items of its own published checklist. */
export class AcceptJointTaskDto {
  @ApiProperty({ example: 'lingling-agri', description: 'the invited department that accepts' })
  @Matches(RECORD_ID, { message: `departmentId ${RECORD_ID_MESSAGE}` })
  departmentId!: string;

  @ApiProperty({ type: [String], example: ['agri-01'], description: "items of the department's own latest published checklist" })
  @IsArray({ message: 'itemIds must be a list' })
  @ArrayNotEmpty({ message: 'itemIds names at least one item' })
  @ArrayMaxSize(100, { message: 'itemIds names at most 100 items' })
  @Matches(ITEM_ID, { each: true, message: 'each item id must be lower-case letters, digits and hyphens' })
  itemIds!: string[];

  @ApiProperty({ example: '2026-04-03' })
  @Matches(DATE_PATTERN, { message: `acceptedOn ${DATE_MESSAGE}` })
  @IsCalendarDate()
  acceptedOn!: string;
}

/** 实施方案 — the task's implementation plan, filed with the superior department before the task starts (004 §4(5)). */
export class FileImplementationPlanDto {
  @ApiProperty({ example: '抽取比例5%；执法人员随机匹配，每组2人；实地核查；4月15日至6月30日实施；结果20个工作日内公示' })
  @IsString()
  @Length(1, 4000, { message: 'summary must be 1–4000 characters' })
  summary!: string;

  @ApiProperty({ example: 'yongzhou', description: 'the superior department it is filed with (上一级主管部门)' })
  @IsString()
  @Length(1, 128, { message: 'filedTo must be 1–128 characters' })
  filedTo!: string;

  @ApiPropertyOptional({ example: '零陵区人民政府', description: 'the same-level government it is also filed with (同级人民政府)' })
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'alsoFiledWith must be 1–200 characters' })
  alsoFiledWith?: string;

  @ApiProperty({ example: '2026-04-10' })
  @Matches(DATE_PATTERN, { message: `filedOn ${DATE_MESSAGE}` })
  @IsCalendarDate()
  filedOn!: string;
}

export class DepartmentTasksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'year must be a whole year' })
  year?: number;
}

export class AnnouncementsQueryDto extends DepartmentTasksQueryDto {
  @ApiPropertyOptional({ example: 'yongzhou', description: 'the department that owns the tasks' })
  @IsOptional()
  @Matches(RECORD_ID, { message: `departmentId ${RECORD_ID_MESSAGE}` })
  departmentId?: string;
}

export class VisitsQueryDto {
  @ApiProperty({ example: 2026 })
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'year must be a whole year' })
  year!: number;
}

export class AnnouncedItemDto {
  @ApiProperty() itemId!: string;
  @ApiProperty({ nullable: true, type: String, description: "the item's name in the checklist version the task cites" }) name!: string | null;
  @ApiProperty() checklistVersion!: number;
  @ApiProperty({ enum: CHECKLIST_ITEM_CATEGORIES }) category!: ChecklistItemCategory;
}

/** 任务公告 — what the public sees of a task once its list is locked (002 §19); the drawn targets stay with staff. */
export class TaskAnnouncementDto {
  @ApiProperty() taskId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() departmentId!: string;
  @ApiProperty({ nullable: true, type: String }) departmentName!: string | null;
  @ApiProperty() year!: number;
  @ApiProperty({ type: [AnnouncedItemDto] }) items!: AnnouncedItemDto[];
  @ApiProperty({ type: TimeWindowDto }) window!: { from: string; to: string };
  @ApiProperty() targetCount!: number;
  @ApiProperty() announcedOn!: string;
}

export class TaskAnnouncementPageDto {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [TaskAnnouncementDto] }) announcements!: TaskAnnouncementDto[];
}
