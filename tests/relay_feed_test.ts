// The replication feed's refusals and resync answers, and what a relay says to admin and
// dashboard requests.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { createSdkKey, createWorld, putConfig, state } from "./helpers/api.ts";
import { snapshot } from "./helpers/sdk.ts";
import { eventually } from "./helpers/wait.ts";
import { createRelayKey, QUICK, startTestRelay } from "./helpers/relay.ts";
import { startTestServer } from "./helpers/server.ts";

type Line = { type: string; [k: string]: unknown };

/** The first lines of a feed stream, then it is cancelled. */
async function feedLines(res: Response, count: number): Promise<Line[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (text.split("\n").length <= count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  await reader.cancel();
  return text.split("\n").filter(Boolean).slice(0, count).map((l) => JSON.parse(l));
}

Deno.test("the replication feed refuses missing, wrong and revoked keys with a clear 401", async () => {
  const primary = await startTestServer();
  try {
    const { workspaceId, projectId, env } = await createWorld(primary.su);
    const sdk = await createSdkKey(primary.su, projectId, env.Production!);
    const relay = await createRelayKey(primary.su, workspaceId);
    const feed = (key?: string, query = "") =>
      fetch(`${primary.url}/api/relay/v1/feed${query}`, {
        headers: key ? { authorization: `Bearer ${key}` } : {},
      });
    const refused = async (res: Response, status: number, message: RegExp) => {
      assert.equal(res.status, status);
      const body = await res.json();
      assert.match(body.error, message);
    };
    await refused(await feed(), 401, /Missing relay key/);
    await refused(await feed(sdk.key), 401, /that is an SDK key/);
    await refused(await feed(primary.su.auth.bearer), 401, /Invalid relay key/);
    const forged = relay.key.slice(0, 10) + (relay.key[10] === "0" ? "1" : "0") +
      relay.key.slice(11);
    await refused(await feed(forged), 401, /Invalid relay key/);
    await refused(await feed(relay.key, "?after=abc"), 400, /after "abc" must be a revision/);
    await refused(await feed(relay.key, "?after=-5"), 400, /after "-5"/);
    const snap = await fetch(`${primary.url}/api/relay/v1/snapshot`);
    await refused(snap, 401, /Missing relay key/);

    await primary.su.ok("DELETE", `/workspaces/${workspaceId}/relay-keys/${relay.id}`);
    await primary.replicator.waitFor(await primary.store.read((tx) => tx.feed.head()));
    await refused(await feed(relay.key), 401, /Invalid relay key/);
  } finally {
    await primary.stop();
  }
});

Deno.test("the feed asks for a resync when the cursor is from another database, too old or ahead", async () => {
  const primary = await startTestServer();
  try {
    const { workspaceId, projectId } = await createWorld(primary.su);
    await putConfig(primary.su, projectId, "a", state(1));
    const { key } = await createRelayKey(primary.su, workspaceId);
    await primary.replicator.waitFor(await primary.store.read((tx) => tx.feed.head()));
    const head = primary.replicator.cursor;
    const open = (query: string) =>
      fetch(`${primary.url}/api/relay/v1/feed?${query}`, {
        headers: { authorization: `Bearer ${key}` },
      });
    const [fresh] = await feedLines(await open("after=-1"), 1);
    assert.equal(fresh!.type, "hello");
    assert.match(String(fresh!.resync), /no cursor/);
    const databaseId = String(fresh!.databaseId);

    const [other] = await feedLines(await open(`after=${head}&database=somewhere-else`), 1);
    assert.match(String(other!.resync), /another database \("somewhere-else"/);
    const [ahead] = await feedLines(await open(`after=${head + 100}&database=${databaseId}`), 1);
    assert.match(String(ahead!.resync), new RegExp(`cursor ${head + 100} is ahead`));

    // A cursor the feed can serve: no resync, and the changes after it up to the head.
    const [hello, changes] = await feedLines(await open(`after=1&database=${databaseId}`), 2);
    assert.equal(hello!.resync, undefined);
    assert.equal(changes!.type, "changes");
    assert.equal(changes!.head, head);
    const revisions = (changes!.changes as { revision: number }[]).map((c) => c.revision);
    assert.ok(revisions.length > 0 && revisions.every((r) => r > 1 && r <= head));
  } finally {
    await primary.stop();
  }
});

Deno.test("a relay answers admin and dashboard requests with 421 naming the upstream; its metrics", async () => {
  const primary = await startTestServer();
  const { workspaceId } = await createWorld(primary.su);
  const { key } = await createRelayKey(primary.su, workspaceId);
  const relay = await startTestRelay(primary.url, key, {
    env: { PROMETHEUS_METRICS_ENABLED: "true" },
  });
  try {
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    assert.match(metrics, /^dialtone_relay_upstream_connected 1$/m);
    assert.match(metrics, /^dialtone_relay_lag_revisions 0$/m);
    const admin = await fetch(`${relay.url}/api/admin/v1/workspaces`);
    assert.equal(admin.status, 421);
    const body = await admin.json();
    assert.equal(body.code, "relay");
    assert.equal(body.upstream, primary.url);
    assert.match(
      body.error,
      new RegExp(`Send this request to ${primary.url}/api/admin/v1/workspaces`),
    );
    const page = await fetch(`${relay.url}/projects/x`);
    assert.equal(page.status, 421);
    const html = await page.text();
    assert.match(html, new RegExp(`href="${primary.url}/"`));
    const unknown = await fetch(`${relay.url}/api/nothing`);
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).code, "not_found");
    const ready = await (await fetch(`${relay.url}/api/ready`)).json();
    assert.equal(ready.status, "ready");
    assert.equal(ready.mode, "relay");
    assert.deepEqual(ready.checks, { upstream: "ok", replica: "ok" });
  } finally {
    await relay.stop();
    await primary.stop();
  }
});

