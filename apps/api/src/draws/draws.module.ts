import { Module } from '@nestjs/common';
import { DrawsController } from './draws.controller';
import { DRAW_HANDLERS, DrawWorkbench } from './draws.handlers';
import { EligibilityModel } from './eligibility-model';

@Module({ controllers: [DrawsController], providers: [EligibilityModel, DrawWorkbench, ...DRAW_HANDLERS] })
export class DrawsModule {}
