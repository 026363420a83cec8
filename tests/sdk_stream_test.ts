// The published @replanejs/sdk@1.0.4 against a real Dialtone server (REPLANE_COMPAT.md §1, §2).
import assert from "node:assert/strict";
import { Replane } from "@replanejs/sdk";
import type { Condition, Json, Override } from "../src/domain/overrides.ts";
import {
  createSdkKey,
  createWorld,
  deleteConfig,
  putConfig,
  state,
  type World,
} from "./helpers/api.ts";
import { openStream, putConfigUnchecked, QUIET, SseReader, sync } from "./helpers/sdk.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { eventually } from "./helpers/wait.ts";

type Ctx = { server: TestServer; world: World; key: string; clients: Replane[] };

/** A server, a project with Production and Development, and a Production key. */
async function withServer(fn: (ctx: Ctx) => Promise<void>) {
  const server = await startTestServer();
  const clients: Replane[] = [];
  try {
    const world = await createWorld(server.su);
    const { key } = await createSdkKey(server.su, world.projectId, world.env.Production!);
    await fn({ server, world, key, clients });
  } finally {
    for (const c of clients) c.disconnect();
    await server.stop();
  }
}

async function connect(ctx: Ctx, key = ctx.key): Promise<Replane> {
  const client = new Replane({ logger: QUIET });
  ctx.clients.push(client);
  await client.connect({ baseUrl: ctx.server.url, sdkKey: key, connectTimeoutMs: 3_000 });
  return client;
}

const VALUES: Record<string, Json> = {
  "str": 'hello ☃ "quoted"\nline',
  "empty-str": "",
  "int": 42,
  "negative": -7,
  "float": 3.25,
  "yes": true,
  "no": false,
  "nothing": null,
  "list": [1, "two", null, [3], { four: 4 }],
  "empty-list": [],
  "object": { nested: { deep: [true, false] }, n: 0 },
  "empty-object": {},
};

Deno.test("the SDK receives initial configs of every JSON type", () =>
  withServer(async (ctx) => {
    for (const [name, value] of Object.entries(VALUES)) {
      await putConfig(ctx.server.su, ctx.world.projectId, name, state(value));
    }
    await sync(ctx.server);
    const client = await connect(ctx);
    for (const [name, value] of Object.entries(VALUES)) {
      assert.deepEqual(client.get(name), value, name);
    }
  }));

Deno.test("the SDK sees a live update, three quick updates as exactly [1,2,3], and a new config", () =>
  withServer(async (ctx) => {
    const p = ctx.world.projectId;
    await putConfig(ctx.server.su, p, "count", state(0));
    await sync(ctx.server);
    const client = await connect(ctx);
    assert.equal(client.get("count"), 0);
    assert.equal(client.get("later", { default: "none" }), "none");

    const seen: unknown[] = [];
    client.subscribe("count", (c) => seen.push(c.value));
    await putConfig(ctx.server.su, p, "count", state(1));
    await eventually(() => assert.deepEqual(seen, [1]));
    await putConfig(ctx.server.su, p, "count", state(2));
    await putConfig(ctx.server.su, p, "count", state(3));
    await eventually(() => assert.deepEqual(seen, [1, 2, 3]));
    // An unrelated write afterwards, so a duplicate would have arrived by the time it does.
    await putConfig(ctx.server.su, p, "later", state("created after connect"));
    await eventually(() => assert.equal(client.get("later"), "created after connect"));
    assert.deepEqual(seen, [1, 2, 3]);
  }));

Deno.test("the SDK sees three updates committed back to back as [1,2,3]", () =>
  withServer(async (ctx) => {
    const p = ctx.world.projectId;
    const id = await putConfig(ctx.server.su, p, "n", state(0));
    await sync(ctx.server);
    const client = await connect(ctx);
    const seen: unknown[] = [];
    client.subscribe("n", (c) => seen.push(c.value));
    await Promise.all(
      [1, 2, 3].map((v) =>
        ctx.server.store.write((tx) =>
          tx.configs.update(id, state(v), { type: "system", id: null })
        )
      ),
    );
    await eventually(() => assert.deepEqual(seen, [1, 2, 3]));
  }));

const lit = (value: Json) => ({ type: "literal" as const, value: value as never });
const when = (conditions: Condition[], value: Json = "on"): Override => ({
  name: "rule",
  conditions,
  value,
});

