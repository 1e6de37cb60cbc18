/** The quota counters: a target's draws this year, and a department's share of its registry drawn (003 §1: at least 5%). */
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ApiProperty } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { OrganisationDirectory } from '@app/platform';
import { READ_STORE, ReadStore } from '@app/read-store';
import { TARGET_SETS, drawnTargetsOf, quotaUsed, targetsByDepartment } from '@app/projections';

export class TargetQuotaDto {
  @ApiProperty() targetId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ description: 'Random-inspection draws of the target this year (000 §19: at most 2 unless exempt)' }) draws!: number;
}

export class InspectionShareDto {
  @ApiProperty() departmentId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ description: 'Targets in the department registry now' }) registrySize!: number;
  @ApiProperty({ description: "Distinct targets on the department's locked task lists this year" }) drawnTargets!: number;
  @ApiProperty({ description: 'drawnTargets / registrySize, in percent, two decimals' }) sharePercent!: number;
  @ApiProperty({ description: 'The goal of 003 §1: at least 5% a year' }) goalPercent!: number;
}

export class GetTargetQuotaQuery {
  constructor(
    readonly targetId: string,
    readonly year: number,
  ) {}
}
export class GetInspectionShareQuery {
  constructor(
    readonly departmentId: string,
    readonly year: number,
    readonly actor: Actor,
  ) {}
}

@QueryHandler(GetTargetQuotaQuery)
export class GetTargetQuotaHandler implements IQueryHandler<GetTargetQuotaQuery, TargetQuotaDto> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ targetId, year }: GetTargetQuotaQuery): Promise<TargetQuotaDto> {
    return { targetId, year, draws: await this.reads.getCounter(quotaUsed(year, targetId)) };
  }
}

@QueryHandler(GetInspectionShareQuery)
export class GetInspectionShareHandler implements IQueryHandler<GetInspectionShareQuery, InspectionShareDto> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, year, actor }: GetInspectionShareQuery): Promise<InspectionShareDto> {
    await this.directory.assertMayRead(actor, departmentId);
    const [registrySize, drawnTargets] = await Promise.all([
      this.reads.intersectSets(TARGET_SETS, [targetsByDepartment(departmentId)], { limit: 0 }).then((page) => page.total),
      this.reads.indexSize(drawnTargetsOf(year, departmentId)),
    ]);
    const sharePercent = registrySize === 0 ? 0 : Math.round((drawnTargets / registrySize) * 10000) / 100;
    return { departmentId, year, registrySize, drawnTargets, sharePercent, goalPercent: 5 };
  }
}

export const QUOTA_HANDLERS = [GetTargetQuotaHandler, GetInspectionShareHandler];
