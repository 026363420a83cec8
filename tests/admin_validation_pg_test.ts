// The hostile-input run against Postgres, whose failure modes differ (NUL bytes, time parsing).
import assert from "node:assert/strict";
import { startAdminServer } from "./helpers/admin.ts";
import { runHostileRequests } from "./helpers/hostile_run.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";

Deno.test({
  name: "500+ hostile requests on Postgres: each a 4xx JSON, none a 5xx, database unchanged",
  ignore: pgUnavailable,
  fn: async () => {
    const database = await freshDatabase();
    const server = await startAdminServer({ DATABASE_URL: database.url });
    try {
      const { count, failures, changed } = await runHostileRequests(server);
      assert.ok(count >= 500, `only ${count} requests`);
      assert.deepEqual(failures, []);
      assert.equal(changed, false);
    } finally {
      await server.stop();
      await database.drop();
    }
  },
});
