import { Module } from '@nestjs/common';
import { InspectionsController } from './inspections.controller';
import { INSPECTION_HANDLERS } from './inspections.handlers';

@Module({ controllers: [InspectionsController], providers: [...INSPECTION_HANDLERS] })
export class InspectionsModule {}
