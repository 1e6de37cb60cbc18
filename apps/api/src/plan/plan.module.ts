import { Module } from '@nestjs/common';
import { PlanController } from './plan.controller';
import { PLAN_HANDLERS } from './plan.handlers';

@Module({ controllers: [PlanController], providers: [...PLAN_HANDLERS] })
export class PlanModule {}
