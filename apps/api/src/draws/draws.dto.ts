import { wholeNumberFromQuery } from '@app/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type, Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested, IsObject } from 'class-validator';
import { VOID_REASONS, VoidReasonCode } from '@app/domain';

export class BeaconDto {
  /** A public randomness source named before the draw, e.g. a lottery result or a national beacon. */
  @ApiProperty({ example: '中国福利彩票 双色球' })
  @IsString()
  @Length(2, 100)
  source!: string;

  @ApiProperty({ example: '2026135' })
  @IsString()
  @Length(1, 60)
  round!: string;
}

export class SixMonthRuleLiftDto {
  @ApiProperty({
    type: [String],
    example: ['91431102MA4L0000X1'],
    description: 'targets a superior found nothing at within the months the rule sets, drawn all the same',
  })
  @IsArray({ message: 'targetIds must be a list' })
  @ArrayMinSize(1, { message: 'targetIds must name at least one target' })
  @ArrayMaxSize(1000, { message: 'targetIds may name at most 1000 targets' })
  @IsString({ each: true, message: 'each of targetIds must be text' })
  @Length(1, 64, { each: true, message: 'each of targetIds must be 1–64 characters' })
  targetIds!: string[];

  @ApiProperty({
    example: '上级部门检查后接到多起投诉，需再次核查',
    description: 'why the rule is set aside for them: kept in the log and shown on the public draw page',
  })
  @IsString({ message: 'reason must be text' })
  @Length(1, 500, { message: 'reason must be 1–500 characters' })
  reason!: string;
}

export class FreezeDrawDto {
  @ApiPropertyOptional({ type: BeaconDto, description: 'A beacon value named now and revealed before the draw' })
  @IsOptional()
  @IsObject({ message: 'beacon must be an object' })
  @ValidateNested()
  @Type(() => BeaconDto)
  beacon?: BeaconDto;

  @ApiPropertyOptional({
    type: SixMonthRuleLiftDto,
    description:
      'lift the six-month rule (after a superior found nothing, 001 §2(2)1 holds 原则上) for these targets, with a recorded reason; each must be one the rule would exclude',
  })
  @IsOptional()
  @IsObject({ message: 'sixMonthRuleLifted must be an object' })
  @ValidateNested()
  @Type(() => SixMonthRuleLiftDto)
  sixMonthRuleLifted?: SixMonthRuleLiftDto;
}

export class EntropyDto {
  @ApiProperty({ enum: ['witness', 'beacon'] })
  @IsIn(['witness', 'beacon'], { message: 'kind must be witness or beacon' })
  kind!: 'witness' | 'beacon';

  /** Who typed it in (a notary, a deputy, a member of the public) or which beacon round it is. */
  @ApiProperty({ example: '公证员 张某' })
  @IsString()
  @Length(1, 100)
  label!: string;

  @ApiProperty({ example: '3 1 4 1 5 9' })
  @IsString()
  @Length(1, 200)
  value!: string;
}

export class VoidDrawDto {
  @ApiProperty({
    enum: Object.keys(VOID_REASONS),
    example: 'wrong-scope',
    description: `why the drawn result is voided: ${Object.entries(VOID_REASONS)
      .map(([code, label]) => `${code} (${label})`)
      .join(', ')}`,
  })
  @IsIn(Object.keys(VOID_REASONS), { message: `reasonCode must be one of ${Object.keys(VOID_REASONS).join(', ')}` })
  reasonCode!: VoidReasonCode;

  @ApiProperty({ example: '抽取时未包含新划入的区域，经法规科审核作废重抽' })
  @IsString()
  @Length(2, 500)
  reason!: string;
}

export class DrawLimitsDto {
  @ApiProperty({ example: 2, description: 'Draws per target per year (000 §19: at most 2)' })
  @IsInt()
  @Min(1)
  @Max(12)
  quotaPerYear!: number;

  @ApiProperty({ example: 6, description: 'Months after a superior found nothing (001 §2(2)1)' })
  @IsInt()
  @Min(0)
  @Max(24)
  monthsAfterNothingFound!: number;

  @ApiProperty({ example: '市局统一要求' })
  @IsString()
  @Length(4, 500)
  reason!: string;
}

export class EffectiveDrawLimitsDto {
  @ApiProperty() departmentId!: string;
  @ApiProperty() quotaPerYear!: number;
  @ApiProperty() monthsAfterNothingFound!: number;
  @ApiProperty({ nullable: true, type: String, description: 'The department whose setting applies; null for the defaults of DOMAIN.md' }) setBy!: string | null;
}

export class YearQueryDto {
  @ApiProperty({ example: 2026 })
  @Transform(wholeNumberFromQuery)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}
