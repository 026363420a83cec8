// Parity: for random contexts, what OFREP answers (one flag and in bulk) equals the published
// Replane SDK's get() on the stream of the same SDK key. The only difference allowed is the
// protocol's TARGETING_KEY_MISSING, where a rollout by targetingKey could not place a context
// without one (the SDK then answers the value after it; the OFREP client its code default).
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Override } from "../src/domain/overrides.ts";
import { putConfig, state } from "./helpers/api.ts";
import { evaluateAll, evaluateFlag, FLAGS, ofrepWorld } from "./helpers/ofrep.ts";
import { connectSdk, sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";

const lit = (value: string | number | boolean | (string | number)[]) =>
  ({ type: "literal", value }) as const;

const COMPLEX: Override[] = [
  {
    name: "adult-outside",
    conditions: [{
      operator: "and",
      conditions: [
        { operator: "greater_than_or_equal", property: "age", value: lit(18) },
        {
          operator: "not",
          condition: { operator: "in", property: "country", value: lit(["NZ", "DE"]) },
        },
      ],
    }],
    value: "a",
  },
  {
    name: "pro-or-some",
    conditions: [{
      operator: "or",
      conditions: [
        {
          operator: "segmentation",
          property: "userId",
          fromPercentage: 0,
          toPercentage: 30,
          seed: "x",
        },
        { operator: "equals", property: "plan", value: lit("pro") },
      ],
    }],
    value: "b",
  },
  {
    name: "late-rollout",
    conditions: [{
      operator: "segmentation",
      property: "targetingKey",
      fromPercentage: 20,
      toPercentage: 70,
      seed: "late",
    }],
    value: "c",
  },
];

const context = fc.record({
  targetingKey: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("user-1", "user-2")),
  plan: fc.constantFrom<unknown[]>("beta", "pro", "free", "", 1, true),
  country: fc.constantFrom("NZ", "DE", "US"),
  age: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom("18", "17.5", "x")),
  userId: fc.string({ maxLength: 6 }),
}, { requiredKeys: [] });

Deno.test("OFREP answers what the published Replane SDK's get() answers, for random contexts", async () => {
  const server = await startTestServer();
  try {
    const w = await ofrepWorld(server.su);
    await putConfig(server.su, w.projectId, "plans", state(["beta", "pro"]));
    await putConfig(server.su, w.projectId, "complex", state("base", COMPLEX));
    await putConfig(
      server.su,
      w.projectId,
      "by-reference",
      state(0, [{
        name: "listed",
        conditions: [{
          operator: "in",
          property: "plan",
          value: { type: "reference", projectId: w.projectId, configName: "plans", path: [] },
        }],
        value: 1,
      }]),
    );
    await sync(server);
    const sdk = await connectSdk(server.url, w.key);
    const names = [...Object.keys(FLAGS), "plans", "complex", "by-reference"];
    const rolloutByKey = new Set(["new-checkout", "complex"]);
    let missingKey = 0;
    try {
      await fc.assert(
        fc.asyncProperty(context, async (ctx) => {
          const bulk = await evaluateAll(server.url, w.key, ctx);
          assert.equal(bulk.status, 200);
          const inBulk = new Map(
            (bulk.body.flags as Record<string, unknown>[]).map((f) => [f.key, f]),
          );
          for (const name of names) {
            const expected = sdk.get(name, { context: ctx as never });
            const one = await evaluateFlag(server.url, w.key, name, ctx);
            assert.deepEqual(inBulk.get(name), one.status === 200 ? one.body : inBulk.get(name));
            if (one.body.errorCode === "TARGETING_KEY_MISSING") {
              missingKey++;
              assert.equal(one.status, 400);
              assert.ok(rolloutByKey.has(name) && ctx.targetingKey === undefined, name);
              assert.equal(inBulk.get(name)!.errorCode, "TARGETING_KEY_MISSING");
              continue;
            }
            assert.equal(one.status, 200, `${name}: ${JSON.stringify(one.body)}`);
            assert.deepEqual(one.body.value ?? null, expected, `${name} ${JSON.stringify(ctx)}`);
          }
        }),
        { numRuns: 150 },
      );
    } finally {
      sdk.disconnect?.();
    }
    assert.ok(missingKey > 0, "some contexts lacked a targetingKey");
  } finally {
    await server.stop();
  }
});
