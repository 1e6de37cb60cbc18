/**
 * One target's inspection record under a task (DOMAIN.md, Inspection, report, publication:
 * 000 §21–25, 002 §24–32), stream `inspection-<taskId>-<targetId>`: opened by a department the
 * target was dispatched to, pre-check notes (002 §25), the on-site record (002 §26), one result
 * per checklist item of the task (一对象一表单, 002 §24) with third-party test results, the special
 * outcomes of 002 §30, then report (000 §21) → feedback (000 §22) → entry (000 §23), and
 * referrals of violations (000 §25, 002 §31).
 *
 * Decided here:
 * - Deadlines are not refused: late work is still recorded and judged by the deadline tracking
 *   (the clocks are in inspection-clocks.ts). Only the order of the steps is enforced.
 * - A special outcome closes the record: nothing more is recorded on it, not even feedback —
 *   a target absent from its registered address or no longer existing cannot be handed a result.
 * - A moved target is handed over on this same stream; the receiving department records
 *   InspectionTakenOver and is the executing department from then on (one form per target, so
 *   the record is not split). Between the two events nothing else may be recorded.
 * - The on-site inspectors are the group the executing department's matching drew for the
 *   target (000 §18, 002 §21); only a record taken over from another jurisdiction, for which
 *   the receiving department drew no group, accepts any active registered inspectors of it.
 * - Item results may be corrected until the report; the report is final here (corrections of
 *   published results belong to publication, 002 §29).
 */
import { Decider, assertNever } from '../shared/decider';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import {
  DeliverFeedback,
  HandOverInspection,
  InspectionCommand,
  OpenInspection,
  RecordItemResult,
  RecordOnSiteInspection,
  RecordTargetUnreachable,
  RecordTestResult,
  ReferViolation,
  ReportInspection,
} from './inspection.commands';
import { EvidenceReference, InspectionEvent, ItemResultRecorded, TargetFoundUnreachable } from './inspection.events';

export interface InspectionRecord {
  readonly status: 'open';
  readonly taskId: string;
  readonly targetId: string;
  /** The executing department now: the opener, or the department that took the record over. */
  readonly departmentId: string;
  readonly itemIds: readonly string[];
  readonly openedOn: string;
  /** The current department took the record over from another jurisdiction. */
  readonly takenOver: boolean;
  readonly onSite: { readonly startedOn: string; readonly endedOn: string } | null;
  readonly results: Readonly<Record<string, { readonly result: ItemResultRecorded['data']['result']; readonly recordedOn: string }>>;
  /** Per item awaiting a test, the `settledOn` of its latest test result. */
  readonly settled: Readonly<Record<string, string>>;
  readonly unreachable: { readonly reason: TargetFoundUnreachable['data']['reason']; readonly recordedOn: string } | null;
  /** A handover not yet taken up by the receiving department. */
  readonly handover: { readonly toDepartmentId: string; readonly handedOverOn: string } | null;
  readonly report: { readonly reportedOn: string; readonly foundProblems: boolean } | null;
  readonly feedbackOn: string | null;
  readonly enteredOn: string | null;
  readonly referrals: readonly { readonly to: ReferViolation['to']; readonly referenceNumber: string }[];
}

export type InspectionState = { readonly status: 'none' } | InspectionRecord;

const initialState: InspectionState = { status: 'none' };

/** 002 §21, §26: at least two inspectors on site. */
export const MIN_INSPECTORS_ON_SITE = 2;

const SHA256 = /^[0-9a-fA-F]{64}$/;

