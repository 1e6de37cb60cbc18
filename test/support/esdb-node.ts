/**
 * A protocol test server and the adapter connected to it, for one describe block: started before
 * its tests, stopped after them. Test code only.
 */
import { EsdbEventStore } from '@app/event-store/eventstoredb/esdb-event-store';
import { EsdbTestServer, EsdbTestServerOptions, startEsdbTestServer } from '../esdb-test-server';

export interface EsdbTestNode {
  readonly server: EsdbTestServer;
  readonly store: EsdbEventStore;
}

export function useEsdbTestNode(options: EsdbTestServerOptions = {}): EsdbTestNode {
  let started: EsdbTestNode | null = null;
  beforeAll(async () => {
    const server = await startEsdbTestServer(options);
    started = { server, store: await EsdbEventStore.connect(server.url) };
  });
  afterAll(async () => {
    await started?.store.close();
    await started?.server.stop();
  });
  const node = () => {
    if (!started) throw new Error('the EventStoreDB test node is used outside its tests');
    return started;
  };
  return {
    get server() {
      return node().server;
    },
    get store() {
      return node().store;
    },
  };
}
