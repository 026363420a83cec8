// The SDK API on the wire, read with raw fetch: headers, records, ids, resume, errors, snapshot.
import assert from "node:assert/strict";
import {
  createSdkKey,
  createWorld,
  deleteConfig,
  putConfig,
  state,
  type World,
} from "./helpers/api.ts";
import { openStream, SseReader, sync } from "./helpers/sdk.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

type Ctx = { server: TestServer; world: World; key: string };

async function withServer(fn: (ctx: Ctx) => Promise<void>) {
  const server = await startTestServer();
  try {
    const world = await createWorld(server.su);
    const { key } = await createSdkKey(server.su, world.projectId, world.env.Production!);
    await putConfig(server.su, world.projectId, "a", state(1));
    await putConfig(server.su, world.projectId, "b", state("b"));
    await sync(server);
    await fn({ server, world, key });
  } finally {
    await server.stop();
  }
}

Deno.test("the stream sends the headers, `: connected`, then init with the revision as id", () =>
  withServer(async ({ server, key }) => {
    for (const path of ["/api/sdk/v1/replication/stream", "/api/v1/replication/stream"]) {
      const res = await fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { Authorization: `bearer ${key}` },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "text/event-stream");
      assert.equal(res.headers.get("cache-control"), "no-cache, no-transform");
      assert.equal(res.headers.get("connection"), "keep-alive");
      assert.equal(res.headers.get("x-accel-buffering"), "no");
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      const reader = new SseReader(res);
      await reader.until((r) => r.frames.length >= 2);
      assert.deepEqual(reader.frames[0], { comment: "connected" });
      const head = await server.store.read((tx) => tx.feed.head());
      assert.deepEqual(reader.frames[1], {
        id: String(head),
        data: {
          type: "init",
          configs: [
            { name: "a", value: 1, overrides: [] },
            { name: "b", value: "b", overrides: [] },
          ],
        },
      });
      await reader.cancel();
    }
  }));

Deno.test("the stream accepts any body and overlays the client's configs with the server's", () =>
  withServer(async ({ server, key }) => {
    for (const body of ["", "{}", "not json", "[]"]) {
      const reader = new SseReader(
        await openStream(server, key, body, { "Content-Type": "text/plain" }),
      );
      await reader.until((r) => r.records.length === 1);
      assert.equal((reader.records[0]!.configs as unknown[]).length, 2, JSON.stringify(body));
      await reader.cancel();
    }
    const reader = new SseReader(
      await openStream(server, key, {
        currentConfigs: [
          { name: "a", value: "stale", overrides: [] },
          { name: "client only!", value: [1], overrides: [] },
        ],
        requiredConfigs: ["a", "client only!"],
      }),
    );
    await reader.until((r) => r.records.length === 1);
    assert.deepEqual(reader.records[0]!.configs, [
      { name: "a", value: 1, overrides: [] },
      { name: "b", value: "b", overrides: [] },
      { name: "client only!", value: [1], overrides: [] },
    ]);
    await reader.cancel();
  }));

Deno.test("missing keys, bad keys and missing required configs fail before streaming", () =>
  withServer(async ({ server, key }) => {
    const cases: [string | null, unknown, number, string][] = [
      [null, {}, 401, "Missing SDK key"],
      ["rp_nonsense", {}, 401, "Invalid SDK key"],
      [`rp_${"a".repeat(80)}`, {}, 401, "Invalid SDK key"],
      [
        key,
        { requiredConfigs: ["a", "nope", "nada"] },
        400,
        "Required configs not found: nope, nada",
      ],
    ];
    for (const [k, body, status, msg] of cases) {
      const res = await openStream(server, k, body);
      assert.equal(res.status, status, msg);
      assert.deepEqual(await res.json(), { msg });
    }
    const preflight = await fetch(`${server.url}/api/sdk/v1/replication/stream`, {
      method: "OPTIONS",
      headers: {
        Origin: "https://app.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
      },
    });
    await preflight.body?.cancel();
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
  }));

