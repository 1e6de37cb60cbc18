import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, AuthModule, CommandsModule, HealthModule, MetricsController, PlatformModule } from '@app/platform';
import { OrganisationModule } from './organisation/organisation.module';
import { HistoryModule } from './history/history.module';
import { InspectorsModule } from './inspectors/inspectors.module';
import { ChecklistModule } from './checklist/checklist.module';
import { PlanModule } from './plan/plan.module';
import { TargetsModule } from './targets/targets.module';
import { DrawsModule } from './draws/draws.module';
import { TasksModule } from './tasks/tasks.module';
import { MatchingModule } from './matching/matching.module';
import { ProjectionsController } from './projections.controller';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(config),
        AuthModule,
        CommandsModule,
        HealthModule,
        OrganisationModule,
        HistoryModule,
        InspectorsModule,
        ChecklistModule,
        PlanModule,
        TargetsModule,
        DrawsModule,
        TasksModule,
        MatchingModule,
      ],
      controllers: [MetricsController, ProjectionsController],
    };
  }
}
