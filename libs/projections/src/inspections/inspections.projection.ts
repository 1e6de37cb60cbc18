/**
 * Inspection records (检查记录) as staff read them: one document per target under a task with
 * everything recorded on `inspection-<taskId>-<targetId>` and a status, and an index of a task's
 * records for the per-task list. Staff-only: what the public sees is published separately.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, ReadChange, indexAdd, update } from '@app/read-store';
import type {
  EvidenceReference,
  InspectionEvent,
  InspectionReported,
  ItemResultRecorded,
  OnSiteInspectionRecorded,
  PreCheckRecorded,
  TargetFoundUnreachable,
  TestResultRecorded,
  ViolationReferred,
} from '@app/domain';

type Without<T, K extends keyof T> = Omit<T, K>;
type Ids = 'taskId' | 'targetId';

/**
 * Where the record stands: opened → inspected (on-site recorded) → reported → fed-back → entered;
 * or unreachable (002 §30, closed); or handed-over while the receiving department has not taken
 * it up yet.
 */
export type InspectionStatus = 'opened' | 'inspected' | 'unreachable' | 'handed-over' | 'reported' | 'fed-back' | 'entered';

export interface InspectionItemView {
  itemId: string;
  /** null until a result is recorded. */
  result: ItemResultRecorded['data']['result'] | null;
  findings: string;
  evidence: EvidenceReference[];
  recordedOn: string | null;
  tests: Without<TestResultRecorded['data'], Ids | 'itemId'>[];
}

export interface InspectionHandoverView {
  fromDepartmentId: string;
  toDepartmentId: string;
  handedOverOn: string;
  takenOverOn: string | null;
}

export interface InspectionView {
  taskId: string;
  targetId: string;
  /** The executing department now. */
  departmentId: string;
  /** Every department that executed the record: the opener, then each that took it over. */
  departmentIds: string[];
  status: InspectionStatus;
  openedOn: string;
  preChecks: Without<PreCheckRecorded['data'], Ids>[];
  onSite: Without<OnSiteInspectionRecorded['data'], Ids> | null;
  items: InspectionItemView[];
  unreachable: Without<TargetFoundUnreachable['data'], Ids> | null;
  handovers: InspectionHandoverView[];
  report: Without<InspectionReported['data'], Ids> | null;
  feedback: { channel: 'direct' | 'post'; deliveredOn: string } | null;
  enteredOn: string | null;
  referrals: Without<ViolationReferred['data'], Ids>[];
  updatedAt: string;
}

export const INSPECTIONS = 'inspections';
export const inspectionId = (taskId: string, targetId: string) => `${taskId}/${targetId}`;
/** A task's inspection records, scored by the log position they were opened at. */
export const taskInspectionsIndex = (taskId: string) => `inspections:task:${taskId}`;

/** The stream already names the task and the target: the document does not repeat them per part. */
function withoutIds<T extends { taskId: string; targetId: string }>(data: T): Without<T, Ids> {
  const copy: Partial<T> = { ...data };
  delete copy.taskId;
  delete copy.targetId;
  return copy as Without<T, Ids>;
}

function statusOf(view: InspectionView): InspectionStatus {
  if (view.unreachable) return 'unreachable';
  if (view.enteredOn) return 'entered';
  if (view.feedback) return 'fed-back';
  if (view.report) return 'reported';
  if (view.handovers.some((h) => h.takenOverOn === null)) return 'handed-over';
  return view.onSite ? 'inspected' : 'opened';
}

