import { Module } from '@nestjs/common';
import { IntegrityModule } from '@app/platform';
import { IntegrityController } from './integrity.controller';
import { INTEGRITY_HANDLERS } from './integrity.handlers';
import { CosignatureBook } from './cosignatures';

/** The public proof routes over the platform's integrity log; the signer runs where the projector runs. */
@Module({ imports: [IntegrityModule], controllers: [IntegrityController], providers: [...INTEGRITY_HANDLERS, CosignatureBook], exports: [CosignatureBook] })
export class IntegrityApiModule {}
