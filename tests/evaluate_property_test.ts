// Our evaluation against the published SDK (the oracle, REPLANE_COMPAT.md §2.4), on random
// override trees and contexts, driven through the SDK's public InMemoryReplane.

import assert from "node:assert/strict";
import fc from "fast-check";
import { InMemoryReplane } from "@replanejs/sdk";
import { evaluate, evaluateValue } from "../src/domain/evaluate.ts";
import type { Json, RenderedCondition, WireConfig } from "../src/domain/overrides.ts";
import { condition, context, wireConfig } from "./helpers/override_arbitraries.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const sdk = new InMemoryReplane({ logger: silent });

function sdkValue(config: WireConfig, context: Record<string, unknown>): unknown {
  // The SDK's types restrict overrides and context to its own shapes; ours are the same JSON.
  sdk.set(config.name, config.value, { overrides: config.overrides as never });
  return sdk.get(config.name, { context: context as never });
}

Deno.test("evaluateValue() and evaluate() equal @replanejs/sdk on random trees and contexts", () => {
  fc.assert(
    fc.property(wireConfig, context, (config, ctx) => {
      const expected = sdkValue(config, ctx);
      assert.equal(evaluateValue(config, ctx), expected);
      const result = evaluate(config, ctx);
      assert.equal(result.value, expected);
      const index = expected === "base" ? null : Number(String(expected).slice(1));
      assert.equal(result.matchedOverride, index);
      assert.equal(result.trace.length, index === null ? config.overrides.length : index + 1);
      result.trace.forEach((t, i) => assert.equal(t.result === "matched", i === index));
    }),
    { numRuns: 10000 },
  );
});

// A config whose value names the tree's three-valued result: unknown is told apart
// from not_matched because not(unknown) stays unknown.
const threeValued = (c: RenderedCondition): WireConfig => ({
  name: "t",
  value: "unknown",
  overrides: [
    { name: "m", conditions: [c], value: "matched" },
    { name: "n", conditions: [{ operator: "not", condition: c }], value: "not_matched" },
  ],
});

Deno.test("the three-valued result of any condition tree equals the SDK's", () => {
  fc.assert(
    fc.property(condition, context, (c, ctx) => {
      const config = threeValued(c);
      const expected = sdkValue(config, ctx);
      assert.equal(evaluateValue(config, ctx), expected);
      const result = evaluate(config, ctx);
      assert.equal(result.value, expected);
      assert.equal(result.trace[0]!.conditions[0]!.result, expected);
    }),
    { numRuns: 10000 },
  );
});

Deno.test("the golden vectors agree with the SDK", async () => {
  const vectors: {
    name: string;
    config: WireConfig;
    context: Record<string, Json>;
    expected: Json;
  }[] = JSON.parse(await Deno.readTextFile(new URL("./vectors/evaluate.json", import.meta.url)));
  assert.ok(vectors.length > 50);
  for (const v of vectors) assert.deepEqual(sdkValue(v.config, v.context), v.expected, v.name);
});

Deno.test("the SDK, like evaluateValue(), returns the base value when evaluation throws", () => {
  const config: WireConfig = {
    name: "c",
    value: "base",
    overrides: [{
      name: "o",
      conditions: [{
        operator: "segmentation",
        property: "v",
        fromPercentage: 0,
        toPercentage: 100,
        seed: "",
      }],
      value: "hit",
    }],
  };
  const hostile = { v: Object.create(null) };
  assert.equal(sdkValue(config, hostile), "base");
  assert.equal(evaluateValue(config, hostile), "base");
  assert.equal(sdkValue(config, { v: 1 }), "hit");
});
