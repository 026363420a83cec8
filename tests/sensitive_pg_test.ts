// Sensitive configs with two instances on one Postgres (docs/sensitive_values.md): the rows in
// Postgres hold no plaintext, plain SDK keys never see the config on either instance, and the
// master key rotates through one instance while the other keeps streaming.
import assert from "node:assert/strict";
import postgres from "postgres";
import { createWorld } from "./helpers/api.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { connectSdk, snapshot, sync } from "./helpers/sdk.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { KEY_1, KEY_2, PLAINTEXTS, sdkKey, sensitiveBody } from "./helpers/sensitive.ts";
import { eventually } from "./helpers/wait.ts";

Deno.test({
  name: "sensitive configs on Postgres: sealed rows, per-key delivery, rotation across instances",
  ignore: pgUnavailable,
  async fn() {
    const database = await freshDatabase();
    const started: TestServer[] = [];
    const start = async (env: Record<string, string>) => {
      const s = await startTestServer({ DATABASE_URL: database.url, ...env });
      started.push(s);
      return s;
    };
    try {
      const first = await start({ ENCRYPTION_KEY: KEY_1 });
      const { projectId, env, workspaceId } = await createWorld(first.su);
      const prod = env.Production!;
      await first.su.ok("POST", `/projects/${projectId}/configs`, sensitiveBody(prod));
      const plainKey = await sdkKey(first.su, projectId, prod, false);
      const trustedKey = await sdkKey(first.su, projectId, prod, true);

      // Both instances have the new key and the old one; a stream stays open on `a`.
      const a = await start({ ENCRYPTION_KEY: KEY_2, ENCRYPTION_KEY_PREVIOUS: KEY_1 });
      const b = await start({ ENCRYPTION_KEY: KEY_2, ENCRYPTION_KEY_PREVIOUS: KEY_1 });
      await sync(a);
      await sync(b);
      for (const s of [a, b]) {
        assert.deepEqual(await snapshot(s.url, plainKey), {});
        assert.equal((await snapshot(s.url, trustedKey))["db-password"], PLAINTEXTS[2]);
      }
      const sdk = await connectSdk(a.url, trustedKey);
      try {
        const rotated = await b.su.ok("POST", `/workspaces/${workspaceId}/encryption-keys/rotate`);
        assert.equal(rotated.body.rewrapped, 1);
        const { name: _, ...update } = sensitiveBody(prod, "rotated-value");
        await b.su.ok("PUT", `/projects/${projectId}/configs/db-password`, {
          ...update,
          variants: [],
        });
        await eventually(() => assert.equal(sdk.get("db-password"), "rotated-value"), 10_000);
      } finally {
        sdk.disconnect();
      }

      // Straight from Postgres: ciphertext only, the data key under the new master key.
      const sql = postgres(database.url, { max: 1, onnotice: () => {} });
      try {
        const rows = [
          ...await sql`SELECT value, overrides, sealed FROM configs`,
          ...await sql`SELECT snapshot FROM config_versions`,
          ...await sql`SELECT payload FROM changes`,
          ...await sql`SELECT before, after FROM audit_log`,
        ];
        const text = JSON.stringify(rows);
        for (const secret of [...PLAINTEXTS, "rotated-value"]) {
          assert.ok(!text.includes(secret), `${secret} in Postgres`);
        }
        assert.match(text, /dk1\./);
        const keys = await sql`SELECT DISTINCT master_key_id FROM data_keys`;
        assert.equal(keys.length, 1);
        assert.equal(
          keys[0]!.master_key_id,
          (await b.su.ok(
            "GET",
            `/workspaces/${workspaceId}/encryption-keys`,
          )).body.currentKeyId,
        );
      } finally {
        await sql.end({ timeout: 1 });
      }

      // A new instance with only the new key reads everything.
      const c = await start({ ENCRYPTION_KEY: KEY_2 });
      await sync(c);
      assert.equal((await snapshot(c.url, trustedKey))["db-password"], "rotated-value");
      const v1 = await c.su.send(
        "POST",
        `/projects/${projectId}/configs/db-password/versions/1/restore`,
        {},
      );
      assert.equal(v1.status, 200, v1.text);
    } finally {
      for (const s of started.reverse()) await s.stop();
      await database.drop();
    }
  },
});
