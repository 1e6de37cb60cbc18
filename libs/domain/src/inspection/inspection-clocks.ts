/**
 * When the report clock of 000 §21 starts, from one target's inspection events: 报告 within 5
 * working days after the inspection of one target ends; where testing is needed, after the
 * objection period ends or the retest result is delivered (the test result's `settledOn`); for a
 * combined inspection (进一次门、查多项事: several tasks merged into one visit), after the last
 * item's result. The deadline tracking counts the 5 working days from the date returned here.
 * Events of other types are skipped, so raw stream events can be passed as they are read.
 */
import { DomainEvent } from '../shared/decider';
import { InspectionEvent } from './inspection.events';

interface ClockFacts {
  readonly itemIds: readonly string[];
  readonly endedOn: string | null;
  /** The latest result per item. */
  readonly results: Readonly<Record<string, { readonly awaitingTest: boolean; readonly recordedOn: string }>>;
  /** The latest test result's settledOn per item, cleared when the item's result is recorded again. */
  readonly settled: Readonly<Record<string, string>>;
  /** A special outcome of 002 §30 closed the record: no report is due. */
  readonly closed: boolean;
}

function factsOf(events: readonly DomainEvent[]): ClockFacts {
  let facts: ClockFacts = { itemIds: [], endedOn: null, results: {}, settled: {}, closed: false };
  for (const raw of events) {
    const event = raw as InspectionEvent;
    switch (event.type) {
      case 'InspectionOpened':
        facts = { ...facts, itemIds: event.data.itemIds };
        break;
      case 'OnSiteInspectionRecorded':
        facts = { ...facts, endedOn: event.data.endedOn };
        break;
      case 'ItemResultRecorded': {
        const settled = Object.fromEntries(Object.entries(facts.settled).filter(([itemId]) => itemId !== event.data.itemId));
        const result = { awaitingTest: event.data.result === 'awaiting-test', recordedOn: event.data.recordedOn };
        facts = { ...facts, results: { ...facts.results, [event.data.itemId]: result }, settled };
        break;
      }
      case 'TestResultRecorded':
        facts = { ...facts, settled: { ...facts.settled, [event.data.itemId]: event.data.settledOn } };
        break;
      case 'TargetFoundUnreachable':
        facts = { ...facts, closed: true };
        break;
      default:
        break;
    }
  }
  return facts;
}

const latest = (dates: readonly string[]): string => dates.reduce((a, b) => (b > a ? b : a));

/** The day an item's result became final: its test's settledOn, or the day it was recorded; null while a test is unsettled. */
function itemSettledOn(facts: ClockFacts, itemId: string): string | null {
  const result = facts.results[itemId];
  if (!result) return null;
  if (!result.awaitingTest) return result.recordedOn;
  return facts.settled[itemId] ?? null;
}

/** One inspection on its own: the end of the on-site inspection, or the latest settled test when testing was needed. */
function singleStart(facts: ClockFacts): string | null {
  if (facts.closed || !facts.endedOn) return null;
  const tested = Object.keys(facts.results).filter((itemId) => facts.results[itemId].awaitingTest);
  const settled = tested.map((itemId) => itemSettledOn(facts, itemId));
  if (settled.some((date) => date === null)) return null;
  return latest([facts.endedOn, ...(settled as string[])]);
}

/** A combined inspection: the last item's result across every record of the visit; null until every item has a final one. */
function combinedStart(visit: readonly ClockFacts[]): string | null {
  if (visit.some((facts) => facts.closed || !facts.endedOn)) return null;
  const dates = visit.flatMap((facts) => facts.itemIds.map((itemId) => itemSettledOn(facts, itemId)));
  if (dates.length === 0 || dates.some((date) => date === null)) return null;
  return latest([...visit.map((facts) => facts.endedOn as string), ...(dates as string[])]);
}

/**
 * The date the 5-working-day report clock starts (000 §21), or null while it has not started
 * (no on-site record yet, a test result not yet settled, an item of a combined visit without a
 * result) or never will (a special outcome of 002 §30: no report is due).
 *
 * @param events this target's inspection events under one task, in stream order
 * @param visit for a combined inspection, the events of the other tasks' inspections of the same
 *   target on the same visit (`mergeVisits`); empty for an inspection on its own
 */
export function reportClockStart(events: readonly DomainEvent[], visit: readonly (readonly DomainEvent[])[] = []): string | null {
  const own = factsOf(events);
  if (visit.length === 0) return singleStart(own);
  return combinedStart([own, ...visit.map(factsOf)]);
}
