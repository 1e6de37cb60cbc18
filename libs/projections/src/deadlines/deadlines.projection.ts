/**
 * Deadline tracking (issue 5 item 7; DOMAIN.md, Oversight and assessment, 003 §3(4)): per target
 * of a task, the facts that start and end the working-day clocks and the duties they give
 * (`deriveDuties`), each with its start and closure. Due dates are NOT stored: they depend on the
 * holiday schedules, which may be published or corrected later, so queries count them with the
 * schedules this projection also keeps (`HolidayScheduleAdopted` / `…Corrected`).
 *
 * Indexes hold inspection ids (`<taskId>:<targetId>`), scored by log position (latest activity):
 * per department named by an event, per person answerable, per kind of duty started. The ladder
 * state depends on the day asked about, so queries filter and page after counting.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, ReadChange, indexAdd, update } from '@app/read-store';
import {
  DUTY_FACT_TYPES,
  DUTY_KINDS,
  DUTY_RULES,
  DepartmentCalendarFacts,
  Duty,
  DutyFact,
  DutyKind,
  HolidayScheduleAdopted,
  HolidayScheduleCorrected,
  TaskSetUp,
  deriveDuties,
  emptyCalendarFacts,
  implementationPlanDueOn,
  taskRulesOf,
} from '@app/domain';

export interface InspectionDeadlinesView {
  taskId: string;
  targetId: string;
  /** The events that start and end clocks, in log order, with their scalar fields only. */
  facts: DutyFact[];
  duties: Duty[];
}

export interface HolidayScheduleView {
  year: number;
  holidays: string[];
  makeUpWorkdays: string[];
  source: string;
  adoptedOn: string;
  /** The latest correction in force, null when the adopted schedule stands. */
  correctedOn: string | null;
  reason: string | null;
}

export const DEADLINE_INSPECTIONS = 'deadline-inspections';
export const deadlineInspectionId = (taskId: string, targetId: string) => `${taskId}:${targetId}`;
export const DEADLINES_ALL_INDEX = 'deadlines:all';
export const deadlinesOfDepartmentIndex = (departmentId: string) => `deadlines:department:${departmentId}`;
export const deadlinesOfPersonIndex = (personId: string) => `deadlines:person:${personId}`;
export const deadlinesOfKindIndex = (kind: DutyKind) => `deadlines:kind:${kind}`;

/** Per department, the facts of its dated duties (`deriveCalendarDuties`): plan years, registries, 实施方案 filings. */
export const DEADLINE_DEPARTMENTS = 'deadline-departments';
/** How a department's dated duties appear in the deadline indexes, beside the inspection ids. */
export const deadlineDepartmentId = (departmentId: string) => `department:${departmentId}`;
export const isDeadlineDepartmentId = (id: string) => id.startsWith('department:');
/** The event types the dated duties read (calendar-duties.ts). */
const CALENDAR_FACT_TYPES = ['PlanFiled', 'PlanPublished', 'TargetRegistered', 'InspectorRegistered', 'TaskSetUp', 'ImplementationPlanFiled'];

export const HOLIDAY_SCHEDULES = 'holiday-schedules';
/** Years with a published schedule, scored by the year. */
export const HOLIDAY_SCHEDULE_YEARS_INDEX = 'holiday-schedules:years';

type Data = Record<string, unknown>;

/** Evidence, published texts and the like never start or end a clock; keep what does, small. */
function scalarFields(data: Data): Data {
  return Object.fromEntries(
    Object.entries(data).filter(
      ([, value]) => ['string', 'number', 'boolean'].includes(typeof value) || (Array.isArray(value) && value.every((v) => typeof v === 'string')),
    ),
  );
}

/** The departments an event makes answerable. TaskCompleted names the task's owner, not the executing department. */
function departmentsOf(type: string, data: Data): string[] {
  if (type === 'InspectionHandedOver') return [data.fromDepartmentId as string];
  if (type === 'TaskCompleted') return [];
  return typeof data.departmentId === 'string' ? [data.departmentId] : [];
}

function peopleOf(type: string, data: Data, actorId: string): string[] {
  switch (type) {
    case 'InspectionOpened':
    case 'ObjectionReceived':
      return [actorId];
    case 'OnSiteInspectionRecorded':
      return data.inspectorIds as string[];
    case 'ObjectionReviewed':
      return [data.reviewedBy as string];
    default:
      return [];
  }
}

const kindsStartedBy = (type: string): DutyKind[] =>
  DUTY_KINDS.filter((kind) => DUTY_RULES[kind].startedBy.includes(type) || (kind === 'report' && DUTY_RULES.report.endedBy.includes(type)));

function inspectionChanges(recorded: RecordedEvent, taskId: string, targetId: string): ReadChange[] {
  const data = recorded.data as Data;
  const fact: DutyFact = { type: recorded.type, data: scalarFields(data), actorId: recorded.metadata.actorId };
  const id = deadlineInspectionId(taskId, targetId);
  const score = Number(recorded.position.commit);
  return [
    update<InspectionDeadlinesView>(DEADLINE_INSPECTIONS, id, (current) => {
      const facts = [...(current?.facts ?? []), fact];
      return { taskId, targetId, facts, duties: deriveDuties(taskId, targetId, facts) };
    }),
    indexAdd(DEADLINES_ALL_INDEX, id, score),
    ...departmentsOf(recorded.type, data).map((departmentId) => indexAdd(deadlinesOfDepartmentIndex(departmentId), id, score)),
    ...peopleOf(recorded.type, data, recorded.metadata.actorId).map((person) => indexAdd(deadlinesOfPersonIndex(person), id, score)),
    ...kindsStartedBy(recorded.type).map((kind) => indexAdd(deadlinesOfKindIndex(kind), id, score)),
  ];
}

