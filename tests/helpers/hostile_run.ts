// Sends every hostile request (hostile.ts) to every admin route as the superuser, and
// reports each answer that is not a 4xx JSON error, and whether any table changed.
import { ADMIN_ROUTES } from "../../src/http/admin/routes.ts";
import type { Store } from "../../src/store/store.ts";
import { type AdminServer, createWorld } from "./admin.ts";
import { configBodies, GENERIC_BODIES, pathProbes } from "./hostile.ts";

// Telemetry, not state: evaluation counters, sessions, and the SDK instance heartbeat and
// connection receipts (an SDK stream with a valid key is a real connection).
const TELEMETRY = new Set(["evaluation_counts", "sessions", "sdk_instances", "sdk_clients"]);

/** Every row of every table but the telemetry ones, as one string, in either dialect. */
export async function dumpTables(store: Store): Promise<string> {
  return await store.read(async (tx) => {
    const tables = store.dialect === "sqlite"
      ? await tx.db.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      : await tx.db.all<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
    const out: Record<string, unknown[]> = {};
    for (const { name } of tables.sort((a, b) => a.name < b.name ? -1 : 1)) {
      if (TELEMETRY.has(name)) continue;
      const rows = await tx.db.all(`SELECT * FROM "${name}"`);
      out[name] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return JSON.stringify(out);
  });
}

export async function runHostileRequests(server: AdminServer) {
  const { su } = server;
  const world = await createWorld(su);
  await su.send("POST", `/projects/${world.projectId}/configs`, {
    name: "cfg",
    base: { value: 1 },
  });
  const fill = (path: string) =>
    path.replace("{workspaceId}", world.workspaceId).replace("{projectId}", world.projectId)
      .replace("{name}", "cfg").replace("{environmentId}", world.env.Production!)
      .replace("{version}", "999").replace("{email}", "nobody@x.test")
      .replace("{sdkKeyId}", crypto.randomUUID()).replace("{apiKeyId}", crypto.randomUUID());
  const requests: { method: string; path: string; body?: BodyInit }[] = [];
  for (const r of ADMIN_ROUTES) {
    if (r.auth === false) continue;
    const method = r.method.toUpperCase();
    for (const probe of pathProbes(r.path)) requests.push({ method, path: fill(probe) });
    if (!r.body) continue;
    for (const body of GENERIC_BODIES) requests.push({ method, path: fill(r.path), body });
    if (r.path.endsWith("/configs") || r.path.endsWith("/configs/{name}")) {
      for (const body of configBodies()) requests.push({ method, path: fill(r.path), body });
    }
  }

  const before = await dumpTables(server.store);
  const failures: string[] = [];
  for (const req of requests) {
    const res = await su.raw(req.method, req.path, req.body, {
      "content-type": "application/json",
    });
    const json = typeof res.body.error === "string" && !("unparsable" in res.body);
    if (res.status < 400 || res.status >= 500 || !json) {
      const body = String(req.body ?? "").slice(0, 80);
      failures.push(`${req.method} ${req.path} ${body} → ${res.status} ${res.text.slice(0, 120)}`);
    }
  }
  const changed = await dumpTables(server.store) !== before;
  return { count: requests.length, failures, changed };
}