Deno.test("Last-Event-ID resumes with only what changed, deletions included", () =>
  withServer(async ({ server, world, key }) => {
    const first = new SseReader(await openStream(server, key));
    await first.until((r) => r.records.length === 1);
    const initId = first.frames[1]!.id!;
    await putConfig(server.su, world.projectId, "a", state(2));
    await deleteConfig(server.su, world.projectId, "b");
    await putConfig(server.su, world.projectId, "c", state(true));
    await first.until((r) => r.records.length === 4);
    const ids = first.frames.slice(2).map((f) => Number(f.id));
    assert.deepEqual(ids, [...ids].sort((x, y) => x - y), "ids increase");
    await first.cancel();

    const resumed = new SseReader(await openStream(server, key, {}, { "Last-Event-ID": initId }));
    await resumed.until((r) => r.records.length === 3);
    assert.deepEqual(resumed.frames.slice(1), first.frames.slice(2));
    await resumed.cancel();

    const upToDate = new SseReader(
      await openStream(server, key, {}, { "Last-Event-ID": first.frames.at(-1)!.id! }),
    );
    await upToDate.until((r) => r.frames.length === 1);
    await putConfig(server.su, world.projectId, "a", state(3));
    await upToDate.until((r) => r.records.length === 1);
    assert.equal(upToDate.records[0]!.type, "config_change", "nothing replayed, live from there");
    await upToDate.cancel();

    const ahead = new SseReader(await openStream(server, key, {}, { "Last-Event-ID": "999999" }));
    await ahead.until((r) => r.records.length === 1);
    assert.equal(ahead.records[0]!.type, "init", "an id this replica has not reached: full init");
    await ahead.cancel();
  }));

Deno.test("frames of one change share one id, on the last: a resume inside the group replays it", () =>
  withServer(async ({ server, world, key }) => {
    const ref = {
      type: "reference" as const,
      projectId: world.projectId,
      configName: "a",
      path: [],
    };
    await putConfig(server.su, world.projectId, "a", state(1));
    await putConfig(
      server.su,
      world.projectId,
      "z-follows-a",
      state("base", [{
        name: "o",
        conditions: [{ operator: "equals", property: "x", value: ref }],
        value: "hit",
      }]),
    );
    await sync(server);
    const first = new SseReader(await openStream(server, key));
    await first.until((r) => r.records.length === 1);
    const before = first.frames[1]!.id!;
    await putConfig(server.su, world.projectId, "a", state(2)); // re-renders z-follows-a too
    await first.until((r) => r.records.length === 3);
    const group = first.frames.slice(2);
    assert.deepEqual(group.map((f) => (f.data as { config: { name: string } }).config.name), [
      "a",
      "z-follows-a",
    ]);
    assert.equal(group[0]!.id, undefined, "no id inside the group");
    assert.ok(Number(group[1]!.id) > Number(before));
    await first.cancel();

    // Cut off after "a": the client's last id is still `before`, so both frames come again.
    const resumed = new SseReader(await openStream(server, key, {}, { "Last-Event-ID": before }));
    await resumed.until((r) => r.records.length === 2);
    assert.deepEqual(resumed.frames.slice(1), group);
    await resumed.cancel();
  }));

Deno.test("GET /api/sdk/v1/configs answers a snapshot with an ETag and 304", () =>
  withServer(async ({ server, world, key }) => {
    const url = `${server.url}/api/sdk/v1/configs`;
    const auth = { Authorization: `Bearer ${key}` };
    const res = await fetch(url, { headers: auth });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      configs: [{ name: "a", value: 1, overrides: [] }, { name: "b", value: "b", overrides: [] }],
    });
    const etag = res.headers.get("etag")!;
    assert.ok(etag);
    const same = await fetch(url, { headers: { ...auth, "If-None-Match": etag } });
    assert.equal(same.status, 304);
    await same.body?.cancel();
    await putConfig(server.su, world.projectId, "a", state(5));
    await sync(server);
    const changed = await fetch(url, { headers: { ...auth, "If-None-Match": etag } });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get("etag"), etag);
    assert.equal((await changed.json()).configs[0].value, 5);
    const denied = await fetch(url);
    assert.equal(denied.status, 401);
    assert.deepEqual(await denied.json(), { msg: "Missing SDK key" });
  }));

Deno.test("POST /api/sdk/v1/testing/sync is refused unless TESTING_MODE is on", async () => {
  const server = await startTestServer({ TESTING_MODE: "false" });
  try {
    const res = await fetch(`${server.url}/api/sdk/v1/testing/sync`, { method: "POST" });
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), { msg: "Testing mode not enabled" });
  } finally {
    await server.stop();
  }
});
