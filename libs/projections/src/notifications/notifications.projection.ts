/**
 * The notification outbox (issue 12 item 12; 003 §3(4)): every recorded act of the escalation
 * ladder — 督办 (DutySupervisionOrdered) and 问责 (AccountabilityPursued) — becomes one
 * notification addressed to the people answerable for the duty (its `responsible`) and to the
 * answerable department. Staff read theirs on the dashboard and at GET /notifications; the
 * webhook delivery (libs/platform/src/notifications) posts each to integrators in outbox order.
 *
 * One notification per act: the act's event id names it, and its log position orders the outbox
 * (`notifications:all`), so the delivery worker resumes after the last position it delivered.
 */
import { RecordedEvent, formatPosition } from '@app/event-store';
import { Projection, ReadChange, indexAdd, update } from '@app/read-store';
import type { AccountabilityPursued, CalendarDutyKind, DutyKind, DutySupervisionOrdered } from '@app/domain';

export const NOTIFICATION_KINDS = ['supervision', 'accountability'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationView {
  /** The id of the event that recorded the act: stable, for integrators to recognise a redelivery. */
  notificationId: string;
  /** supervision (督办) or accountability (问责). */
  kind: NotificationKind;
  /** The act's log position, `<commit>/<prepare>`: the outbox order. */
  position: string;
  dutyId: string;
  dutyKind: DutyKind | CalendarDutyKind;
  clause: string;
  /** null for a department's dated duty of a year. */
  taskId: string | null;
  targetId: string | null;
  /** The department answerable for the duty. */
  departmentId: string;
  /** The people notified: those answerable for the duty. */
  recipients: string[];
  startedOn: string;
  dueOn: string;
  closedOn: string | null;
  /** The day of the act. */
  actedOn: string;
  actorId: string;
  actingDepartmentId: string;
  /** The instruction of a 督办, the reason of a 问责. */
  message: string;
  recordedAt: string;
}

export const NOTIFICATIONS = 'notifications';
/** Every notification, scored by the act's commit position: the webhook's outbox. */
export const NOTIFICATIONS_OUTBOX_INDEX = 'notifications:all';
export const notificationsOfPersonIndex = (personId: string) => `notifications:person:${personId}`;
export const notificationsOfDepartmentIndex = (departmentId: string) => `notifications:department:${departmentId}`;

/** The outbox score of a position: its commit part (one act per command, so no two acts share one). */
export const outboxScore = (recorded: Pick<RecordedEvent, 'position'>) => Number(recorded.position.commit);

function notificationOf(recorded: RecordedEvent): NotificationView {
  const event = { type: recorded.type, data: recorded.data } as DutySupervisionOrdered | AccountabilityPursued;
  const { data } = event;
  const [kind, actedOn, message] =
    event.type === 'DutySupervisionOrdered'
      ? (['supervision', event.data.orderedOn, event.data.instruction] as const)
      : (['accountability', event.data.pursuedOn, event.data.reason] as const);
  return {
    notificationId: recorded.id,
    kind,
    position: formatPosition(recorded.position),
    dutyId: data.dutyId,
    dutyKind: data.kind,
    clause: data.clause,
    taskId: data.taskId,
    targetId: data.targetId,
    departmentId: data.departmentId,
    recipients: [...data.responsible],
    startedOn: data.startedOn,
    dueOn: data.dueOn,
    closedOn: data.closedOn,
    actedOn,
    actorId: recorded.metadata.actorId,
    actingDepartmentId: data.actingDepartmentId,
    message,
    recordedAt: recorded.metadata.recordedAt,
  };
}

export const notificationsProjection: Projection = {
  name: 'notifications',
  eventTypes: ['DutySupervisionOrdered', 'AccountabilityPursued'],
  project(recorded: RecordedEvent): ReadChange[] {
    const notification = notificationOf(recorded);
    const score = outboxScore(recorded);
    const id = notification.notificationId;
    return [
      update<NotificationView>(NOTIFICATIONS, id, () => notification),
      indexAdd(NOTIFICATIONS_OUTBOX_INDEX, id, score),
      indexAdd(notificationsOfDepartmentIndex(notification.departmentId), id, score),
      ...notification.recipients.map((person) => indexAdd(notificationsOfPersonIndex(person), id, score)),
    ];
  },
};
