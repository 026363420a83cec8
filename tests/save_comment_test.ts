// The comment saved with a config version on SQLite (tests/helpers/save_comment_scenario.ts).
import { DatabaseSync } from "node:sqlite";
import { saveCommentScenario } from "./helpers/save_comment_scenario.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test("save comment: PUT, PATCH, restore and change requests keep it on the version and audit row", async () => {
  const server = await startTestServer();
  try {
    await saveCommentScenario(server, (configId) => {
      const db = new DatabaseSync(`${server.dir}/dialtone.db`);
      try {
        db.exec("DROP TRIGGER config_versions_no_update");
        db.prepare("UPDATE config_versions SET comment = ? WHERE config_id = ? AND version = 2")
          .run("Forged reason", configId);
      } finally {
        db.close();
      }
      return Promise.resolve();
    });
  } finally {
    await server.stop();
  }
});