function decide(command: InspectionCommand, state: InspectionState): InspectionEvent[] {
  if (command.type === 'OpenInspection') return [open(command, state)];
  if (state.status === 'none') throw new NotFoundError('the inspection of this target has not been opened');
  const { taskId, targetId } = state;
  switch (command.type) {
    case 'TakeOverInspection': {
      if (!state.handover) throw new IllegalStateError(`the inspection of ${targetId} has not been handed over`);
      if (command.departmentId !== state.handover.toDepartmentId) {
        throw new ForbiddenError(`the inspection of ${targetId} was handed over to ${state.handover.toDepartmentId}, not ${command.departmentId}`);
      }
      notBefore(command.takenOverOn, state.handover.handedOverOn, 'takenOverOn', 'the handover');
      const data = { taskId, targetId, fromDepartmentId: state.departmentId, departmentId: command.departmentId, takenOverOn: command.takenOverOn };
      return [{ type: 'InspectionTakenOver', data }];
    }
    case 'RecordPreCheck': {
      inProgress(state);
      // 预查比对 prepares the visit (002 §25): after the on-site record it is no longer a pre-check
      if (state.onSite) throw new IllegalStateError(`the on-site inspection of ${targetId} is already recorded; a pre-check comes before it (002 §25)`);
      notBefore(command.checkedOn, state.openedOn, 'checkedOn', 'the inspection was opened');
      const notes = required(command.notes, 'notes');
      const sources = command.sources.map((s, i) => required(s, `sources.${i}`));
      if (sources.length === 0) throw new ValidationError('name at least one internal system the target was checked against (002 §25)', 'sources');
      return [{ type: 'PreCheckRecorded', data: { taskId, targetId, checkedOn: command.checkedOn, sources, notes } }];
    }
    case 'RecordOnSiteInspection':
      inProgress(state);
      return [onSite(command, state)];
    case 'RecordItemResult':
      inProgress(state);
      return [itemResult(command, state)];
    case 'RecordTestResult':
      inProgress(state);
      return [testResult(command, state)];
    case 'RecordTargetUnreachable':
      inProgress(state);
      return [unreachable(command, state)];
    case 'HandOverInspection':
      inProgress(state);
      return [handOver(command, state)];
    case 'ReportInspection':
      inProgress(state);
      return [report(command, state)];
    case 'DeliverFeedback':
      return [feedback(command, state)];
    case 'EnterResults': {
      notClosed(state);
      // 000 §23: the report and the feedback are entered once the feedback was delivered
      if (!state.feedbackOn) throw new IllegalStateError(`the feedback to ${targetId} has not been delivered; results are entered after it (000 §23)`);
      if (state.enteredOn) throw new IllegalStateError(`the results of ${targetId} were entered on ${state.enteredOn}`);
      notBefore(command.enteredOn, state.feedbackOn, 'enteredOn', 'the feedback was delivered');
      return [{ type: 'ResultsEntered', data: { taskId, targetId, enteredOn: command.enteredOn } }];
    }
    case 'ReferViolation':
      return [refer(command, state)];
    default:
      return assertNever(command);
  }
}

function open(command: OpenInspection, state: InspectionState): InspectionEvent {
  if (state.status !== 'none') {
    throw new IllegalStateError(`the inspection of ${command.targetId} under task ${command.taskId} was opened on ${state.openedOn} by ${state.departmentId}`);
  }
  if (!command.task) throw new NotFoundError(`task ${command.taskId} is not set up`, 'taskId');
  // only a target on the locked list dispatched to this department is inspected by it (002 §19, §24)
  if (!command.task.dispatchedTargetIds.includes(command.targetId)) {
    throw new IllegalStateError(`target ${command.targetId} was not dispatched to ${command.departmentId} under task ${command.taskId}`, 'targetId');
  }
  const { taskId, targetId, departmentId, openedOn } = command;
  return { type: 'InspectionOpened', data: { taskId, targetId, departmentId, itemIds: [...command.task.itemIds], openedOn } };
}

