// The Prometheus registry of one server, and what feeds it. server.ts creates it (only when
// PROMETHEUS_METRICS_ENABLED is true), passes its hooks to the hub and the replicator, then
// attaches the running parts, whose counters are read at scrape time.
//
// Other jobs (webhook dispatch, schedules) add their series the same way: a counter or gauge on
// `metrics.registry` whose collect() reads their own plain counters, listed in
// docs/observability.md.
import * as client from "./prom.ts";
import type { Hub } from "../realtime/hub.ts";
import type { Replicator } from "../replica/replicator.ts";
import type { Store } from "../store/store.ts";
import { HttpMetrics } from "./http_metrics.ts";
import { ProcessMetrics } from "./process_metrics.ts";
import { Propagation } from "./propagation.ts";
import { registerRealtimeMetrics } from "./realtime_metrics.ts";
import { registerReplicationMetrics } from "./replication_metrics.ts";
import { instrumentStore, type StoreCounts } from "./store_metrics.ts";

export type MetricsParts = {
  hub: Hub;
  replicator: Replicator;
  /** Evaluations counted since start (OFREP and POST /api/sdk/v1/evaluate). */
  evaluations?: () => number;
  ofrepStreams?: () => number;
  environmentName?: (id: string) => string | undefined;
  /** DATABASE_MAX_CONNECTIONS in Postgres mode, else null. */
  maxConnections: number | null;
};

export class Metrics {
  readonly registry = new client.Registry();
  readonly http = new HttpMetrics(this.registry);
  readonly propagation = new Propagation(this.registry);
  readonly #process = new ProcessMetrics(this.registry);
  #inner: Store | null = null;
  #counts: StoreCounts | null = null;

  /** The store, wrapped so its transactions and LISTENs are counted; use it everywhere. */
  wrapStore(store: Store): Store {
    const wrapped = instrumentStore(store, this.registry);
    this.#inner = store;
    this.#counts = wrapped.counts;
    return wrapped.store;
  }

  attach(parts: MetricsParts): void {
    registerRealtimeMetrics(this.registry, parts);
    if (this.#inner && this.#counts) {
      registerReplicationMetrics(this.registry, {
        replicator: parts.replicator,
        store: this.#inner, // the probe's own read is not one of the app's transactions
        counts: this.#counts,
        maxConnections: parts.maxConnections,
      });
    }
    if (parts.evaluations) {
      const read = parts.evaluations;
      new client.Counter({
        name: "dialtone_evaluations_total",
        help: "Server-side flag evaluations (OFREP and POST /api/sdk/v1/evaluate)",
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  stop(): void {
    this.#process.stop();
  }
}
