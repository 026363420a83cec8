// The comment saved with a config version on Postgres (tests/helpers/save_comment_scenario.ts).
import postgres from "postgres";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { saveCommentScenario } from "./helpers/save_comment_scenario.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test({
  name: "Postgres: save comment on PUT, PATCH, restore and change requests; the hash covers it",
  ignore: pgUnavailable,
  async fn() {
    const db = await freshDatabase();
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    const server = await startTestServer({ DATABASE_URL: db.url });
    try {
      await saveCommentScenario(server, async (configId) => {
        await sql.unsafe("ALTER TABLE config_versions DISABLE TRIGGER USER");
        await sql.unsafe(
          `UPDATE config_versions SET comment = 'Forged reason' WHERE config_id = $1 AND version = 2`,
          [configId],
        );
        await sql.unsafe("ALTER TABLE config_versions ENABLE TRIGGER USER");
      });
    } finally {
      await server.stop();
      await sql.end();
      await db.drop();
    }
  },
});
