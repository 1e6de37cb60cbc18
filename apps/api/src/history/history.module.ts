import { Module } from '@nestjs/common';
import { HistoryController } from './history.controller';
import { GetActorHistoryHandler, GetEntityHistoryHandler, GetHistoryHandler } from './history.handlers';
import { HistoryReader } from './history.reader';

@Module({ controllers: [HistoryController], providers: [HistoryReader, GetHistoryHandler, GetEntityHistoryHandler, GetActorHistoryHandler] })
export class HistoryModule {}
