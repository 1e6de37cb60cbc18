/**
 * Chooses the adapters: the embedded SQLite event store and SQLite read store (events.db and
 * read.db in DATA_DIR) by default,
 * EventStoreDB and Redis when their connection strings are set. Code above the ports never knows
 * which one it talks to.
 */
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { EVENT_STORE, EventStore, SqliteEventStore } from '@app/event-store';
import { READ_STORE, ReadStore, SqliteReadStore } from '@app/read-store';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export async function openEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStoreUrl) {
    // loaded only when used: the gRPC client costs a second of start-up
    const { EsdbEventStore } = await import('@app/event-store/eventstoredb/esdb-event-store');
    return EsdbEventStore.connect(config.eventStoreUrl);
  }
  return new SqliteEventStore({
    file: join(config.dataDir, 'events.db'),
    synchronous: config.sqliteSynchronous,
    maxAppendSize: config.eventStoreMaxAppendBytes,
  });
}

export async function openReadStore(config: AppConfig): Promise<ReadStore> {
  if (config.redisUrl) {
    const { RedisReadStore } = await import('@app/read-store/redis/redis-read-store');
    return RedisReadStore.connect(config.redisUrl, { keyPrefix: config.redisKeyPrefix });
  }
  return new SqliteReadStore({ file: join(config.dataDir, 'read.db') });
}

@Global()
@Module({
  providers: [
    { provide: EVENT_STORE, inject: [APP_CONFIG], useFactory: openEventStore },
    { provide: READ_STORE, inject: [APP_CONFIG], useFactory: openReadStore },
  ],
  exports: [EVENT_STORE, READ_STORE],
})
export class StoresModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.eventStore.close(), this.readStore.close()]);
  }
}
