import { Module } from '@nestjs/common';
import { PublicPagesController } from './public-pages.controller';
import { PUBLIC_PAGE_HANDLERS } from './public-pages.queries';
import { IntegrityApiModule } from '../integrity/integrity.module';

/** The public disclosure pages (一公开); they read through the queries the other capabilities register. */
@Module({ imports: [IntegrityApiModule], controllers: [PublicPagesController], providers: [...PUBLIC_PAGE_HANDLERS] })
export class PublicPagesModule {}
