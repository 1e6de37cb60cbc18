/**
 * The projection worker for production (`npm run start:projector`): follows the event store's
 * ordered subscription from the read store's checkpoint and keeps the read models current.
 * Killing it at any moment is safe: batches and their checkpoint commit together.
 */
import '@app/platform/runtime/young-generation';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigurationError, loadConfig } from '@app/platform';
import { ProjectorAppModule } from './projector.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(ProjectorAppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigurationError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
