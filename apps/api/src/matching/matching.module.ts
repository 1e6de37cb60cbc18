import { Module } from '@nestjs/common';
import { MatchingController } from './matching.controller';
import { MATCHING_HANDLERS } from './matching.handlers';

@Module({ controllers: [MatchingController], providers: [...MATCHING_HANDLERS] })
export class MatchingModule {}
