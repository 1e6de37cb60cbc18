import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { CHECKLIST_ITEM_CATEGORIES, CHECKLIST_REVIEW_OUTCOMES, ChecklistItemCategory, ChecklistReviewOutcome, INSPECTION_METHODS, InspectionMethod } from '@app/domain';

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const TEXT = (field: string, max: number) => ({ message: `${field} must be 1–${max} characters` });

/** A calendar date: four-digit year, month and day, and a real day of that month. */
export const DATE_MESSAGE = 'must be a date written YYYY-MM-DD';
export const IsCalendarDate = () => IsISO8601({ strict: true, strictSeparator: true }, { message: `$property ${DATE_MESSAGE}` });
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The fields of an item other than its id, as drafted or revised (000 §10). */
export class ChecklistItemFieldsDto {
  @ApiProperty({ example: '产品质量监督抽查（生产许可证发证企业）' })
  @IsString()
  @Length(1, 200, TEXT('name', 200))
  name!: string;

  @ApiProperty({ example: '对生产许可证发证企业的产品质量实施监督抽查' })
  @IsString()
  @Length(1, 2000, TEXT('content', 2000))
  content!: string;

  /** 依据 */
  @ApiProperty({ example: '《中华人民共和国产品质量法》', description: '依据 — legal basis' })
  @IsString()
  @Length(1, 1000, TEXT('legalBasis', 1000))
  legalBasis!: string;

  /** 抽查主体 */
  @ApiProperty({ example: '湖南省质量技术监督局', description: '抽查主体 — inspecting body' })
  @IsString()
  @Length(1, 200, TEXT('inspectingBody', 200))
  inspectingBody!: string;

  @ApiProperty({ example: '生产许可证发证企业' })
  @IsString()
  @Length(1, 200, TEXT('targetType', 200))
  targetType!: string;

  @ApiProperty({ enum: INSPECTION_METHODS, isArray: true })
  @IsArray({ message: 'methods must be a list' })
  @ArrayNotEmpty({ message: 'methods must name at least one inspection method' })
  @IsIn(INSPECTION_METHODS, { each: true, message: `each method must be one of ${INSPECTION_METHODS.join(', ')}` })
  methods!: InspectionMethod[];

  /** 检查人员资格限制 */
  @ApiProperty({ type: [String], example: ['行政执法证', '特种设备检验员'], description: 'inspector qualification requirements' })
  @IsArray({ message: 'qualifications must be a list' })
  @ArrayMaxSize(20, { message: 'qualifications may list at most 20 requirements' })
  @IsString({ each: true, message: 'each qualification must be text' })
  @MaxLength(200, { each: true, message: 'each qualification must be at most 200 characters' })
  qualifications!: string[];

  @ApiProperty({ enum: CHECKLIST_ITEM_CATEGORIES, description: '一般 general (ratio capped) or 重点 key (no cap)' })
  @IsIn(CHECKLIST_ITEM_CATEGORIES, { message: `category must be one of ${CHECKLIST_ITEM_CATEGORIES.join(', ')}` })
  category!: ChecklistItemCategory;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 5, description: 'upper limit of the draw ratio in percent; required for a general item, absent for a key item' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'ratioCap must be a number of percent' })
  @Max(100, { message: 'ratioCap must be at most 100 percent' })
  ratioCap?: number | null;
}

export class DraftChecklistItemDto extends ChecklistItemFieldsDto {
  @ApiProperty({ example: 'zl-10' })
  @Matches(ID, { message: 'itemId must be 1–64 lowercase letters, digits or hyphens' })
  itemId!: string;
}

export class WithdrawChecklistItemDto {
  @ApiPropertyOptional({ example: '所依据的规章已废止' })
  @IsOptional()
  @IsString()
  @Length(1, 500, TEXT('reason', 500))
  reason?: string;
}

