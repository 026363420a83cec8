// Master-key rotation (docs/sensitive_values.md), embedded SQLite: an SDK stream stays up and
// keeps receiving changes while the data keys are re-wrapped; afterwards the new key alone
// reads everything, old versions included.
import assert from "node:assert/strict";
import { connectSdk, snapshot, sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";
import { createWorld } from "./helpers/api.ts";
import { KEY_1, KEY_2, PLAINTEXTS, sdkKey, sensitiveBody } from "./helpers/sensitive.ts";
import { eventually } from "./helpers/wait.ts";
import { cli } from "./helpers/cli.ts";

Deno.test("rotate the master key with a stream open; then only the new key is needed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-rotate-" });
  try {
    // Written under the first key.
    let server = await startTestServer({ ENCRYPTION_KEY: KEY_1 }, { dir });
    const { projectId, env, workspaceId } = await createWorld(server.su);
    const prod = env.Production!;
    await server.su.ok("POST", `/projects/${projectId}/configs`, sensitiveBody(prod));
    const key = await sdkKey(server.su, projectId, prod, true);
    await server.stop();

    // Every instance learns the new key, the old one as previous; then the rotation runs.
    server = await startTestServer(
      { ENCRYPTION_KEY: KEY_2, ENCRYPTION_KEY_PREVIOUS: KEY_1 },
      { dir },
    );
    const sdk = await connectSdk(server.url, key);
    try {
      assert.equal(sdk.get("db-password"), PLAINTEXTS[2]);
      const before = await server.su.ok("GET", `/workspaces/${workspaceId}/encryption-keys`);
      assert.equal(before.body.pending, 1);
      const rotated = await server.su.ok(
        "POST",
        `/workspaces/${workspaceId}/encryption-keys/rotate`,
      );
      assert.equal(rotated.body.rewrapped, 1);
      assert.equal(rotated.body.pending, 0);
      const { name: _, ...update } = sensitiveBody(prod, "after-rotation");
      await server.su.ok("PUT", `/projects/${projectId}/configs/db-password`, {
        ...update,
        variants: [],
      });
      await eventually(() => assert.equal(sdk.get("db-password"), "after-rotation"));
    } finally {
      sdk.disconnect();
    }
    await sync(server);
    await server.stop();

    // The first key alone no longer opens anything: the CLI's rotation says which key is missing.
    const failed = await cli(["rotate-key"], { env: { DATA_DIR: dir, ENCRYPTION_KEY: KEY_1 } });
    assert.equal(failed.code, 1, failed.stdout);
    assert.match(failed.stderr, /ENCRYPTION_KEY_PREVIOUS/);

    // The new key alone: the replica, the current row and version 1 all open.
    server = await startTestServer({ ENCRYPTION_KEY: KEY_2 }, { dir });
    assert.equal((await snapshot(server.url, key))["db-password"], "after-rotation");
    await server.su.ok("POST", `/projects/${projectId}/configs/db-password/versions/1/restore`, {});
    const restored = await server.su.ok("GET", `/projects/${projectId}/configs/db-password`);
    assert.equal((restored.body.base as { value: unknown }).value, PLAINTEXTS[0]);
    await server.stop();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
