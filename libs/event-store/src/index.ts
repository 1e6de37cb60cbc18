export * from './event-store.port';
export * from './errors';
export * from './envelope';
export * from './sqlite/sqlite-event-store';
export * from './eventstoredb/esdb-event-store';
export * from './keyed-serializer';
export * from './sqlite/stored-event-rows';