function onSite(command: RecordOnSiteInspection, state: InspectionRecord): InspectionEvent {
  if (state.onSite) throw new IllegalStateError(`the on-site inspection of ${state.targetId} was recorded (${state.onSite.startedOn}–${state.onSite.endedOn})`);
  const inspectorIds = [...new Set(command.inspectorIds)];
  // 002 §21: groups of at least two; 002 §26: at least two inspectors on site
  if (inspectorIds.length < MIN_INSPECTORS_ON_SITE) {
    throw new ValidationError(`at least ${MIN_INSPECTORS_ON_SITE} different inspectors must be present on site (002 §21, §26)`, 'inspectorIds');
  }
  checkInspectors(inspectorIds, command, state);
  // 002 §26: credentials shown (出示执法证件) and the notice handed over (送达检查通知书)
  if (!command.credentialsShown) throw new ValidationError('the inspectors must show their enforcement credentials (002 §26)', 'credentialsShown');
  if (!command.noticeDelivered) throw new ValidationError('the inspection notice must be handed to the target (002 §26)', 'noticeDelivered');
  // 002 §26: the target signs, or its refusal is noted with a witness
  const acknowledgement =
    command.acknowledgement.kind === 'signed'
      ? { kind: 'signed' as const, signedBy: required(command.acknowledgement.signedBy, 'acknowledgement.signedBy') }
      : { kind: 'refused' as const, witness: required(command.acknowledgement.witness, 'acknowledgement.witness') };
  const methods = [...new Set(command.methods)];
  if (methods.length === 0) throw new ValidationError('name at least one inspection method used', 'methods');
  notBefore(command.startedOn, state.openedOn, 'startedOn', 'the inspection was opened');
  notBefore(command.endedOn, command.startedOn, 'endedOn', 'the inspection started');
  return {
    type: 'OnSiteInspectionRecorded',
    data: {
      taskId: state.taskId,
      targetId: state.targetId,
      inspectorIds,
      credentialsShown: true,
      noticeDelivered: true,
      acknowledgement,
      methods,
      startedOn: command.startedOn,
      endedOn: command.endedOn,
      evidence: evidence(command.evidence),
    },
  };
}

function checkInspectors(inspectorIds: readonly string[], command: RecordOnSiteInspection, state: InspectionRecord): void {
  // 000 §18, 002 §23: an inspector with a declared interest in the target recuses before the visit
  for (const id of inspectorIds) {
    const conflict = command.registry[id]?.conflictWithTarget;
    if (conflict) {
      throw new IllegalStateError(
        `inspector ${id} declared a conflict of interest with ${state.targetId} on ${conflict.declaredOn} (${conflict.reason}); they recuse — swap or withdraw — before the on-site inspection is recorded (000 §18, 002 §23)`,
        'inspectorIds',
      );
    }
  }
  const joint = command.jointGroups ?? [];
  if (command.matchedInspectorIds && joint.length > 0) {
    // 004 §2(4): one visit, one record, every department of the joint task on it with its own group
    const waiting = joint.filter((group) => group.inspectorIds === null).map((group) => group.departmentId);
    if (waiting.length > 0) {
      throw new IllegalStateError(
        `${waiting.join(', ')} ${waiting.length === 1 ? 'has' : 'have'} not matched inspectors to ${state.targetId} yet; a joint task's visit is recorded with every department's group (004 §2(4))`,
        'inspectorIds',
      );
    }
    const groups = [{ departmentId: state.departmentId, inspectorIds: command.matchedInspectorIds }, ...joint] as { departmentId: string; inspectorIds: readonly string[] }[];
    const matched = groups.flatMap((group) => group.inspectorIds);
    const strangers = inspectorIds.filter((id) => !matched.includes(id));
    if (strangers.length > 0) {
      throw new ValidationError(
        `${strangers.join(', ')} ${strangers.length === 1 ? 'is' : 'are'} not in any group the departments of the joint task drew for ${state.targetId} (000 §18, 002 §21)`,
        'inspectorIds',
      );
    }
    const absent = groups.filter((group) => !group.inspectorIds.some((id) => inspectorIds.includes(id))).map((group) => group.departmentId);
    if (absent.length > 0) {
      throw new ValidationError(
        `no inspector of ${absent.join(', ')} is on the record; every department of the joint task takes part in the one visit (004 §2(4))`,
        'inspectorIds',
      );
    }
    return;
  }
  if (command.matchedInspectorIds) {
    // 000 §18, 002 §21: the inspectors are the group drawn for this target, not chosen by hand
    const strangers = inspectorIds.filter((id) => !command.matchedInspectorIds?.includes(id));
    if (strangers.length > 0) {
      throw new ValidationError(
        `${strangers.join(', ')} ${strangers.length === 1 ? 'is' : 'are'} not in the group drawn for ${state.targetId} (${command.matchedInspectorIds.join(', ')}) (000 §18, 002 §21)`,
        'inspectorIds',
      );
    }
    return;
  }
  if (!state.takenOver) {
    throw new IllegalStateError(
      `no inspectors have been matched to ${state.targetId} by ${state.departmentId}; they are drawn first (000 §18, 002 §21)`,
      'inspectorIds',
    );
  }
  for (const id of inspectorIds) {
    const inspector = command.registry[id];
    if (!inspector) throw new ValidationError(`inspector ${id} is not registered (000 §12)`, 'inspectorIds');
    if (!inspector.active || inspector.departmentId !== state.departmentId) {
      throw new ValidationError(`inspector ${id} is not an active inspector of ${state.departmentId} (000 §12)`, 'inspectorIds');
    }
  }
}

