/**
 * Read side of publication: the public disclosure views (published results with their
 * corrections next to them, corrections, each department's annual execution summary) and the
 * staff views of a result's whole record.
 */
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, OrganisationDirectory, dateInChina } from '@app/platform';
import { READ_STORE, ReadStore } from '@app/read-store';
import { Actor, ForbiddenError, NotFoundError, PublicResult, mayRead } from '@app/domain';
import {
  ANNUAL_SUMMARY_DOCUMENTS,
  AnnualSummaryDocumentView,
  DEPARTMENTS,
  DepartmentView,
  ExecutionCounts,
  PUBLISHED_RESULTS,
  PublicCorrectionView,
  PublishedResultView,
  RESULT_RECORDS,
  ResultRecordView,
  TASK_EXECUTION_SUMMARIES,
  TaskExecutionSummary,
  annualExecutionIndex,
  annualSummaryDocumentId,
  correctionsIndex,
  departmentResultRecordsIndex,
  emptyExecutionCounts,
  publishedResultsByCreditCodeIndex,
  publishedResultsIndex,
  resultId,
} from '@app/projections';
import { CorrectionsQueryDto, DepartmentResultsQueryDto, PublicResultsQueryDto } from './publication.dto';

/** 统一社会信用代码: 18 characters of digits and capitals. */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export class ListPublicResultsQuery {
  constructor(readonly query: PublicResultsQueryDto) {}
}
export class GetPublicResultQuery {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
  ) {}
}
export class ListCorrectionsQuery {
  constructor(readonly query: CorrectionsQueryDto) {}
}
export class GetAnnualSummaryQuery {
  constructor(
    readonly departmentId: string,
    readonly year: number,
  ) {}
}
export class GetResultRecordQuery {
  constructor(
    readonly taskId: string,
    readonly targetId: string,
    readonly actor: Actor,
  ) {}
}
export class ListDepartmentResultsQuery {
  constructor(
    readonly departmentId: string,
    readonly query: DepartmentResultsQueryDto,
    readonly actor: Actor,
  ) {}
}

/** A published result as the public reads it: the original, each correction next to it, and the result as it now stands. */
export interface PublicResultDto extends PublishedResultView {
  departmentName: string | null;
  current: PublicResult;
}

export interface PublicCorrectionDto {
  taskId: string;
  targetId: string;
  departmentId: string;
  targetName: string;
  publishedOn: string;
  original: PublicResult;
  correction: PublicCorrectionView;
}

async function departmentNames(reads: ReadStore, ids: readonly string[]): Promise<Map<string, string>> {
  const docs = await reads.getDocuments<DepartmentView>(DEPARTMENTS, [...new Set(ids)]);
  return new Map(docs.flatMap((d) => (d ? [[d.departmentId, d.name] as const] : [])));
}

async function toPublic(reads: ReadStore, docs: readonly (PublishedResultView | null)[]): Promise<PublicResultDto[]> {
  const found = docs.filter((d): d is PublishedResultView => d !== null);
  const names = await departmentNames(
    reads,
    found.map((d) => d.departmentId),
  );
  return found.map((d) => ({
    ...d,
    departmentName: names.get(d.departmentId) ?? null,
    current: d.corrections.length > 0 ? d.corrections[d.corrections.length - 1].correctedResult : d.original,
  }));
}

