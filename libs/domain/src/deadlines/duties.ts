/**
 * Which event starts which working-day clock, and which event ends it (DOMAIN.md, Inspection,
 * report, publication: 000 §21–§23, 002 §28.4, 002 §29, 002 §30), and where each duty stands on
 * the escalation ladder of Oversight and assessment (003 §3(4): 懒政提醒, 怠政督办, 失职问责).
 * Pure: the events of one target's inspection, its result stream and its task come in; the
 * working-day calendar is passed in, so a due date is always counted with the schedules known
 * at the moment of asking (docs/deadlines.md).
 */
import { DomainEvent } from '../shared/decider';
import { reportClockStart } from '../inspection/inspection-clocks';
import type { CalendarDutyKind } from './calendar-duties';

export const DUTY_KINDS = ['report', 'feedback', 'entry', 'publication', 'objection-review', 'review-feedback'] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];

export interface DutyRule {
  readonly clause: string;
  readonly workingDays: number;
  /** The event whose date starts the clock. */
  readonly startedBy: readonly string[];
  /** Events whose date ends the duty. */
  readonly endedBy: readonly string[];
}

/** The table of docs/deadlines.md, as the code applies it. */
export const DUTY_RULES: Readonly<Record<DutyKind, DutyRule>> = {
  // the report clock starts when the on-site inspection ends, or when a test result settles (000 §21, `reportClockStart`)
  report: {
    clause: '000 §21',
    workingDays: 5,
    startedBy: ['OnSiteInspectionRecorded', 'TestResultRecorded'],
    endedBy: ['InspectionReported', 'TargetFoundUnreachable', 'InspectionHandedOver'],
  },
  feedback: { clause: '000 §22', workingDays: 5, startedBy: ['InspectionReported'], endedBy: ['FeedbackDelivered'] },
  entry: { clause: '000 §23', workingDays: 10, startedBy: ['FeedbackDelivered'], endedBy: ['ResultsEntered'] },
  publication: { clause: '002 §28.4', workingDays: 20, startedBy: ['TaskCompleted'], endedBy: ['ResultPublished', 'PublicationExempted'] },
  'objection-review': { clause: '002 §29', workingDays: 20, startedBy: ['ObjectionReceived'], endedBy: ['ObjectionReviewed'] },
  'review-feedback': { clause: '002 §29', workingDays: 15, startedBy: ['ObjectionReviewed'], endedBy: ['ObjectionReviewFedBack'] },
};

/** Every event type the duties read: the clocks' starts and ends, and the opening that names the department. */
export const DUTY_FACT_TYPES: readonly string[] = [
  'InspectionOpened',
  // whether a test is awaited decides when the report clock starts (000 §21)
  'ItemResultRecorded',
  // the jurisdiction taking a handed-over inspection up owes its own report (002 §30)
  'InspectionTakenOver',
  ...new Set(Object.values(DUTY_RULES).flatMap((rule) => [...rule.startedBy, ...rule.endedBy])),
];

/** One event of the inspection, its result or its task, with the person who recorded it (from the envelope). */
export interface DutyFact {
  readonly type: string;
  readonly data: unknown;
  readonly actorId: string | null;
}

export interface Duty {
  /** `<kind>:<taskId>:<targetId>`, with `:<objectionNumber>` for the objection duties; the dated duties' ids in calendar-duties.ts. */
  readonly dutyId: string;
  readonly kind: DutyKind | CalendarDutyKind;
  readonly clause: string;
  /** The task; null for a department's duty of a year (annual plan, registries). */
  readonly taskId: string | null;
  /** The target; null for a dated duty. */
  readonly targetId: string | null;
  /** A dated duty's year. */
  readonly year?: number;
  /** A dated duty's due day (calendar-duties.ts); absent for a working-day duty, whose due day is counted. */
  readonly fixedDueOn?: string;
  /** The department answerable for the duty; null while no event has named it. */
  readonly departmentId: string | null;
  /** The people answerable, where the events name them: the inspectors on site, or whoever recorded the start. */
  readonly responsible: readonly string[];
  readonly startedOn: string;
  readonly startedBy: string;
  readonly workingDays: number;
  readonly closedOn: string | null;
  readonly closedBy: string | null;
  readonly objectionNumber: number | null;
}

interface Closure {
  readonly on: string;
  readonly by: string;
}

interface ObjectionFacts {
  readonly receivedOn: string;
  readonly departmentId: string;
  readonly receivedBy: string | null;
  readonly reviewed: (Closure & { readonly reviewedBy: string }) | null;
  readonly fedBack: Closure | null;
}

