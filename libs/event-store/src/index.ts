// The EventStoreDB adapter is not re-exported here: its gRPC client takes a second to load, and
// the embedded default never needs it. Import it from '@app/event-store/eventstoredb/esdb-event-store'.
export * from './event-store.port';
export * from './errors';
export * from './envelope';
export * from './sqlite/sqlite-event-store';
export * from './keyed-serializer';
export * from './sqlite/stored-event-rows';
