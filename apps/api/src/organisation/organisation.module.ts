import { Module } from '@nestjs/common';
import { OrganisationController } from './organisation.controller';
import { ORGANISATION_HANDLERS } from './organisation.handlers';

@Module({ controllers: [OrganisationController], providers: [...ORGANISATION_HANDLERS] })
export class OrganisationModule {}
