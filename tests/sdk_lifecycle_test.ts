// Starting and stopping: shutdown with open streams, and a warm replica across restarts.
import assert from "node:assert/strict";
import { silentLogger } from "../src/log.ts";
import { replicaTables } from "../src/replica/replica.ts";
import { openReplicaDb } from "../src/replica/replica_db.ts";
import { createSdkKey, createWorld, putConfig, state } from "./helpers/api.ts";
import { openStream, SseReader, sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test("shutdown ends open streams instead of waiting for them", async () => {
  const server = await startTestServer();
  const world = await createWorld(server.su);
  const { key } = await createSdkKey(server.su, world.projectId, world.env.Production!);
  await sync(server);
  const reader = new SseReader(await openStream(server, key));
  await reader.until((r) => r.records.length === 1);
  await server.stop();
  await reader.until((r) => r.done, 3_000);
});

Deno.test("a restarted server serves from its warm replica and catches up", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-restart-" });
  try {
    const first = await startTestServer({}, { dir });
    const world = await createWorld(first.su);
    const { key } = await createSdkKey(first.su, world.projectId, world.env.Production!);
    await putConfig(first.su, world.projectId, "a", state(1));
    await sync(first);
    const cursor = first.replicator.cursor;
    await first.stop();
    const replicaDb = openReplicaDb(`${dir}/replica.db`, silentLogger);
    assert.equal(replicaTables(replicaDb).cursor(), cursor, "the replica file kept its cursor");
    replicaDb.close();

    const second = await startTestServer({}, { dir });
    try {
      await putConfig(second.su, world.projectId, "a", state(2));
      await sync(second);
      const reader = new SseReader(await openStream(second, key));
      await reader.until((r) => r.records.length === 1);
      assert.deepEqual(reader.records[0]!.configs, [{ name: "a", value: 2, overrides: [] }]);
      await reader.cancel();
    } finally {
      await second.stop();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
