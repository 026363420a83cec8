// Scheduled changes in Postgres mode: the whole scenario, then two instances on one database
// racing for the same due items, many rounds: each item fires exactly once, in due order.
import assert from "node:assert/strict";
import { createWorld, putConfig, state } from "./helpers/api.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { schedule, scheduleScenario, settled } from "./helpers/schedule_scenario.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test({
  name: "Postgres: scheduled changes: order, exactly once, re-validation, edit and cancel",
  ignore: pgUnavailable,
  fn: async (t) => {
    const db = await freshDatabase();
    const server = await startTestServer({ DATABASE_URL: db.url });
    try {
      await scheduleScenario(server.su, (label, fn) => t.step(label, fn));
    } finally {
      await server.stop();
      await db.drop();
    }
  },
});

Deno.test({
  name: "Postgres: two instances fire each scheduled change exactly once, in due order",
  ignore: pgUnavailable,
  fn: async () => {
    const db = await freshDatabase();
    const fired = new Map<string, number>();
    const by = { a: 0, b: 0 };
    const counter = (who: "a" | "b") => ({
      onFired: ({ id }: { id: string }) => {
        fired.set(id, (fired.get(id) ?? 0) + 1);
        by[who]++;
      },
    });
    const env = { DATABASE_URL: db.url };
    const a = await startTestServer(env, { server: { scheduler: counter("a") } });
    const b = await startTestServer(env, { server: { scheduler: counter("b") } });
    try {
      const w = await createWorld(a.su);
      await putConfig(a.su, w.projectId, "flag", state(0));
      let version = 1;
      for (let round = 0; round < 15; round++) {
        // Far enough ahead that six schedule requests finish first on a loaded machine.
        const t = Date.now() + 1000;
        const ids: string[] = [];
        for (let i = 0; i < 6; i++) {
          // Both instances schedule; every item falls due within a few milliseconds.
          const via = i % 2 === 0 ? a : b;
          const value = round * 10 + i;
          const [s] = await schedule(via.su, w.projectId, "flag", t + i * 3, value, {
            onConflict: "apply",
          });
          ids.push(s!.id);
        }
        const done = await settled(a.su, w.projectId, ids);
        assert.deepEqual(done.map((s) => s.status), ids.map(() => "applied"), `round ${round}`);
        assert.deepEqual(
          done.map((s) => s.firedVersion),
          ids.map((_, i) => version + 1 + i),
          `round ${round}: one version per item, in due order`,
        );
        version += ids.length;
        for (const id of ids) assert.equal(fired.get(id), 1, `round ${round}: ${id} fired once`);
      }
      const cfg = await b.su.ok("GET", `/projects/${w.projectId}/configs/flag`);
      assert.equal(cfg.body.version, version);
      const applied = await a.store.read((tx) =>
        tx.db.get<{ n: number }>(
          `SELECT count(*) AS n FROM audit_log WHERE project_id = $1
           AND action = 'config.scheduled_update'`,
          [w.projectId],
        )
      );
      assert.equal(Number(applied?.n), 15 * 6, "one audit row per item");
      // Both raced for the items: each instance fired some of them.
      assert.ok(by.a > 0 && by.b > 0, JSON.stringify(by));
    } finally {
      await a.stop();
      await b.stop();
      await db.drop();
    }
  },
});
