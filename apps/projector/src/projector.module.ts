import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, IntegrityModule, NotificationDeliveryModule, PlatformModule } from '@app/platform';

/** The projection worker: stores, metrics, the runner, the tree head signer and the webhook delivery, no HTTP routes of its own. */
@Module({})
export class ProjectorAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ProjectorAppModule, imports: [PlatformModule.forRoot({ ...config, runProjector: true }), IntegrityModule, NotificationDeliveryModule] };
  }
}
