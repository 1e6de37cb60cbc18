import { Module } from '@nestjs/common';
import { ExpertsController, InspectorsController, StaffRegistryController } from './inspectors.controller';
import { INSPECTOR_HANDLERS } from './inspectors.handlers';

@Module({ controllers: [InspectorsController, StaffRegistryController, ExpertsController], providers: [...INSPECTOR_HANDLERS] })
export class InspectorsModule {}
