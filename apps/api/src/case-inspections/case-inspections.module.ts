import { Module } from '@nestjs/common';
import { CaseInspectionsController } from './case-inspections.controller';
import { RecordCaseInspectionHandler } from './case-inspections.handlers';

@Module({ controllers: [CaseInspectionsController], providers: [RecordCaseInspectionHandler] })
export class CaseInspectionsModule {}
