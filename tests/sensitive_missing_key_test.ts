// An instance without the master key of a sensitive config (docs/sensitive_values.md): the
// paths that need its values answer 503 encryption_key_unavailable naming the key and what to
// set; plain configs, exports and SDK streams keep working; the server stays up.
import assert from "node:assert/strict";
import { masterKey } from "../src/auth/envelope.ts";
import { createWorld, putConfig, type Reply, state } from "./helpers/api.ts";
import { connectSdk, snapshot, sync } from "./helpers/sdk.ts";
import { KEY_1, KEY_2, PLAINTEXTS, sdkKey, sensitiveBody } from "./helpers/sensitive.ts";
import { startTestServer } from "./helpers/server.ts";
import { eventually } from "./helpers/wait.ts";

const KEY_1_ID = masterKey(KEY_1).id;

function keyUnavailable(reply: Reply) {
  assert.equal(reply.status, 503, reply.text);
  assert.equal(reply.body.code, "encryption_key_unavailable", reply.text);
  assert.equal(reply.body.masterKeyId, KEY_1_ID);
  assert.match(String(reply.body.dataKeyId), /^dk_/);
  const message = String(reply.body.error);
  assert.ok(message.includes(`master key ${KEY_1_ID}`), message);
  assert.match(message, /ENCRYPTION_KEY \(or ENCRYPTION_KEY_FILE\)/);
  for (const secret of PLAINTEXTS) assert.ok(!reply.text.includes(secret), reply.text);
}

Deno.test("without its master key, a sensitive config answers 503 encryption_key_unavailable; the rest works", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-missing-key-" });
  try {
    let server = await startTestServer({ ENCRYPTION_KEY: KEY_1 }, { dir });
    const { projectId, env } = await createWorld(server.su);
    const prod = env.Production!;
    await server.su.ok("POST", `/projects/${projectId}/configs`, sensitiveBody(prod));
    await putConfig(server.su, projectId, "greeting", state("hello"));
    const trusted = await sdkKey(server.su, projectId, prod, true);
    await sync(server);
    await server.stop();

    // A wrong key, then none at all.
    let greeting = "hello";
    for (const env of [{ ENCRYPTION_KEY: KEY_2 }, {}] as Record<string, string>[]) {
      server = await startTestServer(env, { dir });
      const { su } = server;
      const path = `/projects/${projectId}/configs`;
      keyUnavailable(await su.send("GET", `${path}/db-password`));
      const { name: _, ...update } = sensitiveBody(prod, "new-value");
      keyUnavailable(await su.send("PUT", `${path}/db-password`, update));
      keyUnavailable(await su.send("GET", `${path}/db-password/versions/1/diff?against=1`));

      // Plain configs: read, list, write; the export leaves the sensitive one out.
      assert.equal(
        ((await su.ok("GET", `${path}/greeting`)).body.base as { value: unknown }).value,
        greeting,
      );
      const names = (await su.ok("GET", path)).body.configs as { name: string }[];
      assert.deepEqual(names.map((c) => c.name).sort(), ["db-password", "greeting"]);
      const next = "hi " + JSON.stringify(env);
      await putConfig(su, projectId, "greeting", state(next));
      greeting = next;
      const exported = await su.ok("GET", `/projects/${projectId}/export`);
      assert.deepEqual((exported.body.configs as { name: string }[]).map((c) => c.name), [
        "greeting",
      ]);

      // SDKs: the stream and the snapshot serve the plain config and withhold the other.
      const sdk = await connectSdk(server.url, trusted);
      try {
        await eventually(() => assert.equal(sdk.get("greeting"), next));
        assert.deepEqual(await snapshot(server.url, trusted), { greeting: next });
      } finally {
        sdk.disconnect();
      }
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 200, await health.text());
      await server.stop();
    }

    // The right key again: everything opens, nothing was lost.
    server = await startTestServer({ ENCRYPTION_KEY: KEY_1 }, { dir });
    const back = await server.su.ok("GET", `/projects/${projectId}/configs/db-password`);
    assert.equal((back.body.base as { value: unknown }).value, PLAINTEXTS[0]);
    await eventually(async () => {
      assert.equal((await snapshot(server.url, trusted))["db-password"], PLAINTEXTS[2]);
    });
    await server.stop();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
