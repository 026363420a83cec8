// The published @replanejs/admin client against the app on SQLite (its fetchFn is app.request()).
import { startTestApp } from "./helpers/app.ts";
import { replaneScenario } from "./helpers/replane_scenario.ts";

Deno.test("@replanejs/admin drives workspaces, projects, configs and SDK keys (SQLite)", async () => {
  const server = await startTestApp();
  try {
    await replaneScenario(server);
  } finally {
    await server.stop();
  }
});
