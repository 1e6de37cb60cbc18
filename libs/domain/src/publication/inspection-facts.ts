/**
 * What completing a task and publishing a result need to know of one target's inspection,
 * folded from `inspection-<taskId>-<targetId>`: an outside fact the handlers load. The inspection
 * capability owns that stream and may add event types; this fold skips the ones it does not know.
 */
import { DomainEvent } from '../shared/decider';
import { InspectionEvent, InspectionReported, TargetFoundUnreachable } from '../inspection/inspection.events';
import { InspectionOutcome } from '../task/task.commands';

export interface InspectionFacts {
  /** The executing department that opened the inspection; null before it is opened. */
  readonly departmentId: string | null;
  readonly itemIds: readonly string[];
  /** reported wins over the special outcomes: a target handed over may be reported on by its new jurisdiction. */
  readonly outcome: InspectionOutcome;
  readonly report: InspectionReported['data'] | null;
  /** Why the target was not inspected (002 §30), as first recorded; null when it was not found so. */
  readonly unreachable: Pick<TargetFoundUnreachable['data'], 'reason' | 'recordedOn'> | null;
  /** The latest result per item; a test's conclusion settles an item awaiting it. */
  readonly itemResults: Readonly<Record<string, 'compliant' | 'non-compliant' | 'not-applicable' | 'awaiting-test'>>;
  /** Everyone recorded on site. */
  readonly inspectorIds: readonly string[];
  readonly feedbackDeliveredOn: string | null;
}

const initialState: InspectionFacts = {
  departmentId: null,
  itemIds: [],
  outcome: 'open',
  report: null,
  unreachable: null,
  itemResults: {},
  inspectorIds: [],
  feedbackDeliveredOn: null,
};

function evolve(facts: InspectionFacts, event: DomainEvent): InspectionFacts {
  const known = event as InspectionEvent;
  switch (known.type) {
    case 'InspectionOpened':
      return { ...facts, departmentId: known.data.departmentId, itemIds: [...known.data.itemIds] };
    case 'OnSiteInspectionRecorded':
      return { ...facts, inspectorIds: [...new Set([...facts.inspectorIds, ...known.data.inspectorIds])] };
    case 'ItemResultRecorded':
      return { ...facts, itemResults: { ...facts.itemResults, [known.data.itemId]: known.data.result } };
    case 'TestResultRecorded':
      return { ...facts, itemResults: { ...facts.itemResults, [known.data.itemId]: known.data.conclusion === 'pass' ? 'compliant' : 'non-compliant' } };
    case 'TargetFoundUnreachable':
      return facts.outcome === 'reported'
        ? facts
        : { ...facts, outcome: 'unreachable', unreachable: facts.unreachable ?? { reason: known.data.reason, recordedOn: known.data.recordedOn } };
    case 'InspectionHandedOver':
      return facts.outcome === 'open' ? { ...facts, outcome: 'handed-over' } : facts;
    case 'InspectionTakenOver':
      return { ...facts, departmentId: known.data.departmentId };
    case 'InspectionReported':
      return { ...facts, outcome: 'reported', report: known.data };
    case 'FeedbackDelivered':
      return { ...facts, feedbackDeliveredOn: known.data.deliveredOn };
    default:
      return facts;
  }
}

export const inspectionFacts = { initialState, evolve };
