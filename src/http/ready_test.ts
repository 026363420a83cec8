import assert from "node:assert/strict";
import { loadConfig } from "../config/config.ts";
import { silentLogger } from "../log.ts";
import type { Replicator } from "../replica/replicator.ts";
import { openSqliteStore } from "../store/sqlite/sqlite_store.ts";
import type { Store } from "../store/store.ts";
import { createApp } from "./app.ts";
import { readyRouter } from "./ready.ts";

const replicator = (cursor: number, failing = false) =>
  ({ cursor, failing }) as unknown as Replicator;

/** A store whose every read and write fails as postgres.js does when Postgres is down. */
const downStore = (listening: boolean): Store => {
  const refused = () =>
    Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
  return {
    dialect: "postgres",
    listening,
    read: refused,
    write: refused,
    listen: () => Promise.resolve(() => Promise.resolve()),
    close: () => Promise.resolve(),
  };
};

Deno.test("GET /ready is 200 with every check ok", async () => {
  const dir = await Deno.makeTempDir();
  const store = await openSqliteStore(`${dir}/d.db`);
  try {
    const res = await readyRouter({ store, replicator: replicator(7) }).request("/ready");
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      status: "ready",
      checks: { primary: "ok", replica: "ok" },
      revision: 7,
    });
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("GET /ready is 503 and names what is down", async () => {
  const res = await readyRouter({ store: downStore(false), replicator: replicator(7, true) })
    .request("/ready");
  assert.equal(res.status, 503);
  const body = await res.json();
  assert.equal(body.status, "unavailable");
  assert.deepEqual(body.checks, {
    primary: "unavailable",
    listen: "reconnecting",
    replica: "behind",
  });
  assert.match(
    body.error,
    /^Not ready: the primary database is unavailable \(connection refused\)/,
  );

  const hung: Store = { ...downStore(true), read: () => new Promise(() => {}) };
  const late = await readyRouter({ store: hung, timeoutMs: 50 }).request("/ready");
  assert.equal(late.status, 503);
  assert.match((await late.json()).error, /unavailable \(no answer within 50 ms\)/);
});

Deno.test("requests that need an unreachable primary get 503 primary_unavailable", async () => {
  const loaded = loadConfig({ SUPERUSER_API_KEY: "superuser-key-0123456789" });
  assert.ok(loaded.ok);
  const config = { ...loaded.config, secretKey: "ready-test-secret-key-0123456789abcdef" };
  const app = createApp({ config, store: downStore(false), log: silentLogger });
  const res = await app.request("/api/admin/v1/workspaces", {
    headers: { authorization: "Bearer superuser-key-0123456789" },
  });
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("retry-after"), "5");
  const body = await res.json();
  assert.equal(body.code, "primary_unavailable");
  assert.match(body.error, /^The primary database is unavailable \(connection refused\)/);
  assert.equal((await app.request("/api/health")).status, 200);
});
