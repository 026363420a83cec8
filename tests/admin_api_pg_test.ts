// The published @replanejs/admin client against a real server on Postgres.
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { replaneScenario } from "./helpers/replane_scenario.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test({
  name: "@replanejs/admin drives workspaces, projects, configs and SDK keys (Postgres)",
  ignore: pgUnavailable,
  fn: async () => {
    const database = await freshDatabase();
    const server = await startTestServer({ DATABASE_URL: database.url });
    try {
      await replaneScenario(server);
    } finally {
      await server.stop();
      await database.drop();
    }
  },
});
