// Issue 22 over a real socket against a server in its own process (embedded SQLite): a few
// thousand hostile requests from every kind of caller; no 5xx, no crash, /api/health answers
// within 100 ms throughout, no key sees past its scope, and the database never changes.
import assert from "node:assert/strict";
import { runHostileFuzz, runProblems } from "./helpers/hostile_fuzz.ts";

Deno.test("hostile input never crashes, freezes or changes an embedded Dialtone", async () => {
  const result = await runHostileFuzz(22);
  assert.deepEqual(runProblems(result), []);
});
