// Assembles a running Dialtone from a Config: data directory, stores, HTTP server, and an
// orderly shutdown. main.ts and the integration tests both start servers through here.
import type { Config, LoadedConfig } from "./config/config.ts";
import { loadOrCreateSecretKey } from "./config/secret_key.ts";
import { type KeyRing, loadKeyRing } from "./auth/envelope.ts";
import { createApp } from "./http/app.ts";
import type { Logger } from "./log.ts";
import { SdkKeys } from "./http/sdk_auth.ts";
import { Ofrep, withOfrepFastPath } from "./http/ofrep/mod.ts";
import { withSnapshotFastPath } from "./http/sdk_snapshot.ts";
import { StreamDropped } from "./realtime/connection.ts";
import { Hub, type HubOptions } from "./realtime/hub.ts";
import type { ReplicaEvent } from "./replica/events.ts";
import type { Change } from "./store/changes.ts";
import { replicaTables, warnWithheld } from "./replica/replica.ts";
import { openReplicaDb } from "./replica/replica_db.ts";
import { type RetentionOptions, startFeedPruner } from "./replica/feed_retention.ts";
import { createReplicator, type Replicator, type ReplicatorOptions } from "./replica/replicator.ts";
import { storeSource } from "./replica/replica_source.ts";
import { FeedStreams } from "./relay/feed_streams.ts";
import { relayTables } from "./relay/relay_tables.ts";
import { relaySnapshotExtras } from "./relay/store_extras.ts";
import { registerRelayMetrics } from "./metrics/relay_metrics.ts";
import { EvaluationCounter } from "./service/evaluation_counter.ts";
import { type DispatcherOptions, startWebhookDispatcher } from "./jobs/webhook_dispatcher.ts";
import { type SchedulerOptions, startScheduler } from "./jobs/scheduler.ts";
import { accessLogger } from "./http/access_log.ts";
import { observeFastPaths } from "./http/fast_paths.ts";
import { securityHeaders, withSecurityHeaders } from "./http/security_headers.ts";
import { metricsServer } from "./http/metrics.ts";
import { Metrics } from "./metrics/metrics.ts";
import { type DriftOptions, DriftRecorder } from "./observability/drift_recorder.ts";
import { observers } from "./observability/propagation_tracker.ts";
import { ChangeTracing, tracedStore } from "./observability/tracing.ts";
import { isUnavailable } from "./store/db.ts";
import { MigrationError } from "./store/migrate.ts";
import { rootCertPath } from "./store/postgres/postgres_options.ts";
import type { PostgresStore } from "./store/postgres/postgres_store.ts";
import { openSqliteStore } from "./store/sqlite/sqlite_store.ts";
import type { Store } from "./store/store.ts";

export type RunningServer = {
  url: string;
  port: number;
  config: Config;
  store: Store;
  hub: Hub;
  replicator: Replicator;
  shutdown(): Promise<void>;
};

export type ServerOptions = {
  /** The built dashboard; main.ts passes ui/dist beside itself. Without it / says how to build it. */
  distDir?: string;
  // Tuning for tests and benchmarks; production uses the defaults.
  hub?: HubOptions;
  replicator?: ReplicatorOptions;
  retention?: Omit<RetentionOptions, "retentionHours">;
  /** How often evaluation counts are added to the store (default 5 s). */
  evaluationFlushMs?: number;
  webhooks?: Partial<DispatcherOptions>;
  /** How often SDK connections, receipts and propagation summaries are stored (default 5 s). */
  drift?: DriftOptions;
  scheduler?: SchedulerOptions;
};

export { SchemaTooNewError } from "./store/migrate.ts";

export class StartupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StartupError";
  }
}

/** The primary, connected and migrated (for `dialtone migrate`): fails when it cannot be. */
export async function openPrimaryStore(config: LoadedConfig, log: Logger): Promise<Store> {
  const ring = await keyRing(config);
  if (!config.databaseUrl) return await openSqliteStore(`${config.dataDir}/dialtone.db`, ring);
  const store = await postgresStore(config, log, ring);
  try {
    await store.ready();
  } catch (error) {
    await store.close();
    throw cannotConnect(config.databaseUrl, error);
  }
  return store;
}

/** A Postgres store that connects on first use; its TLS files are read here. */
/** The master keys for sensitive configs (ENCRYPTION_KEY…); a startup error when unreadable. */
async function keyRing(config: LoadedConfig): Promise<KeyRing> {
  try {
    return await loadKeyRing(config);
  } catch (error) {
    throw new StartupError(describe(error), { cause: error });
  }
}

