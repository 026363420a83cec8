// Which client runs which revision: three raw stream clients, one of which stops reading. The
// connections view shows it behind while the others were delivered the latest revision; their
// acks move them to "applied"; once the silent one reads and acks, it is applied too.
import assert from "node:assert/strict";
import { createSdkKey, createWorld, putConfig, state } from "./helpers/api.ts";
import { openStream, SseReader, sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";
import { eventually } from "./helpers/wait.ts";

type View = {
  latestRevision: number;
  clients: {
    clientId: string;
    sdk: { name: string; version: string | null };
    sentRevision: number;
    ackedRevision: number | null;
    delivered: boolean;
    applied: boolean;
    reading: boolean;
  }[];
  configs: { name: string; revision: number; delivered: number; applied: number; behind: number }[];
};

Deno.test("the connections view shows a client that stopped reading behind, and acks mark clients applied", async () => {
  const server = await startTestServer({}, { server: { hub: { highWaterMark: 16 * 1024 } } });
  const readers: SseReader[] = [];
  let silent: Response | null = null;
  try {
    const world = await createWorld(server.su);
    const prod = world.env.Production!;
    const { key } = await createSdkKey(server.su, world.projectId, prod);
    await putConfig(server.su, world.projectId, "small", state(1));
    await sync(server);
    const open = (id: string) =>
      openStream(server, key, undefined, {
        "X-Client-Id": id,
        "User-Agent": "replane-js-sdk/1.0.4",
      });
    for (const id of ["a", "b"]) readers.push(new SseReader(await open(id)));
    silent = await open("c"); // its body is not read
    await Promise.all(readers.map((r) => r.until((x) => x.records.length === 1)));

    // Large values, until the silent client's socket buffers are full and frames wait for it.
    const pad = "x".repeat(256 * 1024);
    for (let v = 1; v <= 60 && server.hub.stats().stalled === 0; v++) {
      await putConfig(server.su, world.projectId, "big", state({ v, pad }));
      await sync(server);
    }
    assert.equal(server.hub.stats().stalled, 1, "the silent client fell behind");
    const path = `/projects/${world.projectId}/environments/${prod}/connections`;
    const view = async () => (await server.su.ok("GET", path)).body as unknown as View;
    const byId = (v: View) => Object.fromEntries(v.clients.map((c) => [c.clientId, c]));

    const behind = await eventually(async () => {
      const v = await view();
      assert.equal(byId(v).a!.delivered, true);
      assert.equal(byId(v).b!.delivered, true);
      return v;
    });
    const clients = byId(behind);
    assert.equal(behind.clients.length, 3);
    assert.deepEqual(clients.a!.sdk, { name: "replane-js-sdk", version: "1.0.4" });
    assert.equal(clients.c!.delivered, false);
    assert.equal(clients.c!.reading, false);
    assert.ok(clients.c!.sentRevision < behind.latestRevision);
    assert.equal(clients.a!.applied, false, "no ack yet");
    const big = behind.configs.find((c) => c.name === "big")!;
    assert.equal(big.revision, behind.latestRevision);
    assert.deepEqual([big.delivered, big.applied, big.behind], [2, 0, 1]);
    const small = behind.configs.find((c) => c.name === "small")!;
    assert.deepEqual([small.delivered, small.behind], [3, 0]);

    const ack = (clientId: string, revision: unknown, token: string | null = key) =>
      fetch(`${server.url}/api/sdk/v1/ack`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ revision, clientId }),
      });
    for (const id of ["a", "b"]) {
      const res = await ack(id, behind.latestRevision);
      assert.equal(res.status, 204, await res.text());
    }
    const acked = await view();
    assert.equal(byId(acked).a!.applied, true);
    assert.equal(byId(acked).b!.ackedRevision, behind.latestRevision);
    assert.equal(byId(acked).c!.applied, false);
    assert.deepEqual(
      acked.configs.filter((c) => c.name === "big").map((c) => [c.applied, c.behind]),
      [[2, 1]],
    );

    // Bad receipts are refused with a reason, and change nothing.
    for (
      const [body, status, pattern] of [
        [-1, 400, /revision must be a whole number/],
        ["7", 400, /revision must be a whole number/],
      ] as const
    ) {
      const res = await ack("a", body);
      assert.equal(res.status, status);
      assert.match((await res.json()).msg, pattern);
    }
    const noKey = await ack("a", 1, null);
    assert.equal(noKey.status, 401);
    assert.equal((await noKey.json()).msg, "Missing SDK key");
    const notJson = await fetch(`${server.url}/api/sdk/v1/ack`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}` },
      body: "{nope",
    });
    assert.equal(notJson.status, 400);
    assert.match((await notJson.json()).msg, /not JSON/);

    // The silent client reads again, catches up and acknowledges.
    const late = new SseReader(silent);
    silent = null;
    readers.push(late);
    await eventually(async () => assert.equal(byId(await view()).c!.delivered, true), 10_000);
    assert.equal((await ack("c", behind.latestRevision)).status, 204);
    const done = await view();
    assert.ok(done.clients.every((c) => c.applied && c.reading));
    assert.deepEqual(
      done.configs.filter((c) => c.name === "big").map((c) => [c.applied, c.behind]),
      [[3, 0]],
    );
  } finally {
    await Promise.all(readers.map((r) => r.cancel()));
    await silent?.body?.cancel().catch(() => {});
    await server.stop();
  }
});