interface InspectionFold {
  readonly departmentId: string | null;
  readonly openedBy: string | null;
  readonly inspectorIds: readonly string[];
  readonly reported: { readonly reportedOn: string; readonly departmentId: string } | null;
  readonly feedbackDeliveredOn: string | null;
  readonly enteredOn: string | null;
  readonly taskCompletedOn: string | null;
  readonly publication: (Closure & { readonly departmentId: string }) | null;
  readonly objections: Readonly<Record<number, ObjectionFacts>>;
}

const EMPTY: InspectionFold = {
  departmentId: null,
  openedBy: null,
  inspectorIds: [],
  reported: null,
  feedbackDeliveredOn: null,
  enteredOn: null,
  taskCompletedOn: null,
  publication: null,
  objections: {},
};

type Data = Record<string, unknown>;

function foldFact(fold: InspectionFold, fact: DutyFact, targetId: string): InspectionFold {
  const data = fact.data as Data;
  const str = (field: string) => data[field] as string;
  switch (fact.type) {
    case 'InspectionOpened':
      return { ...fold, departmentId: str('departmentId'), openedBy: fold.openedBy ?? fact.actorId };
    case 'OnSiteInspectionRecorded':
      return { ...fold, inspectorIds: [...new Set([...fold.inspectorIds, ...(data.inspectorIds as string[])])] };
    case 'InspectionTakenOver':
      return { ...fold, departmentId: str('departmentId') };
    case 'InspectionReported':
      return fold.reported ? fold : { ...fold, reported: { reportedOn: str('reportedOn'), departmentId: str('departmentId') } };
    case 'FeedbackDelivered':
      return { ...fold, feedbackDeliveredOn: fold.feedbackDeliveredOn ?? str('deliveredOn') };
    case 'ResultsEntered':
      return { ...fold, enteredOn: fold.enteredOn ?? str('enteredOn') };
    case 'TaskCompleted': {
      // a target handed over is published by its new jurisdiction; reported and unreachable ones by this task (002 §28.4, §30)
      const published = [...(data.reported as string[]), ...(data.unreachable as string[])];
      return published.includes(targetId) ? { ...fold, taskCompletedOn: fold.taskCompletedOn ?? str('completedOn') } : fold;
    }
    case 'ResultPublished':
    case 'PublicationExempted': {
      if (fold.publication) return fold;
      const on = fact.type === 'ResultPublished' ? str('publishedOn') : str('decidedOn');
      return { ...fold, publication: { on, by: fact.type, departmentId: str('departmentId') } };
    }
    case 'ObjectionReceived': {
      const number = data.objectionNumber as number;
      if (fold.objections[number]) return fold;
      const objection: ObjectionFacts = {
        receivedOn: str('receivedOn'),
        departmentId: str('departmentId'),
        receivedBy: fact.actorId,
        reviewed: null,
        fedBack: null,
      };
      return { ...fold, objections: { ...fold.objections, [number]: objection } };
    }
    case 'ObjectionReviewed': {
      const number = data.objectionNumber as number;
      const objection = fold.objections[number];
      if (!objection || objection.reviewed) return fold;
      const reviewed = { on: str('reviewedOn'), by: fact.type, reviewedBy: str('reviewedBy') };
      return { ...fold, objections: { ...fold.objections, [number]: { ...objection, reviewed } } };
    }
    case 'ObjectionReviewFedBack': {
      const number = data.objectionNumber as number;
      const objection = fold.objections[number];
      if (!objection || objection.fedBack) return fold;
      return { ...fold, objections: { ...fold.objections, [number]: { ...objection, fedBack: { on: str('fedBackOn'), by: fact.type } } } };
    }
    default:
      return fold;
  }
}

/**
 * Every duty the facts have started so far, open or closed. `facts` are the events of
 * `inspection-<taskId>-<targetId>`, `result-<taskId>-<targetId>` and the task's TaskCompleted, in
 * the order they were recorded; other event types are skipped. The first closing event counts.
 */
