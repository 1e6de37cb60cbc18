import { Module } from '@nestjs/common';
import { EscalationController } from './escalation.controller';
import { ESCALATION_HANDLERS } from './escalation.handlers';

@Module({ controllers: [EscalationController], providers: [...ESCALATION_HANDLERS] })
export class EscalationModule {}
