// The HTTP app of a relay: the SDK API (stream, snapshot, evaluate, OFREP through the fast
// path), health, readiness, metrics and the replication feed for relays below it, all from the
// replica. The admin API and the dashboard live on the upstream: they answer 421 naming it.
import { Hono } from "hono";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import type { Config } from "../config/config.ts";
import { accessLog, accessLogger } from "../http/access_log.ts";
import type { AppEnv } from "../http/context.ts";
import { httpMetrics, METRICS_PATH, metricsAbsent, metricsResponse } from "../http/metrics.ts";
import { replicationFeedRouter } from "../http/replication_feed.ts";
import { type SdkDeps, sdkRouter } from "../http/sdk.ts";
import { sdkAckRouter } from "../http/sdk_ack.ts";
import { sdkEvaluateRouter } from "../http/sdk_evaluate.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics/metrics.ts";
import type { FeedStreams } from "./feed_streams.ts";
import { relayReadyRouter } from "./relay_ready.ts";
import type { UpstreamStatus } from "./upstream_source.ts";

export type RelayAppDeps = {
  config: Config & { upstreamUrl: string };
  log: Logger;
  sdk: SdkDeps;
  feeds: FeedStreams;
  upstream: UpstreamStatus;
  metrics?: Metrics;
};

export function createRelayApp(deps: RelayAppDeps): Hono<AppEnv> {
  const { config, sdk } = deps;
  const upstream = config.upstreamUrl.replace(/\/+$/, "");
  const app = new Hono<AppEnv>();
  app.use(requestId({ limitLength: 100 }));
  if (deps.metrics) app.use(httpMetrics(deps.metrics));
  const access = accessLogger(deps.log, config.accessLog);
  if (access) app.use(accessLog(access));
  app.use("/api/*", cors({ origin: "*", exposeHeaders: ["X-Request-Id", "ETag"], maxAge: 600 }));

  app.get(config.healthcheckPath, (c) => c.json({ status: "ok" }));
  app.route(
    "/api",
    relayReadyRouter({
      replicator: sdk.replicator,
      upstream: deps.upstream,
      upstreamUrl: upstream,
    }),
  );
  const head = () => Promise.resolve(deps.upstream.upstreamHead);
  app.route("/api", sdkRouter({ ...sdk, config, head }));
  app.route("/api", sdkEvaluateRouter(sdk));
  if (sdk.receipts) app.route("/api", sdkAckRouter({ ...sdk, receipts: sdk.receipts, config }));
  app.route("/api", replicationFeedRouter(deps.feeds));
  const metrics = config.metricsPort === undefined ? deps.metrics : undefined;
  app.all(
    METRICS_PATH,
    (c) => metrics ? metricsResponse(c.req.raw, metrics, config, deps.log) : metricsAbsent(config),
  );

  const misdirected = `This instance is a relay of ${upstream}: it serves only SDKs ` +
    `(stream, snapshot, evaluate, OFREP). The admin API and the dashboard are at ${upstream}.`;
  app.all("/api/admin/*", (c) => {
    const path = c.req.path;
    return c.json({
      error: `${misdirected} Send this request to ${upstream}${path}`,
      code: "relay",
      upstream,
      requestId: c.get("requestId"),
    }, 421);
  });
  app.notFound((c) => {
    if (c.req.path.startsWith("/api/")) {
      return c.json({
        error: `No route for ${c.req.method} ${c.req.path} on this relay`,
        code: "not_found",
        requestId: c.get("requestId"),
      }, 404);
    }
    return c.html(page(upstream, misdirected), 421);
  });
  app.onError((error, c) => {
    const id = c.get("requestId");
    deps.log.error("Request failed", {
      requestId: id,
      method: c.req.method,
      path: c.req.path,
      error,
    });
    return c.json({ error: "Internal server error", code: "internal", requestId: id }, 500);
  });
  return app;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(upstream: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<title>Dialtone relay</title></head><body><h1>Dialtone relay</h1><p>${escape(message)}</p>` +
    `<p><a href="${escape(upstream)}/">Open the dashboard at ${
      escape(upstream)
    }</a></p></body></html>`;
}
