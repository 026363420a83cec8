// OFREP across two instances on one Postgres: both answer alike (ETags too, so a 304 holds
// behind a load balancer), an event stream URL from one works on the other and hears changes
// written on either, and evaluation counts from both add up.
import assert from "node:assert/strict";
import { putConfig, state } from "./helpers/api.ts";
import { evaluateAll, evaluateFlag, ofrepWorld } from "./helpers/ofrep.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { SseReader, sync } from "./helpers/sdk.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { waitFor } from "./helpers/wait.ts";

const SECRET_KEY = "ofrep-instances-secret-0123456789abcdef";

Deno.test({
  name: "OFREP on two Postgres instances: same answers, shared streams, counts that add up",
  ignore: pgUnavailable,
  async fn() {
    const db = await freshDatabase();
    const env = { DATABASE_URL: db.url, SECRET_KEY };
    const options = { server: { evaluationFlushMs: 100 } };
    const servers: TestServer[] = [];
    let reader: SseReader | null = null;
    try {
      const a = await startTestServer(env, options);
      servers.push(a);
      const b = await startTestServer(env, options);
      servers.push(b);
      const w = await ofrepWorld(a.su);
      await sync(a);
      await sync(b);
      const context = { targetingKey: "user-3", plan: "beta", country: "NZ" };
      for (const flag of ["dark-mode", "theme", "new-checkout", "greeting"]) {
        const fromA = await evaluateFlag(a.url, w.key, flag, context);
        const fromB = await evaluateFlag(b.url, w.key, flag, context);
        assert.equal(fromA.status, 200);
        assert.deepEqual(fromB.body, fromA.body, flag);
      }
      const bulkA = await evaluateAll(a.url, w.key, context);
      const etag = bulkA.headers.get("etag")!;
      const onB = await evaluateAll(b.url, w.key, context, { "If-None-Match": etag });
      assert.equal(onB.status, 304, "both replicas are at the same revision");

      // A's stream URL, opened on B (the instances share SECRET_KEY), hears a write made on A.
      const url = (bulkA.body.eventStreams as { url: string }[])[0]!.url.replace(a.url, b.url);
      const res = await fetch(url);
      assert.equal(res.status, 200);
      reader = new SseReader(res);
      await reader.until((r) => r.frames.some((f) => f.comment === "connected"));
      await putConfig(a.su, w.projectId, "greeting", state("from A"));
      await reader.until((r) => r.records.some((x) => x.type === "refetchEvaluation"));
      const event = reader.records.find((x) => x.type === "refetchEvaluation")!;
      const refetch = await evaluateAll(b.url, w.key, context, {});
      assert.ok(
        (refetch.body.metadata as { revision: number }).revision >= Number(event.etag),
        "B answers at least the revision it announced",
      );

      for (let i = 0; i < 5; i++) await evaluateFlag(a.url, w.key, "max-items", { plan: "pro" });
      for (let i = 0; i < 7; i++) await evaluateFlag(b.url, w.key, "max-items", { plan: "pro" });
      await evaluateFlag(b.url, w.devKey, "max-items", {});
      await waitFor("both instances' counts", async () => {
        const r = await a.su.ok("GET", `/projects/${w.projectId}/configs/max-items/evaluations`);
        return r.body.count === 15; // 12 here, 1 in Development, 2 in the bulk calls above
      });
      const r = await b.su.ok("GET", `/projects/${w.projectId}/configs/max-items/evaluations`);
      const envs = r.body.environments as {
        environmentName: string;
        variants: { variant: string; count: number }[];
      }[];
      const prod = envs.find((e) => e.environmentName === "Production")!;
      assert.deepEqual(prod.variants.map((v) => [v.variant, v.count]), [["default", 2], [
        "pro",
        12,
      ]]);
      const dev = envs.find((e) => e.environmentName === "Development")!;
      assert.deepEqual(dev.variants.map((v) => [v.variant, v.count]), [["default", 1]]);
    } finally {
      await reader?.cancel();
      for (const s of servers) await s.stop();
      await db.drop();
    }
  },
});
