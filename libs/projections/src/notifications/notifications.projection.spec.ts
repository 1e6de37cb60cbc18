import { RecordedEvent } from '@app/event-store';
import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import { recordedEvent } from '../testing';
import {
  NOTIFICATIONS,
  NOTIFICATIONS_OUTBOX_INDEX,
  NotificationView,
  notificationsOfDepartmentIndex,
  notificationsOfPersonIndex,
  notificationsProjection,
} from './notifications.projection';

const duty = {
  dutyId: 'report:food-2025:T1',
  kind: 'report',
  clause: '000 §21',
  taskId: 'food-2025',
  targetId: 'T1',
  departmentId: 'lingling',
  responsible: ['insp-1', 'insp-2'],
  startedOn: '2025-09-26',
  dueOn: '2025-10-10',
  closedOn: null,
  provisional: false,
  actingDepartmentId: 'yongzhou',
};
const supervision = recordedEvent({
  type: 'DutySupervisionOrdered',
  data: { ...duty, orderedOn: '2025-10-13', instruction: '三个工作日内报送检查报告' },
  position: 7,
  actorId: 'head-yz',
  recordedAt: '2025-10-13T01:00:00.000Z',
});
const accountability = recordedEvent({
  type: 'AccountabilityPursued',
  data: { ...duty, pursuedOn: '2025-10-20', ladderState: 'overdue', reason: '责令书面检查' },
  position: 9,
  actorId: 'head-yz',
  recordedAt: '2025-10-20T01:00:00.000Z',
});

async function project(events: RecordedEvent[]) {
  const store = new MemoryReadStore();
  await store.commit(await writesForBatch(events, [notificationsProjection], store), { name: 't', expected: null, next: '1/1' });
  return store;
}
const members = async (store: MemoryReadStore, index: string) => (await store.rangeIndex(index)).map((entry) => [entry.member, entry.score]);

// 003 §3(4): each recorded 督办 and 问责 notifies the people answerable for the duty and their department.
describe('notifications projection', () => {
  it('makes one notification per act, addressed to the people answerable, in outbox order', async () => {
    const store = await project([supervision, accountability]);
    expect(await store.getDocument<NotificationView>(NOTIFICATIONS, supervision.id)).toEqual({
      notificationId: supervision.id,
      kind: 'supervision',
      position: '7/7',
      dutyId: 'report:food-2025:T1',
      dutyKind: 'report',
      clause: '000 §21',
      taskId: 'food-2025',
      targetId: 'T1',
      departmentId: 'lingling',
      recipients: ['insp-1', 'insp-2'],
      startedOn: '2025-09-26',
      dueOn: '2025-10-10',
      closedOn: null,
      actedOn: '2025-10-13',
      actorId: 'head-yz',
      actingDepartmentId: 'yongzhou',
      message: '三个工作日内报送检查报告',
      recordedAt: '2025-10-13T01:00:00.000Z',
    });
    expect(await store.getDocument<NotificationView>(NOTIFICATIONS, accountability.id)).toMatchObject({
      kind: 'accountability',
      actedOn: '2025-10-20',
      message: '责令书面检查',
    });
    expect(await members(store, NOTIFICATIONS_OUTBOX_INDEX)).toEqual([
      [supervision.id, 7],
      [accountability.id, 9],
    ]);
    expect(await members(store, notificationsOfPersonIndex('insp-2'))).toEqual(await members(store, NOTIFICATIONS_OUTBOX_INDEX));
    expect(await members(store, notificationsOfDepartmentIndex('lingling'))).toHaveLength(2);
    expect(await members(store, notificationsOfPersonIndex('head-yz'))).toEqual([]);
  });
});
