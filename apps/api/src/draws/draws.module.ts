import { Module } from '@nestjs/common';
import { DrawsController } from './draws.controller';
import { DRAW_HANDLERS, DrawWorkbench } from './draws.handlers';
import { EligibilityModel } from './eligibility-model';
import { DRAW_LIMITS_HANDLERS } from './draw-limits.handlers';
import { QUOTA_HANDLERS } from './quota.handlers';

@Module({ controllers: [DrawsController], providers: [EligibilityModel, DrawWorkbench, ...DRAW_HANDLERS, ...DRAW_LIMITS_HANDLERS, ...QUOTA_HANDLERS] })
export class DrawsModule {}
