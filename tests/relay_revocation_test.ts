// Deleting an SDK key, an environment or a project on the primary ends the affected streams on
// a relay of a relay, and the key stops working there. The bound the issue sets is 1 s; the
// test allows ENDS_WITHIN_MS so a loaded machine cannot make it flaky (bench/relay.ts measures).
import assert from "node:assert/strict";
import { createSdkKey, createWorld, putConfig, state } from "./helpers/api.ts";
import { createRelayKey, startTestRelay } from "./helpers/relay.ts";
import { openStream, SseReader } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";
import { eventually } from "./helpers/wait.ts";

const ENDS_WITHIN_MS = 3_000;

async function open(url: string, key: string): Promise<SseReader> {
  const reader = new SseReader(await openStream({ url }, key));
  await reader.until((r) => r.records.length === 1);
  return reader;
}

Deno.test("deletions on the primary end streams on a relay of a relay", async () => {
  const primary = await startTestServer();
  const world = await createWorld(primary.su);
  const { workspaceId, projectId, env } = world;
  const second = await primary.su.ok("POST", `/workspaces/${workspaceId}/projects`, { name: "B" });
  const projectB = String(second.body.id);
  const envsB = await primary.su.ok("GET", `/projects/${projectB}/environments`);
  const prodB = (envsB.body.environments as { id: string }[])[0]!.id;
  await putConfig(primary.su, projectId, "a", state(1));
  await putConfig(primary.su, projectB, "b", state(2));
  const k1 = await createSdkKey(primary.su, projectId, env.Production!);
  const k2 = await createSdkKey(primary.su, projectId, env.Production!);
  const dev = await createSdkKey(primary.su, projectId, env.Development!);
  const kB = await createSdkKey(primary.su, projectB, prodB);
  const edge = await startTestRelay(
    primary.url,
    (await createRelayKey(primary.su, workspaceId)).key,
  );
  const leafKey = await createRelayKey(primary.su, workspaceId);
  const leaf = await startTestRelay(edge.url, leafKey.key);
  const readers: SseReader[] = [];
  try {
    const [s1, s2, sDev, sB] = await Promise.all(
      [k1, k2, dev, kB].map((k) => open(leaf.url, k.key)),
    );
    readers.push(s1!, s2!, sDev!, sB!);

    await primary.su.ok("DELETE", `/projects/${projectId}/sdk-keys/${k1.id}`);
    await s1!.until((r) => r.done, ENDS_WITHIN_MS);
    const refused = await openStream({ url: leaf.url }, k1.key);
    assert.equal(refused.status, 401);
    await refused.body?.cancel();
    assert.equal(s2!.done, false, "another key of the environment keeps its stream");

    await primary.su.ok("DELETE", `/projects/${projectId}/environments/${env.Development}`);
    await sDev!.until((r) => r.done, ENDS_WITHIN_MS);
    assert.equal(s2!.done, false);

    await primary.su.ok("DELETE", `/projects/${projectB}`);
    await sB!.until((r) => r.done, ENDS_WITHIN_MS);
    assert.equal(s2!.done, false, "a stream of another project stays");
    const gone = await openStream({ url: leaf.url }, kB.key);
    assert.equal(gone.status, 401);
    await gone.body?.cancel();

    // Deleting the leaf's relay key ends its feed; the leaf keeps serving from its replica.
    await primary.su.ok("DELETE", `/workspaces/${workspaceId}/relay-keys/${leafKey.id}`);
    await eventually(() => assert.equal(leaf.upstream.connected, false), ENDS_WITHIN_MS);
    await eventually(() => assert.match(leaf.upstream.problem ?? "", /relay key/));
    const ready = await (await fetch(`${leaf.url}/api/ready`)).json();
    assert.equal(ready.status, "degraded");
    assert.equal(s2!.done, false, "SDK streams on the leaf stay open");
  } finally {
    for (const r of readers) await r.cancel();
    await leaf.stop();
    await edge.stop();
    await primary.stop();
  }
});
