// GET /api/ready: whether this instance can do everything, naming what it cannot. The health
// check (/api/health) stays 200 while the process serves, because SDK traffic needs only the
// replica; readiness also needs the primary, so it is what admin traffic and rollouts watch.
import { Hono } from "hono";
import { withDeadline } from "../deadline.ts";
import type { Replicator } from "../replica/replicator.ts";
import { unavailableReason } from "../store/db.ts";
import type { Store } from "../store/store.ts";

export type ReadyDeps = { store: Store; replicator?: Replicator; timeoutMs?: number };

type Check = { state: string; problem?: string };

export function readyRouter(deps: ReadyDeps): Hono {
  const app = new Hono();
  const timeoutMs = deps.timeoutMs ?? 2_000;

  const primary = async (): Promise<Check> => {
    try {
      await withDeadline(deps.store.read((tx) => tx.db.get(`SELECT 1 AS ok`)), timeoutMs);
      return { state: "ok" };
    } catch (error) {
      const reason = unavailableReason(error) ?? (error as Error)?.message ?? String(error);
      return { state: "unavailable", problem: `the primary database is unavailable (${reason})` };
    }
  };

  app.get("/ready", async (c) => {
    const checks: Record<string, Check> = { primary: await primary() };
    const listening = deps.store.listening;
    if (listening !== undefined) {
      checks.listen = listening
        ? { state: "ok" }
        : { state: "reconnecting", problem: "the LISTEN connection to Postgres is reconnecting" };
    }
    const r = deps.replicator;
    if (r) {
      checks.replica = r.cursor < 0
        ? { state: "syncing", problem: "the replica has not synced yet" }
        : r.failing
        ? { state: "behind", problem: "the replica cannot follow the primary right now" }
        : { state: "ok" };
    }
    const problems = Object.values(checks).flatMap((x) => x.problem ? [x.problem] : []);
    const body = {
      status: problems.length === 0 ? "ready" : "unavailable",
      checks: Object.fromEntries(Object.entries(checks).map(([k, v]) => [k, v.state])),
      ...(r ? { revision: r.cursor } : {}),
      ...(problems.length ? { error: `Not ready: ${problems.join("; ")}` } : {}),
    };
    return c.json(body, problems.length === 0 ? 200 : 503);
  });

  return app;
}
