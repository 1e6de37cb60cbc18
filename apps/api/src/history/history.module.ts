import { Module } from '@nestjs/common';
import { HistoryController } from './history.controller';
import { GetHistoryHandler } from './history.handlers';

@Module({ controllers: [HistoryController], providers: [GetHistoryHandler] })
export class HistoryModule {}