function apply(event: InspectionEvent, view: InspectionView): InspectionView {
  switch (event.type) {
    case 'InspectionOpened':
      return view;
    case 'PreCheckRecorded': {
      const { checkedOn, sources, notes } = event.data;
      return { ...view, preChecks: [...view.preChecks, { checkedOn, sources, notes }] };
    }
    case 'OnSiteInspectionRecorded':
      return { ...view, onSite: withoutIds(event.data) };
    case 'ItemResultRecorded': {
      const { itemId, result, findings, evidence, recordedOn } = event.data;
      // a corrected result starts the item afresh: earlier test results belonged to the earlier result
      return { ...view, items: view.items.map((item) => (item.itemId === itemId ? { itemId, result, findings, evidence, recordedOn, tests: [] } : item)) };
    }
    case 'TestResultRecorded': {
      const { laboratory, conclusion, deliveredOn, settledOn, evidence } = event.data;
      const test = { laboratory, conclusion, deliveredOn, settledOn, evidence };
      return { ...view, items: view.items.map((item) => (item.itemId === event.data.itemId ? { ...item, tests: [...item.tests, test] } : item)) };
    }
    case 'TargetFoundUnreachable': {
      const { reason, recordedOn, evidence } = event.data;
      return { ...view, unreachable: { reason, recordedOn, evidence } };
    }
    case 'InspectionHandedOver': {
      const { fromDepartmentId, toDepartmentId, handedOverOn } = event.data;
      return { ...view, handovers: [...view.handovers, { fromDepartmentId, toDepartmentId, handedOverOn, takenOverOn: null }] };
    }
    case 'InspectionTakenOver': {
      const { departmentId, takenOverOn } = event.data;
      const handovers = view.handovers.map((h) => (h.takenOverOn === null && h.toDepartmentId === departmentId ? { ...h, takenOverOn } : h));
      return { ...view, departmentId, departmentIds: [...new Set([...view.departmentIds, departmentId])], handovers };
    }
    case 'InspectionReported':
      return { ...view, report: withoutIds(event.data) };
    case 'FeedbackDelivered':
      return { ...view, feedback: { channel: event.data.channel, deliveredOn: event.data.deliveredOn } };
    case 'ResultsEntered':
      return { ...view, enteredOn: event.data.enteredOn };
    case 'ViolationReferred': {
      const { to, referenceNumber, referredOn } = event.data;
      return { ...view, referrals: [...view.referrals, { to, referenceNumber, referredOn }] };
    }
  }
}

export const inspectionsProjection: Projection = {
  name: 'inspections',
  eventTypes: [
    'InspectionOpened',
    'PreCheckRecorded',
    'OnSiteInspectionRecorded',
    'ItemResultRecorded',
    'TestResultRecorded',
    'TargetFoundUnreachable',
    'InspectionHandedOver',
    'InspectionTakenOver',
    'InspectionReported',
    'FeedbackDelivered',
    'ResultsEntered',
    'ViolationReferred',
  ],
  project(recorded: RecordedEvent): ReadChange[] {
    const event = { type: recorded.type, data: recorded.data } as InspectionEvent;
    const { taskId, targetId } = event.data;
    const id = inspectionId(taskId, targetId);
    const updatedAt = recorded.metadata.recordedAt;
    if (event.type === 'InspectionOpened') {
      const { departmentId, itemIds, openedOn } = event.data;
      const view: InspectionView = {
        taskId,
        targetId,
        departmentId,
        departmentIds: [departmentId],
        status: 'opened',
        openedOn,
        preChecks: [],
        onSite: null,
        items: itemIds.map((itemId) => ({ itemId, result: null, findings: '', evidence: [], recordedOn: null, tests: [] })),
        unreachable: null,
        handovers: [],
        report: null,
        feedback: null,
        enteredOn: null,
        referrals: [],
        updatedAt,
      };
      return [update<InspectionView>(INSPECTIONS, id, () => view), indexAdd(taskInspectionsIndex(taskId), targetId, Number(recorded.position.commit))];
    }
    return [
      update<InspectionView>(INSPECTIONS, id, (current) => {
        if (!current) return null;
        const next = { ...apply(event, current), updatedAt };
        return { ...next, status: statusOf(next) };
      }),
    ];
  },
};
