// The published @replanejs/admin client against a real server on SQLite.
import { startAdminServer } from "./helpers/admin.ts";
import { replaneScenario } from "./helpers/replane_scenario.ts";

Deno.test("@replanejs/admin drives workspaces, projects, configs and SDK keys (SQLite)", async () => {
  const server = await startAdminServer();
  try {
    await replaneScenario(server.url);
  } finally {
    await server.stop();
  }
});