/** 合法性审核 — the justice bureau's review of the draft as it now stands (004 §4(3)). */
export class ReviewChecklistDraftDto {
  @ApiProperty({ enum: CHECKLIST_REVIEW_OUTCOMES, example: 'approved' })
  @IsIn(CHECKLIST_REVIEW_OUTCOMES, { message: `outcome must be one of ${CHECKLIST_REVIEW_OUTCOMES.join(', ')}` })
  outcome!: ChecklistReviewOutcome;

  @ApiPropertyOptional({ type: [String], example: ['事项3的依据已废止'], description: 'why the draft was returned; required when it is' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 1000, { each: true, message: 'each reason must be 1–1000 characters' })
  reasons?: string[];

  @ApiProperty({ example: '2026-01-08' })
  @Matches(DATE_PATTERN, { message: `reviewedOn ${DATE_MESSAGE}` })
  @IsCalendarDate()
  reviewedOn!: string;
}

export class PublishChecklistVersionDto {
  @ApiProperty({ example: '2026-01-10' })
  @Matches(DATE_PATTERN, { message: `publishedOn ${DATE_MESSAGE}` })
  @IsCalendarDate()
  publishedOn!: string;

  @ApiPropertyOptional({ example: '《产品质量监督抽查管理办法》修订', description: 'why the list was adjusted; required from version 2 on' })
  @IsOptional()
  @IsString()
  @Length(1, 1000, TEXT('reason', 1000))
  reason?: string;
}

export class ChecklistItemView {
  @ApiProperty() itemId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() content!: string;
  @ApiProperty() legalBasis!: string;
  @ApiProperty() inspectingBody!: string;
  @ApiProperty() targetType!: string;
  @ApiProperty({ enum: INSPECTION_METHODS, isArray: true }) methods!: readonly InspectionMethod[];
  @ApiProperty({ type: [String] }) qualifications!: readonly string[];
  @ApiProperty({ enum: CHECKLIST_ITEM_CATEGORIES }) category!: ChecklistItemCategory;
  @ApiProperty({ nullable: true, type: Number }) ratioCap!: number | null;
}

export class ChecklistVersionViewDto {
  @ApiProperty() departmentId!: string;
  @ApiProperty() version!: number;
  @ApiProperty() publishedOn!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ type: [ChecklistItemView] }) items!: ChecklistItemView[];
}

export class ChecklistVersionSummaryDto {
  @ApiProperty() version!: number;
  @ApiProperty() publishedOn!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() itemCount!: number;
}

export class ChecklistVersionsDto {
  @ApiProperty() departmentId!: string;
  @ApiProperty() currentVersion!: number;
  @ApiProperty({ type: [ChecklistVersionSummaryDto] }) versions!: ChecklistVersionSummaryDto[];
}

export class ChecklistDraftReviewDto {
  @ApiProperty() reviewNumber!: number;
  @ApiProperty({ enum: CHECKLIST_REVIEW_OUTCOMES }) outcome!: ChecklistReviewOutcome;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiProperty() reviewedOn!: string;
  @ApiProperty() reviewingUnit!: string;
  @ApiProperty({ description: 'sha256 of the draft the review saw' }) draftHash!: string;
}

export class ChecklistDraftDto {
  @ApiProperty() departmentId!: string;
  @ApiProperty({ nullable: true, type: Number }) basedOnVersion!: number | null;
  @ApiProperty({ description: 'items were drafted, revised or withdrawn since that version' }) edited!: boolean;
  @ApiProperty({ type: [ChecklistItemView] }) items!: ChecklistItemView[];
  @ApiProperty({ nullable: true, type: String }) updatedAt!: string | null;
  @ApiProperty({ nullable: true, type: ChecklistDraftReviewDto, description: "the justice bureau's latest review since the last publication (004 §4(3))" })
  latestReview!: ChecklistDraftReviewDto | null;
  @ApiProperty({ description: 'the latest review approved the draft exactly as it now stands, so it may be published' }) approvedForPublication!: boolean;
}
