// The Redis adapter is not re-exported here, so that the embedded default does not load ioredis:
// import it from '@app/read-store/redis/redis-read-store'.
export * from './read-store.port';
export { MemoryReadStore } from './memory/memory-read-store';
export { SqliteReadStore, SqliteReadStoreOptions } from './sqlite/sqlite-read-store';
export * from './projection/projection';
export * from './projection/projection-runner';
