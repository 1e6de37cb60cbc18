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
import type { DepartmentStatistics, DepartmentView, DrawView } from '@app/projections';
import { ListDeadlinesQuery } from '../deadlines/deadlines.handlers';
import { DeadlinesQueryDto, DutyListDto } from '../deadlines/deadlines.dto';
import { ListNotificationsQuery } from '../notifications/notifications.handlers';
import { NotificationListDto, NotificationsQueryDto } from '../notifications/notifications.dto';
import { TodoDuty } from './notices.view';
import { GetDepartmentQuery, ListDepartmentsQuery } from '../organisation/organisation.handlers';
import { ListPublicDrawsQuery } from '../public-pages/public-pages.queries';
import { GetDepartmentStatisticsQuery, ListChildStatisticsQuery } from '../statistics/statistics.handlers';
import { ChildStatisticsDto, StatisticsQueryDto } from '../statistics/statistics.dto';
import { DashboardErrorFilter } from './dashboard.filter';
import { DashboardQueryDto } from './dashboard.dto';
import { DASHBOARD, dashboardPage, loginPage, pickerPage } from './dashboard.views';

const HTML = 'text/html; charset=utf-8';
const RECENT_DRAWS = 10;
const NOTICES = 20;

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
    const departmentId = query.department ?? actor.unit;
    const department = await this.department(departmentId);
    if (!department) {
      if (query.department) throw new NotFoundError(`department ${departmentId} is not registered`, 'department');
      // oversight and administrators may sign in for a unit that is no department: let them choose
      return pickerPage(actor, await this.queries.execute<ListDepartmentsQuery, DepartmentView[]>(new ListDepartmentsQuery()), year);
    }
    const filter = Object.assign(new StatisticsQueryDto(), { year });
    const [statistics, children, departments, notices, todo] = await Promise.all([
      this.queries.execute<GetDepartmentStatisticsQuery, DepartmentStatistics>(new GetDepartmentStatisticsQuery(departmentId, filter, actor)),
      this.queries.execute<ListChildStatisticsQuery, ChildStatisticsDto>(new ListChildStatisticsQuery(departmentId, filter, actor)),
      this.queries.execute<ListDepartmentsQuery, DepartmentView[]>(new ListDepartmentsQuery()),
      this.queries.execute<ListNotificationsQuery, NotificationListDto>(
        new ListNotificationsQuery(Object.assign(new NotificationsQueryDto(), { limit: NOTICES }), actor),
      ),
      this.todo(actor),
    ]);
    const draws = await this.recentDraws([departmentId, ...children.children.map((child) => child.departmentId)]);
    const names = new Map(departments.map((d) => [d.departmentId, d.name]));
    return dashboardPage({ actor, department, names, statistics, children: children.children, draws, notices: notices.items, todo });
  }

  private async department(departmentId: string): Promise<DepartmentView | null> {
    try {
      return await this.queries.execute<GetDepartmentQuery, DepartmentView>(new GetDepartmentQuery(departmentId));
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /** The signed-in person's own duties close to or past their deadline today (提醒, 督办). */
  private async todo(actor: Actor): Promise<TodoDuty[]> {
    const query = Object.assign(new DeadlinesQueryDto(), { person: actor.id, limit: 500 });
    const { items } = await this.queries.execute<ListDeadlinesQuery, DutyListDto>(new ListDeadlinesQuery(query, actor, false));
    return items.filter((duty) => duty.state === 'reminder' || duty.state === 'overdue');
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
