// Idempotency-Key on Postgres: the same checks as on SQLite, and concurrent retries of one
// request on two instances that share the database, which must make exactly one write.
import assert from "node:assert/strict";
import { Api, createWorld, socket, SUPERUSER_KEY } from "./helpers/api.ts";
import { idempotencyScenario, keyed } from "./helpers/idempotency_scenario.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { startInstance, withLogs } from "./helpers/pg_instances.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test({
  name: "Idempotency-Key: stored answers, mismatches, keys in flight (Postgres)",
  ignore: pgUnavailable,
  fn: async (t) => {
    const database = await freshDatabase();
    const server = await startTestServer({ DATABASE_URL: database.url });
    try {
      await idempotencyScenario(t, server);
    } finally {
      await server.stop();
      await database.drop();
    }
  },
});

Deno.test({
  name: "Idempotency-Key: concurrent retries on two instances make one write (Postgres)",
  ignore: pgUnavailable,
  fn: async () => {
    const database = await freshDatabase();
    const a = await startInstance(database.url);
    const b = await startInstance(database.url);
    try {
      await withLogs([a, b], async () => {
        const world = await createWorld(a.su);
        // API key names need not be unique: a second write would show as a second key.
        const path = `/workspaces/${world.workspaceId}/api-keys`;
        const apis = [a, b].map((i) => new Api(socket(i.url), { bearer: SUPERUSER_KEY }));
        for (let round = 0; round < 5; round++) {
          const key = `concurrent-${round}`;
          const body = { name: `Round ${round}`, scopes: ["config:read"] };
          const replies = await Promise.all(
            Array.from({ length: 8 }, (_, i) => keyed(apis[i % 2]!, "POST", path, key, body)),
          );
          const statuses = replies.map((r) => r.status);
          assert.ok(statuses.every((s) => s === 201 || s === 409), `round ${round}: ${statuses}`);
          const created = replies.filter((r) => r.status === 201);
          assert.ok(created.length >= 1, `round ${round}: no 201 in ${statuses}`);
          assert.equal(created.filter((r) => !r.replayed).length, 1, `round ${round}: one write`);
          assert.equal(new Set(created.map((r) => r.text)).size, 1, "every 201 is the same answer");
          // Once settled, every retry on either instance gets the stored answer.
          for (const api of apis) {
            const again = await keyed(api, "POST", path, key, body);
            assert.equal(again.status, 201, again.text);
            assert.equal(again.replayed, true);
            assert.equal(again.text, created[0]!.text);
          }
        }
        const keys = (await a.su.ok("GET", path)).body.apiKeys as { name: string }[];
        const rounds = keys.filter((e) => e.name.startsWith("Round ")).map((e) => e.name);
        assert.deepEqual(rounds.sort(), [0, 1, 2, 3, 4].map((r) => `Round ${r}`));
      });
    } finally {
      await a.dispose();
      await b.dispose();
      await database.drop();
    }
  },
});
