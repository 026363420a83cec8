// Metrics in Postgres mode: the pool and LISTEN series, and replication lag that rises while
// an instance's LISTEN connection is gone (killed with pg_terminate_backend, and kept from
// reconnecting by a proxy that refuses new connections) and falls once it is back.
import assert from "node:assert/strict";
import postgres from "postgres";
import { createWorld, putConfig, state } from "./helpers/api.ts";
import { assertPromtoolAccepts, must, promtoolMissing, scrape } from "./helpers/metrics.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { sync } from "./helpers/sdk.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { TcpProxy } from "./helpers/tcp_proxy.ts";
import { eventually } from "./helpers/wait.ts";

Deno.test({
  name: "replication lag rises while an instance's LISTEN is gone and falls when it is back",
  ignore: pgUnavailable || promtoolMissing,
  fn: async () => {
    const db = await freshDatabase();
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    const direct = new URL(db.url);
    const proxy = new TcpProxy(Number(direct.port || 5432));
    const servers: TestServer[] = [];
    try {
      const a = await startTestServer({ DATABASE_URL: db.url, PROMETHEUS_METRICS_ENABLED: "true" });
      servers.push(a);
      const viaProxy = new URL(db.url);
      viaProxy.hostname = "127.0.0.1";
      viaProxy.port = String(proxy.port);
      viaProxy.searchParams.set("application_name", "dialtone_lag_b");
      const b = await startTestServer({
        DATABASE_URL: viaProxy.toString(),
        PROMETHEUS_METRICS_ENABLED: "true",
        DATABASE_IDLE_TIMEOUT_SECONDS: "0",
      }, { server: { replicator: { safetyIntervalMs: 600_000 } } });
      servers.push(b);

      const world = await createWorld(a.su);
      await putConfig(a.su, world.projectId, "flag", state(0));
      await sync(a);
      const caughtUp = async () => {
        const text = await scrape(b.url);
        assert.equal(must(text, "dialtone_replication_lag_revisions"), 0);
        assert.equal(must(text, "dialtone_primary_listen_up"), 1);
        return text;
      };
      const start = await eventually(caughtUp, 10_000);
      await assertPromtoolAccepts(start);
      assert.equal(must(start, "dialtone_primary_up"), 1);
      assert.equal(must(start, "dialtone_primary_pool_max_connections"), 10);
      assert.equal(must(start, "dialtone_primary_listen_reconnects_total"), 0);
      assert.ok(must(start, "dialtone_primary_operation_duration_seconds_count") > 0);

      proxy.refuseNew = true;
      const killed = await sql`
        SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
        WHERE application_name LIKE 'dialtone_lag_b-listen%'`;
      // One LISTEN connection per subscriber: the replicator's, and any background job's.
      assert.ok(killed.length >= 1, "B's LISTEN connections");
      await eventually(async () => {
        assert.equal(must(await scrape(b.url), "dialtone_primary_listen_up"), 0);
      }, 10_000);
      for (let i = 1; i <= 3; i++) await putConfig(a.su, world.projectId, "flag", state(i));
      await new Promise((r) => setTimeout(r, 50));
      const behind = await scrape(b.url);
      assert.equal(must(behind, "dialtone_replication_lag_revisions"), 3);
      assert.ok(must(behind, "dialtone_replication_lag_seconds") > 0);
      assert.equal(must(behind, "dialtone_primary_up"), 1, "the pool still reaches Postgres");
      assert.equal(
        must(behind, "dialtone_primary_head_revision"),
        must(behind, "dialtone_replica_revision") + 3,
      );

      proxy.refuseNew = false;
      const after = await eventually(caughtUp, 15_000);
      assert.equal(must(after, "dialtone_replication_lag_seconds"), 0);
      await eventually(async () => {
        const text = await scrape(b.url);
        assert.equal(must(text, "dialtone_primary_listen_reconnects_total"), killed.length);
      }, 15_000);
      assert.ok(must(after, "dialtone_replication_changes_applied_total") >= 3);
    } finally {
      for (const s of servers.reverse()) await s.stop();
      await proxy.close();
      await sql.end();
      await db.drop();
    }
  },
});
