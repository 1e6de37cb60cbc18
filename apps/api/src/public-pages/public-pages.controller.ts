/**
 * 一公开 as pages (issue 6 item 5): server-rendered HTML under `/gs/…` (公示), in Chinese, for
 * anyone, without JavaScript. Every page reads through the QueryBus with the same queries as the
 * public JSON routes (`/public/…`, `/departments/:id/checklist…`, `/draws/:drawId…`), so a page
 * can never show what the API would not publish.
 */
import { Controller, Get, Header, Inject, Param, Query, UseFilters } from '@nestjs/common';
import { GetPublicKeyQuery, ListTreeHeadsQuery } from '../integrity/integrity.handlers';
import type { PublicKeyDto, TreeHeadPageDto } from '../integrity/integrity.dto';
import { TreeHeadsWithWitnesses, treeHeadsPage } from './integrity.views';
import { CosignatureBook } from '../integrity/cosignatures';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { NotFoundError, ValidationError } from '@app/domain';
import { CLOCK, Clock, DrawVerification, dateInChina } from '@app/platform';
import type { ChecklistSummaryView, ChecklistVersionView, DepartmentView, DrawView } from '@app/projections';
import { GetDepartmentQuery, ListDepartmentsQuery } from '../organisation/organisation.handlers';
import { GetChecklistVersionQuery, GetCurrentChecklistQuery, ListChecklistVersionsQuery } from '../checklist/checklist.handlers';
import { GetPublishedPlanQuery, ListPublishedPlansQuery } from '../plan/plan.handlers';
import type { PublicPlanDto } from '../plan/plan.dto';
import { GetAnnouncementQuery, ListAnnouncementsQuery } from '../tasks/tasks.handlers';
import { AnnouncementsQueryDto, TaskAnnouncementDto, TaskAnnouncementPageDto } from '../tasks/tasks.dto';
import { DrawExclusionsPage, GetDrawExclusionsQuery, GetDrawQuery, VerifyDrawQuery } from '../draws/draws.handlers';
import { ListInspectorsQuery } from '../inspectors/inspectors.handlers';
import { ListInspectorsQueryDto, PublicInspectorPageDto } from '../inspectors/inspectors.dto';
import { GetPublicTargetQuery, ListPublicTargetsQuery, TargetPage } from '../targets/targets.handlers';
import { PublicTargetDto, PublicTargetsQueryDto } from '../targets/targets.dto';
import { AnnualSummaryDto, GetAnnualSummaryQuery, GetPublicResultQuery, ListPublicResultsQuery, PublicResultDto } from '../publication/publication.queries';
import { PublicResultsQueryDto } from '../publication/publication.dto';
import { GetTaskPageFactsQuery, ListPublicDrawsQuery, TaskPageFacts } from './public-pages.queries';
import { PublicPageErrorFilter } from './public-pages.filter';
import { announcementPage, checklistPage, departmentPage, homePage, planPage } from './department.views';
import { EXCLUSIONS_PER_PAGE, drawPage, exclusionOffset, verificationPage } from './draw.views';
import { inspectorsPage, targetsPage } from './registry.views';
import { annualSummaryPage, resultPage, resultsPage } from './results.views';
import { ROOT, pageNumberOf } from './layout';

const HTML = 'text/html; charset=utf-8';
/** Heads change every few seconds and are the same for everyone: caches may keep them briefly. */
const TREE_HEADS_CACHE = 'public, max-age=10';
const TREE_HEADS_FEED_PAGE = 100;
const PAGE_SIZE = 20;
const CREDIT_CODE = /^[0-9A-Za-z]{18}$/;
/** The first year the results filter offers (the 双随机 regime's national roll-out). */
const FIRST_YEAR = 2016;

/** A list page's offset from the query string: a whole number, anything else the first page. */
function offsetOf(raw: unknown): number {
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
}

/** A positive whole number from the path (a version, a year); anything else is a bad request. */
function wholeNumber(raw: string, field: string): number {
  if (!/^[1-9]\d{0,5}$/.test(raw)) throw new ValidationError(`${field} must be a positive whole number`, field);
  return Number(raw);
}
const versionOf = (raw: string) => wholeNumber(raw, 'version');

