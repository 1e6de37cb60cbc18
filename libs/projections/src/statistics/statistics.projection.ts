/**
 * Assessment statistics (issue 6 item 4; DOMAIN.md, Oversight and assessment: 002 §7 §36,
 * 003 §1 §3(3)–(4)). The projection stores FACTS — dates, lists, counts as the events give them —
 * and nothing that depends on the day asked about or on the holiday schedules: whether a result
 * was published within 20 working days, whether a target was in the registry at the end of a
 * year, is counted by the query (`apps/api/src/statistics/`) with the working-day calendar known
 * at that moment.
 *
 * Attribution: a task, its locked list, its results, objections, corrections and recusals count
 * for the department that OWNS the task (sets it up under its plan: the one assessed for
 * executing the plan, 002 §36) and the task's year. A target counts in the registry of the
 * department maintaining it on a given day (谁管辖、谁维护, 000 §14; transfers move it, 002 §30).
 *
 * Documents:
 * - `statistics-tasks/<taskId>`: the task's owner, year, window, locked list, completion and the
 *   facts of each of its results; index `statistics:tasks:<departmentId>:<year>`.
 * - `statistics-targets/<targetId>`: the spans during which departments maintained the target;
 *   index `statistics:registry:<departmentId>` of every target a department ever maintained.
 * - `statistics-plans/<planId>` with each version's cited checklist version and items, and the
 *   latest published version; index `statistics:plans:<departmentId>:<year>`.
 * - `statistics-checklists/<departmentId>:<version>`: the item ids of a published checklist version.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, ReadChange, indexAdd, replace, update } from '@app/read-store';

export interface ResultFacts {
  /** First ResultPublished's date (YYYY-MM-DD); a published result is never edited (002 §29). */
  publishedOn: string | null;
  /** PublicationExempted's date: the law exempts the result from publication (002 §28.4). */
  exemptedOn: string | null;
  corrections: number;
  objections: number;
  /** Objections reviewed and upheld (the result was wrong). */
  upheld: number;
}

export interface TaskStatisticsView {
  taskId: string;
  /** The owning department; null only while a result or matching event came before the TaskSetUp (never in a sound log). */
  departmentId: string | null;
  year: number | null;
  window: { from: string; to: string } | null;
  /** The latest locked list (002 §19). */
  lockedTargets: string[];
  completedOn: string | null;
  /** Targets whose result this task must publish: reported and found unreachable (002 §28.4, §30). */
  resultsDue: string[];
  results: Record<string, ResultFacts>;
  /** 回避: swaps and withdrawals (000 §18, 002 §23). */
  recusals: number;
  /** Inspectors released with approval (002 §23). */
  releases: number;
  replacements: number;
}

export interface RegistrySpan {
  departmentId: string;
  /** First day maintained by the department, YYYY-MM-DD. */
  from: string;
  /** First day no longer maintained (deregistered, revoked or transferred away); null while it is. */
  to: string | null;
}

export interface TargetRegistryView {
  targetId: string;
  spans: RegistrySpan[];
  /** 信用风险分类 as graded, each from its effective date (002 §15); absent while never graded. */
  grades?: { grade: string; from: string }[];
}

export interface PlanStatisticsView {
  planId: string;
  departmentId: string;
  year: number;
  versions: Record<string, { checklistVersion: number; itemIds: string[] }>;
  /** The latest version published (公示, 004 §4(4)); null while none is. */
  publishedVersion: number | null;
}

export interface ChecklistVersionItemsView {
  departmentId: string;
  version: number;
  itemIds: string[];
}

export const STATISTICS_TASKS = 'statistics-tasks';
export const STATISTICS_TARGETS = 'statistics-targets';
export const STATISTICS_PLANS = 'statistics-plans';
export const STATISTICS_CHECKLISTS = 'statistics-checklists';
export const statisticsTasksIndex = (departmentId: string, year: number) => `statistics:tasks:${departmentId}:${year}`;
export const statisticsRegistryIndex = (departmentId: string) => `statistics:registry:${departmentId}`;
export const statisticsPlansIndex = (departmentId: string, year: number) => `statistics:plans:${departmentId}:${year}`;
export const checklistVersionKey = (departmentId: string, version: number) => `${departmentId}:${version}`;

