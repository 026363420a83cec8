// Config tags in embedded mode (SQLite), over a real socket (helpers/config_tags_scenario.ts).
import { tagsScenario } from "./helpers/config_tags_scenario.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test("config tags: create, PATCH, PUT, Replane's PUT keeps them, ?tag=, limits, roles", async () => {
  const server = await startTestServer();
  try {
    await tagsScenario(server);
  } finally {
    await server.stop();
  }
});
