/**
 * Assessment statistics (issue 6 item 4; DOMAIN.md, Oversight and assessment: 003 §1 §3(3)–(4),
 * 002 §36): the statistics projection's facts counted on the day asked about, with the
 * working-day calendar and the deadline module's duties as they stand at that moment. A reader
 * sees their own department and its subordinates; oversight and administrators every one
 * (`OrganisationDirectory.assertMayRead`).
 */
import { Inject, Injectable } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, OrganisationDirectory, dateInChina } from '@app/platform';
import { READ_STORE, ReadStore } from '@app/read-store';
import {
  ChecklistVersionItemsView,
  DepartmentStatistics,
  PlanStatisticsView,
  STATISTICS_CHECKLISTS,
  STATISTICS_PLANS,
  STATISTICS_TARGETS,
  STATISTICS_TASKS,
  TargetRegistryView,
  TaskStatisticsView,
  assessStatistics,
  checklistVersionKey,
  departmentsUnderIndex,
  statisticsPlansIndex,
  statisticsRegistryIndex,
  statisticsTasksIndex,
} from '@app/projections';
import { isIsoDate } from '@app/calendar';
import { Actor, LadderState, ValidationError } from '@app/domain';
import { CalendarReader } from '../calendar/calendar.reader';
import { ListDeadlinesQuery } from '../deadlines/deadlines.handlers';
import { DeadlinesQueryDto, DutyListDto } from '../deadlines/deadlines.dto';
import { ChildStatisticsDto, DepartmentStatisticsDto, StatisticsQueryDto } from './statistics.dto';

/** Documents are read in chunks, so a registry of 10,000 targets is not one enormous request. */
const CHUNK = 1000;
/** The deadline list's largest page. */
const DUTY_PAGE = 500;

export class GetDepartmentStatisticsQuery {
  constructor(
    readonly departmentId: string,
    readonly query: StatisticsQueryDto,
    readonly actor: Actor,
  ) {}
}

export class ListChildStatisticsQuery {
  constructor(
    readonly departmentId: string,
    readonly query: StatisticsQueryDto,
    readonly actor: Actor,
  ) {}
}

@Injectable()
export class StatisticsReader {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly calendars: CalendarReader,
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The year and day asked about, defaulting to today in China. */
  when(query: StatisticsQueryDto): { year: number; asOf: string } {
    const asOf = query.asOf ?? dateInChina(this.clock.now());
    if (!isIsoDate(asOf)) throw new ValidationError(`${asOf} is not a calendar date`, 'asOf');
    return { year: query.year ?? Number(asOf.slice(0, 4)), asOf };
  }

  async subordinates(departmentId: string): Promise<string[]> {
    return (await this.reads.rangeIndex(departmentsUnderIndex(departmentId))).map((entry) => entry.member);
  }

  /** Scope is checked by the caller. */
  async statistics(departmentId: string, year: number, asOf: string, actor: Actor): Promise<DepartmentStatistics> {
    const members = async (index: string) => (await this.reads.rangeIndex(index)).map((entry) => entry.member);
    const [taskIds, targetIds, planIds] = await Promise.all([
      members(statisticsTasksIndex(departmentId, year)),
      members(statisticsRegistryIndex(departmentId)),
      members(statisticsPlansIndex(departmentId, year)),
    ]);
    const [tasks, targets, plans] = await Promise.all([
      this.documents<TaskStatisticsView>(STATISTICS_TASKS, taskIds),
      this.documents<TargetRegistryView>(STATISTICS_TARGETS, targetIds),
      this.documents<PlanStatisticsView>(STATISTICS_PLANS, planIds),
    ]);
    const checklistKeys = [
      ...new Set(
        plans.flatMap((plan) => {
          const version = plan.publishedVersion === null ? undefined : plan.versions[plan.publishedVersion];
          return version ? [checklistVersionKey(plan.departmentId, version.checklistVersion)] : [];
        }),
      ),
    ];
    const checklists = await this.documents<ChecklistVersionItemsView>(STATISTICS_CHECKLISTS, checklistKeys);
    const [dutyStates, calendar] = await Promise.all([this.dutyStates(departmentId, year, asOf, actor), this.calendars.calendar()]);
    return assessStatistics(
      {
        departmentId,
        year,
        asOf,
        tasks,
        targets,
        plans,
        checklists: new Map(checklists.map((checklist) => [checklistVersionKey(checklist.departmentId, checklist.version), checklist])),
        dutyStates,
      },
      calendar,
    );
  }

  private async documents<T>(collection: string, ids: readonly string[]): Promise<T[]> {
    const found: T[] = [];
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = await this.reads.getDocuments<T>(collection, ids.slice(start, start + CHUNK));
      found.push(...chunk.filter((document): document is Awaited<T> => document !== null));
    }
    return found;
  }

  /**
   * The ladder states of the duties the department answers for (the deadline module's
   * attribution), of tasks set up for this year (this projection's task documents).
   */
  private async dutyStates(departmentId: string, year: number, asOf: string, actor: Actor): Promise<LadderState[]> {
    const duties: DutyListDto['items'] = [];
    for (let offset = 0; ; offset += DUTY_PAGE) {
      const query = Object.assign(new DeadlinesQueryDto(), { departmentId, asOf, offset, limit: DUTY_PAGE });
      const page = await this.queries.execute<ListDeadlinesQuery, DutyListDto>(new ListDeadlinesQuery(query, actor, false));
      duties.push(...page.items);
      if (offset + DUTY_PAGE >= page.total) break;
    }
    const taskIds = [...new Set(duties.flatMap((duty) => (duty.taskId === null ? [] : [duty.taskId])))];
    const tasks = await this.documents<TaskStatisticsView>(STATISTICS_TASKS, taskIds);
    const ofYear = new Set(tasks.filter((task) => task.year === year).map((task) => task.taskId));
    return duties.filter((duty) => duty.taskId !== null && ofYear.has(duty.taskId)).map((duty) => duty.state);
  }
}

@QueryHandler(GetDepartmentStatisticsQuery)
export class GetDepartmentStatisticsHandler implements IQueryHandler<GetDepartmentStatisticsQuery, DepartmentStatisticsDto> {
  constructor(
    private readonly reader: StatisticsReader,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, query, actor }: GetDepartmentStatisticsQuery): Promise<DepartmentStatisticsDto> {
    await this.directory.assertMayRead(actor, departmentId);
    const { year, asOf } = this.reader.when(query);
    return this.reader.statistics(departmentId, year, asOf, actor);
  }
}

/** A city reads its counties side by side (DOMAIN.md: a superior reads its subordinates' records). */
@QueryHandler(ListChildStatisticsQuery)
export class ListChildStatisticsHandler implements IQueryHandler<ListChildStatisticsQuery, ChildStatisticsDto> {
  constructor(
    private readonly reader: StatisticsReader,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, query, actor }: ListChildStatisticsQuery): Promise<ChildStatisticsDto> {
    await this.directory.assertMayRead(actor, departmentId);
    const { year, asOf } = this.reader.when(query);
    const children = await this.reader.subordinates(departmentId);
    return { departmentId, year, children: await Promise.all(children.map((child) => this.reader.statistics(child, year, asOf, actor))) };
  }
}

export const STATISTICS_HANDLERS = [StatisticsReader, GetDepartmentStatisticsHandler, ListChildStatisticsHandler];
