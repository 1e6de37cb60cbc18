/**
 * The write side's view of one duty and the facts around it, read from the log itself (a rule is
 * never decided on a read model): the duty as `deriveDuties` names it from its inspection, result
 * and task streams; the working-day calendar with the schedules recorded in the log; where the
 * acting unit stands relative to the answerable department.
 */
import { Injectable } from '@nestjs/common';
import { RecordedEvent, comparePositions } from '@app/event-store';
import { WorkingDayCalendar, YearSchedule, chineseDaysSource } from '@app/calendar';
import {
  Actor,
  DUTY_FACT_TYPES,
  DUTY_KINDS,
  Duty,
  DutyFact,
  EscalationAuthority,
  departmentDecider,
  deriveDuties,
  departmentStream,
  holidayScheduleDecider,
  holidayScheduleStream,
  inspectionStream,
  resultStream,
  taskStream,
  upcast,
} from '@app/domain';
import { CommandRunner, OrganisationDirectory } from '@app/platform';

const RAW = { initialState: null, evolve: () => null };
const FACT_TYPES = new Set(DUTY_FACT_TYPES);

@Injectable()
export class DutyFacts {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: OrganisationDirectory,
  ) {}

  /**
   * The duty named `<kind>:<taskId>:<targetId>[:<suffix>]`, or null when none has started. A
   * target id may itself hold a colon, so both readings of the tail are tried against the duties
   * actually derived.
   */
  async duty(dutyId: string): Promise<Duty | null> {
    const [kind, taskId, ...rest] = dutyId.split(':');
    if (!(DUTY_KINDS as readonly string[]).includes(kind) || !taskId || rest.length === 0) return null;
    const targets = [rest.join(':'), ...(rest.length > 1 ? [rest.slice(0, -1).join(':')] : [])];
    for (const targetId of targets) {
      const found = deriveDuties(taskId, targetId, await this.facts(taskId, targetId)).find((duty) => duty.dutyId === dutyId);
      if (found) return found;
    }
    return null;
  }

  /** The facts of the inspection, its result and the task, in log order, as the deadlines projection sees them. */
  private async facts(taskId: string, targetId: string): Promise<DutyFact[]> {
    const streams = [inspectionStream(taskId, targetId), resultStream(taskId, targetId), taskStream(taskId)];
    const events: RecordedEvent[] = (await Promise.all(streams.map(async (stream) => (await this.runner.load(stream, RAW)).events))).flat();
    return events
      .filter((event) => FACT_TYPES.has(event.type))
      .sort((a, b) => comparePositions(a.position, b.position))
      .map((event) => ({ type: event.type, data: upcast(event.type, event.schemaVersion, event.data), actorId: event.metadata.actorId }));
  }

  /** The schedules adopted (and corrected) in the log for the years given; chinese-days and the statutory days for the rest. */
  async calendar(years: readonly number[]): Promise<WorkingDayCalendar> {
    const states = await Promise.all(years.map((year) => this.runner.load(holidayScheduleStream(year), holidayScheduleDecider)));
    const published: YearSchedule[] = states.flatMap(({ state }) =>
      state.status === 'adopted'
        ? [{ year: state.schedule.year, holidays: state.schedule.holidays, makeUpWorkdays: state.schedule.makeUpWorkdays, source: state.schedule.source }]
        : [],
    );
    return new WorkingDayCalendar(chineseDaysSource, published);
  }

  /** The answerable department's superiors, and the department whose discipline-inspection unit (纪检) the actor acts for, if any. */
  async authority(actor: Actor, answerable: string | null): Promise<EscalationAuthority> {
    const superiors = answerable === null ? [] : (await this.directory.jurisdiction(answerable)).superiors;
    let disciplineUnitOf: string | null = null;
    for (const departmentId of answerable === null ? [] : [answerable, ...superiors]) {
      const { state } = await this.runner.load(departmentStream(departmentId), departmentDecider);
      if (state.status === 'registered' && state.units.get(actor.unit) === 'discipline') {
        disciplineUnitOf = departmentId;
        break;
      }
    }
    return { actingUnit: actor.unit, role: actor.role, superiorsOfAnswerable: superiors, disciplineUnitOf };
  }
}
