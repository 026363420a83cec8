// OFREP over a real socket: values, reasons and variants of one flag; the bulk call with its
// ETag, 304 and eventStreams; auth; and every kind of bad input the protocol names.
import assert from "node:assert/strict";
import { LIMITS } from "../src/domain/limits.ts";
import { FAILURES_PER_MINUTE } from "../src/http/ofrep/auth.ts";
import { evaluateAll, evaluateFlag, ofrep, ofrepWorld } from "./helpers/ofrep.ts";
import { startTestServer } from "./helpers/server.ts";
import { sync } from "./helpers/sdk.ts";

const FLAG = "/ofrep/v1/evaluate/flags";

Deno.test("OFREP evaluates one flag: value, reason, variant, metadata", async (t) => {
  const server = await startTestServer();
  try {
    const w = await ofrepWorld(server.su);
    await sync(server);
    const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
      ["dark-mode", { targetingKey: "u", plan: "beta" }, {
        value: true,
        reason: "TARGETING_MATCH",
        variant: "beta",
        metadata: { overrideIndex: 0 },
      }],
      ["dark-mode", { targetingKey: "u", plan: "free" }, {
        value: false,
        reason: "DEFAULT",
        variant: "default",
        metadata: {},
      }],
      ["greeting", {}, { value: "hello", reason: "STATIC", variant: "default", metadata: {} }],
      ["max-items", { plan: "pro" }, { value: 50, reason: "TARGETING_MATCH", variant: "pro" }],
      ["theme", { country: "NZ" }, { value: { color: "green", size: 3 }, variant: "green" }],
      ["theme", { country: "DE" }, { value: { color: "blue", size: 2 }, reason: "DEFAULT" }],
      // A null value is the spec's code-default flag: no value at all.
      ["unset", { targetingKey: "u" }, { reason: "STATIC", variant: "default" }],
    ];
    for (const [flag, context, expected] of cases) {
      await t.step(`${flag} ${JSON.stringify(context)}`, async () => {
        const r = await evaluateFlag(server.url, w.key, flag, context);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.match(r.headers.get("content-type")!, /^application\/json/);
        assert.equal(r.body.key, flag);
        for (const [k, v] of Object.entries(expected)) assert.deepEqual(r.body[k], v, k);
        if (flag === "unset") assert.ok(!("value" in r.body));
      });
    }
    await t.step("a rollout splits by targetingKey, and says SPLIT", async () => {
      const seen = new Map<unknown, number>();
      for (let i = 0; i < 200; i++) {
        const r = await evaluateFlag(server.url, w.key, "new-checkout", { targetingKey: `u${i}` });
        assert.equal(r.status, 200);
        assert.equal(r.body.reason, r.body.value ? "SPLIT" : "DEFAULT");
        seen.set(r.body.value, (seen.get(r.body.value) ?? 0) + 1);
      }
      assert.ok(seen.get(true)! > 60 && seen.get(false)! > 60, JSON.stringify([...seen]));
      const again = await evaluateFlag(server.url, w.key, "new-checkout", { targetingKey: "u7" });
      const first = await evaluateFlag(server.url, w.key, "new-checkout", { targetingKey: "u7" });
      assert.deepEqual(again.body, first.body);
    });
    await t.step("the key's environment decides the variant it sees", async () => {
      const r = await evaluateFlag(server.url, w.devKey, "greeting", {});
      assert.equal(r.body.value, "hi");
    });
    await t.step("X-API-Key works like Bearer", async () => {
      const r = await ofrep(server.url, `${FLAG}/greeting`, null, { context: {} }, {
        "X-API-Key": w.key,
      });
      assert.equal(r.status, 200);
      assert.equal(r.body.value, "hello");
    });
  } finally {
    await server.stop();
  }
});

