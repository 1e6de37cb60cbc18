/**
 * Deadline tracking for oversight (issue 5 item 7; DOMAIN.md, Oversight and assessment, 003 §3(4)):
 * each duty with its due date, counted now with the schedules published so far, and its rung of
 * the escalation ladder on the day asked about. Oversight, legal and administrators read every
 * department; other staff their own department and its subordinates.
 */
import { Inject, Injectable } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, OrganisationDirectory, dateInChina } from '@app/platform';
import { READ_STORE, ReadStore } from '@app/read-store';
import {
  DEADLINES_ALL_INDEX,
  DEADLINE_DEPARTMENTS,
  DEADLINE_INSPECTIONS,
  isDeadlineDepartmentId,
  InspectionDeadlinesView,
  deadlinesOfDepartmentIndex,
  deadlinesOfKindIndex,
  deadlinesOfPersonIndex,
  departmentsUnderIndex,
} from '@app/projections';
import { isIsoDate } from '@app/calendar';
import {
  Actor,
  DEFAULT_REMINDER_DAYS,
  DUTY_KINDS,
  DepartmentCalendarFacts,
  Duty,
  DutyKind,
  LADDER_STATES,
  LadderState,
  Role,
  ValidationError,
  assessDuty,
  deriveCalendarDuties,
} from '@app/domain';
import { CalendarReader } from '../calendar/calendar.reader';
import { DeadlineLadderDto, DeadlinesQueryDto, DutyListDto, DutyViewDto, LadderQueryDto } from './deadlines.dto';

/** Roles that read every department's deadlines (DOMAIN.md, Users: oversight reads the full history). */
const READ_ALL: readonly Role[] = ['oversight', 'legal', 'admin'];
const DEFAULT_LIMIT = 50;

export class ListDeadlinesQuery {
  constructor(
    readonly query: DeadlinesQueryDto,
    readonly actor: Actor,
    /** Only duties whose due date is provisional. */
    readonly provisionalOnly: boolean,
  ) {}
}

export class GetDeadlineLadderQuery {
  constructor(
    readonly departmentId: string,
    readonly query: LadderQueryDto,
    readonly actor: Actor,
  ) {}
}

interface Filter {
  readonly departmentId?: string;
  readonly person?: string;
  readonly kind?: DeadlinesQueryDto['kind'];
  readonly asOf?: string;
  readonly reminderDays?: number;
}

/** Duties assessed as of one day, for the departments a reader may see. */
@Injectable()
export class DeadlineBoard {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
    private readonly calendars: CalendarReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async assessed(actor: Actor, filter: Filter): Promise<{ asOf: string; duties: DutyViewDto[] }> {
    const asOf = filter.asOf ?? dateInChina(this.clock.now());
    if (!isIsoDate(asOf)) throw new ValidationError(`${asOf} is not a calendar date`, 'asOf');
    const scope = await this.scope(actor, filter.departmentId);
    const ids = await this.candidates(filter, scope);
    const views = await this.reads.getDocuments<InspectionDeadlinesView>(
      DEADLINE_INSPECTIONS,
      ids.filter((id) => !isDeadlineDepartmentId(id)),
    );
    // the dated duties (annual plan, registries, 实施方案) are derived through the year asked about
    const departmentFacts = await this.reads.getDocuments<DepartmentCalendarFacts>(
      DEADLINE_DEPARTMENTS,
      ids.filter(isDeadlineDepartmentId).map((id) => id.slice('department:'.length)),
    );
    const dated = departmentFacts.flatMap((facts) => (facts ? deriveCalendarDuties(facts, Number(asOf.slice(0, 4))) : []));
    const calendar = await this.calendars.calendar();
    const duties: DutyViewDto[] = [];
    for (const list of [...views.map((view) => view?.duties ?? []), dated] as Duty[][]) {
      for (const duty of list) {
        if (scope !== 'all' && (duty.departmentId === null || !scope.has(duty.departmentId))) continue;
        if (filter.person && !duty.responsible.includes(filter.person)) continue;
        if (filter.kind && duty.kind !== filter.kind) continue;
        const assessment = assessDuty(duty, calendar, asOf, filter.reminderDays ?? DEFAULT_REMINDER_DAYS);
        if (assessment) duties.push({ ...duty, responsible: [...duty.responsible], ...assessment });
      }
    }
    duties.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.dutyId.localeCompare(b.dutyId));
    return { asOf, duties };
  }

  /** 'all', or the departments the actor may read: the one asked for, else their own and its subordinates. */
  private async scope(actor: Actor, departmentId: string | undefined): Promise<'all' | Set<string>> {
    if (departmentId) {
      if (!READ_ALL.includes(actor.role)) await this.directory.assertMayRead(actor, departmentId);
      return new Set([departmentId]);
    }
    if (READ_ALL.includes(actor.role)) return 'all';
    const departments = new Set<string>();
    for (let level = [actor.unit]; level.length > 0;) {
      level.forEach((id) => departments.add(id));
      const below = await Promise.all(level.map((id) => this.reads.rangeIndex(departmentsUnderIndex(id))));
      level = below
        .flat()
        .map((entry) => entry.member)
        .filter((id) => !departments.has(id));
    }
    return departments;
  }

  /** The narrowest index for the filter; the rest is filtered per duty. */
  private async candidates(filter: Filter, scope: 'all' | Set<string>): Promise<string[]> {
    const members = async (index: string) => (await this.reads.rangeIndex(index)).map((entry) => entry.member);
    if (filter.person) return members(deadlinesOfPersonIndex(filter.person));
    if (scope !== 'all') return [...new Set((await Promise.all([...scope].map((id) => members(deadlinesOfDepartmentIndex(id))))).flat())];
    if (filter.kind && (DUTY_KINDS as readonly string[]).includes(filter.kind)) return members(deadlinesOfKindIndex(filter.kind as DutyKind));
    return members(DEADLINES_ALL_INDEX);
  }
}

@QueryHandler(ListDeadlinesQuery)
export class ListDeadlinesHandler implements IQueryHandler<ListDeadlinesQuery, DutyListDto> {
  constructor(private readonly board: DeadlineBoard) {}

  async execute({ query, actor, provisionalOnly }: ListDeadlinesQuery): Promise<DutyListDto> {
    const { asOf, duties } = await this.board.assessed(actor, query);
    const matching = duties.filter((duty) => (!query.state || duty.state === query.state) && (!provisionalOnly || duty.provisional));
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_LIMIT;
    return { asOf, total: matching.length, offset, limit, items: matching.slice(offset, offset + limit) };
  }
}

@QueryHandler(GetDeadlineLadderQuery)
export class GetDeadlineLadderHandler implements IQueryHandler<GetDeadlineLadderQuery, DeadlineLadderDto> {
  constructor(private readonly board: DeadlineBoard) {}

  async execute({ departmentId, query, actor }: GetDeadlineLadderQuery): Promise<DeadlineLadderDto> {
    const { asOf, duties } = await this.board.assessed(actor, { ...query, departmentId });
    const counts = Object.fromEntries(LADDER_STATES.map((state) => [state, 0])) as Record<LadderState, number>;
    for (const duty of duties) counts[duty.state] += 1;
    return { departmentId, asOf, counts, provisional: duties.filter((duty) => duty.provisional).length };
  }
}

export const DEADLINE_HANDLERS = [DeadlineBoard, ListDeadlinesHandler, GetDeadlineLadderHandler];
