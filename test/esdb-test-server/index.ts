/**
 * An EventStoreDB wire-protocol test server: the Streams gRPC service over an in-memory log,
 * for the adapter's integration tests. Test code only; never imported by production code.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { InMemoryLog } from './in-memory-log';
import { createStreamsService } from './streams-service';

export interface EsdbTestServer {
  /** Single-node, insecure connection string, e.g. `esdb://127.0.0.1:PORT?tls=false`. */
  readonly url: string;
  /** Writes a `$`-typed event to a `$`-stream, as the server itself does (stats, users, settings). */
  appendSystemEvent(type?: string, stream?: string): void;
  /** Stops listening and cancels every open call, subscriptions included. */
  stop(): Promise<void>;
}

export async function startEsdbTestServer(): Promise<EsdbTestServer> {
  const log = new InMemoryLog();
  const appendSystemEvent = (type = '$statsCollected', stream = '$stats-127.0.0.1:2113'): void => {
    const data = Buffer.from(JSON.stringify({ at: new Date().toISOString() }), 'utf8');
    log.append(stream, { kind: 'any' }, [{ id: randomUUID(), type, contentType: 'application/json', data, customMetadata: new Uint8Array() }]);
  };
  // A fresh EventStoreDB node already holds system events; adapters must not mistake them for their own.
  appendSystemEvent('$UserCreated', '$users');
  appendSystemEvent('$User', '$user-admin');

  const server = new grpc.Server();
  server.addService(StreamsService, createStreamsService(log));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, boundPort) => (error ? reject(error) : resolve(boundPort))),
  );
  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    appendSystemEvent,
    stop: async () => server.forceShutdown(),
  };
}
