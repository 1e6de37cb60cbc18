/**
 * Recording an inspection outside the random regime (000 §11, 002 §2): once, for a registered
 * target, with what prompted it and what was found. It changes no quota: only draws use quota.
 */
import { Decider } from '../shared/decider';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { CASE_TRIGGERS, CaseInspectionEvent, CaseTrigger } from './case-inspection.events';

export interface RecordNonRandomInspection {
  readonly type: 'RecordNonRandomInspection';
  readonly inspectionId: string;
  readonly departmentId: string;
  readonly targetId: string;
  /** The target is in the registry (an outside fact the handler reads). */
  readonly targetRegistered: boolean;
  readonly trigger: CaseTrigger;
  readonly source: string;
  readonly inspectedOn: string;
  readonly findings: string;
  readonly foundProblems: boolean;
  /** Today, from the handler's clock. */
  readonly recordedOn: string;
}

export type CaseInspectionCommand = RecordNonRandomInspection;

export type CaseInspectionState = { readonly status: 'none' } | { readonly status: 'recorded'; readonly recordedOn: string };

const initialState: CaseInspectionState = { status: 'none' };

function decide(command: CaseInspectionCommand, state: CaseInspectionState): CaseInspectionEvent[] {
  if (state.status === 'recorded') throw new IllegalStateError(`inspection ${command.inspectionId} was recorded on ${state.recordedOn}`, 'inspectionId');
  if (!command.targetRegistered) throw new NotFoundError(`target ${command.targetId} is not registered`, 'targetId');
  if (!CASE_TRIGGERS.includes(command.trigger)) throw new ValidationError(`trigger must be one of ${CASE_TRIGGERS.join(', ')}`, 'trigger');
  const source = command.source.trim();
  if (!source) throw new ValidationError('say what prompted the inspection: the work order, the referring document, …', 'source');
  const findings = command.findings.trim();
  if (!findings) throw new ValidationError('an inspection records what it found', 'findings');
  if (command.inspectedOn > command.recordedOn) {
    throw new ValidationError(`inspectedOn ${command.inspectedOn} is after today (${command.recordedOn})`, 'inspectedOn');
  }
  const { inspectionId, departmentId, targetId, trigger, inspectedOn, foundProblems, recordedOn } = command;
  return [
    {
      type: 'NonRandomInspectionRecorded',
      data: { inspectionId, departmentId, targetId, trigger, source, inspectedOn, findings, foundProblems, recordedOn },
    },
  ];
}

function evolve(state: CaseInspectionState, event: CaseInspectionEvent): CaseInspectionState {
  return event.type === 'NonRandomInspectionRecorded' ? { status: 'recorded', recordedOn: event.data.recordedOn } : state;
}

export const caseInspectionDecider: Decider<CaseInspectionState, CaseInspectionCommand, CaseInspectionEvent> = { initialState, decide, evolve };
