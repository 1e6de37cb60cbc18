/**
 * Proof of integrity for whichever app imports it (docs/integrity.md, "Operations"): the in-memory
 * tree that answers proofs, the signing key from configuration, and the signer, which signs only in
 * the process that runs the projector. The API imports it for its routes, `apps/projector` to sign.
 */
import { Module } from '@nestjs/common';
import { SigningKey, signingKeyFrom } from '@app/integrity';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CommandRunner } from '../commands/command-runner';
import { IntegrityLog } from './integrity-log';
import { TREE_HEAD_KEY, TreeHeadSigner } from './tree-head-signer';

@Module({
  providers: [
    IntegrityLog,
    // the projector app has no CommandsModule; the runner is stateless, so a module-local one is enough
    CommandRunner,
    { provide: TREE_HEAD_KEY, inject: [APP_CONFIG], useFactory: (config: AppConfig): SigningKey => signingKeyFrom(config.treeHeadSigningKey) },
    TreeHeadSigner,
  ],
  exports: [IntegrityLog, TreeHeadSigner, TREE_HEAD_KEY],
})
export class IntegrityModule {}