// HTML, not part of the JSON API's contract: kept out of the OpenAPI document
@ApiExcludeController()
@Controller(ROOT)
@UseFilters(PublicPageErrorFilter)
export class PublicPagesController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly cosignatures: CosignatureBook,
  ) {}

  /** The query's result, or null where it has nothing published (404). */
  private async optional<T>(query: object): Promise<T | null> {
    try {
      return await this.queries.execute<object, T>(query);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  private announcements(filter: Partial<AnnouncementsQueryDto>): Promise<TaskAnnouncementPageDto> {
    return this.queries.execute(new ListAnnouncementsQuery(Object.assign(new AnnouncementsQueryDto(), filter)));
  }

  @Get()
  @Header('content-type', HTML)
  async home(): Promise<string> {
    const [departments, latest] = await Promise.all([
      this.queries.execute<ListDepartmentsQuery, DepartmentView[]>(new ListDepartmentsQuery()),
      this.announcements({ limit: 10 }),
    ]);
    return homePage(departments, latest.announcements);
  }

  @Get('departments/:departmentId')
  @Header('content-type', HTML)
  async department(@Param('departmentId') departmentId: string): Promise<string> {
    const department = await this.queries.execute<GetDepartmentQuery, DepartmentView>(new GetDepartmentQuery(departmentId));
    const [departments, checklist, plans, announcements, draws] = await Promise.all([
      this.queries.execute<ListDepartmentsQuery, DepartmentView[]>(new ListDepartmentsQuery()),
      this.optional<ChecklistSummaryView>(new ListChecklistVersionsQuery(departmentId)),
      this.queries.execute<ListPublishedPlansQuery, PublicPlanDto[]>(new ListPublishedPlansQuery(departmentId)),
      this.announcements({ departmentId, limit: 50 }),
      this.queries.execute<ListPublicDrawsQuery, DrawView[]>(new ListPublicDrawsQuery({ departmentId })),
    ]);
    // 000 §26: a year's execution summary is published from 1 January of the next year
    const today = dateInChina(this.clock.now());
    const summaryYears = [...new Set(plans.map((p) => p.year))].filter((year) => `${year + 1}-01-01` <= today).sort((a, b) => b - a);
    return departmentPage({
      department,
      summaryYears,
      parent: departments.find((d) => d.departmentId === department.parentId) ?? null,
      subordinates: departments.filter((d) => d.parentId === departmentId),
      checklist,
      plans,
      announcements: announcements.announcements,
      draws,
    });
  }

  @Get('departments/:departmentId/checklist')
  @Header('content-type', HTML)
  async currentChecklist(@Param('departmentId') departmentId: string): Promise<string> {
    return this.checklist(departmentId, new GetCurrentChecklistQuery(departmentId));
  }

  @Get('departments/:departmentId/checklist/versions/:version')
  @Header('content-type', HTML)
  async checklistVersion(@Param('departmentId') departmentId: string, @Param('version') version: string): Promise<string> {
    return this.checklist(departmentId, new GetChecklistVersionQuery(departmentId, versionOf(version)));
  }

  private async checklist(departmentId: string, query: GetCurrentChecklistQuery | GetChecklistVersionQuery): Promise<string> {
    const [department, shown, summary] = await Promise.all([
      this.queries.execute<GetDepartmentQuery, DepartmentView>(new GetDepartmentQuery(departmentId)),
      this.queries.execute<typeof query, ChecklistVersionView>(query),
      this.queries.execute<ListChecklistVersionsQuery, ChecklistSummaryView>(new ListChecklistVersionsQuery(departmentId)),
    ]);
    return checklistPage(department, shown, summary);
  }

  @Get('plans/:planId')
  @Header('content-type', HTML)
  async plan(@Param('planId') planId: string): Promise<string> {
    return this.planVersion(planId, null);
  }

  @Get('plans/:planId/versions/:version')
  @Header('content-type', HTML)
  async planAtVersion(@Param('planId') planId: string, @Param('version') version: string): Promise<string> {
    return this.planVersion(planId, versionOf(version));
  }

  private async planVersion(planId: string, version: number | null): Promise<string> {
    const plan = await this.queries.execute<GetPublishedPlanQuery, PublicPlanDto>(new GetPublishedPlanQuery(planId));
    const shown = version === null ? plan.current : plan.versions.find((v) => v.version === version);
    if (!shown) throw new NotFoundError(`plan ${planId} has published no version ${version}`, 'version');
    const [department, checklist] = await Promise.all([
      this.queries.execute<GetDepartmentQuery, DepartmentView>(new GetDepartmentQuery(plan.departmentId)),
      this.optional<ChecklistVersionView>(new GetChecklistVersionQuery(plan.departmentId, shown.content.checklistVersion)),
    ]);
    return planPage(department, plan, shown, new Map((checklist?.items ?? []).map((item) => [item.itemId, item.name])));
  }

  @Get('announcements/:taskId')
  @Header('content-type', HTML)
  async announcement(@Param('taskId') taskId: string): Promise<string> {
    const announcement = await this.queries.execute<GetAnnouncementQuery, TaskAnnouncementDto>(new GetAnnouncementQuery(taskId));
    const [department, draws, task] = await Promise.all([
      this.optional<DepartmentView>(new GetDepartmentQuery(announcement.departmentId)),
      this.queries.execute<ListPublicDrawsQuery, DrawView[]>(new ListPublicDrawsQuery({ taskId })),
      this.queries.execute<GetTaskPageFactsQuery, TaskPageFacts>(new GetTaskPageFactsQuery(taskId)),
    ]);
    // 002 §19: the announcement names the drawn targets — the locked draw's selection, as its draw page publishes it
    const listed = task.locked?.targetIds ?? [];
    const targets = await Promise.all(listed.map((id) => this.optional<PublicTargetDto>(new GetPublicTargetQuery(id))));
    return announcementPage(announcement, department, draws, {
      drawId: task.locked?.drawId ?? null,
      targets: targets.filter((t): t is PublicTargetDto => t !== null),
    });
  }

  @Get('draws/:drawId')
  @Header('content-type', HTML)
  async draw(@Param('drawId') drawId: string, @Query('page') pageNumber?: unknown): Promise<string> {
    const draw = await this.queries.execute<GetDrawQuery, DrawView>(new GetDrawQuery(drawId));
    const offset = exclusionOffset(draw, pageNumberOf(pageNumber, undefined, EXCLUSIONS_PER_PAGE));
    const exclusions = await this.queries.execute<GetDrawExclusionsQuery, DrawExclusionsPage>(
      new GetDrawExclusionsQuery(drawId, offset, EXCLUSIONS_PER_PAGE),
    );
    // only the targets this page names: the selection and the page of exclusions shown
    const named = new Set([
      ...(draw.drawn ?? []).flatMap((s) => [...s.selected, ...s.skipped.map((k) => k.targetId)]),
      ...exclusions.items.map((e) => e.targetId),
    ]);
    const [context, targets, departments] = await Promise.all([
      this.drawContext(draw),
      Promise.all([...named].map((id) => this.optional<PublicTargetDto>(new GetPublicTargetQuery(id)))),
      this.queries.execute<ListDepartmentsQuery, DepartmentView[]>(new ListDepartmentsQuery()),
    ]);
    return drawPage({
      draw,
      ...context,
      exclusions,
      departmentNames: new Map(departments.map((d) => [d.departmentId, d.name])),
      targets: new Map(targets.flatMap((t) => (t ? [[t.targetId, t] as const] : []))),
    });
  }

  /** 核验本次抽取 — the public verification (`GET /draws/:drawId/verification`), re-run from the log on every request. */
  @Get('draws/:drawId/verify')
  @Header('content-type', HTML)
  async verify(@Param('drawId') drawId: string): Promise<string> {
    const draw = await this.queries.execute<GetDrawQuery, DrawView>(new GetDrawQuery(drawId));
    const [verification, context] = await Promise.all([
      this.queries.execute<VerifyDrawQuery, DrawVerification>(new VerifyDrawQuery(drawId)),
      this.drawContext(draw),
    ]);
    return verificationPage(draw, verification, context.departmentName, context.taskTitle, context.classLabels);
  }

  private async drawContext(draw: DrawView): Promise<{ departmentName: string | null; taskTitle: string | null; classLabels: ReadonlyMap<string, string> }> {
    const [department, announcement, task] = await Promise.all([
      this.optional<DepartmentView>(new GetDepartmentQuery(draw.departmentId)),
      this.optional<TaskAnnouncementDto>(new GetAnnouncementQuery(draw.taskId)),
      this.queries.execute<GetTaskPageFactsQuery, TaskPageFacts>(new GetTaskPageFactsQuery(draw.taskId)),
    ]);
    return { departmentName: department?.name ?? null, taskTitle: announcement?.title ?? null, classLabels: task.classLabels };
  }

  /** 结果公示 — published results: searchable by any part of a company name or a whole credit code, filtered by year and department, in numbered pages. */
  @Get('results')
  @Header('content-type', HTML)
  async results(
    @Query('q') raw?: unknown,
    @Query('departmentId') departmentId?: unknown,
    @Query('year') rawYear?: unknown,
    @Query('page') pageNumber?: unknown,
    @Query('offset') offset?: unknown,
  ): Promise<string> {
    const q = typeof raw === 'string' ? raw.trim() : '';
    const departments = await this.queries.execute<ListDepartmentsQuery, DepartmentView[]>(new ListDepartmentsQuery());
    // only a registered department narrows the list; only a plausible year
    const department = departments.find((d) => d.departmentId === departmentId)?.departmentId;
    const year = typeof rawYear === 'string' && /^20\d{2}$/.test(rawYear) ? Number(rawYear) : undefined;
    const paging = { offset: (pageNumberOf(pageNumber, offset, PAGE_SIZE) - 1) * PAGE_SIZE, limit: PAGE_SIZE };
    const search = { q, departmentId: department, year, departments, years: this.publicationYears(), ...paging };
    const empty = { total: 0, results: [] };
    if (q.length > 100) return resultsPage({ ...search, problem: '查询内容不能超过100个字。', result: empty, taskTitles: new Map() });
    const filter = Object.assign(new PublicResultsQueryDto(), { q: q || undefined, departmentId: department, year }, paging);
    const result = await this.queries.execute<ListPublicResultsQuery, { total: number; results: PublicResultDto[] }>(new ListPublicResultsQuery(filter));
    const taskIds = [...new Set(result.results.map((r) => r.taskId))];
    const announcements = await Promise.all(taskIds.map((id) => this.optional<TaskAnnouncementDto>(new GetAnnouncementQuery(id))));
    const taskTitles = new Map(announcements.flatMap((a) => (a ? [[a.taskId, a.title] as const] : [])));
    return resultsPage({ ...search, problem: null, result, taskTitles });
  }

  /** The years a reader may pick: from the service's first plan years to this one, newest first. */
  private publicationYears(): number[] {
    const thisYear = Number(dateInChina(this.clock.now()).slice(0, 4));
    return Array.from({ length: Math.max(1, thisYear - FIRST_YEAR + 1) }, (_, i) => thisYear - i);
  }

  @Get('results/:taskId/:targetId')
  @Header('content-type', HTML)
  async result(@Param('taskId') taskId: string, @Param('targetId') targetId: string): Promise<string> {
    return resultPage(await this.queries.execute<GetPublicResultQuery, PublicResultDto>(new GetPublicResultQuery(taskId, targetId)));
  }

  @Get('departments/:departmentId/annual-summaries/:year')
  @Header('content-type', HTML)
  async annualSummary(@Param('departmentId') departmentId: string, @Param('year') year: string): Promise<string> {
    const query = new GetAnnualSummaryQuery(departmentId, wholeNumber(year, 'year'));
    return annualSummaryPage(await this.queries.execute<GetAnnualSummaryQuery, AnnualSummaryDto>(query));
  }

  @Get('inspectors')
  @Header('content-type', HTML)
  async inspectors(@Query('departmentId') departmentId?: unknown, @Query('page') pageNumber?: unknown, @Query('offset') offset?: unknown): Promise<string> {
    const departments = await this.queries.execute<ListDepartmentsQuery, DepartmentView[]>(new ListDepartmentsQuery());
    // only a registered department narrows the list; anything else shows everyone
    const chosen = departments.find((d) => d.departmentId === departmentId)?.departmentId;
    const filter = Object.assign(new ListInspectorsQueryDto(), { departmentId: chosen, offset: (pageNumberOf(pageNumber, offset, PAGE_SIZE) - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    const result = await this.queries.execute<ListInspectorsQuery, PublicInspectorPageDto>(new ListInspectorsQuery(filter));
    return inspectorsPage(result, departments, chosen);
  }

  @Get('tree-heads')
  @Header('content-type', HTML)
  @Header('cache-control', TREE_HEADS_CACHE)
  async treeHeads(@Query('page') pageNumber?: unknown, @Query('offset') offset?: unknown): Promise<string> {
    const { page, key } = await this.treeHeadsWithWitnesses((pageNumberOf(pageNumber, offset, PAGE_SIZE) - 1) * PAGE_SIZE, PAGE_SIZE);
    return treeHeadsPage(page, key);
  }

  /** The heads as a feed for archivers: newest first, with the key, paged by `offset`. */
  @Get('tree-heads.json')
  @Header('content-type', 'application/json; charset=utf-8')
  @Header('cache-control', TREE_HEADS_CACHE)
  async treeHeadsFeed(@Query('offset') offset?: unknown): Promise<object> {
    const { page, key } = await this.treeHeadsWithWitnesses(offsetOf(offset), TREE_HEADS_FEED_PAGE);
    return { key: { algorithm: key.algorithm, keyId: key.keyId, publicKeyPem: key.publicKeyPem }, ...page };
  }

  /** A page of heads, newest first, each with the witnesses' cosignatures the log recorded for it (docs/integrity.md, "Witnesses"). */
  private async treeHeadsWithWitnesses(offset: number, limit: number): Promise<{ page: TreeHeadsWithWitnesses; key: PublicKeyDto }> {
    const [result, key] = await Promise.all([
      this.queries.execute<ListTreeHeadsQuery, TreeHeadPageDto>(new ListTreeHeadsQuery(offset, limit)),
      this.queries.execute<GetPublicKeyQuery, PublicKeyDto>(new GetPublicKeyQuery()),
    ]);
    const cosigned = await this.cosignatures.forSizes(result.heads.map((h) => h.treeSize));
    const heads = result.heads.map((head) => ({ ...head, cosignatures: cosigned.get(head.treeSize) ?? [] }));
    return { page: { total: result.total, offset, limit, heads }, key };
  }

  /** One box for both: 18 letters and digits are a unified social credit code, anything else part of a name. */
  @Get('targets')
  @Header('content-type', HTML)
  async targets(@Query('q') raw?: unknown, @Query('page') pageNumber?: unknown, @Query('offset') offset?: unknown): Promise<string> {
    const q = typeof raw === 'string' ? raw.trim() : '';
    if (q === '') return targetsPage({ q, problem: null, result: null });
    if (q.length > 100) return targetsPage({ q, problem: '查询内容不能超过100个字。', result: null });
    if ([...q].length < 2) return targetsPage({ q, problem: '请至少输入名称中的两个字。', result: null });
    const filter = Object.assign(new PublicTargetsQueryDto(), CREDIT_CODE.test(q) ? { creditCode: q.toUpperCase() } : { name: q }, {
      offset: (pageNumberOf(pageNumber, offset, PAGE_SIZE) - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    const result = await this.queries.execute<ListPublicTargetsQuery, TargetPage<PublicTargetDto>>(new ListPublicTargetsQuery(filter));
    return targetsPage({ q, problem: null, result });
  }
}