Deno.test("the SDK evaluates overrides with every operator", () =>
  withServer(async (ctx) => {
    const p = ctx.world.projectId;
    const rules: Record<string, Condition> = {
      "op-equals": { operator: "equals", property: "plan", value: lit("pro") },
      "op-in": { operator: "in", property: "org", value: lit(["acme", "globex"]) },
      "op-not-in": { operator: "not_in", property: "org", value: lit(["acme"]) },
      "op-lt": { operator: "less_than", property: "age", value: lit(18) },
      "op-lte": { operator: "less_than_or_equal", property: "age", value: lit(18) },
      "op-gt": { operator: "greater_than", property: "age", value: lit("65") },
      "op-gte": { operator: "greater_than_or_equal", property: "age", value: lit(65) },
      "op-segment": {
        operator: "segmentation",
        property: "user",
        fromPercentage: 0,
        toPercentage: 50,
        seed: "s",
      },
      "op-and": {
        operator: "and",
        conditions: [
          { operator: "equals", property: "plan", value: lit("pro") },
          { operator: "equals", property: "beta", value: lit(true) },
        ],
      },
      "op-or": {
        operator: "or",
        conditions: [
          { operator: "equals", property: "plan", value: lit("pro") },
          { operator: "equals", property: "beta", value: lit("true") },
        ],
      },
      "op-not": {
        operator: "not",
        condition: { operator: "equals", property: "plan", value: lit("free") },
      },
    };
    for (const [name, condition] of Object.entries(rules)) {
      await putConfig(ctx.server.su, p, name, state("off", [when([condition])]));
    }
    await sync(ctx.server);
    const client = await connect(ctx);
    const get = (name: string, context: Record<string, string | number | boolean | null>) =>
      client.get(name, { context });
    const cases: [string, Record<string, string | number | boolean | null>, string][] = [
      ["op-equals", { plan: "pro" }, "on"],
      ["op-equals", { plan: "free" }, "off"],
      ["op-equals", {}, "off"],
      ["op-in", { org: "globex" }, "on"],
      ["op-in", { org: "initech" }, "off"],
      ["op-not-in", { org: "initech" }, "on"],
      ["op-not-in", { org: "acme" }, "off"],
      ["op-lt", { age: 17 }, "on"],
      ["op-lt", { age: 18 }, "off"],
      ["op-lte", { age: 18 }, "on"],
      ["op-lte", { age: 19 }, "off"],
      ["op-gt", { age: 66 }, "on"],
      ["op-gt", { age: 65 }, "off"],
      ["op-gte", { age: 65 }, "on"],
      ["op-gte", { age: 64 }, "off"],
      // fnv1a32("user-1s") / 2^32 and fnv1a32("user-3s") / 2^32 fall on either side of 0.5.
      ["op-and", { plan: "pro", beta: true }, "on"],
      ["op-and", { plan: "pro", beta: false }, "off"],
      ["op-or", { plan: "free", beta: true }, "on"],
      ["op-or", { plan: "free", beta: false }, "off"],
      ["op-not", { plan: "pro" }, "on"],
      ["op-not", { plan: "free" }, "off"],
      ["op-not", {}, "off"],
    ];
    for (const [name, context, expected] of cases) {
      assert.equal(get(name, context), expected, `${name} ${JSON.stringify(context)}`);
    }
    // Segmentation buckets users by hash: over many users both outcomes occur, each user stably.
    const outcomes = new Set<unknown>();
    for (let i = 0; i < 50; i++) {
      const first = get("op-segment", { user: `user-${i}` });
      assert.equal(get("op-segment", { user: `user-${i}` }), first);
      outcomes.add(first);
    }
    assert.deepEqual([...outcomes].sort(), ["off", "on"]);
    assert.equal(get("op-segment", { user: null }), "off", "unknown without a value");
  }));

Deno.test("the SDK evaluates references: empty path, nested path, array index, missing, bad path, null", () =>
  withServer(async (ctx) => {
    const p = ctx.world.projectId;
    const ref = (configName: string, path: (string | number)[]) => ({
      type: "reference" as const,
      projectId: p,
      configName,
      path,
    });
    await putConfig(ctx.server.su, p, "orgs", state(["acme", "globex"]));
    await putConfig(
      ctx.server.su,
      p,
      "target",
      state({ a: { b: "deep" }, list: [10, 20], nothing: null }),
    );
    const rules: Record<string, Condition> = {
      "ref-empty-path": { operator: "in", property: "org", value: ref("orgs", []) },
      "ref-nested": { operator: "equals", property: "x", value: ref("target", ["a", "b"]) },
      "ref-index": { operator: "equals", property: "n", value: ref("target", ["list", 1]) },
      "ref-missing": { operator: "equals", property: "x", value: ref("no-such-config", []) },
      "ref-bad-path": { operator: "equals", property: "x", value: ref("target", ["a", "zz"]) },
      "ref-null": { operator: "equals", property: "x", value: ref("target", ["nothing"]) },
    };
    for (const [name, condition] of Object.entries(rules)) {
      // The admin API refuses a reference to a config that does not exist; the store does not.
      const s = state("base", [when([condition], "matched")]);
      if (name === "ref-missing") await putConfigUnchecked(ctx.server, p, name, s);
      else await putConfig(ctx.server.su, p, name, s);
    }
    await sync(ctx.server);
    const client = await connect(ctx);
    const get = (name: string, context: Record<string, string | number | boolean | null>) =>
      client.get(name, { context });
    assert.equal(get("ref-empty-path", { org: "globex" }), "matched");
    assert.equal(get("ref-empty-path", { org: "initech" }), "base");
    assert.equal(get("ref-nested", { x: "deep" }), "matched");
    assert.equal(get("ref-index", { n: 20 }), "matched");
    assert.equal(get("ref-index", { n: 10 }), "base");
    assert.equal(get("ref-missing", { x: "anything" }), "base");
    assert.equal(get("ref-bad-path", { x: "deep" }), "base");
    assert.equal(get("ref-null", { x: null }), "matched");
    assert.equal(get("ref-null", { x: "deep" }), "base");

    const wire = (name: string) =>
      client.getSnapshot().configs.find((c) => c.name === name)!.overrides[0]!.conditions[0]!;
    assert.equal("value" in wire("ref-missing"), false, "unresolved: no value key on the wire");
    assert.equal("value" in wire("ref-bad-path"), false);
    assert.deepEqual(wire("ref-null"), { operator: "equals", property: "x", value: null });

    // Changing the referenced config re-sends the configs that reference it.
    const seen: unknown[] = [];
    client.subscribe("ref-nested", (c) => seen.push(c.value));
    await putConfig(ctx.server.su, p, "target", state({ a: { b: "changed" } }));
    await eventually(() => assert.equal(get("ref-nested", { x: "changed" }), "matched"));
    assert.equal(get("ref-index", { n: 20 }), "base");
    assert.deepEqual(seen, ["base"]);
  }));

