import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, PlatformModule } from '@app/platform';

/** The projection worker: stores, metrics and the runner, no HTTP routes of its own. */
@Module({})
export class ProjectorAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ProjectorAppModule, imports: [PlatformModule.forRoot({ ...config, runProjector: true })] };
  }
}
