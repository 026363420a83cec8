// createApp(deps): pure wiring of middleware and routers; no I/O of its own.
import { Hono } from "hono";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { brokenConstraint, unavailableReason } from "../store/db.ts";
import { adminApi } from "./admin/mod.ts";
import type { AppDeps, AppEnv } from "./context.ts";
import { accessLog, accessLogger } from "./access_log.ts";
import { AppError, errorBody, fromKeyError } from "./errors.ts";
import { CannotDecrypt } from "../auth/envelope.ts";
import { httpMetrics, METRICS_PATH, metricsAbsent, metricsResponse } from "./metrics.ts";
import { oidcRouter } from "./oidc.ts";
import { sdkConnectsPerKey } from "./rate_limits.ts";
import { readyRouter } from "./ready.ts";
import { securityHeaders, securityHeadersMiddleware } from "./security_headers.ts";
import { replicationFeedRouter } from "./replication_feed.ts";
import { sdkRouter } from "./sdk.ts";
import { sdkAckRouter } from "./sdk_ack.ts";
import { sdkEvaluateRouter } from "./sdk_evaluate.ts";
import { dashboard } from "./ui.ts";
import { traceRoute } from "./trace_route.ts";

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Takes a sane incoming X-Request-Id (letters, digits, _ - =) or makes one; echoes it.
  app.use(requestId({ limitLength: 100 }));
  app.use(securityHeadersMiddleware(securityHeaders(deps.config.baseUrl)));
  if (deps.metrics) app.use(httpMetrics(deps.metrics));
  if (deps.config.tracing) app.use(traceRoute);
  const access = accessLogger(deps.log, deps.config.accessLog);
  if (access) app.use(accessLog(access));
  app.use(
    "/api/*",
    cors({
      origin: "*",
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      exposeHeaders: ["X-Request-Id", "ETag"],
      maxAge: 600,
    }),
  );

  app.get(deps.config.healthcheckPath, (c) => c.json({ status: "ok" }));
  app.route("/api", readyRouter({ store: deps.store, replicator: deps.sdk?.replicator }));
  app.route("/api/admin/v1", adminApi(deps));
  if (deps.config.oidc) app.route("/api/auth/oidc", oidcRouter(deps));
  if (deps.sdk) {
    const connects = sdkConnectsPerKey(deps);
    app.use("/api/sdk/v1/replication/stream", connects);
    app.use("/api/v1/replication/stream", connects);
    app.route("/api", sdkRouter({ ...deps.sdk, config: deps.config, store: deps.store }));
    app.route("/api", sdkEvaluateRouter(deps.sdk));
    const receipts = deps.sdk.receipts;
    if (receipts) app.route("/api", sdkAckRouter({ ...deps.sdk, receipts, config: deps.config }));
  }
  if (deps.relayFeed) app.route("/api", replicationFeedRouter(deps.relayFeed));
  const metrics = deps.config.metricsPort === undefined ? deps.metrics : undefined;
  app.all(
    METRICS_PATH,
    (c) =>
      metrics
        ? metricsResponse(c.req.raw, metrics, deps.config, deps.log)
        : metricsAbsent(deps.config),
  );
  app.route("/", dashboard(deps.distDir));

  app.notFound((c) => {
    const message = `No route for ${c.req.method} ${c.req.path}`;
    return c.req.path.startsWith("/api/")
      ? c.json({ error: message, code: "not_found", requestId: c.get("requestId") }, 404)
      : c.text(message, 404);
  });
  app.onError((error, c) => {
    const id = c.get("requestId");
    const known = toAppError(error);
    if (known) return c.json(errorBody(known, id), known.status);
    const down = unavailableReason(error);
    if (down !== null) {
      deps.log.debug("Request needs the unavailable primary", { requestId: id, reason: down });
      c.header("Retry-After", "5");
      return c.json({
        error: `The primary database is unavailable (${down}). This needs it; try again ` +
          `when it is back. SDK streams and snapshots are still served from the replica.`,
        code: "primary_unavailable",
        requestId: id,
      }, 503);
    }
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

/** Errors with a known meaning: ours, and integrity conflicts the database reported. */
function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof CannotDecrypt) return fromKeyError(error);
  if (brokenConstraint(error) === "unique") {
    return new AppError(409, "conflict", "Conflict: that name is already taken");
  }
  return null;
}
