// Idempotency-Key on the admin API, embedded mode (SQLite).
import { startTestApp } from "./helpers/app.ts";
import { idempotencyScenario } from "./helpers/idempotency_scenario.ts";

Deno.test("Idempotency-Key: stored answers, mismatches, keys in flight (SQLite)", async (t) => {
  const app = await startTestApp();
  try {
    await idempotencyScenario(t, app);
  } finally {
    await app.stop();
  }
});
