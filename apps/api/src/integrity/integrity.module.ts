import { Module } from '@nestjs/common';
import { IntegrityModule } from '@app/platform';
import { IntegrityController } from './integrity.controller';
import { INTEGRITY_HANDLERS } from './integrity.handlers';

/** The public proof routes over the platform's integrity log; the signer runs where the projector runs. */
@Module({ imports: [IntegrityModule], controllers: [IntegrityController], providers: [...INTEGRITY_HANDLERS] })
export class IntegrityApiModule {}