export function deriveDuties(taskId: string, targetId: string, facts: readonly DutyFact[]): Duty[] {
  const fold = facts.reduce((state, fact) => foldFact(state, fact, targetId), EMPTY);
  const duty = (kind: DutyKind, fields: DutyFields, objectionNumber: number | null = null) =>
    makeDuty(kind, taskId, targetId, fields, objectionNumber === null ? null : String(objectionNumber), objectionNumber);
  const onSite = fold.inspectorIds.length > 0 ? fold.inspectorIds : fold.openedBy ? [fold.openedBy] : [];
  const departmentId = fold.departmentId ?? fold.reported?.departmentId ?? fold.publication?.departmentId ?? null;
  const duties: Duty[] = [];

  duties.push(...reportDuties(taskId, targetId, facts, fold.openedBy));
  if (fold.reported) {
    const { reportedOn } = fold.reported;
    const delivered = fold.feedbackDeliveredOn;
    duties.push(
      duty('feedback', {
        departmentId: fold.reported.departmentId,
        responsible: onSite,
        startedOn: reportedOn,
        startedBy: 'InspectionReported',
        closedOn: delivered,
        closedBy: delivered === null ? null : 'FeedbackDelivered',
      }),
    );
  }
  if (fold.feedbackDeliveredOn) {
    duties.push(
      duty('entry', {
        departmentId,
        responsible: onSite,
        startedOn: fold.feedbackDeliveredOn,
        startedBy: 'FeedbackDelivered',
        closedOn: fold.enteredOn,
        closedBy: fold.enteredOn === null ? null : 'ResultsEntered',
      }),
    );
  }
  if (fold.taskCompletedOn) {
    duties.push(
      duty('publication', {
        departmentId,
        responsible: fold.openedBy ? [fold.openedBy] : [],
        startedOn: fold.taskCompletedOn,
        startedBy: 'TaskCompleted',
        closedOn: fold.publication?.on ?? null,
        closedBy: fold.publication?.by ?? null,
      }),
    );
  }
  for (const [key, objection] of Object.entries(fold.objections)) {
    const number = Number(key);
    duties.push(
      duty(
        'objection-review',
        {
          departmentId: objection.departmentId,
          responsible: objection.receivedBy ? [objection.receivedBy] : [],
          startedOn: objection.receivedOn,
          startedBy: 'ObjectionReceived',
          closedOn: objection.reviewed?.on ?? null,
          closedBy: objection.reviewed?.by ?? null,
        },
        number,
      ),
    );
    if (objection.reviewed) {
      duties.push(
        duty(
          'review-feedback',
          {
            departmentId: objection.departmentId,
            responsible: [objection.reviewed.reviewedBy],
            startedOn: objection.reviewed.on,
            startedBy: 'ObjectionReviewed',
            closedOn: objection.fedBack?.on ?? null,
            closedBy: objection.fedBack?.by ?? null,
          },
          number,
        ),
      );
    }
  }
  return duties;
}

type DutyFields = Omit<Duty, 'dutyId' | 'kind' | 'clause' | 'taskId' | 'targetId' | 'workingDays' | 'objectionNumber'>;

function makeDuty(kind: DutyKind, taskId: string, targetId: string, fields: DutyFields, suffix: string | null, objectionNumber: number | null): Duty {
  return {
    dutyId: [kind, taskId, targetId, ...(suffix === null ? [] : [suffix])].join(':'),
    kind,
    clause: DUTY_RULES[kind].clause,
    taskId,
    targetId,
    workingDays: DUTY_RULES[kind].workingDays,
    objectionNumber,
    ...fields,
  };
}

/** The first fact of one of the types, with the date the named field gives. */
function firstFact(facts: readonly DutyFact[], dateField: Readonly<Record<string, string>>): (Closure & { readonly data: Data }) | null {
  const fact = facts.find((candidate) => candidate.type in dateField);
  if (!fact) return null;
  const data = fact.data as Data;
  return { on: data[dateField[fact.type]] as string, by: fact.type, data };
}

/**
 * The report duties (000 §21): one for the department that opened the inspection and, after a
 * hand-over, one for each jurisdiction that took it up (InspectionTakenOver), whose duty id ends
 * in its department id. The clock starts as `reportClockStart` says for a record on its own (a
 * combined visit's other records live in other streams: counted from this record's own facts);
 * a report recorded without them starts it on its `concludedOn`. A target found unreachable or a
 * hand-over closes the duty as completed (002 §30); one without any start closes the day it opens.
 */