Deno.test("OFREP bulk evaluation: every flag, ETag and 304, eventStreams", async () => {
  const server = await startTestServer();
  try {
    const w = await ofrepWorld(server.su);
    await sync(server);
    const context = { targetingKey: "user-1", plan: "beta" };
    const r = await evaluateAll(server.url, w.key, context);
    assert.equal(r.status, 200);
    const flags = r.body.flags as Record<string, unknown>[];
    const byKey = Object.fromEntries(flags.map((f) => [f.key, f]));
    assert.deepEqual(Object.keys(byKey).sort(), [
      "dark-mode",
      "greeting",
      "max-items",
      "new-checkout",
      "theme",
      "unset",
    ]);
    assert.equal(byKey["dark-mode"]!.value, true);
    assert.equal(byKey["greeting"]!.reason, "STATIC");
    // Each entry equals what the single-flag call answers for the same context.
    for (const f of flags) {
      const one = await evaluateFlag(server.url, w.key, String(f.key), context);
      assert.deepEqual(one.body, f);
    }
    const etag = r.headers.get("etag")!;
    assert.match(etag, /^"\d+\.[A-Za-z0-9_-]+"$/);
    assert.equal(r.headers.get("access-control-expose-headers")?.includes("ETag"), true);
    const streams = r.body.eventStreams as { type: string; url: string }[];
    assert.equal(streams.length, 1);
    assert.equal(streams[0]!.type, "sse");
    assert.ok(streams[0]!.url.startsWith(`${server.url}/ofrep/v1/events?token=`));
    assert.ok(!streams[0]!.url.includes(w.key), "the URL never carries the SDK key");

    const same = await evaluateAll(server.url, w.key, context, { "If-None-Match": etag });
    assert.equal(same.status, 304);
    assert.equal(same.headers.get("etag"), etag);
    // Another context never gets a 304 for this ETag: the web provider keeps the ETag when
    // only attributes other than targetingKey change.
    const other = await evaluateAll(server.url, w.key, { ...context, plan: "free" }, {
      "If-None-Match": etag,
    });
    assert.equal(other.status, 200);
    const otherFlags = other.body.flags as Record<string, unknown>[];
    assert.equal(otherFlags.find((f) => f.key === "dark-mode")!.value, false);
    // Nor does another environment.
    const dev = await evaluateAll(server.url, w.devKey, context, { "If-None-Match": etag });
    assert.equal(dev.status, 200);

    await server.su.ok("PUT", `/projects/${w.projectId}/configs/greeting`, {
      description: "",
      editors: [],
      base: { value: "hey", schema: null, overrides: [] },
      variants: [],
    });
    await sync(server);
    const changed = await evaluateAll(server.url, w.key, context, { "If-None-Match": etag });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get("etag"), etag);
    const greeting = (changed.body.flags as Record<string, unknown>[]).find((f) =>
      f.key === "greeting"
    );
    assert.equal(greeting!.value, "hey");

    await t_missingKeyInBulk(server.url, w.key);
  } finally {
    await server.stop();
  }
});

/** Without a targetingKey, only the rollout flag fails, inside a 200. */
async function t_missingKeyInBulk(url: string, key: string) {
  const r = await evaluateAll(url, key, { plan: "beta" });
  assert.equal(r.status, 200);
  const flags = r.body.flags as Record<string, unknown>[];
  const rollout = flags.find((f) => f.key === "new-checkout")!;
  assert.equal(rollout.errorCode, "TARGETING_KEY_MISSING");
  assert.ok(!("value" in rollout));
  assert.equal(flags.find((f) => f.key === "dark-mode")!.value, true);
}

