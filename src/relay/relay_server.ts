// Relay mode (UPSTREAM_URL + UPSTREAM_KEY): the same program with no database. The replica is
// fed by the upstream's replication feed through the same replicator, hub and SDK routes as a
// primary-backed instance, and it feeds relays below it in turn. It starts from a warm replica
// while the upstream is down; an empty replica needs the upstream once.
import { loadKeyRing } from "../auth/envelope.ts";
import type { LoadedConfig } from "../config/config.ts";
import { loadOrCreateSecretKey } from "../config/secret_key.ts";
import { accessLogger } from "../http/access_log.ts";
import { observeFastPaths } from "../http/fast_paths.ts";
import { metricsServer } from "../http/metrics.ts";
import { Ofrep, withOfrepFastPath } from "../http/ofrep/mod.ts";
import { SdkKeys } from "../http/sdk_auth.ts";
import { withSnapshotFastPath } from "../http/sdk_snapshot.ts";
import type { Logger } from "../log.ts";
import { Metrics } from "../metrics/metrics.ts";
import { registerRelayMetrics } from "../metrics/relay_metrics.ts";
import { Receipts } from "../observability/receipts.ts";
import { StreamDropped } from "../realtime/connection.ts";
import { Hub, type HubOptions } from "../realtime/hub.ts";
import type { ReplicaEvent } from "../replica/events.ts";
import { replicaTables, warnWithheld } from "../replica/replica.ts";
import { openReplicaDb } from "../replica/replica_db.ts";
import {
  createReplicator,
  type Replicator,
  type ReplicatorOptions,
} from "../replica/replicator.ts";
import { EvaluationCounter } from "../service/evaluation_counter.ts";
import { StartupError } from "../server.ts";
import type { Store } from "../store/store.ts";
import { FeedStreams } from "./feed_streams.ts";
import { createRelayApp } from "./relay_app.ts";
import { relayTables } from "./relay_tables.ts";
import { type UpstreamOptions, upstreamSource, type UpstreamStatus } from "./upstream_source.ts";

export type RunningRelay = {
  url: string;
  port: number;
  hub: Hub;
  replicator: Replicator;
  upstream: UpstreamStatus;
  feeds: FeedStreams;
  shutdown(): Promise<void>;
};

export type RelayOptions = {
  hub?: HubOptions;
  replicator?: ReplicatorOptions;
  upstream?: Pick<UpstreamOptions, "heartbeatMs" | "retryDelayMs" | "maxRetryDelayMs">;
  /** How often this relay's own feed streams send heartbeats (default SSE_HEARTBEAT_SECONDS). */
  feedHeartbeatMs?: number;
  /** How long a relay with an empty replica waits for its first sync (default 10 s). */
  firstSyncTimeoutMs?: number;
};

