import assert from "node:assert/strict";
import type { WireConfig } from "../../domain/overrides.ts";
import { silentLogger } from "../../log.ts";
import { EvaluationCounter } from "../../service/evaluation_counter.ts";
import type { Store } from "../../store/store.ts";
import { compileFlag, resolveFlag, sdkOutcome } from "./flags.ts";

// compileFlag() only asks the counter for tally objects; nothing here flushes.
const counter = new EvaluationCounter({} as Store, silentLogger);

const rollout = (from: number, to: number) => ({
  operator: "segmentation" as const,
  property: "targetingKey",
  fromPercentage: from,
  toPercentage: to,
  seed: "s",
});

function flag(config: WireConfig) {
  return compileFlag(JSON.stringify(config), "env", "project", counter);
}

Deno.test("compileFlag() names reasons and variants per outcome", () => {
  const f = flag({
    name: "f",
    value: 1,
    overrides: [
      {
        name: "vip",
        conditions: [{ operator: "equals", property: "plan", value: "vip" }],
        value: 2,
      },
      {
        name: "half",
        conditions: [{ operator: "and", conditions: [rollout(0, 50)] }],
        value: 3,
      },
    ],
  });
  assert.deepEqual(f.outcomes.map((o) => [o.variant, o.reason]), [
    ["default", "DEFAULT"],
    ["vip", "TARGETING_MATCH"],
    ["half", "SPLIT"],
  ]);
  assert.deepEqual(JSON.parse(f.outcomes[1]!.json), {
    key: "f",
    value: 2,
    reason: "TARGETING_MATCH",
    variant: "vip",
    metadata: { overrideIndex: 0 },
  });
  assert.equal(new TextDecoder().decode(f.outcomes[1]!.bytes), f.outcomes[1]!.json);
  assert.equal(f.firstRollout, 1);
  const s = flag({ name: "s", value: null, overrides: [] });
  assert.equal(s.outcomes[0]!.reason, "STATIC");
  assert.ok(!("value" in JSON.parse(s.outcomes[0]!.json)), "null is the code-default flag");
});

Deno.test("resolveFlag() is TARGETING_KEY_MISSING only when the missing key decided it", () => {
  const f = flag({
    name: "f",
    value: "base",
    overrides: [
      {
        name: "vip",
        conditions: [{ operator: "equals", property: "plan", value: "vip" }],
        value: "v",
      },
      { name: "all", conditions: [rollout(0, 100)], value: "r" },
      { name: "de", conditions: [{ operator: "equals", property: "c", value: "DE" }], value: "d" },
    ],
  });
  assert.equal(resolveFlag(f, { plan: "vip" })?.value, "v", "matched before the rollout");
  assert.equal(resolveFlag(f, {}), null, "no override matched; the rollout might have");
  assert.equal(resolveFlag(f, { c: "DE" }), null, "matched after the rollout");
  assert.equal(resolveFlag(f, { targetingKey: "u", c: "DE" })?.value, "r");
  // The stream SDK's semantics skip the rollout instead.
  assert.equal(sdkOutcome(f, { c: "DE" }).value, "d");
  assert.equal(sdkOutcome(f, {}).value, "base");
});

Deno.test("compileFlag() hands out one tally per variant, kept across recompiles", () => {
  const config: WireConfig = { name: "t", value: true, overrides: [] };
  const a = flag(config);
  const b = flag({ ...config, value: false });
  assert.equal(a.outcomes[0]!.tally, b.outcomes[0]!.tally);
  assert.equal(a.error.tally, a.outcomes[0]!.tally);
});
