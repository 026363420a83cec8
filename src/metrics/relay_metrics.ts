// The relay side of replication: the upstream link, how far the replica is behind the
// upstream's cursor, and how many relays this instance feeds (any instance can feed relays).
import * as client from "./prom.ts";
import type { Replicator } from "../replica/replicator.ts";
import type { UpstreamStatus } from "../relay/upstream_source.ts";

export type RelaySources = {
  /** Only on a relay. */
  upstream?: { status: UpstreamStatus; replicator: Replicator };
  /** Open replication-feed streams served here. */
  feedStreams: () => number;
};

export function registerRelayMetrics(registry: client.Registry, s: RelaySources): void {
  const registers = [registry];
  const gauge = (name: string, help: string, read: () => number) =>
    new client.Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });
  gauge(
    "dialtone_relay_feed_streams",
    "Relays following this instance's replication feed right now",
    s.feedStreams,
  );
  const up = s.upstream;
  if (!up) return;
  gauge(
    "dialtone_relay_upstream_connected",
    "1 while this relay's link to its upstream is up, else 0",
    () => up.status.connected ? 1 : 0,
  );
  gauge(
    "dialtone_relay_upstream_revision",
    "The upstream's replica cursor as of its last feed line",
    () => Math.max(0, up.status.upstreamHead),
  );
  gauge(
    "dialtone_relay_lag_revisions",
    "Revisions the upstream has that this relay's replica has not applied yet",
    () => Math.max(0, up.status.upstreamHead - up.replicator.cursor),
  );
  gauge(
    "dialtone_relay_upstream_silence_seconds",
    "Seconds since the last line from the upstream (heartbeats come every 15 s)",
    () => up.status.lastLineAt === 0 ? 0 : (Date.now() - up.status.lastLineAt) / 1000,
  );
  new client.Counter({
    name: "dialtone_relay_upstream_reconnects_total",
    help: "Times the link to the upstream was lost and made again",
    registers,
    collect() {
      this.reset();
      this.inc(up.status.reconnects);
    },
  });
}
