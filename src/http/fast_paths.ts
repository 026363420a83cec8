// What is counted and logged of the requests answered before Hono (the snapshot and OFREP fast
// paths). Without metrics and debug logging this returns the handler itself: the fast paths
// then run exactly as they would without observability.
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics/metrics.ts";
import { OFREP_PREFIX } from "./ofrep/mod.ts";
import { pathOf, SNAPSHOT_PATH } from "./sdk_snapshot.ts";

type Handler = Deno.ServeHandler<Deno.NetAddr>;

/** `debugLog` is the logger when access lines are wanted at debug level, else null. */
export function observeFastPaths(
  metrics: Metrics | null,
  debugLog: Logger | null,
  next: Handler,
): Handler {
  if (!metrics && !debugLog) return next;
  return (request, info) => {
    const path = pathOf(request.url);
    const snapshot = path === SNAPSHOT_PATH && request.method === "GET";
    const ofrep = !snapshot && path.startsWith(OFREP_PREFIX);
    if (!snapshot && !ofrep) return next(request, info);
    const start = debugLog ? performance.now() : 0;
    const response = next(request, info);
    if (ofrep && metrics) metrics.http.fast.ofrep++;
    if (snapshot && metrics && response instanceof Response) {
      metrics.http.countSnapshot(response.status);
    }
    if (debugLog) {
      void Promise.resolve(response).then((res) =>
        debugLog.debug("HTTP request", {
          method: request.method,
          route: snapshot ? SNAPSHOT_PATH : "/ofrep/*",
          path,
          status: res.status,
          ms: Math.round((performance.now() - start) * 10) / 10,
          requestId: res.headers.get("x-request-id") ?? undefined,
          caller: "sdk_key",
        }), () => {});
    }
    return response;
  };
}
