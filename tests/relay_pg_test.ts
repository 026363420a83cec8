// Relays of a Postgres primary: the published SDK on a relay of a relay, and an SDK stream that
// moves from one relay to another resumes from its Last-Event-ID, because revisions are the
// primary's on every instance.
import assert from "node:assert/strict";
import { createSdkKey, createWorld, putConfig, state } from "./helpers/api.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { createRelayKey, startTestRelay } from "./helpers/relay.ts";
import { connectSdk, openStream, SseReader } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";
import { eventually } from "./helpers/wait.ts";

Deno.test({
  name: "relays of a Postgres primary: chain to the SDK, and resume across relays",
  ignore: pgUnavailable,
  fn: async () => {
    const db = await freshDatabase();
    const primary = await startTestServer({ DATABASE_URL: db.url });
    const cleanups: (() => unknown)[] = [() => db.drop(), () => primary.stop()];
    try {
      const { workspaceId, projectId, env } = await createWorld(primary.su);
      await putConfig(primary.su, projectId, "flag", state(1));
      const sdk = await createSdkKey(primary.su, projectId, env.Production!);
      const a = await startTestRelay(
        primary.url,
        (await createRelayKey(primary.su, workspaceId)).key,
      );
      cleanups.push(() => a.stop());
      const b = await startTestRelay(
        primary.url,
        (await createRelayKey(primary.su, workspaceId)).key,
      );
      cleanups.push(() => b.stop());
      const leaf = await startTestRelay(
        a.url,
        (await createRelayKey(primary.su, workspaceId, { projectIds: [projectId] })).key,
      );
      cleanups.push(() => leaf.stop());
      const client = await connectSdk(leaf.url, sdk.key);
      cleanups.push(() => client.disconnect());
      assert.equal(client.get("flag"), 1);

      const onA = new SseReader(await openStream(a, sdk.key));
      await onA.until((r) => r.records.length === 1);
      await putConfig(primary.su, projectId, "flag", state(2));
      await onA.until((r) => r.records.length === 2);
      const lastId = onA.frames.filter((f) => f.id !== undefined).at(-1)!.id!;
      await onA.cancel();
      await eventually(() => assert.equal(client.get("flag"), 2));

      // Missed while between relays; then the SDK reconnects to b with its Last-Event-ID.
      await putConfig(primary.su, projectId, "flag", state(3));
      await putConfig(primary.su, projectId, "other", state("o"));
      const head = await primary.store.read((tx) => tx.feed.head());
      await eventually(() => assert.equal(b.replicator.cursor, head));
      const onB = new SseReader(
        await openStream(b, sdk.key, undefined, { "Last-Event-ID": lastId }),
      );
      await onB.until((r) => r.records.length === 2);
      assert.deepEqual(onB.records.map((r) => r.type), ["config_change", "config_change"]);
      assert.deepEqual(
        onB.records.map((r) => (r.config as { name: string; value: unknown }).value),
        [3, "o"],
      );
      await onB.cancel();
      await eventually(() => assert.equal(client.get("other"), "o"));
      await eventually(() => assert.equal(leaf.replicator.cursor, head));
    } finally {
      for (const c of cleanups.reverse()) await c();
    }
  },
});
