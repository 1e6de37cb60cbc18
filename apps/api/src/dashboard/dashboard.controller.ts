/**
 * The dashboard (issue 6 item 6): server-rendered HTML for staff and oversight, read through the
 * same queries as the JSON API (`GET /statistics/departments/:id…`, the departments, the public
 * draws), so the page shows exactly what the API answers and is scoped the same way. A browser
 * signs in once with its token (`POST /dashboard/login`), kept in an HttpOnly cookie that only
 * these routes accept (libs/platform/src/auth/dashboard-session.ts).
 */
import { Controller, Get, Header, Inject, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { Actor, NotFoundError, ValidationError } from '@app/domain';
import { CLOCK, Clock, CurrentActor, DASHBOARD_LOGIN_ROUTE, dashboardCookie, dashboardCredential, dateInChina } from '@app/platform';
import { INSPECTORS, TARGETS, TASKS } from '@app/projections';
import type { DepartmentStatistics, DepartmentView, DrawView, InspectorView, TargetView, TaskView } from '@app/projections';
import { READ_STORE, ReadStore } from '@app/read-store';
import { ListDeadlinesQuery } from '../deadlines/deadlines.handlers';
import { DeadlinesQueryDto, DutyListDto } from '../deadlines/deadlines.dto';
import { ListNotificationsQuery } from '../notifications/notifications.handlers';
import { NotificationListDto, NotificationsQueryDto } from '../notifications/notifications.dto';
import { Names, TodoDuty, TodoList } from './notices.view';
import { GetDepartmentQuery, ListDepartmentsQuery } from '../organisation/organisation.handlers';
import { ListPublicDrawsQuery } from '../public-pages/public-pages.queries';
import { GetDepartmentStatisticsQuery, ListChildStatisticsQuery } from '../statistics/statistics.handlers';
import { ChildStatisticsDto, StatisticsQueryDto } from '../statistics/statistics.dto';
import { DashboardErrorFilter } from './dashboard.filter';
import { DashboardQueryDto } from './dashboard.dto';
import { DASHBOARD, PickerEntry, dashboardPage, loginPage, pickerPage } from './dashboard.views';

const HTML = 'text/html; charset=utf-8';
const RECENT_DRAWS = 10;
const NOTICES = 20;
/** The to-do list shows the open duties with the nearest deadlines; the count says how many there are in all. */
const TODO_SHOWN = 50;
const OPEN_STATES = new Set(['pending', 'reminder', 'overdue']);
/** Roles that read every department (libs/domain/src/shared/scope.ts, mayRead). */
const READS_ALL = new Set(['oversight', 'admin']);

interface Reply {
  status(code: number): Reply;
  header(name: string, value: string): Reply;
  send(body?: string): void;
}

interface Request {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body?: unknown;
  readonly protocol: string;
}

// HTML, not part of the JSON API's contract: kept out of the OpenAPI document
@ApiExcludeController()
@Controller(DASHBOARD)
@UseFilters(DashboardErrorFilter)
export class DashboardController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  @Get('login')
  @Header('content-type', HTML)
  login(): string {
    return loginPage(null);
  }

  /** The guard has verified the token the form posted (or the header); keep it in the dashboard's cookie. */
  @Post('login')
  signIn(@CurrentActor() actor: Actor | undefined, @Req() request: Request, @Res() reply: Reply): void {
    const credential = dashboardCredential(DASHBOARD_LOGIN_ROUTE, request);
    if (!actor || typeof credential !== 'string') throw new ValidationError('enter the token', 'token');
    const token = credential.replace(/^Bearer /i, '');
    reply
      .status(303)
      .header('set-cookie', dashboardCookie(token, { secure: request.protocol === 'https' }))
      .header('location', `/${DASHBOARD}`)
      .send();
  }

  @Post('logout')
  signOut(@Req() request: Request, @Res() reply: Reply): void {
    reply
      .status(303)
      .header('set-cookie', dashboardCookie('', { secure: request.protocol === 'https', clear: true }))
      .header('location', `/${DASHBOARD}/login`)
      .send();
  }

  @Get()
  @Header('content-type', HTML)
  async dashboard(@Query() query: DashboardQueryDto, @CurrentActor() actor: Actor): Promise<string> {
    const year = query.year ?? Number(dateInChina(this.clock.now()).slice(0, 4));
    const departments = await this.queries.execute<ListDepartmentsQuery, DepartmentView[]>(new ListDepartmentsQuery());
    const picker = readableTree(actor, departments);
    // the reader's own department; for oversight and administrators, whose unit is none, the top of the tree (the province)
    const roots = picker.filter((entry) => entry.depth === 0);
    const departmentId =
      query.department ?? (departments.some((d) => d.departmentId === actor.unit) ? actor.unit : roots.length === 1 ? roots[0].department.departmentId : null);
    const department = departmentId === null ? null : await this.department(departmentId);
    if (!department || departmentId === null) {
      if (query.department) throw new NotFoundError(`department ${departmentId} is not registered`, 'department');
      // a unit that is no department and no single top department: let them choose
      const names = await this.names(actor, departments, [], []);
      return pickerPage(actor, picker.length ? picker : departments.map((d) => ({ department: d, depth: 0 })), year, names);
    }
    const filter = Object.assign(new StatisticsQueryDto(), { year });
    const [statistics, children, notices, todo] = await Promise.all([
      this.queries.execute<GetDepartmentStatisticsQuery, DepartmentStatistics>(new GetDepartmentStatisticsQuery(departmentId, filter, actor)),
      this.queries.execute<ListChildStatisticsQuery, ChildStatisticsDto>(new ListChildStatisticsQuery(departmentId, filter, actor)),
      this.queries.execute<ListNotificationsQuery, NotificationListDto>(
        new ListNotificationsQuery(Object.assign(new NotificationsQueryDto(), { limit: NOTICES }), actor),
      ),
      this.todo(actor, departments),
    ]);
    const draws = await this.recentDraws([departmentId, ...children.children.map((child) => child.departmentId)]);
    const names = await this.names(actor, departments, [...todo.items, ...notices.items], draws);
    return dashboardPage({ actor, department, names, picker, statistics, children: children.children, draws, notices: notices.items, todo });
  }

  /**
   * Names for every id the page shows: units from the departments (and their business units),
   * people from the inspectors read model, tasks by title, targets by name. An id no read model
   * knows is shown as itself.
   */
  private async names(
    actor: Actor,
    departments: readonly DepartmentView[],
    duties: readonly (Pick<TodoDuty, 'taskId' | 'targetId'> & { responsible?: readonly string[]; recipients?: readonly string[] })[],
    draws: readonly DrawView[],
  ): Promise<Names> {
    const units = new Map<string, string>();
    for (const d of departments) {
      units.set(d.departmentId, d.name);
      for (const unit of d.units ?? []) if (!units.has(unit.unitId)) units.set(unit.unitId, `${d.name}${unit.name}`);
    }
    const personIds = [...new Set([actor.id, ...duties.flatMap((d) => [...(d.responsible ?? []), ...(d.recipients ?? [])])])];
    const taskIds = [...new Set([...duties.map((d) => d.taskId), ...draws.map((d) => d.taskId)].filter((id): id is string => Boolean(id)))];
    const targetIds = [...new Set(duties.map((d) => d.targetId).filter((id): id is string => Boolean(id)))];
    const [people, tasks, targets] = await Promise.all([
      this.reads.getDocuments<InspectorView>(INSPECTORS, personIds),
      this.reads.getDocuments<TaskView>(TASKS, taskIds),
      this.reads.getDocuments<TargetView>(TARGETS, targetIds),
    ]);
    const table = <T>(ids: string[], docs: readonly (T | null)[], name: (doc: T) => string | undefined) =>
      new Map(ids.flatMap((id, i) => (docs[i] && name(docs[i] as T) ? [[id, name(docs[i] as T) as string] as const] : [])));
    const personNames = table(personIds, people, (p) => p.name);
    const taskNames = table(taskIds, tasks, (t) => t.title);
    const targetNames = table(targetIds, targets, (t) => t.name);
    return {
      unit: (id) => units.get(id) ?? id,
      person: (id) => personNames.get(id) ?? id,
      task: (id) => taskNames.get(id) ?? id,
      target: (id) => targetNames.get(id) ?? id,
    };
  }

  private async department(departmentId: string): Promise<DepartmentView | null> {
    try {
      return await this.queries.execute<GetDepartmentQuery, DepartmentView>(new GetDepartmentQuery(departmentId));
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /**
   * The signed-in person's open duties — those they answer for (`responsible`), and for a unit head
   * every duty of their department — by due date, read through the deadline query as the API
   * answers `GET /deadlines?person=…` and `GET /deadlines?departmentId=…`.
   */
  private async todo(actor: Actor, departments: readonly DepartmentView[]): Promise<TodoList> {
    const list = async (filter: Partial<DeadlinesQueryDto>) =>
      (
        await this.queries.execute<ListDeadlinesQuery, DutyListDto>(
          new ListDeadlinesQuery(Object.assign(new DeadlinesQueryDto(), { ...filter, limit: Number.MAX_SAFE_INTEGER }), actor, false),
        )
      ).items;
    const ofDepartment = actor.role === 'unit-head' && departments.some((d) => d.departmentId === actor.unit);
    const lists = await Promise.all([list({ person: actor.id }), ofDepartment ? list({ departmentId: actor.unit }) : Promise.resolve([])]);
    const open = new Map<string, TodoDuty>();
    for (const duty of lists.flat()) if (OPEN_STATES.has(duty.state)) open.set(duty.dutyId, duty);
    const items = [...open.values()].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.dutyId.localeCompare(b.dutyId));
    return { items: items.slice(0, TODO_SHOWN), total: items.length, ofDepartment };
  }

  /** The newest draws of the department and its subordinates, newest first. */
  private async recentDraws(departmentIds: readonly string[]): Promise<DrawView[]> {
    const lists = await Promise.all(
      departmentIds.map((departmentId) => this.queries.execute<ListPublicDrawsQuery, DrawView[]>(new ListPublicDrawsQuery({ departmentId }, RECENT_DRAWS))),
    );
    return lists
      .flat()
      .sort((a, b) => b.frozenOn.localeCompare(a.frozenOn) || b.drawId.localeCompare(a.drawId))
      .slice(0, RECENT_DRAWS);
  }
}

/**
 * The departments the actor may read, in tree order with their depth: every department for
 * oversight and administrators, else their own and its subordinates.
 */
export function readableTree(actor: Actor, departments: readonly DepartmentView[]): PickerEntry[] {
  const children = new Map<string | null, DepartmentView[]>();
  const known = new Set(departments.map((d) => d.departmentId));
  for (const d of departments) {
    const parent = d.parentId !== null && known.has(d.parentId) ? d.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const entries: PickerEntry[] = [];
  const walk = (department: DepartmentView, depth: number) => {
    entries.push({ department, depth });
    for (const child of children.get(department.departmentId) ?? []) walk(child, depth + 1);
  };
  if (READS_ALL.has(actor.role)) for (const root of children.get(null) ?? []) walk(root, 0);
  else {
    const own = departments.find((d) => d.departmentId === actor.unit);
    if (own) walk(own, 0);
  }
  return entries;
}
