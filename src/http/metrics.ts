// GET /metrics: the Prometheus text exposition, when PROMETHEUS_METRICS_ENABLED is true; on
// PORT, or only on METRICS_PORT when that is set; behind a bearer token when
// METRICS_BEARER_TOKEN is set. Everywhere else /metrics is a plain 404, never the dashboard.
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Config } from "../config/config.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics/metrics.ts";
import { bearerToken } from "./bearer.ts";

export const METRICS_PATH = "/metrics";

export async function metricsResponse(
  request: Request,
  metrics: Metrics,
  config: Config,
  log: Logger,
): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return problem(405, `${METRICS_PATH} takes GET, not ${request.method}`, { Allow: "GET" });
  }
  const expected = config.metricsBearerToken;
  if (
    expected !== undefined &&
    !sameToken(bearerToken(request.headers.get("authorization")), expected)
  ) {
    return problem(401, "Missing or wrong bearer token for /metrics (see METRICS_BEARER_TOKEN)", {
      "WWW-Authenticate": 'Bearer realm="metrics"',
    });
  }
  try {
    const body = await metrics.render();
    return new Response(request.method === "HEAD" ? null : body, {
      headers: { "Content-Type": metrics.contentType, "Cache-Control": "no-store" },
    });
  } catch (error) {
    log.error("Cannot render the metrics", { error });
    return problem(500, "Cannot render the metrics");
  }
}

/** Why /metrics is not here, for the 404. */
export function metricsAbsent(config: Config): Response {
  const where = config.metricsEnabled && config.metricsPort !== undefined
    ? `Metrics are served on METRICS_PORT (${config.metricsPort}), not on this port`
    : "Metrics are not enabled (set PROMETHEUS_METRICS_ENABLED=true)";
  return problem(404, where);
}

/** Counts each request answered by Hono by its route template; the 404s of no route as one. */
export function httpMetrics(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const status = c.res.status;
    let route = c.req.routePath;
    // routePath is this middleware's own pattern when no route matched.
    if (route === "/*" && status === 404) route = "(unmatched)";
    metrics.http.record(c.req.method, route, status, (performance.now() - start) / 1000);
  };
}

/** The handler of the METRICS_PORT listener. */
export function metricsServer(
  metrics: Metrics,
  config: Config,
  log: Logger,
): (request: Request) => Promise<Response> | Response {
  return (request) =>
    new URL(request.url).pathname === METRICS_PATH
      ? metricsResponse(request, metrics, config, log)
      : problem(404, `Only ${METRICS_PATH} is served on this port`);
}

function sameToken(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

function problem(status: number, error: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error, code: codeOf(status) }), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

function codeOf(status: number): string {
  return status === 401
    ? "unauthorized"
    : status === 404
    ? "not_found"
    : status === 405
    ? "method_not_allowed"
    : "internal";
}
