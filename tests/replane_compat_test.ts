// Replane's reference semantics against one embedded (SQLite) server; the scenario is in
// replane_compat_scenario.ts.
import { startAdminServer } from "./helpers/admin.ts";
import { referenceScenario } from "./replane_compat_scenario.ts";

Deno.test("Replane clients create and delete referenced configs in any order (embedded)", async (t) => {
  const server = await startAdminServer({ TESTING_MODE: "true" });
  try {
    await referenceScenario(
      { adminUrl: server.url, sdkUrl: server.url },
      (name, fn) => t.step(name, fn),
    );
  } finally {
    await server.stop();
  }
});
