import { Module } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { APP_CONFIG, AppConfig, CLOCK, Clock, OrganisationDirectory } from '@app/platform';
import { TargetImporter } from '@app/platform/target-import/target-importer';
import { TargetsController } from './targets.controller';
import { TARGET_HANDLERS } from './targets.handlers';

@Module({
  controllers: [TargetsController],
  providers: [
    ...TARGET_HANDLERS,
    {
      provide: TargetImporter,
      inject: [EVENT_STORE, OrganisationDirectory, CLOCK, APP_CONFIG],
      useFactory: (store: EventStore, directory: OrganisationDirectory, clock: Clock, config: AppConfig) =>
        new TargetImporter(store, directory, clock, {
          maxRows: config.importUploadMaxRows,
          maxUnpackedBytes: config.importUploadMaxUnpackedBytes,
          maxCellChars: config.importMaxCellChars,
        }),
    },
  ],
})
export class TargetsModule {}
