// Keys made through the admin API are never stored in plain text: not in any table, not in
// the audit log, not anywhere in the database files. A real server, so that the files include
// the replica, which holds every SDK key's hash.
import assert from "node:assert/strict";
import { createWorld, SUPERUSER_KEY } from "./helpers/api.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test("no SDK key, API key or superuser key is stored in plain text", async () => {
  const server = await startTestServer();
  const { su } = server;
  try {
    const { workspaceId: w, projectId: p, env } = await createWorld(su);
    const sdk = await su.send("POST", `/projects/${p}/sdk-keys`, {
      name: "web",
      environmentId: env.Production,
    });
    const api = await su.send("POST", `/workspaces/${w}/api-keys`, {
      name: "ci",
      scopes: ["config:read"],
    });
    const secrets = [String(sdk.body.key), String(api.body.key), SUPERUSER_KEY];
    // The random part alone must not appear either (the last 32 hex digits are the row id).
    const randomParts = secrets.slice(0, 2).map((k) => k.replace(/^rpa?_/, "").slice(0, 48));

    const tables = await server.store.read(async (tx) => {
      const names = await tx.db.all<{ name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table'`,
      );
      const rows: unknown[] = [];
      for (const { name } of names) rows.push(await tx.db.all(`SELECT * FROM "${name}"`));
      return JSON.stringify(rows);
    });
    for (const s of [...secrets, ...randomParts]) assert.ok(!tables.includes(s), s.slice(0, 8));
    assert.ok(tables.includes(String(sdk.body.prefix)), "the display prefix is kept");

    const dir = server.config.dataDir;
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile) continue;
      const text = new TextDecoder("latin1").decode(await Deno.readFile(`${dir}/${entry.name}`));
      for (const s of [...secrets, ...randomParts]) {
        assert.ok(!text.includes(s), `${entry.name} holds ${s.slice(0, 8)}…`);
      }
    }
  } finally {
    await server.stop();
  }
});
