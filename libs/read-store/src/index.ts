export * from './read-store.port';
export { MemoryReadStore } from './memory/memory-read-store';
export { SqliteReadStore, SqliteReadStoreOptions } from './sqlite/sqlite-read-store';
export { RedisReadStore, RedisReadStoreOptions } from './redis/redis-read-store';
export * from './projection/projection';
export * from './projection/projection-runner';
