// Targeting end to end in embedded mode: the admin API, the replica and the published SDK.
import { startTestServer } from "./helpers/server.ts";
import { targetingScenario } from "./helpers/targeting_scenario.ts";

Deno.test("segments, prerequisites and exclusion groups reach the published SDK (embedded)", async (t) => {
  const server = await startTestServer();
  try {
    await targetingScenario(server.su, server.url, (name, fn) => t.step(name, fn));
  } finally {
    await server.stop();
  }
});