function reportDuties(taskId: string, targetId: string, facts: readonly DutyFact[], openedBy: string | null): Duty[] {
  const opening = facts.filter((fact) => fact.type === 'InspectionOpened');
  const holders: { departmentId: string | null; takenOverBy: string | null; facts: DutyFact[] }[] = [{ departmentId: null, takenOverBy: null, facts: [] }];
  for (const fact of facts) {
    if (fact.type === 'InspectionTakenOver')
      holders.push({ departmentId: (fact.data as Data).departmentId as string, takenOverBy: fact.actorId, facts: [...opening] });
    else holders[holders.length - 1].facts.push(fact);
  }
  return holders.flatMap((holder, index) => {
    const clockStart = reportClockStart(holder.facts as readonly DomainEvent[]);
    const reported = firstFact(holder.facts, { InspectionReported: 'reportedOn' });
    const outcome = firstFact(holder.facts, { TargetFoundUnreachable: 'recordedOn', InspectionHandedOver: 'handedOverOn' });
    const onSite = holder.facts.filter((fact) => fact.type === 'OnSiteInspectionRecorded');
    const start: Closure | null =
      clockStart !== null
        ? { on: clockStart, by: onSite.some((fact) => (fact.data as Data).endedOn === clockStart) ? 'OnSiteInspectionRecorded' : 'TestResultRecorded' }
        : reported
          ? { on: reported.data.concludedOn as string, by: reported.by }
          : outcome;
    if (!start) return [];
    const end = firstOf(reported, outcome);
    const opened = firstFact(holder.facts, { InspectionOpened: 'openedOn' });
    const departmentId =
      holder.departmentId ??
      ((end?.by === 'InspectionHandedOver' ? outcome?.data.fromDepartmentId : (opened ?? reported)?.data.departmentId) as string | undefined) ??
      null;
    const inspectors = [...new Set(onSite.flatMap((fact) => (fact.data as Data).inspectorIds as string[]))];
    const recorder = index === 0 ? openedBy : holder.takenOverBy;
    const fields: DutyFields = {
      departmentId,
      responsible: inspectors.length > 0 ? inspectors : recorder ? [recorder] : [],
      startedOn: start.on,
      startedBy: start.by,
      closedOn: end?.on ?? null,
      closedBy: end?.by ?? null,
    };
    return [makeDuty('report', taskId, targetId, fields, index === 0 ? null : holder.departmentId, null)];
  });
}

/** The earlier of two closures by date; the first given wins a tie. */
function firstOf(a: Closure | null, b: Closure | null): Closure | null {
  if (!a || !b) return a ?? b;
  return b.on < a.on ? b : a;
}

/** What the duties need of a working-day calendar; `WorkingDayCalendar` of libs/calendar is one. */
export interface WorkingDayCounter {
  addWorkingDays(start: string, n: number): { readonly date: string; readonly provisional: boolean; readonly provisionalYears: number[] };
  workingDaysBetween(from: string, to: string): { readonly count: number };
}

/**
 * The escalation ladder (003 §3(4)): 提醒 a reminder while open and close to the deadline, 督办
 * supervision once overdue, 问责 accountability for a duty closed after its deadline.
 */
export const LADDER_STATES = ['pending', 'reminder', 'overdue', 'closed-on-time', 'closed-late'] as const;
export type LadderState = (typeof LADDER_STATES)[number];

/** Working days before the deadline from which an open duty is reminded (提醒). */
export const DEFAULT_REMINDER_DAYS = 2;

export interface DutyAssessment {
  readonly dueOn: string;
  /** The due date was counted through a year without an official schedule: it may move once that is published. */
  readonly provisional: boolean;
  readonly provisionalYears: number[];
  readonly state: LadderState;
}

/**
 * Where a duty stands at the end of `asOf` (YYYY-MM-DD), or null when it had not started by then.
 * A duty closed after `asOf` was still open on that day. Done by the end of the due day is on
 * time (docs/deadlines.md, the counting convention).
 */
export function assessDuty(duty: Duty, calendar: WorkingDayCounter, asOf: string, reminderDays = DEFAULT_REMINDER_DAYS): DutyAssessment | null {
  if (duty.startedOn > asOf) return null;
  const due =
    duty.fixedDueOn !== undefined
      ? { date: duty.fixedDueOn, provisional: false, provisionalYears: [] }
      : calendar.addWorkingDays(duty.startedOn, duty.workingDays);
  const closedOn = duty.closedOn !== null && duty.closedOn <= asOf ? duty.closedOn : null;
  let state: LadderState;
  if (closedOn !== null) state = closedOn <= due.date ? 'closed-on-time' : 'closed-late';
  else if (asOf > due.date) state = 'overdue';
  else state = calendar.workingDaysBetween(asOf, due.date).count <= reminderDays ? 'reminder' : 'pending';
  return { dueOn: due.date, provisional: due.provisional, provisionalYears: due.provisionalYears, state };
}
