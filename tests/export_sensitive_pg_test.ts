// Encrypted exports on Postgres (docs/sensitive_values.md#exports): exported through one
// instance, imported into another project through a second instance with the same master key,
// served by the first; Postgres holds no plaintext; a database whose servers have another key
// refuses the file naming the key and writes nothing.
import assert from "node:assert/strict";
import postgres from "postgres";
import { masterKey } from "../src/auth/envelope.ts";
import { createWorld } from "./helpers/api.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { snapshot, sync } from "./helpers/sdk.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { KEY_1, KEY_2, PLAINTEXTS, sdkKey, sensitiveBody } from "./helpers/sensitive.ts";
import { eventually } from "./helpers/wait.ts";

Deno.test({
  name:
    "encrypted export on Postgres: export on one instance, import on another, refused elsewhere",
  ignore: pgUnavailable,
  async fn() {
    const database = await freshDatabase();
    const otherDatabase = await freshDatabase();
    const started: TestServer[] = [];
    const start = async (url: string, key: string) => {
      const s = await startTestServer({ DATABASE_URL: url, ENCRYPTION_KEY: key });
      started.push(s);
      return s;
    };
    try {
      const a = await start(database.url, KEY_1);
      const b = await start(database.url, KEY_1);
      const world = await createWorld(a.su);
      await a.su.ok(
        "POST",
        `/projects/${world.projectId}/configs`,
        sensitiveBody(world.env.Production!),
      );
      const exported = await a.su.ok(
        "GET",
        `/projects/${world.projectId}/export?sensitive=encrypted`,
      );
      for (const secret of PLAINTEXTS) assert.ok(!exported.text.includes(secret));

      const project = await b.su.ok("POST", `/workspaces/${world.workspaceId}/projects`, {
        name: "Copy",
      });
      const copyId = String(project.body.id);
      const imported = await b.su.ok("POST", `/projects/${copyId}/import`, {
        data: exported.body,
      });
      assert.deepEqual(imported.body.created, ["db-password"]);
      const envs = (await a.su.ok("GET", `/projects/${copyId}/environments`)).body
        .environments as { id: string; name: string }[];
      const prod = envs.find((e) => e.name === "Production")!.id;
      const key = await sdkKey(a.su, copyId, prod, true);
      await sync(a);
      await eventually(async () => {
        assert.equal((await snapshot(a.url, key))["db-password"], PLAINTEXTS[2]);
      });

      const sql = postgres(database.url, { max: 1, onnotice: () => {} });
      try {
        const rows = [
          ...await sql`SELECT value, overrides, sealed FROM configs`,
          ...await sql`SELECT snapshot FROM config_versions`,
          ...await sql`SELECT before, after FROM audit_log`,
        ];
        const text = JSON.stringify(rows);
        assert.ok(text.includes("dk1."), "sealed rows");
        for (const secret of PLAINTEXTS) assert.ok(!text.includes(secret), secret);
      } finally {
        await sql.end();
      }

      const other = await start(otherDatabase.url, KEY_2);
      const { projectId } = await createWorld(other.su);
      const refused = await other.su.send("POST", `/projects/${projectId}/import`, {
        data: exported.body,
      });
      assert.equal(refused.status, 400, refused.text);
      assert.ok(refused.text.includes(masterKey(KEY_1).id), refused.text);
      assert.deepEqual(
        (await other.su.ok("GET", `/projects/${projectId}/configs`)).body.configs,
        [],
      );
    } finally {
      for (const s of started.reverse()) await s.stop();
      await database.drop();
      await otherDatabase.drop();
    }
  },
});
