// GET /api/ready on a relay: the upstream link and the replica. A relay with a warm replica
// serves SDKs whatever the upstream does, so a lost link makes it "degraded" (still 200, so a
// load balancer keeps it); only a replica that never synced is "unavailable" (503).
import { Hono } from "hono";
import type { Replicator } from "../replica/replicator.ts";
import type { UpstreamStatus } from "./upstream_source.ts";

export function relayReadyRouter(
  deps: { replicator: Replicator; upstream: UpstreamStatus; upstreamUrl: string },
): Hono {
  const app = new Hono();
  app.get("/ready", (c) => {
    const { replicator: r, upstream: u } = deps;
    const problems: string[] = [];
    const link = u.connected ? "ok" : "reconnecting";
    if (!u.connected) {
      problems.push(
        `the upstream ${deps.upstreamUrl} is unreachable (${u.problem ?? "connecting"})`,
      );
    }
    const replica = r.cursor < 0 ? "syncing" : r.failing ? "behind" : "ok";
    if (r.cursor < 0) problems.push("the replica has not synced yet");
    const status = r.cursor < 0 ? "unavailable" : problems.length ? "degraded" : "ready";
    return c.json({
      status,
      mode: "relay",
      upstream: deps.upstreamUrl,
      checks: { upstream: link, replica },
      revision: r.cursor,
      upstreamRevision: u.upstreamHead,
      lagRevisions: Math.max(0, u.upstreamHead - r.cursor),
      ...(problems.length
        ? { error: `${status === "degraded" ? "Degraded" : "Not ready"}: ${problems.join("; ")}` }
        : {}),
    }, status === "unavailable" ? 503 : 200);
  });
  return app;
}
