// The hostile-input run of hostile_fuzz_test.ts with Postgres as the primary.
import assert from "node:assert/strict";
import { runHostileFuzz, runProblems } from "./helpers/hostile_fuzz.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";

Deno.test({
  name: "hostile input never crashes, freezes or changes a Postgres-backed Dialtone",
  ignore: pgUnavailable,
  async fn() {
    const db = await freshDatabase();
    try {
      assert.deepEqual(runProblems(await runHostileFuzz(2022, db.url)), []);
    } finally {
      await db.drop();
    }
  },
});
