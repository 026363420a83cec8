// The hub's streams, read at scrape time from its plain counters (hub.totals, stats(), each
// connection's frame and byte counts): the fan-out itself counts nothing for metrics.
import * as client from "./prom.ts";
import type { Hub } from "../realtime/hub.ts";

export type RealtimeSources = {
  hub: Hub;
  /** OFREP event streams open (they do not go through the hub). */
  ofrepStreams?: () => number;
  /** The environment's name, for labels, when the replica knows it. */
  environmentName?: (id: string) => string | undefined;
};

export function registerRealtimeMetrics(registry: client.Registry, s: RealtimeSources): void {
  const registers = [registry];
  const { hub } = s;
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
  const gauge = (name: string, help: string, read: () => number) =>
    new client.Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });

  new client.Gauge({
    name: "dialtone_sdk_streams",
    help: "SDK streams open, by environment",
    labelNames: ["project_id", "environment_id", "environment"] as const,
    registers,
    collect() {
      this.reset();
      for (const state of hub.environments()) {
        const environment = s.environmentName?.(state.id) ?? "";
        this.set(
          { project_id: state.projectId, environment_id: state.id, environment },
          state.subscribers.size,
        );
      }
    },
  });
  counter("dialtone_sdk_stream_connects_total", "SDK streams opened", () => hub.totals.connects);
  new client.Counter({
    name: "dialtone_sdk_stream_disconnects_total",
    help: "SDK streams ended, by reason: client (it went away), slow (dropped for falling " +
      "behind), revoked (key, environment or project deleted), shutdown, server",
    labelNames: ["reason"] as const,
    registers,
    collect() {
      this.reset();
      for (const [reason, n] of Object.entries(hub.totals.disconnects)) this.inc({ reason }, n);
    },
  });
  counter(
    "dialtone_sdk_stream_slow_drops_total",
    "SDK streams dropped because the client did not read fast enough",
    () => hub.stats().droppedSlow,
  );
  const sent = () => {
    let frames = hub.totals.endedFrames;
    let bytes = hub.totals.endedBytes;
    for (const state of hub.environments()) {
      for (const c of state.subscribers) {
        frames += c.framesSent;
        bytes += c.bytesSent;
      }
    }
    return { frames, bytes };
  };
  counter(
    "dialtone_sdk_stream_frames_sent_total",
    "SSE frames written into SDK streams",
    () => sent().frames,
  );
  counter(
    "dialtone_sdk_stream_sent_bytes_total",
    "Bytes written into SDK streams",
    () => sent().bytes,
  );
  gauge(
    "dialtone_sdk_streams_behind",
    "SDK streams whose client is not reading (frames coalescing)",
    () => hub.stats().stalled,
  );
  gauge(
    "dialtone_sdk_stream_queued_bytes",
    "Bytes waiting to be read by SDK clients, all streams",
    () => hub.stats().queuedBytes,
  );
  gauge(
    "dialtone_sdk_stream_max_queued_bytes",
    "Bytes waiting for the furthest-behind SDK stream",
    () => hub.stats().maxQueuedBytes,
  );
  gauge(
    "dialtone_fanout_backlog_streams",
    "Streams not yet handed the newest frame of their environment",
    () => hub.stats().fanoutBacklog,
  );
  gauge(
    "dialtone_hub_environments",
    "Environments the hub holds in memory",
    () => hub.stats().environments,
  );
  if (s.ofrepStreams) {
    gauge("dialtone_ofrep_event_streams", "OFREP SSE event streams open", s.ofrepStreams);
  }

  // Replane's names, so its users' dashboards and alerts keep working.
  counter(
    "replane_replication_streams_started_total",
    "Alias of dialtone_sdk_stream_connects_total (Replane's name)",
    () => hub.totals.connects,
  );
  counter(
    "replane_replication_streams_stopped_total",
    "All SDK stream disconnects (Replane's name)",
    () => Object.values(hub.totals.disconnects).reduce((a, b) => a + b, 0),
  );
  gauge(
    "replane_replication_streams_active",
    "SDK streams open (Replane's name)",
    () => hub.stats().connections,
  );
}
