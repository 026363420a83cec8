// Deleting a key, an environment or a project ends its open streams, and the key stops working
// at once. The spec's bound is 1 s and it takes milliseconds; the tests wait up to ENDS_WITHIN_MS
// so a loaded CI machine cannot make them flaky.
import assert from "node:assert/strict";
import { generateKey } from "../src/auth/keys.ts";
import type { RunningServer } from "../src/server.ts";
import { createSdkKey, createWorld, putConfig, state } from "./helpers/api.ts";
import { openStream, SseReader, sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";

async function open(server: RunningServer, key: string): Promise<SseReader> {
  const reader = new SseReader(await openStream(server, key));
  await reader.until((r) => r.records.length === 1);
  return reader;
}

const ENDS_WITHIN_MS = 3_000;

async function assertEnds(reader: SseReader) {
  await reader.until((r) => r.done, ENDS_WITHIN_MS);
}

Deno.test("deleting an SDK key, an environment or a project ends its streams", async () => {
  const server = await startTestServer();
  const readers: SseReader[] = [];
  try {
    const world = await createWorld(server.su);
    const other = await createWorld(server.su);
    const { env, projectId } = world;
    await putConfig(server.su, projectId, "a", state(1));
    const k1 = await createSdkKey(server.su, projectId, env.Production!);
    const k2 = await createSdkKey(server.su, projectId, env.Production!);
    const dev = await createSdkKey(server.su, projectId, env.Development!);
    const bystander = await createSdkKey(server.su, other.projectId, other.env.Production!);
    await sync(server);
    const [s1, s2, sDev, sBystander] = await Promise.all(
      [k1, k2, dev, bystander].map((k) => open(server, k.key)),
    );
    readers.push(s1!, s2!, sDev!, sBystander!);

    await server.store.write((tx) => tx.sdkKeys.delete(k1.id));
    await assertEnds(s1!);
    assert.equal(s2!.done, false, "another key of the same environment keeps streaming");
    const again = await openStream(server, k1.key);
    assert.equal(again.status, 401);
    assert.deepEqual(await again.json(), { msg: "Invalid SDK key" });

    await server.store.write((tx) => tx.environments.delete(env.Development!));
    await assertEnds(sDev!);
    assert.equal(s2!.done, false);

    await server.store.write((tx) => tx.projects.delete(projectId));
    await assertEnds(s2!);
    const refused = await openStream(server, k2.key);
    assert.equal(refused.status, 401);
    await refused.body?.cancel();

    await putConfig(server.su, other.projectId, "still", state("streaming"));
    await sBystander!.until((r) => r.records.length === 2);
    assert.equal(sBystander!.done, false);
    assert.equal(server.hub.stats().connections, 1);
  } finally {
    for (const r of readers) await r.cancel();
    await server.stop();
  }
});

Deno.test("a key rejected before it existed works as soon as it has replicated", async () => {
  const server = await startTestServer();
  try {
    const world = await createWorld(server.su);
    const id = crypto.randomUUID();
    const generated = generateKey("sdk", id);
    const before = await openStream(server, generated.key);
    assert.equal(before.status, 401);
    await before.body?.cancel();
    await server.store.write((tx) =>
      tx.sdkKeys.create({
        id,
        projectId: world.projectId,
        environmentId: world.env.Production!,
        name: "new",
        description: "",
        keyHash: generated.hash,
        keyPrefix: generated.prefix,
        keySuffix: generated.suffix,
      })
    );
    await sync(server);
    const reader = await open(server, generated.key);
    await reader.cancel();
  } finally {
    await server.stop();
  }
});
