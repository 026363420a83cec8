// Kill switch and project rollback in Postgres mode, through the published SDK.
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import {
  environmentRollbackScenario,
  killSwitchScenario,
  rollbackScenario,
} from "./helpers/safe_scenario.ts";
import { startTestServer } from "./helpers/server.ts";

for (
  const [name, scenario] of [
    ["Postgres: kill switch in one environment or all; undo restores", killSwitchScenario],
    ["Postgres: project rollback reaches the SDK as one revision", rollbackScenario],
    ["Postgres: environment rollback changes only that environment", environmentRollbackScenario],
  ] as const
) {
  Deno.test({
    name,
    ignore: pgUnavailable,
    fn: async (t) => {
      const db = await freshDatabase();
      const server = await startTestServer({ DATABASE_URL: db.url });
      try {
        await scenario(server, (label, fn) => t.step(label, fn));
      } finally {
        await server.stop();
        await db.drop();
      }
    },
  });
}
