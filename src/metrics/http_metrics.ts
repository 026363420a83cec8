// HTTP request counts and durations by route template (`/api/admin/v1/projects/:projectId`,
// never the raw path, so the series stay few). Routes answered before Hono (the snapshot and
// OFREP fast paths) count in plain integers that the scrape reads.
import * as client from "./prom.ts";

/** Counts of the snapshot fast path by status; incremented in server.ts's handler. */
export type FastPathCounts = { snapshot: Map<number, number>; ofrep: number };

export class HttpMetrics {
  readonly fast: FastPathCounts = { snapshot: new Map(), ofrep: 0 };
  readonly #requests: client.Counter<"method" | "route" | "status">;
  readonly #duration: client.Histogram<"method" | "route">;

  constructor(registry: client.Registry) {
    const registers = [registry];
    this.#requests = new client.Counter({
      name: "dialtone_http_requests_total",
      help: "HTTP requests answered, by method, route template and status",
      labelNames: ["method", "route", "status"] as const,
      registers,
    });
    this.#duration = new client.Histogram({
      name: "dialtone_http_request_duration_seconds",
      help: "Time until the response headers were ready, by method and route template " +
        "(for SSE streams: until the stream opened)",
      labelNames: ["method", "route"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const fast = this.fast;
    new client.Counter({
      name: "dialtone_sdk_snapshot_requests_total",
      help: "GET /api/sdk/v1/configs answered by the fast path, by status",
      labelNames: ["status"] as const,
      registers,
      collect() {
        this.reset();
        for (const [status, n] of fast.snapshot) this.inc({ status: String(status) }, n);
      },
    });
    new client.Counter({
      name: "dialtone_ofrep_requests_total",
      help: "Requests to /ofrep/ (evaluations and event streams), answered before Hono",
      registers,
      collect() {
        this.reset();
        this.inc(fast.ofrep);
      },
    });
  }

  record(method: string, route: string, status: number, seconds: number): void {
    this.#requests.inc({ method, route, status: String(status) });
    this.#duration.observe({ method, route }, seconds);
  }

  countSnapshot(status: number): void {
    this.fast.snapshot.set(status, (this.fast.snapshot.get(status) ?? 0) + 1);
  }
}