@QueryHandler(ListPublicResultsQuery)
export class ListPublicResultsHandler implements IQueryHandler<ListPublicResultsQuery, { total: number; results: PublicResultDto[] }> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ query }: ListPublicResultsQuery): Promise<{ total: number; results: PublicResultDto[] }> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const filter = { departmentId: query.departmentId, year: query.year };
    const q = query.q?.trim();
    if (!q) {
      const index = publishedResultsIndex(filter);
      const [total, page] = await Promise.all([this.reads.indexSize(index), this.reads.rangeIndex(index, { reverse: true, offset, limit })]);
      return { total, results: await toPublic(this.reads, await this.docs(page.map((e) => e.member))) };
    }
    // a credit code names one target; otherwise the name is searched within the department and year asked for
    const byCode = CREDIT_CODE.test(q.toUpperCase());
    const index = byCode ? publishedResultsByCreditCodeIndex(q.toUpperCase()) : publishedResultsIndex(filter);
    const candidates = await this.docs((await this.reads.rangeIndex(index, { reverse: true })).map((e) => e.member));
    const matching = candidates.filter(
      (d): d is PublishedResultView =>
        d !== null &&
        (byCode || d.original.targetName.includes(q)) &&
        (filter.departmentId === undefined || d.departmentId === filter.departmentId) &&
        (filter.year === undefined || d.publishedOn.startsWith(`${filter.year}-`)),
    );
    return { total: matching.length, results: await toPublic(this.reads, matching.slice(offset, offset + limit)) };
  }

  private docs(ids: readonly string[]): Promise<(PublishedResultView | null)[]> {
    return this.reads.getDocuments<PublishedResultView>(PUBLISHED_RESULTS, ids);
  }
}

@QueryHandler(GetPublicResultQuery)
export class GetPublicResultHandler implements IQueryHandler<GetPublicResultQuery, PublicResultDto> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ taskId, targetId }: GetPublicResultQuery): Promise<PublicResultDto> {
    const [result] = await toPublic(this.reads, [await this.reads.getDocument<PublishedResultView>(PUBLISHED_RESULTS, resultId(taskId, targetId))]);
    if (!result) throw new NotFoundError(`no result of ${targetId} under task ${taskId} has been published`);
    return result;
  }
}

@QueryHandler(ListCorrectionsQuery)
export class ListCorrectionsHandler implements IQueryHandler<ListCorrectionsQuery, { total: number; corrections: PublicCorrectionDto[] }> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ query }: ListCorrectionsQuery): Promise<{ total: number; corrections: PublicCorrectionDto[] }> {
    const index = correctionsIndex({ departmentId: query.departmentId, year: query.year });
    const [total, page] = await Promise.all([
      this.reads.indexSize(index),
      this.reads.rangeIndex(index, { reverse: true, offset: query.offset ?? 0, limit: query.limit ?? 50 }),
    ]);
    // members are `taskId/targetId#n`
    const refs = page.map((e) => {
      const at = e.member.lastIndexOf('#');
      return { id: e.member.slice(0, at), n: Number(e.member.slice(at + 1)) };
    });
    const docs = await this.reads.getDocuments<PublishedResultView>(
      PUBLISHED_RESULTS,
      refs.map((r) => r.id),
    );
    const corrections = refs.flatMap(({ n }, i) => {
      const doc = docs[i];
      const correction = doc?.corrections.find((c) => c.correctionNumber === n);
      if (!doc || !correction) return [];
      const { taskId, targetId, departmentId, publishedOn, original } = doc;
      return [{ taskId, targetId, departmentId, targetName: original.targetName, publishedOn, original, correction }];
    });
    return { total, corrections };
  }
}

export interface AnnualSummaryDto {
  departmentId: string;
  departmentName: string;
  year: number;
  /** 000 §26: published by the end of January of the following year; readable from its first day. */
  availableFrom: string;
  totals: ExecutionCounts & { tasks: number; tasksCompleted: number };
  tasks: TaskExecutionSummary[];
  /** The summary as the unit head signed and published it, with its corrections; null while unpublished (000 §26). */
  document: AnnualSummaryDocumentView | null;
}

/** What a department's records of a plan year add up to now: the figures a summary publishes. */
export async function liveAnnualFigures(
  reads: ReadStore,
  departmentId: string,
  year: number,
): Promise<{ totals: AnnualSummaryDto['totals']; tasks: TaskExecutionSummary[] }> {
  const members = await reads.rangeIndex(annualExecutionIndex(departmentId, year));
  const docs = await reads.getDocuments<TaskExecutionSummary>(
    TASK_EXECUTION_SUMMARIES,
    members.map((m) => m.member),
  );
  const tasks = docs.filter((d): d is TaskExecutionSummary => d !== null);
  const counts = emptyExecutionCounts();
  for (const task of tasks) for (const key of Object.keys(counts) as (keyof ExecutionCounts)[]) counts[key] += task.counts[key];
  return { totals: { ...counts, tasks: tasks.length, tasksCompleted: tasks.filter((t) => t.completedOn !== null).length }, tasks };
}

