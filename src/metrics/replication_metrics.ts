// The replicator and the primary, as this instance sees them. Lag needs the primary's head,
// which only the primary knows: each scrape asks it once (two indexed reads, with a short
// deadline), and the answer also says whether the primary is up. While it is down, the last
// head it reported stays the reference, so the lag shown is a lower bound.
import * as client from "./prom.ts";
import { withDeadline } from "../deadline.ts";
import type { Replicator } from "../replica/replicator.ts";
import type { Store } from "../store/store.ts";
import type { StoreCounts } from "./store_metrics.ts";

export type ReplicationSources = {
  replicator: Replicator;
  store: Store;
  counts: StoreCounts;
  maxConnections: number | null;
  probeTimeoutMs?: number;
};

type Probe = { up: boolean; head: number; oldestUnappliedMs: number | null };

export function registerReplicationMetrics(registry: client.Registry, s: ReplicationSources) {
  const registers = [registry];
  const { replicator, store, counts } = s;
  const timeout = s.probeTimeoutMs ?? 2_000;
  let last: Probe = { up: false, head: 0, oldestUnappliedMs: null };
  let probing: Promise<Probe> | null = null;

  const probe = (): Promise<Probe> => {
    // The gauges below are collected together: one query in flight serves the whole scrape.
    if (probing) return probing;
    const cursor = replicator.cursor;
    const result = withDeadline(
      store.read(async (tx) => {
        const head = await tx.feed.head();
        const next = head > cursor ? (await tx.feed.after(cursor, 1))[0] : undefined;
        return { head, next: next ? Date.parse(next.createdAt) : null };
      }),
      timeout,
      `Reading the head revision for metrics took over ${timeout} ms`,
    ).then(
      ({ head, next }) => last = { up: true, head, oldestUnappliedMs: next },
      () => {
        const behind = last.head > replicator.cursor;
        return {
          up: false,
          head: last.head,
          oldestUnappliedMs: behind ? last.oldestUnappliedMs : null,
        };
      },
    ).finally(() => probing = null);
    probing = result;
    return result;
  };
  const gauge = (name: string, help: string, read: () => number | Promise<number>) =>
    new client.Gauge({
      name,
      help,
      registers,
      async collect() {
        this.set(await read());
      },
    });
  const counter = (name: string, help: string, read: () => number) =>
    new client.Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read());
      },
    });

  gauge(
    "dialtone_replica_revision",
    "The last change-feed revision applied to this instance's replica",
    () => Math.max(0, replicator.cursor),
  );
  gauge(
    "dialtone_primary_head_revision",
    "The newest revision of the primary's change feed (last known while it is unreachable)",
    async () => (await probe()).head,
  );
  gauge(
    "dialtone_replication_lag_revisions",
    "Revisions the primary has that this replica has not applied",
    async () => Math.max(0, (await probe()).head - Math.max(0, replicator.cursor)),
  );
  gauge(
    "dialtone_replication_lag_seconds",
    "Age of the oldest change this replica has not applied (0 when it is up to date)",
    async () => {
      const p = await probe();
      return p.oldestUnappliedMs === null
        ? 0
        : Math.max(0, Date.now() - p.oldestUnappliedMs) / 1000;
    },
  );
  gauge(
    "dialtone_primary_up",
    "1 when the primary answered this scrape's query in time, else 0",
    async () => (await probe()).up ? 1 : 0,
  );
  gauge(
    "dialtone_replication_failing",
    "1 from a failed catch-up until the next one succeeds",
    () => replicator.failing ? 1 : 0,
  );
  counter(
    "dialtone_replication_changes_applied_total",
    "Change-feed rows applied to the replica",
    () => replicator.stats.changesApplied,
  );
  counter(
    "dialtone_replication_batches_total",
    "Replica transactions committed by catch-ups",
    () => replicator.stats.batches,
  );
  counter(
    "dialtone_replication_resyncs_total",
    "Full resyncs of the replica from a snapshot of the primary",
    () => replicator.stats.resyncs,
  );
  counter(
    "dialtone_replication_failures_total",
    "Catch-ups that failed (the primary was unreachable or a read timed out)",
    () => replicator.stats.failures,
  );
  gauge(
    "dialtone_primary_operations_in_flight",
    "Primary store transactions under way (with Postgres, each holds a pooled connection)",
    () => counts.inFlight,
  );
  if (s.maxConnections !== null) {
    gauge(
      "dialtone_primary_pool_max_connections",
      "DATABASE_MAX_CONNECTIONS: the size of the Postgres pool",
      () => s.maxConnections!,
    );
    gauge(
      "dialtone_primary_listen_up",
      "1 while the Postgres LISTEN connection is established and healthy",
      () => store.listening ? 1 : 0,
    );
    counter(
      "dialtone_primary_listen_reconnects_total",
      "LISTEN connections re-established after they were lost (one per subscriber)",
      () => counts.reconnects,
    );
  }
}
