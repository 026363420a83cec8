// Change requests of sensitive configs in Postgres mode
// (tests/helpers/change_requests_sensitive_scenario.ts): no row of any table in Postgres, and
// nothing in the instance's replica file, holds a plaintext value.
import postgres from "postgres";
import { sensitiveChangeRequestScenario } from "./helpers/change_requests_sensitive_scenario.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";

/** Every row of every table in the database's public schema, as text. */
async function allRows(url: string): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
    let text = "";
    for (const { name } of tables) {
      const rows = await sql.unsafe(`SELECT t::text AS row FROM "${name}" t`);
      text += `${name}\n${rows.map((r) => r.row).join("\n")}\n`;
    }
    return text;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

Deno.test({
  name:
    "Postgres: change requests of sensitive configs: sealed rows and replica, reviewed, rotated, applied",
  ignore: pgUnavailable,
  async fn() {
    const database = await freshDatabase();
    try {
      await sensitiveChangeRequestScenario({
        env: { DATABASE_URL: database.url },
        primaryText: async () => ({ where: "Postgres", text: await allRows(database.url) }),
      });
    } finally {
      await database.drop();
    }
  },
});
