/**
 * The webhook delivery as a Nest provider: runs only where the projector runs (RUN_PROJECTOR, or
 * apps/projector) and only when NOTIFY_WEBHOOK_URL is configured.
 */
import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { READ_STORE, ReadStore } from '@app/read-store';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { leaseOwner } from '../projector/projector.module';
import { WebhookDelivery } from './webhook-delivery';

@Injectable()
export class WebhookDeliveryLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private delivery: WebhookDelivery | null = null;

  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const url = this.config.notifyWebhookUrl;
    if (!url || !this.config.runProjector) return;
    this.delivery = new WebhookDelivery(this.reads, { url, owner: leaseOwner(), pollMs: this.config.notifyPollMs, logger: new Logger('WebhookDelivery') });
    this.delivery.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.delivery?.stop();
  }
}

@Module({ providers: [WebhookDeliveryLifecycle] })
export class NotificationDeliveryModule {}