/** The date in China (UTC+8) of a recorded instant: when a registration without an effective date took effect. */
const dateInChina = (instant: string) => new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 10);

const emptyTask = (taskId: string): TaskStatisticsView => ({
  taskId,
  departmentId: null,
  year: null,
  window: null,
  lockedTargets: [],
  completedOn: null,
  resultsDue: [],
  results: {},
  recusals: 0,
  releases: 0,
  replacements: 0,
});

const emptyResult: ResultFacts = { publishedOn: null, exemptedOn: null, corrections: 0, objections: 0, upheld: 0 };

type Data = Record<string, unknown>;

function onTask(taskId: string, change: (task: TaskStatisticsView) => TaskStatisticsView): ReadChange {
  return update<TaskStatisticsView>(STATISTICS_TASKS, taskId, (current) => change(current ?? emptyTask(taskId)));
}

function onResult(data: Data, change: (result: ResultFacts) => ResultFacts): ReadChange {
  const targetId = data.targetId as string;
  return onTask(data.taskId as string, (task) => ({ ...task, results: { ...task.results, [targetId]: change(task.results[targetId] ?? emptyResult) } }));
}

function onTarget(targetId: string, change: (spans: RegistrySpan[]) => RegistrySpan[]): ReadChange {
  return update<TargetRegistryView>(STATISTICS_TARGETS, targetId, (current) => ({ ...current, targetId, spans: change(current?.spans ?? []) }));
}

/** Closes the open span on `on`; a target already out of every registry stays out. */
const closeSpan = (spans: RegistrySpan[], on: string) => spans.map((span) => (span.to === null ? { ...span, to: on } : span));

function planVersion(planId: string, version: number, content: Data): ReadChange {
  const items = content.items as { itemId: string }[];
  const entry = { checklistVersion: content.checklistVersion as number, itemIds: items.map((item) => item.itemId) };
  return update<PlanStatisticsView>(STATISTICS_PLANS, planId, (current) => current && { ...current, versions: { ...current.versions, [version]: entry } });
}

