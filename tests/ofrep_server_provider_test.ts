// The stock OpenFeature server SDK with the stock OFREP provider, unchanged, against a real
// Dialtone: every flag type, targeting, a rollout, a missing flag, a wrong key, a change.
import assert from "node:assert/strict";
import { OFREPProvider } from "@openfeature/ofrep-provider";
import { ErrorCode, OpenFeature } from "@openfeature/server-sdk";
import { putConfig, state } from "./helpers/api.ts";
import { ofrepWorld } from "./helpers/ofrep.ts";
import { sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test("@openfeature/ofrep-provider evaluates Dialtone flags", async (t) => {
  const server = await startTestServer();
  try {
    const w = await ofrepWorld(server.su);
    await sync(server);
    const provider = (key: string, header: "bearer" | "x-api-key" = "bearer") =>
      new OFREPProvider({
        baseUrl: server.url,
        headers: header === "bearer" ? { Authorization: `Bearer ${key}` } : { "X-API-Key": key },
      });
    await OpenFeature.setProviderAndWait("prod", provider(w.key));
    await OpenFeature.setProviderAndWait("dev", provider(w.devKey, "x-api-key"));
    await OpenFeature.setProviderAndWait("wrong", provider("rp_" + "ab".repeat(40)));
    const prod = OpenFeature.getClient("prod");
    const beta = { targetingKey: "user-1", plan: "beta" };

    await t.step("boolean, with targeting", async () => {
      const d = await prod.getBooleanDetails("dark-mode", false, beta);
      assert.equal(d.value, true);
      assert.equal(d.variant, "beta");
      assert.equal(d.reason, "TARGETING_MATCH");
      assert.equal(d.flagMetadata.overrideIndex, 0);
      assert.equal(await prod.getBooleanValue("dark-mode", true, { targetingKey: "u" }), false);
    });
    await t.step("string, per environment", async () => {
      const d = await prod.getStringDetails("greeting", "fallback");
      assert.deepEqual([d.value, d.reason, d.variant], ["hello", "STATIC", "default"]);
      const dev = OpenFeature.getClient("dev");
      assert.equal(await dev.getStringValue("greeting", "fallback"), "hi");
    });
    await t.step("number", async () => {
      assert.equal(await prod.getNumberValue("max-items", 0, { plan: "pro" }), 50);
      assert.equal(await prod.getNumberValue("max-items", 0, { plan: "free" }), 10);
    });
    await t.step("object", async () => {
      const d = await prod.getObjectDetails("theme", {}, { country: "NZ" });
      assert.deepEqual(d.value, { color: "green", size: 3 });
      assert.equal(d.variant, "green");
    });
    await t.step("a rollout: SPLIT for some keys, and needs a targetingKey", async () => {
      const results = await Promise.all(
        Array.from(
          { length: 100 },
          (_, i) => prod.getBooleanDetails("new-checkout", false, { targetingKey: `user-${i}` }),
        ),
      );
      const on = results.filter((d) => d.value === true);
      assert.ok(on.length > 25 && on.length < 75, `${on.length} of 100 in the 50% rollout`);
      assert.ok(on.every((d) => d.reason === "SPLIT" && d.variant === "half"));
      const none = await prod.getBooleanDetails("new-checkout", true, {});
      assert.equal(none.value, true, "the code default");
      assert.equal(none.errorCode, ErrorCode.TARGETING_KEY_MISSING);
    });
    await t.step("a missing flag answers the code default", async () => {
      const d = await prod.getBooleanDetails("no-such-flag", true, beta);
      assert.equal(d.value, true);
      assert.equal(d.errorCode, ErrorCode.FLAG_NOT_FOUND);
      assert.equal(d.reason, "ERROR");
    });
    await t.step("a null value answers the code default", async () => {
      const d = await prod.getStringDetails("unset", "code default");
      assert.equal(d.value, "code default");
    });
    await t.step("a wrong key answers the code default with an error", async () => {
      const d = await OpenFeature.getClient("wrong").getBooleanDetails("dark-mode", true, beta);
      assert.equal(d.value, true);
      assert.equal(d.reason, "ERROR");
      assert.ok(d.errorCode, JSON.stringify(d));
    });
    await t.step("a change made through the admin API applies to the next evaluation", async () => {
      await putConfig(server.su, w.projectId, "max-items", state(25));
      await sync(server);
      const d = await prod.getNumberDetails("max-items", 0, { plan: "pro" });
      assert.deepEqual([d.value, d.reason], [25, "STATIC"]);
    });
  } finally {
    await OpenFeature.close();
    await server.stop();
  }
});
