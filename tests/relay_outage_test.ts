// A relay survives its upstream: streams stay open, new connects get init from the replica, a
// restart with the upstream still down serves, and once the upstream is back the relay
// converges to the same replica contents.
import assert from "node:assert/strict";
import { createSdkKey, createWorld, putConfig, state } from "./helpers/api.ts";
import { createRelayKey, startTestRelay } from "./helpers/relay.ts";
import { replicaDigest } from "./helpers/replica_check.ts";
import { connectSdk, snapshot } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";
import { eventually } from "./helpers/wait.ts";

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("a relay serves while its upstream is down, restarts warm, and converges after", async () => {
  const port = freePort();
  const primaryDir = await Deno.makeTempDir({ prefix: "dialtone-upstream-" });
  const relayDir = await Deno.makeTempDir({ prefix: "dialtone-relay-" });
  const cleanups: (() => unknown)[] = [];
  try {
    let primary = await startTestServer({ PORT: String(port) }, { dir: primaryDir });
    cleanups.push(() => primary.shutdown());
    const { workspaceId, projectId, env } = await createWorld(primary.su);
    await putConfig(primary.su, projectId, "flag", state(1));
    const sdk = await createSdkKey(primary.su, projectId, env.Production!);
    const { key } = await createRelayKey(primary.su, workspaceId);
    let relay = await startTestRelay(primary.url, key, { dir: relayDir });
    cleanups.push(() => relay.shutdown());
    const first = await connectSdk(relay.url, sdk.key);
    cleanups.push(() => first.disconnect());
    assert.equal(first.get("flag"), 1);

    await primary.shutdown();
    await eventually(() => assert.equal(relay.upstream.connected, false));
    const ready = await fetch(`${relay.url}/api/ready`);
    assert.equal(ready.status, 200);
    const body = await ready.json();
    assert.equal(body.status, "degraded");
    assert.equal(body.checks.upstream, "reconnecting");
    assert.match(body.error, new RegExp(`the upstream ${primary.url} is unreachable`));
    // The open stream stays, and a new client gets init from the replica.
    assert.equal(relay.hub.stats().connections, 1);
    const second = await connectSdk(relay.url, sdk.key);
    cleanups.push(() => second.disconnect());
    assert.equal(second.get("flag"), 1);
    assert.deepEqual(await snapshot(relay.url, sdk.key), { flag: 1 });

    // Restarted with the upstream still down: it serves from its replica.
    first.disconnect();
    second.disconnect();
    await relay.shutdown();
    relay = await startTestRelay(primary.url, key, { dir: relayDir });
    assert.equal(relay.upstream.connected, false);
    const third = await connectSdk(relay.url, sdk.key);
    cleanups.push(() => third.disconnect());
    assert.equal(third.get("flag"), 1);

    // The upstream is back with a change made meanwhile: the relay converges.
    primary = await startTestServer({ PORT: String(port) }, { dir: primaryDir });
    await putConfig(primary.su, projectId, "flag", state(2));
    await putConfig(primary.su, projectId, "later", state("x"));
    await eventually(() => assert.equal(third.get("flag"), 2), 10_000);
    await eventually(() => assert.equal(third.get("later"), "x"));
    await eventually(() => assert.equal(relay.replicator.cursor, primary.replicator.cursor));
    const upstream = await replicaDigest(`${primaryDir}/replica.db`);
    const mine = await replicaDigest(`${relayDir}/replica.db`);
    assert.deepEqual(mine, upstream);
    assert.equal((await (await fetch(`${relay.url}/api/ready`)).json()).status, "ready");
  } finally {
    for (const c of cleanups.reverse()) await c();
    await Deno.remove(primaryDir, { recursive: true });
    await Deno.remove(relayDir, { recursive: true });
  }
});
