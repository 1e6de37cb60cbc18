/**
 * The API. On the embedded default (`npm start`) it also runs the projections in-process;
 * `npm run start:api` sets RUN_PROJECTOR=false for production, where apps/projector runs them.
 */
import '@app/platform/runtime/young-generation';
import 'reflect-metadata';
import { ConfigurationError, loadConfig } from '@app/platform';
import { createApiApp } from './api.app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen(config.port, config.host);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigurationError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
