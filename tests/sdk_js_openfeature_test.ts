// Dialtone's OpenFeature server provider (sdk/js) with the stock @openfeature/server-sdk against
// a real server: initialize and READY, details equal to what the server's OFREP answers for
// random contexts, CONFIGURATION_CHANGED with the changed keys, STALE and READY again across a
// dropped connection, ERROR for a refused key. The Dialtone client's get() equals the server's
// POST /api/sdk/v1/evaluate for the same contexts.
import assert from "node:assert/strict";
import fc from "fast-check";
import { OpenFeature, ProviderEvents } from "@openfeature/server-sdk";
import { putConfig, state } from "./helpers/api.ts";
import { evaluateFlag, ofrepWorld } from "./helpers/ofrep.ts";
import { sync } from "./helpers/sdk.ts";
import { dialtone } from "./helpers/sdk_js.ts";
import { startTestServer } from "./helpers/server.ts";
import { TcpProxy } from "./helpers/tcp_proxy.ts";
import { waitFor } from "./helpers/wait.ts";
import { DialtoneServerProvider } from "../sdk/js/src/openfeature/server.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

const context = fc.record({
  targetingKey: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("user-1", "user-2")),
  plan: fc.constantFrom<(string | number | boolean)[]>("beta", "pro", "free", "", 1, true),
  country: fc.constantFrom("NZ", "DE", "US"),
}, { requiredKeys: [] });

const KINDS = {
  "dark-mode": "boolean",
  "greeting": "string",
  "max-items": "number",
  "theme": "object",
} as const;

Deno.test(
  "OpenFeature server provider: evaluation details and events with the stock SDK",
  opts,
  async (t) => {
    const server = await startTestServer({ SSE_HEARTBEAT_SECONDS: "1" });
    const proxy = new TcpProxy(Number(new URL(server.url).port));
    const w = await ofrepWorld(server.su);
    await sync(server);
    const provider = new DialtoneServerProvider(
      dialtone(`http://127.0.0.1:${proxy.port}`, w.key, { heartbeatTimeoutMs: 2_500 }),
    );
    const events: { type: string; flagsChanged?: string[] }[] = [];
    const of = OpenFeature.getClient("dialtone");
    for (const type of [ProviderEvents.Ready, ProviderEvents.Stale, ProviderEvents.Error]) {
      of.addHandler(type, () => events.push({ type }));
    }
    of.addHandler(ProviderEvents.ConfigurationChanged, (e) => {
      events.push({ type: "changed", flagsChanged: e?.flagsChanged });
    });
    try {
      await t.step("initialize, then READY", async () => {
        await OpenFeature.setProviderAndWait("dialtone", provider);
        await waitFor("READY", () => events.some((e) => e.type === ProviderEvents.Ready));
      });

      await t.step("details equal the server's OFREP for random contexts", async () => {
        const samples = fc.sample(context, 40);
        for (const ctx of samples) {
          for (const [flag, kind] of Object.entries(KINDS)) {
            const ofrep = await evaluateFlag(server.url, w.key, flag, ctx);
            const fallback = { boolean: false, string: "", number: -1, object: {} }[kind];
            const details = kind === "boolean"
              ? await of.getBooleanDetails(flag, fallback as boolean, ctx)
              : kind === "string"
              ? await of.getStringDetails(flag, fallback as string, ctx)
              : kind === "number"
              ? await of.getNumberDetails(flag, fallback as number, ctx)
              : await of.getObjectDetails(flag, fallback as Record<string, never>, ctx);
            const what = `${flag} ${JSON.stringify(ctx)}`;
            if (ofrep.status !== 200) {
              assert.equal(details.errorCode, ofrep.body.errorCode, what);
              assert.deepEqual(details.value, fallback, what);
              continue;
            }
            assert.deepEqual(details.value, ofrep.body.value, what);
            assert.equal(details.variant, ofrep.body.variant, what);
            assert.equal(details.reason, ofrep.body.reason, what);
            assert.deepEqual(details.flagMetadata, ofrep.body.metadata, what);
          }
        }
      });

      await t.step("a missing flag and a wrong type", async () => {
        const missing = await of.getBooleanDetails("nope", true);
        assert.equal(missing.errorCode, "FLAG_NOT_FOUND");
        assert.equal(missing.value, true);
        const wrong = await of.getNumberDetails("greeting", 7);
        assert.equal(wrong.errorCode, "TYPE_MISMATCH");
        assert.equal(wrong.value, 7);
      });

      await t.step("CONFIGURATION_CHANGED names the changed flag", async () => {
        await putConfig(server.su, w.projectId, "greeting", state("kia ora"));
        await waitFor("the change event", () => events.some((e) => e.type === "changed"));
        assert.deepEqual(events.filter((e) => e.type === "changed"), [
          { type: "changed", flagsChanged: ["greeting"] },
        ]);
        assert.equal(await of.getStringValue("greeting", ""), "kia ora");
      });

      await t.step("STALE when the connection goes silent, READY when it is back", async () => {
        const readies = events.filter((e) => e.type === ProviderEvents.Ready).length;
        proxy.freezeExisting();
        await waitFor("STALE", () => events.some((e) => e.type === ProviderEvents.Stale), 15_000);
        await waitFor(
          "READY again",
          () => events.filter((e) => e.type === ProviderEvents.Ready).length > readies,
          15_000,
        );
      });
    } finally {
      await OpenFeature.clearProviders();
      await proxy.close();
      await server.stop();
    }
  },
);

Deno.test(
  "OpenFeature server provider: a refused key fails initialize with ERROR",
  opts,
  async () => {
    const server = await startTestServer();
    const errors: string[] = [];
    try {
      const client = OpenFeature.getClient("refused");
      client.addHandler(ProviderEvents.Error, (e) => errors.push(e?.message ?? ""));
      const provider = new DialtoneServerProvider(
        dialtone(server.url, `rp_${"0".repeat(80)}`, { readyTimeoutMs: 1_500 }),
      );
      await assert.rejects(OpenFeature.setProviderAndWait("refused", provider), /not ready/);
      await waitFor("ERROR", () => errors.length > 0);
      assert.match(errors[0]!, /401/);
    } finally {
      await OpenFeature.clearProviders();
      await server.stop();
    }
  },
);

Deno.test(
  "the SDK's get() equals the server's POST /api/sdk/v1/evaluate for random contexts",
  opts,
  async () => {
    const server = await startTestServer();
    const w = await ofrepWorld(server.su);
    await sync(server);
    const client = dialtone(server.url, w.key);
    try {
      await client.ready;
      await fc.assert(
        fc.asyncProperty(context, async (ctx) => {
          const res = await fetch(`${server.url}/api/sdk/v1/evaluate`, {
            method: "POST",
            headers: { Authorization: `Bearer ${w.key}`, "Content-Type": "application/json" },
            body: JSON.stringify({ context: ctx }),
          });
          const body = await res.json() as { configs: { name: string; value: unknown }[] };
          assert.equal(res.status, 200);
          assert.deepEqual(client.names().sort(), body.configs.map((c) => c.name).sort());
          for (const c of body.configs) {
            assert.deepEqual(client.get(c.name, { context: ctx }), c.value, c.name);
          }
        }),
        { numRuns: 100 },
      );
    } finally {
      await client.close();
      await server.stop();
    }
  },
);
