import { Logger } from '@nestjs/common';
import { AppConfig, createRunner, openEventStore, openReadStore } from '@app/platform';
import { ProjectionStatus } from '@app/read-store';

async function withRunner<T>(config: AppConfig, work: (runner: ReturnType<typeof createRunner>) => Promise<T>): Promise<T> {
  const eventStore = await openEventStore(config);
  const readStore = await openReadStore(config).catch(async (error) => {
    await eventStore.close();
    throw error;
  });
  try {
    return await work(createRunner(eventStore, readStore, new Logger('rebuild')));
  } finally {
    await Promise.allSettled([eventStore.close(), readStore.close()]);
  }
}

/**
 * Rebuilds from zero. On the embedded default the read models live inside the service process,
 * which rebuilds them itself on every start; this command is for a Redis read store.
 */
export function rebuildReadModels(config: AppConfig): Promise<{ checkpoint: string | null; millis: number }> {
  if (!config.redisUrl) throw new Error('the in-process read store is rebuilt by the service on every start; set REDIS_URL to rebuild a Redis read store');
  return withRunner(config, async (runner) => {
    const started = Date.now();
    await runner.rebuild();
    const status = await runner.status();
    return { checkpoint: status.checkpoint, millis: Date.now() - started };
  });
}

export function projectionStatus(config: AppConfig): Promise<ProjectionStatus> {
  return withRunner(config, (runner) => runner.status());
}