function scheduleChanges(event: HolidayScheduleAdopted | HolidayScheduleCorrected): ReadChange[] {
  const { year, holidays, makeUpWorkdays, source } = event.data;
  const apply = (current: HolidayScheduleView | null): HolidayScheduleView =>
    event.type === 'HolidayScheduleAdopted'
      ? { year, holidays, makeUpWorkdays, source, adoptedOn: event.data.adoptedOn, correctedOn: null, reason: null }
      : // a correction is only ever appended after an adoption (the calendar decider refuses otherwise)
        { ...(current as HolidayScheduleView), holidays, makeUpWorkdays, source, correctedOn: event.data.correctedOn, reason: event.data.reason };
  return [update<HolidayScheduleView>(HOLIDAY_SCHEDULES, String(year), apply), indexAdd(HOLIDAY_SCHEDULE_YEARS_INDEX, String(year), year)];
}

/** The day in China (UTC+8) an instant falls on: the registries' entries carry no business date of their own. */
const dayInChina = (instant: string) => new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);

function calendarChanges(recorded: RecordedEvent): ReadChange[] {
  const data = recorded.data as Data;
  const departmentId = data.departmentId as string;
  const id = deadlineDepartmentId(departmentId);
  const score = Number(recorded.position.commit);
  const apply = (change: (facts: DepartmentCalendarFacts) => DepartmentCalendarFacts, people: string[] = []) => [
    update<DepartmentCalendarFacts>(DEADLINE_DEPARTMENTS, departmentId, (current) => change(current ?? emptyCalendarFacts(departmentId))),
    indexAdd(DEADLINES_ALL_INDEX, id, score),
    indexAdd(deadlinesOfDepartmentIndex(departmentId), id, score),
    ...people.map((person) => indexAdd(deadlinesOfPersonIndex(person), id, score)),
  ];
  const planYear = (facts: DepartmentCalendarFacts, year: number) => facts.planYears[String(year)] ?? { firstFiledOn: null, firstPublishedOn: null };
  switch (recorded.type) {
    case 'PlanFiled':
      // a plan has no filing date of its own: the day it was recorded
      return apply((facts) => {
        const year = data.year as number;
        const current = planYear(facts, year);
        return {
          ...facts,
          planYears: { ...facts.planYears, [year]: { ...current, firstFiledOn: current.firstFiledOn ?? dayInChina(recorded.metadata.recordedAt) } },
        };
      });
    case 'PlanPublished':
      return apply((facts) => {
        const year = data.year as number;
        const current = planYear(facts, year);
        return {
          ...facts,
          planYears: { ...facts.planYears, [year]: { ...current, firstPublishedOn: current.firstPublishedOn ?? (data.publishedOn as string) } },
        };
      });
    case 'TargetRegistered':
    case 'InspectorRegistered': {
      const field = recorded.type === 'TargetRegistered' ? 'targetsFrom' : 'inspectorsFrom';
      return apply((facts) =>
        facts.registries[field] !== null ? facts : { ...facts, registries: { ...facts.registries, [field]: dayInChina(recorded.metadata.recordedAt) } },
      );
    }
    case 'TaskSetUp': {
      const task = data as TaskSetUp['data'];
      // only a task set up under dsr-task-2 owes the 实施方案 before it starts: earlier tasks keep the meaning they were recorded with
      if (taskRulesOf(task) !== 'dsr-task-2') return [];
      const entry = { setUpOn: task.setUpOn, dueOn: implementationPlanDueOn(task), filedOn: null, setUpBy: recorded.metadata.actorId };
      return apply((facts) => ({ ...facts, tasks: { ...facts.tasks, [task.taskId]: entry } }), [recorded.metadata.actorId]);
    }
    case 'ImplementationPlanFiled':
      return apply((facts) => {
        const task = facts.tasks[data.taskId as string];
        if (!task || task.filedOn !== null) return facts;
        return { ...facts, tasks: { ...facts.tasks, [data.taskId as string]: { ...task, filedOn: data.filedOn as string } } };
      });
    default:
      return [];
  }
}

export const deadlinesProjection: Projection = {
  name: 'deadlines',
  eventTypes: [...new Set([...DUTY_FACT_TYPES, ...CALENDAR_FACT_TYPES, 'HolidayScheduleAdopted', 'HolidayScheduleCorrected'])],
  project(recorded: RecordedEvent) {
    if (CALENDAR_FACT_TYPES.includes(recorded.type)) return calendarChanges(recorded);
    if (recorded.type === 'HolidayScheduleAdopted' || recorded.type === 'HolidayScheduleCorrected') {
      return scheduleChanges({ type: recorded.type, data: recorded.data } as HolidayScheduleAdopted | HolidayScheduleCorrected);
    }
    const data = recorded.data as Data;
    if (recorded.type === 'TaskCompleted') {
      // the publication clock of every target the task publishes: reported and unreachable (002 §28.4, §30)
      const targets = [...(data.reported as string[]), ...(data.unreachable as string[])];
      return targets.flatMap((targetId) => inspectionChanges(recorded, data.taskId as string, targetId));
    }
    return inspectionChanges(recorded, data.taskId as string, data.targetId as string);
  },
};