export const statisticsProjection: Projection = {
  name: 'statistics',
  eventTypes: [
    'TargetRegistered',
    'TargetCreditGraded',
    'TargetJurisdictionTransferred',
    'TargetDeregistered',
    'TargetRevoked',
    'ChecklistVersionPublished',
    'PlanFiled',
    'PlanAdjusted',
    'PlanPublished',
    'TaskSetUp',
    'TaskListLocked',
    'TaskCompleted',
    'ResultPublished',
    'PublicationExempted',
    'ResultCorrected',
    'ObjectionReceived',
    'ObjectionReviewed',
    'InspectorsSwappedOnRecusal',
    'InspectorWithdrewOnRecusal',
    'InspectorReleasedWithApproval',
    'ReplacementInspectorDrawn',
  ],
  project(recorded: RecordedEvent): ReadChange[] {
    const data = recorded.data as Data;
    const score = Number(recorded.position.commit);
    const str = (field: string) => data[field] as string;
    switch (recorded.type) {
      case 'TargetRegistered':
        return [
          // a registration states its facts afresh: it starts ungraded, as the draw's fold has it
          replace<TargetRegistryView>(STATISTICS_TARGETS, str('targetId'), {
            targetId: str('targetId'),
            spans: [{ departmentId: str('departmentId'), from: dateInChina(recorded.metadata.recordedAt), to: null }],
          }),
          indexAdd(statisticsRegistryIndex(str('departmentId')), str('targetId'), score),
        ];
      case 'TargetJurisdictionTransferred':
        return [
          onTarget(str('targetId'), (spans) => [
            ...closeSpan(spans, str('effectiveDate')),
            { departmentId: str('toDepartmentId'), from: str('effectiveDate'), to: null },
          ]),
          indexAdd(statisticsRegistryIndex(str('toDepartmentId')), str('targetId'), score),
        ];
      case 'TargetCreditGraded':
        return [
          update<TargetRegistryView>(STATISTICS_TARGETS, str('targetId'), (current) => ({
            targetId: str('targetId'),
            spans: current?.spans ?? [],
            grades: [...(current?.grades ?? []), { grade: str('grade'), from: str('effectiveDate') }],
          })),
        ];
      case 'TargetDeregistered':
      case 'TargetRevoked':
        return [onTarget(str('targetId'), (spans) => closeSpan(spans, str('effectiveDate')))];
      case 'ChecklistVersionPublished': {
        const itemIds = (data.items as { itemId: string }[]).map((item) => item.itemId);
        const version = data.version as number;
        return [
          update<ChecklistVersionItemsView>(STATISTICS_CHECKLISTS, checklistVersionKey(str('departmentId'), version), () => ({
            departmentId: str('departmentId'),
            version,
            itemIds,
          })),
        ];
      }
      case 'PlanFiled': {
        const year = data.year as number;
        return [
          update<PlanStatisticsView>(
            STATISTICS_PLANS,
            str('planId'),
            (current) => current ?? { planId: str('planId'), departmentId: str('departmentId'), year, versions: {}, publishedVersion: null },
          ),
          planVersion(str('planId'), data.version as number, data.content as Data),
          indexAdd(statisticsPlansIndex(str('departmentId'), year), str('planId'), score),
        ];
      }
      case 'PlanAdjusted':
        return [planVersion(str('planId'), data.version as number, data.content as Data)];
      case 'PlanPublished': {
        const version = data.version as number;
        return [
          update<PlanStatisticsView>(
            STATISTICS_PLANS,
            str('planId'),
            (current) => current && { ...current, publishedVersion: Math.max(current.publishedVersion ?? 0, version) },
          ),
        ];
      }
      case 'TaskSetUp': {
        const year = data.year as number;
        const window = data.window as { from: string; to: string };
        return [
          onTask(str('taskId'), (task) => ({ ...task, departmentId: str('departmentId'), year, window: { from: window.from, to: window.to } })),
          indexAdd(statisticsTasksIndex(str('departmentId'), year), str('taskId'), score),
        ];
      }
      case 'TaskListLocked': {
        const targets = (data.targets as { targetId: string }[]).map((target) => target.targetId);
        return [onTask(str('taskId'), (task) => ({ ...task, lockedTargets: [...new Set(targets)] }))];
      }
      case 'TaskCompleted': {
        const due = [...(data.reported as string[]), ...(data.unreachable as string[])];
        return [onTask(str('taskId'), (task) => (task.completedOn ? task : { ...task, completedOn: str('completedOn'), resultsDue: [...new Set(due)] }))];
      }
      case 'ResultPublished':
        return [onResult(data, (result) => ({ ...result, publishedOn: result.publishedOn ?? str('publishedOn') }))];
      case 'PublicationExempted':
        return [onResult(data, (result) => ({ ...result, exemptedOn: result.exemptedOn ?? str('decidedOn') }))];
      case 'ResultCorrected':
        return [onResult(data, (result) => ({ ...result, corrections: result.corrections + 1 }))];
      case 'ObjectionReceived':
        return [onResult(data, (result) => ({ ...result, objections: result.objections + 1 }))];
      case 'ObjectionReviewed':
        return data.upheld === true ? [onResult(data, (result) => ({ ...result, upheld: result.upheld + 1 }))] : [];
      case 'InspectorsSwappedOnRecusal':
      case 'InspectorWithdrewOnRecusal':
        return [onTask(str('taskId'), (task) => ({ ...task, recusals: task.recusals + 1 }))];
      case 'InspectorReleasedWithApproval':
        return [onTask(str('taskId'), (task) => ({ ...task, releases: task.releases + 1 }))];
      case 'ReplacementInspectorDrawn':
        return [onTask(str('taskId'), (task) => ({ ...task, replacements: task.replacements + 1 }))];
      default:
        return [];
    }
  },
};
