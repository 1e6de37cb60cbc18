/**
 * The webhook delivery against a real HTTP server on loopback (no mocked fetch): notifications
 * arrive as JSON in outbox order, a refusal is retried with backoff, and a new deliverer resumes
 * after the last acknowledged one.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import { notificationsProjection } from '@app/projections';
import { recordedEvent } from '@app/projections/testing';
import { WEBHOOK_CHECKPOINT, WebhookDelivery } from './webhook-delivery';

const duty = {
  dutyId: 'report:food-2025:T1',
  kind: 'report',
  clause: '000 §21',
  taskId: 'food-2025',
  targetId: 'T1',
  departmentId: 'lingling',
  responsible: ['insp-1'],
  startedOn: '2025-09-26',
  dueOn: '2025-10-10',
  closedOn: null,
  provisional: false,
  actingDepartmentId: 'yongzhou',
};
const act = (position: number) =>
  position % 2 === 1
    ? recordedEvent({ type: 'DutySupervisionOrdered', data: { ...duty, orderedOn: '2025-10-13', instruction: `督办 ${position}` }, position })
    : recordedEvent({
        type: 'AccountabilityPursued',
        data: { ...duty, pursuedOn: '2025-10-20', ladderState: 'overdue', reason: `问责 ${position}` },
        position,
      });

interface Received {
  headers: IncomingMessage['headers'];
  body: { notificationId: string; kind: string; message: string; recipients: string[] };
}

describe('webhook delivery (at least once, in outbox order, resuming from its checkpoint)', () => {
  let server: Server;
  let url: string;
  let received: Received[];
  /** How many of the next requests the server refuses with 503. */
  let refuseNext: number;
  let refusals: number;
  const quiet = { warn: () => undefined, log: () => undefined };

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (refuseNext > 0) {
          refuseNext -= 1;
          refusals += 1;
          response.writeHead(503).end();
          return;
        }
        received.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/dsr`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received = [];
    refuseNext = 0;
    refusals = 0;
  });

  async function outbox(positions: number[], store = new MemoryReadStore()) {
    const events = positions.map(act);
    await store.commit(await writesForBatch(events, [notificationsProjection], store), {
      name: 'projector',
      expected: await store.getCheckpoint('projector'),
      next: `${positions.at(-1)}/${positions.at(-1)}`,
    });
    return { store, events };
  }

  it('posts each notification as JSON, in order, and moves its checkpoint only past acknowledged ones', async () => {
    const { store, events } = await outbox([3, 4]);
    const delivery = new WebhookDelivery(store, { url, owner: 'a', logger: quiet, backoffMs: 10 });
    expect(await delivery.deliverPending()).toBe(2);
    expect(received.map((r) => [r.body.notificationId, r.body.kind, r.body.message])).toEqual([
      [events[0].id, 'supervision', '督办 3'],
      [events[1].id, 'accountability', '问责 4'],
    ]);
    expect(received[0].headers['content-type']).toBe('application/json');
    expect(received[0].headers['x-notification-id']).toBe(events[0].id);
    expect(received[0].body.recipients).toEqual(['insp-1']);
    expect(await store.getCheckpoint(WEBHOOK_CHECKPOINT)).toBe('4');
    expect(await delivery.deliverPending()).toBe(0);
    await delivery.stop();
  });

  it('retries a refused notification with backoff, and never skips it', async () => {
    const { store } = await outbox([5]);
    refuseNext = 2;
    const delivery = new WebhookDelivery(store, { url, owner: 'a', logger: quiet, backoffMs: 10, maxBackoffMs: 40 });
    expect(await delivery.deliverPending()).toBe(1);
    expect(refusals).toBe(2);
    expect(received.map((r) => r.body.message)).toEqual(['督办 5']);
    await delivery.stop();
  });

  it('resumes after the last acknowledged notification when a new deliverer starts, and runs in the background', async () => {
    const { store } = await outbox([1]);
    const first = new WebhookDelivery(store, { url, owner: 'first', logger: quiet });
    await first.deliverPending();
    await first.stop();
    await outbox([2, 3], store);
    const second = new WebhookDelivery(store, { url, owner: 'second', logger: quiet, pollMs: 10 });
    second.start();
    for (let i = 0; i < 200 && received.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await second.stop();
    expect(received.map((r) => r.body.message)).toEqual(['督办 1', '问责 2', '督办 3']);
  });

  it('delivers nothing while another process holds the lease', async () => {
    const { store } = await outbox([7]);
    await store.acquireLease('notify-webhook', 'someone-else', 60_000);
    const delivery = new WebhookDelivery(store, { url, owner: 'a', logger: quiet });
    expect(await delivery.deliverPending()).toBe(0);
    expect(received).toEqual([]);
  });
});
