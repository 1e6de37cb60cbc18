import { wholeNumberFromQuery } from '@app/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { LadderState } from '@app/domain';
import type { CoverageOfPlan, DepartmentStatistics } from '@app/projections';

/** Which year is assessed, and on which day. */
export class StatisticsQueryDto {
  @ApiPropertyOptional({ example: 2026, description: 'The assessed year; default this year in China' })
  @IsOptional()
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'year must be a whole number' })
  @Min(2000, { message: 'year must be 2000 or later' })
  @Max(2100, { message: 'year must be 2100 or earlier' })
  year?: number;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'The day open duties, tasks and publications are judged on; default today in China' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date written YYYY-MM-DD' })
  asOf?: string;
}

class RegistryStatisticsDto {
  @ApiProperty({ description: 'Targets the department maintains on registryOn' }) size!: number;
  @ApiProperty({ description: 'Distinct targets on the locked lists of its tasks of the year' }) inspected!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'inspected / size in percent, one decimal' }) share!: number | null;
  @ApiProperty({ example: 5 }) goal!: number;
  @ApiProperty() met!: boolean;
}

class GradeCoverageDto {
  @ApiProperty({ description: 'Targets of the grade the department maintains on registryOn' }) size!: number;
  @ApiProperty({ description: 'Of them, on the locked lists of its tasks of the year' }) inspected!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'inspected / size in percent, one decimal' }) share!: number | null;
}

class CoverageByGradeDto {
  @ApiProperty({ type: GradeCoverageDto, description: '信用风险分类 A (lowest risk)' }) A!: GradeCoverageDto;
  @ApiProperty({ type: GradeCoverageDto }) B!: GradeCoverageDto;
  @ApiProperty({ type: GradeCoverageDto }) C!: GradeCoverageDto;
  @ApiProperty({ type: GradeCoverageDto, description: '信用风险分类 D (highest risk)' }) D!: GradeCoverageDto;
  @ApiProperty({ type: GradeCoverageDto, description: 'never graded by registryOn' }) ungraded!: GradeCoverageDto;
}

class PublicationStatisticsDto {
  @ApiProperty() due!: number;
  @ApiProperty() published!: number;
  @ApiProperty() exempted!: number;
  @ApiProperty({ description: 'Published or exempted within 20 working days of TaskCompleted (002 §28.4)' }) onTime!: number;
  @ApiProperty() late!: number;
  @ApiProperty({ description: 'Still open past the 20th working day' }) overdue!: number;
  @ApiProperty({ description: '期限内待公示: still open within its 20 working days; not counted as failing' }) pending!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Published or exempted, of all due' }) share!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'On time, of the results decided (due less pending)' }) onTimeShare!: number | null;
  @ApiProperty({ example: 100 }) goal!: number;
  @ApiProperty({ description: 'No result published late or overdue; results within their 20 working days do not fail it' }) met!: boolean;
}

class CoverageOfPlanDto implements CoverageOfPlan {
  @ApiProperty() planId!: string;
  @ApiProperty() version!: number;
  @ApiProperty() checklistVersion!: number;
  @ApiProperty() planItems!: number;
  @ApiProperty() checklistItems!: number;
}

class CoverageStatisticsDto {
  @ApiProperty({ type: [CoverageOfPlanDto] }) plans!: CoverageOfPlanDto[];
  @ApiProperty() planItems!: number;
  @ApiProperty() checklistItems!: number;
  @ApiProperty({ nullable: true, type: Number }) share!: number | null;
}

class TaskStatisticsDto {
  @ApiProperty() total!: number;
  @ApiProperty() completed!: number;
  @ApiProperty({ description: 'Completed by the end of the window' }) onTime!: number;
  @ApiProperty() late!: number;
  @ApiProperty({ description: 'Not completed, window ended' }) overdue!: number;
  @ApiProperty() open!: number;
  @ApiProperty({ nullable: true, type: Number }) onTimeShare!: number | null;
}

class DutyStatisticsDto {
  @ApiProperty() pending!: number;
  @ApiProperty({ description: '提醒' }) reminder!: number;
  @ApiProperty({ description: '督办' }) overdue!: number;
  @ApiProperty() 'closed-on-time'!: number;
  @ApiProperty({ description: '问责' }) 'closed-late'!: number;
  @ApiProperty() total!: number;
}

class RecusalStatisticsDto {
  @ApiProperty() recusals!: number;
  @ApiProperty() releases!: number;
  @ApiProperty() replacements!: number;
}

class ObjectionStatisticsDto {
  @ApiProperty() received!: number;
  @ApiProperty() upheld!: number;
  @ApiProperty() corrections!: number;
}

export class DepartmentStatisticsDto implements DepartmentStatistics {
  @ApiProperty() departmentId!: string;
  @ApiProperty() year!: number;
  @ApiProperty() asOf!: string;
  @ApiProperty() registryOn!: string;
  @ApiProperty({ type: RegistryStatisticsDto }) registry!: RegistryStatisticsDto;
  @ApiProperty({ type: CoverageByGradeDto, description: 'the registry and the targets drawn by credit-risk grade on registryOn (002 §15)' })
  byGrade!: CoverageByGradeDto;
  @ApiProperty({ type: PublicationStatisticsDto }) publication!: PublicationStatisticsDto;
  @ApiProperty({ type: CoverageStatisticsDto }) coverage!: CoverageStatisticsDto;
  @ApiProperty({ type: TaskStatisticsDto }) tasks!: TaskStatisticsDto;
  @ApiProperty({ type: DutyStatisticsDto }) duties!: Record<LadderState, number> & { total: number };
  @ApiProperty({ type: RecusalStatisticsDto }) recusals!: RecusalStatisticsDto;
  @ApiProperty({ type: ObjectionStatisticsDto }) objections!: ObjectionStatisticsDto;
}

export class ChildStatisticsDto {
  @ApiProperty() departmentId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ type: [DepartmentStatisticsDto] }) children!: DepartmentStatisticsDto[];
}
