import { DynamicModule, Module } from '@nestjs/common';
import {
  AppConfig,
  AuthModule,
  CommandsModule,
  HealthModule,
  MetricsController,
  NotificationDeliveryModule,
  PlatformModule,
  PlatformOptions,
} from '@app/platform';
import { OrganisationModule } from './organisation/organisation.module';
import { HistoryModule } from './history/history.module';
import { InspectorsModule } from './inspectors/inspectors.module';
import { ChecklistModule } from './checklist/checklist.module';
import { PlanModule } from './plan/plan.module';
import { TargetsModule } from './targets/targets.module';
import { DrawsModule } from './draws/draws.module';
import { TasksModule } from './tasks/tasks.module';
import { MatchingModule } from './matching/matching.module';
import { IntegrityApiModule } from './integrity/integrity.module';
import { PublicationModule } from './publication/publication.module';
import { CaseInspectionsModule } from './case-inspections/case-inspections.module';
import { CalendarModule } from './calendar/calendar.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { EscalationModule } from './escalation/escalation.module';
import { NotificationsModule } from './notifications/notifications.module';
import { InspectionsModule } from './inspections/inspections.module';
import { PublicPagesModule } from './public-pages/public-pages.module';
import { StatisticsModule } from './statistics/statistics.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { ProjectionsController } from './projections.controller';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, options: PlatformOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(config, options),
        AuthModule,
        CommandsModule,
        HealthModule,
        NotificationDeliveryModule,
        OrganisationModule,
        HistoryModule,
        InspectorsModule,
        ChecklistModule,
        PlanModule,
        TargetsModule,
        DrawsModule,
        TasksModule,
        MatchingModule,
        PublicationModule,
        CaseInspectionsModule,
        CalendarModule,
        DeadlinesModule,
        EscalationModule,
        NotificationsModule,
        InspectionsModule,
        IntegrityApiModule,
        PublicPagesModule,
        StatisticsModule,
        DashboardModule,
      ],
      controllers: [MetricsController, ProjectionsController],
    };
  }
}