Deno.test("OFREP refuses bad input with the protocol's error bodies, never a 500", async (t) => {
  const server = await startTestServer();
  try {
    const w = await ofrepWorld(server.su);
    await sync(server);
    const single = `${FLAG}/dark-mode`;
    const cases: [string, string, unknown, number, string][] = [
      ["malformed JSON", single, "{not json", 400, "PARSE_ERROR"],
      ["an empty body", single, "", 400, "PARSE_ERROR"],
      ["a JSON array body", single, "[1,2]", 400, "PARSE_ERROR"],
      ["no context", single, {}, 400, "INVALID_CONTEXT"],
      ["a context that is a list", single, { context: [1] }, 400, "INVALID_CONTEXT"],
      ["a context that is null", single, { context: null }, 400, "INVALID_CONTEXT"],
      ["a number targetingKey", single, { context: { targetingKey: 7 } }, 400, "INVALID_CONTEXT"],
      [
        "a rollout without targetingKey",
        `${FLAG}/new-checkout`,
        { context: {} },
        400,
        "TARGETING_KEY_MISSING",
      ],
      ["an unknown flag", `${FLAG}/no-such-flag`, { context: {} }, 404, "FLAG_NOT_FOUND"],
      [
        "a flag name no config can have",
        `${FLAG}/a%20b%2F..`,
        { context: {} },
        404,
        "FLAG_NOT_FOUND",
      ],
      ["malformed JSON in bulk", FLAG, "{", 400, "PARSE_ERROR"],
      ["a context that is a string, in bulk", FLAG, { context: "x" }, 400, "INVALID_CONTEXT"],
    ];
    for (const [name, path, body, status, code] of cases) {
      await t.step(name, async () => {
        const r = await ofrep(server.url, path, w.key, body);
        assert.equal(r.status, status, JSON.stringify(r.body));
        assert.equal(r.body.errorCode, code);
        assert.equal(typeof r.body.errorDetails, "string");
        if (path !== FLAG) assert.equal(typeof r.body.key, "string");
      });
    }
    await t.step("a huge context is INVALID_CONTEXT, and not read to the end", async () => {
      const big = { context: { targetingKey: "u", blob: "x".repeat(LIMITS.maxContextBytes * 4) } };
      for (const path of [single, FLAG]) {
        const r = await ofrep(server.url, path, w.key, big);
        assert.equal(r.status, 400);
        assert.equal(r.body.errorCode, "INVALID_CONTEXT");
        assert.match(String(r.body.errorDetails), /65536 bytes/);
      }
      // Without Content-Length too (a streamed body).
      const chunks = new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(JSON.stringify(big)));
          c.close();
        },
      });
      const res = await fetch(`${server.url}${single}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${w.key}`, "Content-Type": "application/json" },
        body: chunks,
      });
      assert.equal(res.status, 400);
      assert.equal((await res.json()).errorCode, "INVALID_CONTEXT");
    });
    await t.step("deeply nested and odd contexts evaluate, never crash", async () => {
      let deep: unknown = "leaf";
      for (let i = 0; i < 5_000; i++) deep = [deep];
      for (
        const context of [
          { targetingKey: "u", plan: deep },
          { targetingKey: "u", plan: { toString: 1 } },
          { targetingKey: "u", __proto__: { plan: "beta" } },
          { targetingKey: "", plan: "beta" },
        ]
      ) {
        const r = await evaluateFlag(server.url, w.key, "dark-mode", context);
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
    });
    await t.step("wrong methods and paths", async () => {
      const get = await fetch(`${server.url}${single}`, { headers: { "X-API-Key": w.key } });
      assert.equal(get.status, 405);
      assert.equal(typeof (await get.json()).errorDetails, "string");
      const none = await ofrep(server.url, "/ofrep/v2/evaluate", w.key, { context: {} });
      assert.equal(none.status, 404);
    });
  } finally {
    await server.stop();
  }
});

Deno.test("OFREP auth: 401 without or with a bad key, 403 for an admin key, 429 after many", async () => {
  const server = await startTestServer();
  try {
    const w = await ofrepWorld(server.su);
    await sync(server);
    const none = await evaluateFlag(server.url, null, "greeting", {});
    assert.equal(none.status, 401);
    assert.match(String(none.body.errorDetails), /Missing SDK key/);
    // 401 comes before any look at the body: a stranger learns nothing from a 400.
    const bad = await ofrep(server.url, `${FLAG}/greeting`, "rp_" + "0".repeat(80), "{");
    assert.equal(bad.status, 401);
    const admin = await evaluateFlag(server.url, "rpa_" + "1".repeat(80), "greeting", {});
    assert.equal(admin.status, 403);
    let last = bad;
    for (let i = 0; i < FAILURES_PER_MINUTE; i++) {
      last = await evaluateFlag(server.url, `rp_nope${i}`, "greeting", {});
    }
    assert.equal(last.status, 429);
    assert.ok(Number(last.headers.get("retry-after")) >= 1);
    // A valid key from the same address is still served.
    const ok = await evaluateFlag(server.url, w.key, "greeting", {});
    assert.equal(ok.status, 200);
  } finally {
    await server.stop();
  }
});

Deno.test("OFREP answers CORS preflights for browsers", async () => {
  const server = await startTestServer();
  try {
    const res = await fetch(`${server.url}${FLAG}`, {
      method: "OPTIONS",
      headers: {
        Origin: "https://app.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,if-none-match",
      },
    });
    await res.body?.cancel();
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.match(res.headers.get("access-control-allow-methods")!, /POST/);
    assert.match(res.headers.get("access-control-allow-headers")!, /if-none-match/);
  } finally {
    await server.stop();
  }
});
