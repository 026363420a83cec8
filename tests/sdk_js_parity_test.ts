// Parity: random override trees (tests/helpers/override_arbitraries.ts) written into a real
// server, then for random contexts the SDK's get() equals the server's own evaluation (POST
// /api/sdk/v1/evaluate) of every config. The trees go in through the store, as the admin API
// refuses some on purpose (an unknown operator, a reference to a missing config).
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Condition, RenderedCondition } from "../src/domain/overrides.ts";
import { createSdkKey, createWorld, state } from "./helpers/api.ts";
import { context, wireConfig } from "./helpers/override_arbitraries.ts";
import { putConfigUnchecked, sync } from "./helpers/sdk.ts";
import { dialtone } from "./helpers/sdk_js.ts";
import { startTestServer } from "./helpers/server.ts";

/** The stored form of a rendered tree: values become literals, a missing one a dead reference. */
function stored(c: RenderedCondition, projectId: string): Condition {
  switch (c.operator) {
    case "and":
    case "or":
      return { operator: c.operator, conditions: c.conditions.map((x) => stored(x, projectId)) };
    case "not":
      return { operator: "not", condition: stored(c.condition, projectId) };
    case "segmentation":
      return c;
    default:
      return {
        operator: c.operator,
        property: c.property,
        value: c.value === undefined
          ? { type: "reference", projectId, configName: "no-such-config", path: [] }
          : { type: "literal", value: c.value as never },
      };
  }
}

Deno.test("the SDK's get() equals the server's evaluation on random trees and contexts", {
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const server = await startTestServer();
  const w = await createWorld(server.su);
  const configs = fc.sample(wireConfig, { numRuns: 30, seed: Date.now() | 0 });
  for (const [i, config] of configs.entries()) {
    const overrides = config.overrides.map((o) => ({
      name: o.name,
      conditions: o.conditions.map((c) => stored(c, w.projectId)),
      value: o.value,
    }));
    await putConfigUnchecked(server, w.projectId, `tree-${i}`, state("base", overrides));
  }
  const { key } = await createSdkKey(server.su, w.projectId, w.env.Production!);
  await sync(server);
  const client = dialtone(server.url, key);
  try {
    await client.ready;
    assert.equal(client.names().length, configs.length);
    let overridden = 0;
    for (const raw of fc.sample(context, 150)) {
      // What JSON can carry: both sides see the same context.
      const ctx = JSON.parse(JSON.stringify(raw));
      const res = await fetch(`${server.url}/api/sdk/v1/evaluate`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ context: ctx }),
      });
      const body = await res.json() as { configs: { name: string; value: unknown }[] };
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.configs.length, configs.length);
      for (const c of body.configs) {
        assert.deepEqual(
          client.get(c.name, { context: ctx }),
          c.value,
          `${c.name} ${JSON.stringify(ctx)}`,
        );
        if (c.value !== "base") overridden++;
      }
    }
    assert.ok(overridden > 0, "some contexts matched an override");
  } finally {
    await client.close();
    await server.stop();
  }
});
