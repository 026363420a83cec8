// Config tags in Postgres mode (helpers/config_tags_scenario.ts).
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { tagsScenario } from "./helpers/config_tags_scenario.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test({
  name: "Postgres: config tags: create, PATCH, PUT, Replane's PUT keeps them, ?tag=, limits, roles",
  ignore: pgUnavailable,
  fn: async () => {
    const db = await freshDatabase();
    const server = await startTestServer({ DATABASE_URL: db.url });
    try {
      await tagsScenario(server);
    } finally {
      await server.stop();
    }
  },
});
