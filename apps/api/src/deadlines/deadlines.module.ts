import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { DeadlinesController } from './deadlines.controller';
import { DEADLINE_HANDLERS } from './deadlines.handlers';

@Module({ imports: [CalendarModule], controllers: [DeadlinesController], providers: [...DEADLINE_HANDLERS] })
export class DeadlinesModule {}
