/**
 * Delivers the notification outbox (libs/projections/src/notifications) to an integrator's
 * webhook (NOTIFY_WEBHOOK_URL): each notification is POSTed as JSON, in outbox order, at least
 * once. The position of the last one acknowledged (a 2xx answer) is kept as a read-store
 * checkpoint of its own (`notify-webhook`), committed fenced by a lease, so one deliverer runs
 * among several processes and a restart resumes after the last acknowledged notification. A
 * failed POST is retried with exponential backoff before the next is tried (order is kept);
 * commands never wait for it — it reads only the read store, after the projector has written.
 *
 * At least once: a crash between the 2xx and the checkpoint, or a read-store rebuild (which clears
 * every checkpoint), delivers again; integrators recognise a repeat by `notificationId`.
 */
import { ReadStore, LeaseLostError } from '@app/read-store';
import { NOTIFICATIONS, NOTIFICATIONS_OUTBOX_INDEX, NotificationView } from '@app/projections';

export const WEBHOOK_CHECKPOINT = 'notify-webhook';
const LEASE = 'notify-webhook';

export interface WebhookDeliveryOptions {
  readonly url: string;
  /** This process among all deliverers (see leaseOwner). */
  readonly owner: string;
  /** How often to look for new notifications when the outbox is drained. */
  readonly pollMs?: number;
  readonly leaseTtlMs?: number;
  /** The first retry waits this long; each further one twice as long, up to maxBackoffMs. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** One POST waits this long for an answer before it counts as failed. */
  readonly timeoutMs?: number;
  readonly logger: { warn(message: object): void; log(message: object): void };
}

export class WebhookDelivery {
  private stopped = false;
  private loop: Promise<void> | null = null;
  private token: number | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly reads: ReadStore,
    private readonly options: WebhookDeliveryOptions,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    if (this.token !== null) await this.reads.releaseLease(LEASE, this.options.owner, this.token).catch(() => undefined);
  }

  /** Delivers every notification after the checkpoint, one at a time; returns how many were acknowledged. */
  async deliverPending(): Promise<number> {
    if (!(await this.holdLease())) return 0;
    let delivered = 0;
    for (;;) {
      const checkpoint = await this.reads.getCheckpoint(WEBHOOK_CHECKPOINT);
      const after = checkpoint === null ? -Infinity : Number(checkpoint);
      const entries = (await this.reads.rangeIndex(NOTIFICATIONS_OUTBOX_INDEX, { min: after, limit: 50 })).filter((entry) => entry.score > after);
      if (entries.length === 0 || this.stopped) return delivered;
      let expected = checkpoint;
      for (const entry of entries) {
        const notification = await this.reads.getDocument<NotificationView>(NOTIFICATIONS, entry.member);
        if (notification && !(await this.postWithRetry(notification))) return delivered;
        const next = String(entry.score);
        await this.reads.commit([], { name: WEBHOOK_CHECKPOINT, expected, next, fence: { lease: LEASE, token: this.token as number } });
        expected = next;
        delivered += 1;
      }
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.deliverPending();
      } catch (error) {
        if (error instanceof LeaseLostError) this.token = null;
        this.options.logger.warn({ msg: 'webhook delivery paused', error: (error as Error).message });
      }
      await this.sleep(this.options.pollMs ?? 500);
    }
  }

  /** Takes the lease, or keeps it; false while another process delivers. */
  private async holdLease(): Promise<boolean> {
    const ttl = this.options.leaseTtlMs ?? 10_000;
    if (this.token !== null && (await this.reads.renewLease(LEASE, this.options.owner, this.token, ttl))) return true;
    this.token = await this.reads.acquireLease(LEASE, this.options.owner, ttl);
    return this.token !== null;
  }

  /** POSTs until acknowledged; false only when stopped first. The lease is renewed between attempts. */
  private async postWithRetry(notification: NotificationView): Promise<boolean> {
    for (let attempt = 0; !this.stopped; attempt++) {
      const failure = await this.post(notification);
      if (failure === null) return true;
      const wait = Math.min((this.options.backoffMs ?? 1000) * 2 ** attempt, this.options.maxBackoffMs ?? 60_000);
      this.options.logger.warn({
        msg: 'webhook refused a notification; retrying',
        notificationId: notification.notificationId,
        attempt: attempt + 1,
        failure,
        retryInMs: wait,
      });
      await this.sleep(wait);
      if (!(await this.holdLease())) return false;
    }
    return false;
  }

  /** null when the webhook answered 2xx; otherwise what went wrong. */
  private async post(notification: NotificationView): Promise<string | null> {
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-notification-id': notification.notificationId },
        body: JSON.stringify(notification),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      return (error as Error).message;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
