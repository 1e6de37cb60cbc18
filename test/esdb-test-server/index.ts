/**
 * An EventStoreDB wire-protocol test server: the Streams gRPC service over an in-memory log,
 * for the adapter's integration tests. Test code only; never imported by production code.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { InMemoryLog } from './in-memory-log';
import { createStreamsService } from './streams-service';
import { DEFAULT_MAX_APPEND_SIZE, createServerFeaturesService } from './batch-append';
import { TestUsers } from './access';
import { makeTestCertificates } from './tls';

export type { TestUser, TestUsers } from './access';

export interface EsdbTestServer {
  /**
   * Single-node connection string: `esdb://127.0.0.1:PORT?tls=false` for an insecure node; for a
   * secure one `esdb://127.0.0.1:PORT?tls=true&tlsCAFile=…`, with no credentials (see `urlAs`).
   */
  readonly url: string;
  /** The secure node's connection string with a user's credentials in it, as an operator writes it. */
  urlAs(user: string, password: string): string;
  /** Writes a `$`-typed event to a `$`-stream, as the server itself does (stats, users, settings). */
  appendSystemEvent(type?: string, stream?: string): void;
  /** Writes answered so far, by the gRPC method that carried them. */
  readonly writes: { append: number; batchAppend: number };
  /**
   * Makes the next `count` successful writes land but be answered with a timeout, as a node does
   * when a write is not confirmed committed before its deadline: the writer cannot tell whether it landed.
   */
  timeOutWrites(count: number): void;
  /** Stops listening and cancels every open call, subscriptions included. */
  stop(): Promise<void>;
}

export interface EsdbTestServerOptions {
  /**
   * false serves a node older than 21.10 (no ServerFeatures, no BatchAppend): the client then
   * appends with Append, one call per write. Default true, as a 24.x node.
   */
  readonly batchAppend?: boolean;
  /** The node's maximum append size in bytes (default 1 MiB, a node's default). */
  readonly maxAppendSize?: number;
  /** false serves a node older than 23.10, whose subscriptions send no caught_up nor fell_behind. Default true. */
  readonly caughtUpMessages?: boolean;
  /**
   * Serves a secure node: TLS with a certificate from a throwaway authority, and these users —
   * every call must name one, and only `$admins` or `$ops` may read `$all` (access.ts). Default:
   * an insecure node, as `--insecure` runs one, with no authentication at all.
   */
  readonly users?: TestUsers;
}

/** The default serves a 24.x node. */
export async function startEsdbTestServer(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
  const batch = options.batchAppend ?? true;
  const log = new InMemoryLog();
  const appendSystemEvent = (type = '$statsCollected', stream = '$stats-127.0.0.1:2113'): void => {
    const data = Buffer.from(JSON.stringify({ at: new Date().toISOString() }), 'utf8');
    log.append(stream, { kind: 'any' }, [{ id: randomUUID(), type, contentType: 'application/json', data, customMetadata: new Uint8Array() }]);
  };
  // A fresh EventStoreDB node already holds system events; adapters must not mistake them for their own.
  appendSystemEvent('$UserCreated', '$users');
  appendSystemEvent('$User', '$user-admin');

  const server = new grpc.Server();
  const writes = { append: 0, batchAppend: 0 };
  let timeOuts = 0;
  const timesOut = () => timeOuts > 0 && timeOuts-- > 0;
  server.addService(
    StreamsService,
    createStreamsService(log, {
      batchAppend: batch,
      maxAppendSize: options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE,
      writes,
      caughtUpMessages: options.caughtUpMessages ?? true,
      timesOut,
      users: options.users ?? null,
    }),
  );
  if (batch) server.addService(ServerFeaturesService, createServerFeaturesService());
  const certificates = options.users ? makeTestCertificates() : null;
  const credentials = certificates
    ? grpc.ServerCredentials.createSsl(null, [{ private_key: certificates.nodeKey, cert_chain: certificates.nodeCertificate }], false)
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (error, boundPort) => (error ? reject(error) : resolve(boundPort))),
  );
  const query = certificates ? `tls=true&tlsCAFile=${certificates.caFile}` : 'tls=false';
  return {
    url: `esdb://127.0.0.1:${port}?${query}`,
    urlAs: (user, password) => `esdb://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}?${query}`,
    appendSystemEvent,
    writes,
    timeOutWrites: (count) => (timeOuts = count),
    stop: async () => {
      server.forceShutdown();
      certificates?.remove();
    },
  };
}