function itemResult(command: RecordItemResult, state: InspectionRecord): InspectionEvent {
  // 一对象一表单: the form has exactly the task's items (002 §24)
  if (!state.itemIds.includes(command.itemId)) {
    throw new ValidationError(`${command.itemId} is not an item of task ${state.taskId} (${state.itemIds.join(', ')})`, 'itemId');
  }
  const onSite = recordedOnSite(state, 'item results are recorded');
  notBefore(command.recordedOn, onSite.startedOn, 'recordedOn', 'the on-site inspection started');
  const findings = command.findings.trim();
  if (command.result === 'non-compliant' && !findings) throw new ValidationError('a non-compliant result needs its findings', 'findings');
  const data = {
    taskId: state.taskId,
    targetId: state.targetId,
    itemId: command.itemId,
    result: command.result,
    findings,
    evidence: evidence(command.evidence),
    recordedOn: command.recordedOn,
  };
  return { type: 'ItemResultRecorded', data };
}

function testResult(command: RecordTestResult, state: InspectionRecord): InspectionEvent {
  const current = state.results[command.itemId];
  if (current?.result !== 'awaiting-test') {
    throw new IllegalStateError(`item ${command.itemId} of ${state.targetId} is not awaiting a test result`, 'itemId');
  }
  const laboratory = required(command.laboratory, 'laboratory');
  notBefore(command.deliveredOn, current.recordedOn, 'deliveredOn', 'the item was recorded as awaiting the test');
  // 000 §21: the clock runs from the objection period's end or the retest's delivery, never before the delivery
  notBefore(command.settledOn, command.deliveredOn, 'settledOn', 'the test result was delivered');
  const { itemId, conclusion, deliveredOn, settledOn } = command;
  return {
    type: 'TestResultRecorded',
    data: { taskId: state.taskId, targetId: state.targetId, itemId, laboratory, conclusion, deliveredOn, settledOn, evidence: evidence(command.evidence) },
  };
}

function unreachable(command: RecordTargetUnreachable, state: InspectionRecord): InspectionEvent {
  // 002 §30 is about a target that could not be inspected: one inspected on site was reachable
  if (state.onSite) throw new IllegalStateError(`${state.targetId} was inspected on site on ${state.onSite.startedOn}; report the inspection (002 §30)`);
  if (command.reason === 'deregistered' && !command.target?.deregistered) {
    throw new IllegalStateError(`the registry does not show ${state.targetId} as deregistered; record the deregistration there first (002 §30)`, 'reason');
  }
  if (command.reason === 'revoked' && !command.target?.revoked) {
    throw new IllegalStateError(`the registry does not show ${state.targetId} as revoked; record the revocation there first (002 §30)`, 'reason');
  }
  notBefore(command.recordedOn, state.openedOn, 'recordedOn', 'the inspection was opened');
  const data = { taskId: state.taskId, targetId: state.targetId, reason: command.reason, recordedOn: command.recordedOn, evidence: evidence(command.evidence) };
  return { type: 'TargetFoundUnreachable', data };
}

