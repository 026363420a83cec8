// Two instances on one Postgres: a write on one reaches SDK streams on the other through
// LISTEN/NOTIFY and the other's own replica; so does a key deletion.
import assert from "node:assert/strict";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { createSdkKey, createWorld, putConfig, state } from "./helpers/api.ts";
import { openStream, SseReader, sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test({
  name: "a write on one instance reaches streams on another through Postgres",
  ignore: pgUnavailable,
  fn: async () => {
    const db = await freshDatabase();
    const a = await startTestServer({ DATABASE_URL: db.url });
    const b = await startTestServer({ DATABASE_URL: db.url });
    const readers: SseReader[] = [];
    try {
      const world = await createWorld(a.su);
      const { id, key } = await createSdkKey(a.su, world.projectId, world.env.Production!);
      await putConfig(a.su, world.projectId, "shared", state(1));
      await sync(b);
      const onB = new SseReader(await openStream(b, key));
      readers.push(onB);
      await onB.until((r) => r.records.length === 1);
      assert.deepEqual(onB.records[0]!.configs, [{ name: "shared", value: 1, overrides: [] }]);

      for (const v of [2, 3, 4]) await putConfig(a.su, world.projectId, "shared", state(v));
      await onB.until((r) => r.records.length === 4);
      assert.deepEqual(
        onB.records.slice(1).map((r) => (r.config as { value: number }).value),
        [2, 3, 4],
      );

      await a.store.write((tx) => tx.sdkKeys.delete(id));
      await onB.until((r) => r.done, 3_000);
      await sync(b);
      const refused = await openStream(b, key);
      assert.equal(refused.status, 401);
      await refused.body?.cancel();
    } finally {
      for (const r of readers) await r.cancel();
      await a.stop();
      await b.stop();
      await db.drop();
    }
  },
});
