// The types every router shares: what createApp() is given, and the per-request variables.
// A leaf, so routers can import it without importing app.ts, which imports them.
import type { RequestIdVariables } from "hono/request-id";
import type { Config } from "../config/config.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics/metrics.ts";
import type { DriftRecorder } from "../observability/drift_recorder.ts";
import type { FeedStreams } from "../relay/feed_streams.ts";
import type { Store } from "../store/store.ts";
import type { Principal } from "./middleware/auth.ts";
import type { SdkDeps } from "./sdk.ts";

export type AppDeps = {
  config: Config;
  store: Store;
  log: Logger;
  /** The SDK API's replica, replicator and hub; without them the SDK routes are not mounted. */
  sdk?: SdkDeps;
  /** The built dashboard (ui/dist, located by main.ts); without it / says how to build it. */
  distDir?: string;
  /** Prometheus metrics, when PROMETHEUS_METRICS_ENABLED is true. */
  metrics?: Metrics;
  /** Which client runs which revision, across instances (the connections view). */
  drift?: DriftRecorder;
  /** The replication feed's streams, for relays below this instance (docs/relay.md). */
  relayFeed?: FeedStreams;
};

export type AppEnv = { Variables: RequestIdVariables & { principal: Principal | null } };
