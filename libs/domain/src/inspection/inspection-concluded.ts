import { DomainEvent } from '../shared/decider';

/**
 * The outcome of one target's inspection that later draws depend on: after a superior's
 * inspection found nothing, lower levels may not draw the same target for six months
 * (001 §2(2)1). The inspection capability records it when a report is filed.
 */
export type InspectionConcluded = DomainEvent<
  'InspectionConcluded',
  { targetId: string; departmentId: string; taskId: string; concludedOn: string; foundProblems: boolean }
>;
