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
 * Rebuilds from zero: the Redis read store when REDIS_URL is set, else DATA_DIR/read.db. A
 * running service notices that its checkpoint moved and resumes from the rebuilt one.
 */
export function rebuildReadModels(config: AppConfig): Promise<{ checkpoint: string | null; millis: number }> {
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