export async function startRelay(
  config: LoadedConfig,
  log: Logger,
  options: RelayOptions = {},
): Promise<RunningRelay> {
  const upstreamUrl = config.upstreamUrl!;
  await Deno.mkdir(config.dataDir, { recursive: true });
  // No sessions are signed here; the settings type wants a key all the same.
  const secretKey = config.secretKey ?? await loadOrCreateSecretKey(config.dataDir);
  const full = { ...config, secretKey, upstreamUrl };
  const replicaDir = config.replicaPath.slice(0, config.replicaPath.lastIndexOf("/"));
  if (replicaDir) await Deno.mkdir(replicaDir, { recursive: true });
  const replicaDb = openReplicaDb(config.replicaPath, log);
  const opened: (() => unknown)[] = [() => replicaDb.close()];
  try {
    // With the primary's master key a relay serves sensitive configs too; without, it withholds
    // them (and says so), and still passes their ciphertext on to relays below it.
    const replica = replicaTables(replicaDb, await loadKeyRing(config), warnWithheld(log));
    const tables = relayTables(replica);
    const heartbeatMs = config.sseHeartbeatSeconds * 1000;
    const metrics = config.metricsEnabled ? new Metrics() : null;
    opened.push(() => metrics?.stop());
    const hub = new Hub((id, sensitive) => replica.loadEnvironment(id, sensitive), log, {
      heartbeatMs,
      observer: metrics?.propagation,
      accessLog: accessLogger(log, config.accessLog),
      ...options.hub,
    });
    const feeds = new FeedStreams(replica, tables, log, options.feedHeartbeatMs ?? heartbeatMs);
    const keys = new SdkKeys(replica);
    const source = upstreamSource({
      url: upstreamUrl,
      key: config.upstreamKey!,
      replica,
      log,
      ...options.upstream,
    });
    const publish = (events: ReplicaEvent[]) => {
      keys.apply(events);
      hub.publish(events);
      ofrep.publish(events);
    };
    const replicator = createReplicator({
      source,
      replica,
      publish,
      log,
      onCommit: metrics?.propagation.committed,
      extension: tables.extension(feeds.committed),
    }, options.replicator);
    opened.push(() => replicator.stop());
    // Evaluation counts stay in memory: a relay has no database to add them to.
    const counter = new EvaluationCounter(null as unknown as Store, log);
    const events = { heartbeatMs };
    const ofrep = new Ofrep({ hub, keys, replica, replicator, config: full, log, counter, events });
    metrics?.attach({
      hub,
      replicator,
      evaluations: () => counter.total,
      ofrepStreams: () => ofrep.events.connections,
      environmentName: (id) => replica.environment(id)?.name,
      maxConnections: null,
    });
    if (metrics) {
      registerRelayMetrics(metrics.registry, {
        upstream: { status: source.status, replicator },
        feedStreams: () => feeds.connections,
      });
    }
    await replicator.start();
    // An empty replica needs one sync; a key made a moment ago may still be replicating upstream.
    await replicator.waitFor(0, options.firstSyncTimeoutMs ?? 10_000).catch(() => {});
    if (replicator.cursor < 0) {
      throw new StartupError(
        `Cannot start the relay: its replica is empty and the upstream ${upstreamUrl} cannot ` +
          `fill it (${source.status.problem ?? "no answer"})`,
      );
    }
    if (!source.status.connected) {
      log.warn(
        `The upstream ${upstreamUrl} is unreachable; serving SDKs from the replica and reconnecting`,
        { revision: replicator.cursor, problem: source.status.problem },
      );
    }
    const sdk = { replica, replicator, hub, keys, ofrep, receipts: new Receipts() };
    const app = createRelayApp({
      config: full,
      log,
      sdk,
      feeds,
      upstream: source.status,
      metrics: metrics ?? undefined,
    });
    const { promise: listening, resolve } = Promise.withResolvers<Deno.NetAddr>();
    const handler = withOfrepFastPath(ofrep, withSnapshotFastPath(keys, hub, app.fetch));
    const server = Deno.serve({
      port: config.port,
      hostname: config.host,
      onListen: (addr) => resolve(addr as Deno.NetAddr),
      onError: (error) => {
        if (!(error instanceof StreamDropped)) log.error("HTTP server error", { error });
        return new Response(null, { status: 500 });
      },
    }, observeFastPaths(metrics, null, handler));
    const addr = await listening;
    const metricsListener = metrics && config.metricsPort !== undefined
      ? Deno.serve({
        port: config.metricsPort,
        hostname: config.metricsHost ?? config.host,
        onListen: () => {},
      }, metricsServer(metrics, full, log))
      : null;
    const host = addr.hostname === "0.0.0.0" ? "localhost" : addr.hostname;
    const url = `http://${host}:${addr.port}`;
    log.info("Dialtone relay is listening", { url, upstream: upstreamUrl });
    let stopping: Promise<void> | null = null;
    return {
      url,
      port: addr.port,
      hub,
      replicator,
      upstream: source.status,
      feeds,
      shutdown: () =>
        stopping ??= (async () => {
          hub.close();
          ofrep.close();
          feeds.close();
          await server.shutdown();
          await metricsListener?.shutdown();
          metrics?.stop();
          await replicator.stop();
          replicaDb.close();
          log.info("Dialtone relay stopped");
        })(),
    };
  } catch (error) {
    for (const close of opened.reverse()) await close();
    throw error;
  }
}