async function postgresStore(
  config: LoadedConfig,
  log: Logger,
  keys: KeyRing,
): Promise<PostgresStore> {
  const url = config.databaseUrl!;
  const caPath = config.databaseSslCa ?? rootCertPath(url);
  let sslCa = config.databaseSslCaPem;
  if (caPath && sslCa === undefined) {
    try {
      sslCa = await Deno.readTextFile(caPath);
    } catch (error) {
      throw new StartupError(
        `Cannot read the Postgres CA certificate ${caPath}: ${describe(error)}`,
      );
    }
  }
  // Loaded only in Postgres mode: postgres.js adds tens of milliseconds to every start.
  const { createPostgresStore } = await import("./store/postgres/postgres_store.ts");
  return createPostgresStore({
    url,
    sslCa,
    maxConnections: config.databaseMaxConnections,
    connectTimeoutSeconds: config.databaseConnectTimeoutSeconds,
    idleTimeoutSeconds: config.databaseIdleTimeoutSeconds,
    healthCheckSeconds: config.databaseHealthCheckSeconds,
    keys,
  }, log);
}

function cannotConnect(url: string, error: unknown): StartupError {
  if (error instanceof MigrationError) {
    // The first migration meets tables it did not make: another program's database.
    const foreign = error.version === 1 && /already exists/.test(error.message)
      ? "; the database already has tables Dialtone did not create (Replane's?): " +
        "give Dialtone an empty database of its own"
      : "";
    return new StartupError(
      `Cannot migrate the Postgres database at ${redact(url)}: ${error.message}${foreign}`,
      { cause: error },
    );
  }
  return new StartupError(`Cannot connect to Postgres at ${redact(url)}: ${describe(error)}`, {
    cause: error,
  });
}