Deno.test("a relay refuses to start with an empty replica and an unreachable upstream", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const key = "rpr_" + "0".repeat(48) + crypto.randomUUID().replaceAll("-", "");
  await assert.rejects(
    () =>
      startTestRelay(`http://127.0.0.1:${port}`, key, {
        relay: { ...QUICK, firstSyncTimeoutMs: 500 },
      }),
    new RegExp(
      `Cannot start the relay: its replica is empty and the upstream http://127.0.0.1:${port}`,
    ),
  );
});

Deno.test("a relay pointed at another upstream database resyncs and keeps nothing of the first", async () => {
  const x = await startTestServer();
  const y = await startTestServer();
  const dir = await Deno.makeTempDir({ prefix: "dialtone-relay-" });
  try {
    const wx = await createWorld(x.su);
    await putConfig(x.su, wx.projectId, "from-x", state(1));
    const relayX = await startTestRelay(x.url, (await createRelayKey(x.su, wx.workspaceId)).key, {
      dir,
    });
    await relayX.shutdown();
    const wy = await createWorld(y.su);
    // Y has more history than X, so only the database id can tell them apart.
    for (const v of [1, 2, 3, 4, 5]) await putConfig(y.su, wy.projectId, "from-y", state(v));
    const sdkY = await createSdkKey(y.su, wy.projectId, wy.env.Production!);
    const relayY = await startTestRelay(y.url, (await createRelayKey(y.su, wy.workspaceId)).key, {
      dir,
    });
    try {
      await eventually(async () =>
        assert.deepEqual(await snapshot(relayY.url, sdkY.key), { "from-y": 5 })
      );
      // Deleted rows may linger in free pages, so the check reads the tables.
      const db = new DatabaseSync(`${dir}/replica.db`, { readOnly: true });
      const projects = db.prepare(
        `SELECT project_id AS p FROM environments UNION SELECT project_id FROM configs
         UNION SELECT project_id FROM sdk_keys UNION SELECT id FROM relay_projects`,
      ).all().map((row) => row.p);
      db.close();
      assert.deepEqual(projects, [wy.projectId]);
    } finally {
      await relayY.shutdown();
    }
  } finally {
    await x.stop();
    await y.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
