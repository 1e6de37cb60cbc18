import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, IntegrityModule, PlatformModule } from '@app/platform';

/** The projection worker: stores, metrics, the runner and the tree head signer, no HTTP routes of its own. */
@Module({})
export class ProjectorAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ProjectorAppModule, imports: [PlatformModule.forRoot({ ...config, runProjector: true }), IntegrityModule] };
  }
}
