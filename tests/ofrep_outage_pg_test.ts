// OFREP while Postgres is down (a private cluster, stopped and started): evaluation, bulk and
// event streams keep answering from memory and the replica; evaluation counts made meanwhile
// wait in memory and reach the store once it is back.
import assert from "node:assert/strict";
import { evaluateAll, evaluateFlag, ofrepWorld } from "./helpers/ofrep.ts";
import { clusterUnavailable, type PgCluster, startCluster } from "./helpers/pg_cluster.ts";
import { sync } from "./helpers/sdk.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { waitFor } from "./helpers/wait.ts";

Deno.test({
  name: "OFREP keeps answering while Postgres is down, and its counts arrive afterwards",
  ignore: clusterUnavailable,
  async fn() {
    const cluster: PgCluster = await startCluster();
    let server: TestServer | null = null;
    try {
      await cluster.sql("CREATE DATABASE dialtone");
      server = await startTestServer({ DATABASE_URL: cluster.url("dialtone") }, {
        server: { evaluationFlushMs: 100 },
      });
      const s = server;
      const w = await ofrepWorld(s.su);
      await sync(s);
      const count = async () =>
        (await s.su.ok("GET", `/projects/${w.projectId}/configs/dark-mode/evaluations`)).body
          .count;
      for (let i = 0; i < 2; i++) await evaluateFlag(s.url, w.key, "dark-mode", { plan: "beta" });
      await waitFor("the first flush", async () => await count() === 2);

      await cluster.stop("fast");
      const down = await s.su.send("GET", `/projects/${w.projectId}/configs/dark-mode/evaluations`);
      assert.equal(down.status, 503, "the admin API needs the primary");
      for (let i = 0; i < 3; i++) {
        const r = await evaluateFlag(s.url, w.key, "dark-mode", { plan: "beta" });
        assert.deepEqual([r.status, r.body.value], [200, true]);
      }
      const bulk = await evaluateAll(s.url, w.key, { targetingKey: "u" });
      assert.equal(bulk.status, 200);
      const streamUrl = (bulk.body.eventStreams as { url: string }[])[0]!.url;
      const stream = await fetch(streamUrl);
      assert.equal(stream.status, 200);
      await stream.body?.cancel();
      await new Promise((r) => setTimeout(r, 300)); // a few failed flushes

      await cluster.start();
      // 2 + 3 single evaluations + 1 in the bulk call, none lost and none twice.
      await waitFor("the counts made while Postgres was down", async () => {
        try {
          return await count() === 6;
        } catch {
          return false; // still reconnecting
        }
      }, 20_000);
    } finally {
      await server?.stop();
      await cluster.destroy();
    }
  },
});
