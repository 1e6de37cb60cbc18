export * from './read-store.port';
export { MemoryReadStore } from './memory/memory-read-store';
export { RedisReadStore, RedisReadStoreOptions } from './redis/redis-read-store';
