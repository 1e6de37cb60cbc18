import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { CALENDAR_HANDLERS } from './calendar.handlers';
import { CalendarReader } from './calendar.reader';

@Module({ controllers: [CalendarController], providers: [CalendarReader, ...CALENDAR_HANDLERS], exports: [CalendarReader] })
export class CalendarModule {}
