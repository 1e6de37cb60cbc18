/**
 * The witness's metrics for the oversight unit's monitoring (Prometheus text on
 * WITNESS_METRICS_PORT, `/metrics`): the alarms it holds — any value above zero needs a person —,
 * the newest size it cosigned, and when it last heard from the log.
 */
import { Server, createServer } from 'node:http';
import { Gauge, Registry } from 'prom-client';
import { WitnessStore } from './witness-store';

export class WitnessMetrics {
  readonly registry = new Registry();
  private readonly alarms = new Gauge({ name: 'dsr_witness_alarms', help: 'Alarms this witness raised and holds: heads it refused to cosign', registers: [this.registry] });
  private readonly cosignedSize = new Gauge({ name: 'dsr_witness_cosigned_tree_size', help: 'Tree size of the newest head this witness cosigned', registers: [this.registry] });
  private readonly lastPoll = new Gauge({ name: 'dsr_witness_last_poll_timestamp_seconds', help: 'When the witness last had an answer from the log', registers: [this.registry] });

  constructor(private readonly store: WitnessStore) {}

  /** Reads the figures from the witness's storage: what it holds, not what this process happened to see. */
  refresh(polledAt?: Date): void {
    this.alarms.set(this.store.alarms().length);
    this.cosignedSize.set(this.store.last()?.treeSize ?? 0);
    if (polledAt) this.lastPoll.set(polledAt.getTime() / 1000);
  }

  listen(port: number, host = '0.0.0.0'): Promise<Server> {
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      this.refresh();
      void this.registry.metrics().then((text) => response.writeHead(200, { 'content-type': this.registry.contentType }).end(text));
    });
    return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
  }
}