function handOver(command: HandOverInspection, state: InspectionRecord): InspectionEvent {
  if (state.onSite) throw new IllegalStateError(`${state.targetId} was inspected on site on ${state.onSite.startedOn}; report the inspection (002 §30)`);
  if (command.toDepartmentId === state.departmentId) throw new ValidationError(`the inspection is already with ${state.departmentId}`, 'toDepartmentId');
  if (!command.toDepartmentRegistered) throw new NotFoundError(`department ${command.toDepartmentId} is not registered`, 'toDepartmentId');
  // 002 §30: handed to the new jurisdiction, which the registry names (谁管辖、谁维护)
  if (command.target?.departmentId !== command.toDepartmentId) {
    throw new IllegalStateError(
      `the registry shows ${state.targetId} under ${command.target?.departmentId ?? 'no department'}, not ${command.toDepartmentId}; record the move there first (002 §30)`,
      'toDepartmentId',
    );
  }
  notBefore(command.handedOverOn, state.openedOn, 'handedOverOn', 'the inspection was opened');
  const data = {
    taskId: state.taskId,
    targetId: state.targetId,
    fromDepartmentId: state.departmentId,
    toDepartmentId: command.toDepartmentId,
    handedOverOn: command.handedOverOn,
  };
  return { type: 'InspectionHandedOver', data };
}

function report(command: ReportInspection, state: InspectionRecord): InspectionEvent {
  const onSite = recordedOnSite(state, 'the report is made');
  const missing = state.itemIds.filter((id) => !state.results[id]);
  // 000 §21, 002 §24: one result per item of the form before the report
  if (missing.length > 0) throw new IllegalStateError(`no result yet for ${missing.join(', ')}; every item of the form needs one before the report (000 §21)`);
  const untested = state.itemIds.filter((id) => state.results[id].result === 'awaiting-test' && !state.settled[id]);
  // 000 §21: where testing is needed the report follows the objection period or the retest result
  if (untested.length > 0) throw new IllegalStateError(`${untested.join(', ')} still await a settled test result (000 §21)`);
  notBefore(command.reportedOn, onSite.endedOn, 'reportedOn', 'the inspection ended');
  for (const [itemId, settledOn] of Object.entries(state.settled))
    notBefore(command.reportedOn, settledOn, 'reportedOn', `the test result of ${itemId} settled`);
  return {
    type: 'InspectionReported',
    data: {
      taskId: state.taskId,
      targetId: state.targetId,
      departmentId: state.departmentId,
      reportedOn: command.reportedOn,
      concludedOn: onSite.endedOn,
      content: required(command.content, 'content'),
      findings: required(command.findings, 'findings'),
      evaluation: required(command.evaluation, 'evaluation'),
      handlingOpinion: required(command.handlingOpinion, 'handlingOpinion'),
      foundProblems: command.foundProblems,
    },
  };
}

function feedback(command: DeliverFeedback, state: InspectionRecord): InspectionEvent {
  notClosed(state);
  // 000 §22: the result is fed back after the report
  if (!state.report) throw new IllegalStateError(`${state.targetId} has not been reported on; feedback follows the report (000 §22)`);
  if (state.feedbackOn) throw new IllegalStateError(`the feedback was delivered to ${state.targetId} on ${state.feedbackOn}`);
  notBefore(command.deliveredOn, state.report.reportedOn, 'deliveredOn', 'the report');
  return { type: 'FeedbackDelivered', data: { taskId: state.taskId, targetId: state.targetId, channel: command.channel, deliveredOn: command.deliveredOn } };
}

function refer(command: ReferViolation, state: InspectionRecord): InspectionEvent {
  notClosed(state);
  if (!state.report) throw new IllegalStateError(`${state.targetId} has not been reported on; violations are referred on the report's findings (000 §25)`);
  // 000 §25, 002 §31: only violations are referred
  if (!state.report.foundProblems)
    throw new IllegalStateError(`the report on ${state.targetId} found no problems; there is nothing to refer (000 §25, 002 §31)`);
  if (state.referrals.some((r) => r.to === command.to)) throw new IllegalStateError(`${state.targetId} was already referred to ${command.to}`, 'to');
  const referenceNumber = required(command.referenceNumber, 'referenceNumber');
  notBefore(command.referredOn, state.report.reportedOn, 'referredOn', 'the report');
  return {
    type: 'ViolationReferred',
    data: { taskId: state.taskId, targetId: state.targetId, to: command.to, referenceNumber, referredOn: command.referredOn },
  };
}

/** A special outcome closes the record (002 §30). */
function notClosed(state: InspectionRecord): void {
  if (state.unreachable) {
    throw new IllegalStateError(
      `${state.targetId} was found ${describeReason(state.unreachable.reason)} on ${state.unreachable.recordedOn}: not inspected, counted as completed; the record is closed (002 §30)`,
    );
  }
}