@QueryHandler(GetAnnualSummaryQuery)
export class GetAnnualSummaryHandler implements IQueryHandler<GetAnnualSummaryQuery, AnnualSummaryDto> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ departmentId, year }: GetAnnualSummaryQuery): Promise<AnnualSummaryDto> {
    const availableFrom = `${year + 1}-01-01`;
    // 000 §26: the summary covers a finished year; before it ends there is nothing to publish
    if (dateInChina(this.clock.now()) < availableFrom) throw new NotFoundError(`the ${year} execution summary is published from ${availableFrom}`);
    const department = await this.reads.getDocument<DepartmentView>(DEPARTMENTS, departmentId);
    if (!department) throw new NotFoundError(`department ${departmentId} is not registered`, 'departmentId');
    const [{ totals, tasks }, document] = await Promise.all([
      liveAnnualFigures(this.reads, departmentId, year),
      this.reads.getDocument<AnnualSummaryDocumentView>(ANNUAL_SUMMARY_DOCUMENTS, annualSummaryDocumentId(departmentId, year)),
    ]);
    return { departmentId, departmentName: department.name, year, availableFrom, totals, tasks, document };
  }
}

@QueryHandler(GetResultRecordQuery)
export class GetResultRecordHandler implements IQueryHandler<GetResultRecordQuery, ResultRecordView> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ taskId, targetId, actor }: GetResultRecordQuery): Promise<ResultRecordView> {
    const record = await this.reads.getDocument<ResultRecordView>(RESULT_RECORDS, resultId(taskId, targetId));
    if (!record) throw new NotFoundError(`nothing has been recorded about the result of ${targetId} under task ${taskId}`);
    if (!mayRead(actor, await this.directory.jurisdiction(record.departmentId))) {
      throw new ForbiddenError(`a ${actor.role} of ${actor.unit} may not read the records of ${record.departmentId}`);
    }
    return record;
  }
}

@QueryHandler(ListDepartmentResultsQuery)
export class ListDepartmentResultsHandler implements IQueryHandler<ListDepartmentResultsQuery, { total: number; results: ResultRecordView[] }> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, query, actor }: ListDepartmentResultsQuery): Promise<{ total: number; results: ResultRecordView[] }> {
    await this.directory.assertMayRead(actor, departmentId);
    const index = departmentResultRecordsIndex(departmentId);
    const [total, page] = await Promise.all([
      this.reads.indexSize(index),
      this.reads.rangeIndex(index, { reverse: true, offset: query.offset ?? 0, limit: query.limit ?? 50 }),
    ]);
    const docs = await this.reads.getDocuments<ResultRecordView>(
      RESULT_RECORDS,
      page.map((e) => e.member),
    );
    return { total, results: docs.filter((d): d is ResultRecordView => d !== null) };
  }
}

/** Every result a department published in a year, as the credit-information export carries them (000 §25, 002 §6). */
export class CreditExportQuery {
  constructor(
    readonly departmentId: string,
    readonly year: number,
    readonly actor: Actor,
  ) {}
}

@QueryHandler(CreditExportQuery)
export class CreditExportHandler implements IQueryHandler<CreditExportQuery, PublicResultDto[]> {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ departmentId, year, actor }: CreditExportQuery): Promise<PublicResultDto[]> {
    await this.directory.assertMayRead(actor, departmentId);
    const index = publishedResultsIndex({ departmentId, year });
    const results: PublicResultDto[] = [];
    const PAGE = 1000;
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.reads.rangeIndex(index, { offset, limit: PAGE });
      const docs = await this.reads.getDocuments<PublishedResultView>(
        PUBLISHED_RESULTS,
        page.map((e) => e.member),
      );
      results.push(...(await toPublic(this.reads, docs)));
      if (page.length < PAGE) return results;
    }
  }
}

export const PUBLICATION_QUERY_HANDLERS = [
  CreditExportHandler,
  ListPublicResultsHandler,
  GetPublicResultHandler,
  ListCorrectionsHandler,
  GetAnnualSummaryHandler,
  GetResultRecordHandler,
  ListDepartmentResultsHandler,
];
