import { Module } from '@nestjs/common';
import { ChecklistController } from './checklist.controller';
import { CHECKLIST_HANDLERS } from './checklist.handlers';

@Module({ controllers: [ChecklistController], providers: [...CHECKLIST_HANDLERS] })
export class ChecklistModule {}