/** Steps of the inspection itself: not on a closed record, not while a handover waits, not after the report. */
function inProgress(state: InspectionRecord): void {
  notClosed(state);
  if (state.handover) {
    throw new IllegalStateError(
      `the inspection of ${state.targetId} was handed over to ${state.handover.toDepartmentId}, which has not taken it over yet (002 §30)`,
    );
  }
  if (state.report) throw new IllegalStateError(`${state.targetId} was reported on on ${state.report.reportedOn}; the record of the inspection is final`);
}

function recordedOnSite(state: InspectionRecord, what: string): NonNullable<InspectionRecord['onSite']> {
  if (!state.onSite) throw new IllegalStateError(`the on-site inspection of ${state.targetId} has not been recorded; ${what} after it (002 §26)`);
  return state.onSite;
}

function describeReason(reason: TargetFoundUnreachable['data']['reason']): string {
  return reason === 'not-at-registered-address' ? 'not at its registered address' : reason;
}

function required(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new ValidationError(`${field} must not be empty`, field);
  return trimmed;
}

function notBefore(date: string, earliest: string, field: string, what: string): void {
  if (date < earliest) throw new ValidationError(`${field} ${date} is before ${what} (${earliest})`, field);
}

/** 一对象一档案 (002 §32): each file is referenced by its SHA-256, stored in lower case. */
function evidence(references: readonly EvidenceReference[]): EvidenceReference[] {
  return references.map((reference, i) => {
    if (!SHA256.test(reference.sha256)) throw new ValidationError('must be a SHA-256 of the file: 64 hexadecimal digits', `evidence.${i}.sha256`);
    return {
      name: required(reference.name, `evidence.${i}.name`),
      sha256: reference.sha256.toLowerCase(),
      mediaType: required(reference.mediaType, `evidence.${i}.mediaType`),
    };
  });
}

function evolve(state: InspectionState, event: InspectionEvent): InspectionState {
  if (event.type === 'InspectionOpened') {
    const { taskId, targetId, departmentId, itemIds, openedOn } = event.data;
    return {
      status: 'open',
      taskId,
      targetId,
      departmentId,
      itemIds,
      openedOn,
      takenOver: false,
      onSite: null,
      results: {},
      settled: {},
      unreachable: null,
      handover: null,
      report: null,
      feedbackOn: null,
      enteredOn: null,
      referrals: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'PreCheckRecorded':
      return state;
    case 'OnSiteInspectionRecorded':
      return { ...state, onSite: { startedOn: event.data.startedOn, endedOn: event.data.endedOn } };
    case 'ItemResultRecorded': {
      // a corrected result replaces the earlier one, and any test result it was waiting for
      const settled = Object.fromEntries(Object.entries(state.settled).filter(([itemId]) => itemId !== event.data.itemId));
      return { ...state, results: { ...state.results, [event.data.itemId]: { result: event.data.result, recordedOn: event.data.recordedOn } }, settled };
    }
    case 'TestResultRecorded':
      return { ...state, settled: { ...state.settled, [event.data.itemId]: event.data.settledOn } };
    case 'TargetFoundUnreachable':
      return { ...state, unreachable: { reason: event.data.reason, recordedOn: event.data.recordedOn } };
    case 'InspectionHandedOver':
      return { ...state, handover: { toDepartmentId: event.data.toDepartmentId, handedOverOn: event.data.handedOverOn } };
    case 'InspectionTakenOver':
      return { ...state, departmentId: event.data.departmentId, takenOver: true, handover: null };
    case 'InspectionReported':
      return { ...state, report: { reportedOn: event.data.reportedOn, foundProblems: event.data.foundProblems } };
    case 'FeedbackDelivered':
      return { ...state, feedbackOn: event.data.deliveredOn };
    case 'ResultsEntered':
      return { ...state, enteredOn: event.data.enteredOn };
    case 'ViolationReferred':
      return { ...state, referrals: [...state.referrals, { to: event.data.to, referenceNumber: event.data.referenceNumber }] };
    default:
      return assertNever(event);
  }
}

export const inspectionDecider: Decider<InspectionState, InspectionCommand, InspectionEvent> = { initialState, decide, evolve };
