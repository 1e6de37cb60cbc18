import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { StatisticsController } from './statistics.controller';
import { STATISTICS_HANDLERS, StatisticsReader } from './statistics.handlers';

@Module({ imports: [CalendarModule], controllers: [StatisticsController], providers: [...STATISTICS_HANDLERS], exports: [StatisticsReader] })
export class StatisticsModule {}