Deno.test("the SDK gets each environment's variant", () =>
  withServer(async (ctx) => {
    const { projectId: p, env } = ctx.world;
    const dev = await createSdkKey(ctx.server.su, p, env.Development!);
    await putConfig(
      ctx.server.su,
      p,
      "limit",
      state(100, [], [{
        environmentId: env.Development!,
        value: 5,
        overrides: [when([{ operator: "equals", property: "tier", value: lit("gold") }], 50)],
      }]),
    );
    await sync(ctx.server);
    const prod = await connect(ctx);
    const development = await connect(ctx, dev.key);
    assert.equal(prod.get("limit", { context: { tier: "gold" } }), 100);
    assert.equal(development.get("limit"), 5);
    assert.equal(development.get("limit", { context: { tier: "gold" } }), 50);

    await putConfig(ctx.server.su, p, "limit", state(200));
    await eventually(() => assert.equal(development.get("limit"), 200), 5_000);
    assert.equal(prod.get("limit"), 200);
  }));

Deno.test("a deletion: the SDK ignores it while our config_delete record is sent", () =>
  withServer(async (ctx) => {
    const p = ctx.world.projectId;
    await putConfig(ctx.server.su, p, "doomed", state("still here"));
    await putConfig(ctx.server.su, p, "alive", state(1));
    await sync(ctx.server);
    const client = await connect(ctx);
    const raw = new SseReader(await openStream(ctx.server, ctx.key));
    try {
      await raw.until((r) => r.records.length === 1);
      await deleteConfig(ctx.server.su, p, "doomed");
      await putConfig(ctx.server.su, p, "alive", state(2));
      await raw.until((r) => r.records.length === 3);
      assert.deepEqual(raw.records.slice(1), [
        { type: "config_delete", name: "doomed" },
        { type: "config_change", config: { name: "alive", value: 2, overrides: [] } },
      ]);
      await eventually(() => assert.equal(client.get("alive"), 2));
      assert.equal(client.get("doomed"), "still here", "the published SDK keeps deleted configs");
    } finally {
      await raw.cancel();
    }
  }));

Deno.test("an invalid SDK key is rejected; two clients can share one key", () =>
  withServer(async (ctx) => {
    const p = ctx.world.projectId;
    await putConfig(ctx.server.su, p, "shared", state("a"));
    await sync(ctx.server);
    const bad = new Replane({ logger: QUIET });
    ctx.clients.push(bad);
    // The SDK's connect timeout also rejects a promise it never handles (a `.finally()` copy).
    const ignoreSdkTimeout = (e: PromiseRejectionEvent) => {
      if (/timed out/.test(String(e.reason))) e.preventDefault();
    };
    globalThis.addEventListener("unhandledrejection", ignoreSdkTimeout);
    await assert.rejects(
      bad.connect({
        baseUrl: ctx.server.url,
        sdkKey: `rp_${"0".repeat(80)}`,
        connectTimeoutMs: 500,
        retryDelayMs: 50,
      }),
      /timed out/,
    );
    await new Promise((r) => setTimeout(r, 0));
    globalThis.removeEventListener("unhandledrejection", ignoreSdkTimeout);
    // Same row id (the last 32 hex digits), wrong secret part: the hash check must refuse it.
    const flipped = ctx.key[5] === "0" ? "1" : "0";
    const res = await openStream(ctx.server, ctx.key.slice(0, 5) + flipped + ctx.key.slice(6));
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { msg: "Invalid SDK key" });

    const one = await connect(ctx);
    const two = await connect(ctx);
    await putConfig(ctx.server.su, p, "shared", state("b"));
    await eventually(() => {
      assert.equal(one.get("shared"), "b");
      assert.equal(two.get("shared"), "b");
    });
  }));
