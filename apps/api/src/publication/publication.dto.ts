import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type, Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested, IsObject } from 'class-validator';
import { PageQueryDto, wholeNumberFromQuery } from '@app/platform';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ITEM_RESULTS = ['compliant', 'non-compliant', 'not-applicable'] as const;
type ItemResultValue = (typeof ITEM_RESULTS)[number];

export class ExemptPublicationDto {
  @ApiProperty({ example: '涉及国家秘密' })
  @IsString({ message: 'reason must be a text' })
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason!: string;

  @ApiProperty({ example: '《中华人民共和国保守国家秘密法》第二条', description: 'The law that exempts the result from publication' })
  @IsString({ message: 'legalBasis must be a text' })
  @Length(2, 500, { message: 'legalBasis must be 2–500 characters' })
  legalBasis!: string;
}

export class ItemResultChangeDto {
  @ApiProperty({ example: 'hn-zj-01' })
  @IsString({ message: 'itemId must be a text' })
  @Length(1, 64, { message: 'itemId must be 1–64 characters' })
  itemId!: string;

  @ApiProperty({ enum: ITEM_RESULTS })
  @IsIn(ITEM_RESULTS, { message: `result must be one of ${ITEM_RESULTS.join(', ')}` })
  result!: ItemResultValue;
}

/** What a correction changes; anything left out stays as published. */
export class ResultChangesDto {
  @ApiPropertyOptional({ type: [ItemResultChangeDto] })
  @IsOptional()
  @IsArray({ message: 'itemResults must be a list' })
  @ArrayMaxSize(200, { message: 'itemResults may name at most 200 items' })
  @IsObject({ each: true, message: 'each entry of itemResults must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ItemResultChangeDto)
  itemResults?: ItemResultChangeDto[];

  @ApiPropertyOptional({ example: '发现问题，已责令整改' })
  @IsOptional()
  @IsString({ message: 'conclusion must be a text' })
  @Length(1, 2000, { message: 'conclusion must be 1–2000 characters' })
  conclusion?: string;

  @ApiPropertyOptional({ example: '责令改正' })
  @IsOptional()
  @IsString({ message: 'handling must be a text' })
  @Length(1, 2000, { message: 'handling must be 1–2000 characters' })
  handling?: string;
}

export class CorrectResultDto extends ResultChangesDto {
  @ApiProperty({ example: '录入时误将“发现问题”录为“未发现问题”' })
  @IsString({ message: 'reason must be a text' })
  @Length(2, 1000, { message: 'reason must be 2–1000 characters' })
  reason!: string;
}

export class ReceiveObjectionDto {
  @ApiProperty({ example: '2026-06-01', description: 'The day the objection was received; starts the 20-working-day review (002 §29)' })
  @Matches(DATE, { message: 'receivedOn must be a date YYYY-MM-DD' })
  receivedOn!: string;

  @ApiProperty({ example: '标签标识项检查时不适用' })
  @IsString({ message: 'grounds must be a text' })
  @Length(2, 5000, { message: 'grounds must be 2–5000 characters' })
  grounds!: string;

  @ApiProperty({ example: '零陵区测试食品有限公司', description: 'Who raised the objection (staff-only)' })
  @IsString({ message: 'objector must be a text' })
  @Length(1, 200, { message: 'objector must be 1–200 characters' })
  objector!: string;
}

export class ReviewObjectionDto {
  @ApiProperty({ example: false, description: 'true: the result was wrong and is corrected (signed by the unit head issuing the review)' })
  @IsBoolean({ message: 'upheld must be true or false' })
  upheld!: boolean;

  @ApiProperty({ example: '经复查，检查结果有误' })
  @IsString({ message: 'reasoning must be a text' })
  @Length(2, 5000, { message: 'reasoning must be 2–5000 characters' })
  reasoning!: string;

  @ApiPropertyOptional({ type: ResultChangesDto, description: 'Required when upheld, refused when rejected' })
  @IsOptional()
  @IsObject({ message: 'correction must be an object' })
  @ValidateNested()
  @Type(() => ResultChangesDto)
  correction?: ResultChangesDto;
}

export class FeedBackReviewDto {
  @ApiProperty({ enum: ['direct', 'post'] })
  @IsIn(['direct', 'post'], { message: 'channel must be direct or post' })
  channel!: 'direct' | 'post';
}

export class ReceiveCommentDto {
  @ApiProperty({ example: '2026-05-20', description: 'The day the comment was received' })
  @Matches(DATE, { message: 'receivedOn must be a date YYYY-MM-DD' })
  receivedOn!: string;

  @ApiProperty({ example: '检查人员出示证件，态度良好' })
  @IsString({ message: 'comment must be a text' })
  @Length(1, 5000, { message: 'comment must be 1–5000 characters' })
  comment!: string;

  @ApiPropertyOptional({ example: ['insp-a'], type: [String], description: 'The inspectors commented on; default: everyone recorded on site' })
  @IsOptional()
  @IsArray({ message: 'inspectorIds must be a list' })
  @ArrayMinSize(1, { message: 'inspectorIds names at least one inspector when given' })
  @IsString({ each: true, message: 'each inspector id must be a text' })
  inspectorIds?: string[];
}

export class PublicResultsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'lingling' })
  @IsOptional()
  @IsString({ message: 'departmentId must be a text' })
  departmentId?: string;

  @ApiPropertyOptional({ example: 2026, description: 'Year of publication' })
  @IsOptional()
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'year must be a whole number' })
  @Min(2000, { message: 'year must be 2000 or later' })
  @Max(2099, { message: 'year must be 2099 or earlier' })
  year?: number;

  @ApiPropertyOptional({ example: '食品', description: 'Part of the company name, or a whole 统一社会信用代码' })
  @IsOptional()
  @IsString({ message: 'q must be a text' })
  @Length(1, 100, { message: 'q must be 1–100 characters' })
  q?: string;
}

export class CorrectionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'lingling' })
  @IsOptional()
  @IsString({ message: 'departmentId must be a text' })
  departmentId?: string;

  @ApiPropertyOptional({ example: 2026, description: 'Year of the correction' })
  @IsOptional()
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'year must be a whole number' })
  @Min(2000, { message: 'year must be 2000 or later' })
  @Max(2099, { message: 'year must be 2099 or earlier' })
  year?: number;
}

export class DepartmentResultsQueryDto extends PageQueryDto {}

export class CreditExportQueryDto {
  @ApiProperty({ example: 2026, description: 'Year of publication' })
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'year must be a whole number' })
  @Min(2000, { message: 'year must be 2000 or later' })
  @Max(2099, { message: 'year must be 2099 or earlier' })
  year!: number;
}

export class CorrectAnnualSummaryDto {
  @ApiProperty({ example: '一项抽查任务的结果公示漏计，现按记录更正' })
  @IsString({ message: 'reason must be text' })
  @Length(1, 500, { message: 'reason must be 1–500 characters' })
  reason!: string;
}
