// Primary → relay → relay of the relay, with the published @replanejs/sdk on the last one.
import assert from "node:assert/strict";
import { createSdkKey, createWorld, putConfig, state } from "./helpers/api.ts";
import { createRelayKey, startTestRelay } from "./helpers/relay.ts";
import { connectSdk, snapshot } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";
import { eventually } from "./helpers/wait.ts";

Deno.test("a write on the primary reaches @replanejs/sdk on a relay of a relay", async () => {
  const primary = await startTestServer();
  const { workspaceId, projectId, env } = await createWorld(primary.su);
  await putConfig(primary.su, projectId, "greeting", state("hello"));
  const sdkKey = await createSdkKey(primary.su, projectId, env.Production!);
  const edgeKey = await createRelayKey(primary.su, workspaceId);
  const leafKey = await createRelayKey(primary.su, workspaceId, { projectIds: [projectId] });
  const edge = await startTestRelay(primary.url, edgeKey.key);
  const leaf = await startTestRelay(edge.url, leafKey.key);
  const client = await connectSdk(leaf.url, sdkKey.key);
  try {
    assert.equal(client.get("greeting"), "hello");
    await putConfig(primary.su, projectId, "greeting", state("bonjour"));
    await eventually(() => assert.equal(client.get("greeting"), "bonjour"));
    await putConfig(primary.su, projectId, "added", state(42));
    await eventually(() => assert.equal(client.get("added"), 42));
    assert.deepEqual(await snapshot(leaf.url, sdkKey.key), { greeting: "bonjour", added: 42 });
    // Revisions are the primary's on every hop.
    assert.equal(edge.replicator.cursor, primary.replicator.cursor);
    assert.equal(leaf.replicator.cursor, primary.replicator.cursor);
  } finally {
    client.disconnect();
    await leaf.stop();
    await edge.stop();
    await primary.stop();
  }
});
