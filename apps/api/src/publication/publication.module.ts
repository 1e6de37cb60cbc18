import { Module } from '@nestjs/common';
import { PublicationController } from './publication.controller';
import { PUBLICATION_COMMAND_HANDLERS, PublicationFacts } from './publication.handlers';
import { PUBLICATION_QUERY_HANDLERS } from './publication.queries';

@Module({ controllers: [PublicationController], providers: [PublicationFacts, ...PUBLICATION_COMMAND_HANDLERS, ...PUBLICATION_QUERY_HANDLERS] })
export class PublicationModule {}