export async function startServer(
  config: LoadedConfig,
  log: Logger,
  options: ServerOptions = {},
): Promise<RunningServer> {
  await Deno.mkdir(config.dataDir, { recursive: true });
  const secretKey = config.secretKey ?? await loadOrCreateSecretKey(config.dataDir);
  const full: Config = { ...config, secretKey };
  const ring = await keyRing(config);
  const pg = config.databaseUrl ? await postgresStore(full, log, ring) : null;
  const metrics = config.metricsEnabled ? new Metrics() : null;
  const primary: Store = pg ?? await openSqliteStore(`${config.dataDir}/dialtone.db`, ring);
  const measured = metrics ? metrics.wrapStore(primary) : primary;
  const store = config.tracing ? tracedStore(measured) : measured;
  const tracing = config.tracing ? new ChangeTracing() : null;
  // What has been opened so far, closed in reverse order if startup fails half-way.
  const opened: (() => unknown)[] = [() => store.close(), () => metrics?.stop()];
  try {
    const down = pg ? await pg.ready().then(() => null, (error) => error) : null;
    if (down !== null && !isUnavailable(down)) throw cannotConnect(config.databaseUrl!, down);
    const replicaDir = config.replicaPath.slice(0, config.replicaPath.lastIndexOf("/"));
    if (replicaDir) await Deno.mkdir(replicaDir, { recursive: true });
    const replicaDb = openReplicaDb(config.replicaPath, log);
    opened.push(() => replicaDb.close());
    const replica = replicaTables(replicaDb, ring, warnWithheld(log));
    const relays = relayTables(replica);
    if (down !== null) {
      // Postgres is down: start only with a warm replica, which serves SDKs meanwhile.
      const error = cannotConnect(config.databaseUrl!, down);
      if (replica.cursor() <= 0) throw error;
      log.warn(`${error.message}; serving SDKs from the replica and reconnecting`, {
        revision: replica.cursor(),
      });
    }
    const heartbeatMs = config.sseHeartbeatSeconds * 1000;
    const drift = new DriftRecorder(store, log, options.drift);
    const hub = new Hub((id, sensitive) => replica.loadEnvironment(id, sensitive), log, {
      heartbeatMs,
      observer: observers(metrics?.propagation, drift.tracker, tracing),
      accessLog: accessLogger(log, config.accessLog),
      ...options.hub,
    });
    const keys = new SdkKeys(replica);
    const counter = new EvaluationCounter(store, log, options.evaluationFlushMs);
    const publish = (events: ReplicaEvent[]) => {
      keys.apply(events);
      hub.publish(events);
      ofrep.publish(events);
    };
    drift.attach(hub);
    const onCommit = (changes: Change[]) => {
      metrics?.propagation.committed(changes);
      drift.tracker.committed(changes);
    };
    // Relays below this instance follow its replica (docs/relay.md).
    const feeds = new FeedStreams(replica, relays, log, heartbeatMs);
    const readTimeoutMs = options.replicator?.readTimeoutMs ?? 30_000;
    const source = storeSource(store, readTimeoutMs, relaySnapshotExtras);
    const extension = relays.extension(feeds.committed);
    const replicator = createReplicator(
      { source, replica, publish, log, onCommit, extension, traceCommit: tracing?.apply },
      options.replicator,
    );
    if (metrics) registerRelayMetrics(metrics.registry, { feedStreams: () => feeds.connections });
    opened.push(() => replicator.stop());
    const events = { heartbeatMs };
    const ofrep = new Ofrep({ hub, keys, replica, replicator, config: full, log, counter, events });
    metrics?.attach({
      hub,
      replicator,
      evaluations: () => counter.total,
      ofrepStreams: () => ofrep.events.connections,
      environmentName: (id) => replica.environment(id)?.name,
      maxConnections: pg ? config.databaseMaxConnections : null,
    });
    opened.push(() => counter.stop());
    counter.start();
    await replicator.start();
    const pruner = startFeedPruner(store, log, {
      retentionHours: config.changeRetentionHours,
      ...options.retention,
    });
    opened.push(() => pruner.stop());
    const webhooks = await startWebhookDispatcher(store, log, {
      secretKey,
      allowPrivate: config.webhookAllowPrivate,
      timeoutMs: config.webhookTimeoutSeconds * 1000,
      ...options.webhooks,
    });
    opened.push(() => webhooks.stop());
    drift.start();
    opened.push(() => drift.stop());
    const scheduler = await startScheduler(store, log, options.scheduler);
    opened.push(() => scheduler.stop());
    const sdk = { replica, replicator, hub, keys, ofrep, receipts: drift.receipts };
    const app = createApp({
      config: full,
      store,
      log,
      sdk,
      drift,
      distDir: options.distDir,
      metrics: metrics ?? undefined,
      relayFeed: feeds,
    });

    const { promise: listening, resolve } = Promise.withResolvers<Deno.NetAddr>();
    const handler = withSecurityHeaders(
      securityHeaders(config.baseUrl),
      withOfrepFastPath(ofrep, withSnapshotFastPath(keys, hub, app.fetch)),
    );
    const server = Deno.serve({
      port: config.port,
      hostname: config.host,
      onListen: (addr) => resolve(addr as Deno.NetAddr),
      // Reached only by errors outside Hono, such as a response stream the hub ended on purpose.
      onError: (error) => {
        if (!(error instanceof StreamDropped)) log.error("HTTP server error", { error });
        return new Response(null, { status: 500 });
      },
    }, observeFastPaths(metrics, fastPathLog(config, log), handler));
    const addr = await listening;
    const metricsListener = metrics && config.metricsPort !== undefined
      ? Deno.serve({
        port: config.metricsPort,
        hostname: config.metricsHost ?? config.host,
        onListen: () => {},
      }, metricsServer(metrics, full, log))
      : null;
    return listeningServer({ addr, config: full, store, hub, replicator, log }, async () => {
      // Open streams would hold server.shutdown() forever: end them first.
      hub.close();
      ofrep.close();
      feeds.close();
      await server.shutdown();
      await metricsListener?.shutdown();
      metrics?.stop();
      await scheduler.stop();
      await drift.stop();
      await webhooks.stop();
      await pruner.stop();
      await replicator.stop();
      await counter.stop();
      await store.close();
      replicaDb.close();
    });
  } catch (error) {
    for (const close of opened.reverse()) await close();
    throw error;
  }
}

function listeningServer(
  parts: Omit<RunningServer, "url" | "port" | "shutdown"> & { addr: Deno.NetAddr; log: Logger },
  stop: () => Promise<void>,
): RunningServer {
  const { addr, config, store, hub, replicator, log } = parts;
  const host = addr.hostname === "0.0.0.0" ? "localhost" : addr.hostname;
  const url = `http://${host}:${addr.port}`;
  log.info("Dialtone is listening", {
    url,
    storage: store.dialect === "sqlite" ? `sqlite ${config.dataDir}/dialtone.db` : "postgres",
  });

  let stopping: Promise<void> | null = null;
  return {
    url,
    port: addr.port,
    config,
    store,
    hub,
    replicator,
    shutdown: () =>
      stopping ??= (async () => {
        await stop();
        log.info("Dialtone stopped");
      })(),
  };
}

/** The logger for access lines of the fast paths: only when they are wanted at debug level. */
function fastPathLog(config: LoadedConfig, log: Logger): Logger | null {
  return config.logLevel === "debug" && config.accessLog !== "off" ? log : null;
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: { message?: string }[] };
  if (e?.code === "ECONNREFUSED") return "connection refused (is Postgres running?)";
  if (e?.code === "CONNECT_TIMEOUT") return "timed out while connecting";
  const inner = e?.errors?.[0]?.message;
  return e?.message || inner || String(error);
}
