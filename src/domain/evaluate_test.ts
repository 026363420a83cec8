import assert from "node:assert/strict";
import { evaluate, evaluateValue, segmentationUnit } from "./evaluate.ts";
import type { Json, RenderedCondition, WireConfig } from "./overrides.ts";

type EvaluateVector = {
  name: string;
  config: WireConfig;
  context: Record<string, Json>;
  expected: Json;
  matchedOverride: number | null;
};

const vectors: EvaluateVector[] = JSON.parse(
  await Deno.readTextFile(new URL("../../tests/vectors/evaluate.json", import.meta.url)),
);

const config = (overrides: WireConfig["overrides"], value: Json = "base"): WireConfig => ({
  name: "c",
  value,
  overrides,
});

Deno.test("evaluate() and evaluateValue() agree with every golden vector", () => {
  assert.ok(vectors.length > 50);
  for (const v of vectors) {
    assert.deepEqual(evaluateValue(v.config, v.context), v.expected, v.name);
    const result = evaluate(v.config, v.context);
    assert.deepEqual(result.value, v.expected, v.name);
    assert.equal(result.matchedOverride, v.matchedOverride, v.name);
    assert.equal(result.error, undefined, v.name);
  }
});

Deno.test("evaluate() traces overrides in order and stops at the first match", () => {
  const result = evaluate(
    config([
      { name: "missing", conditions: [{ operator: "equals", property: "x", value: 1 }], value: 1 },
      {
        name: "no",
        conditions: [{ operator: "equals", property: "plan", value: "pro" }],
        value: 2,
      },
      { name: "yes", conditions: [], value: 3 },
      { name: "never tried", conditions: [], value: 4 },
    ]),
    { plan: "free" },
  );
  assert.equal(result.value, 3);
  assert.equal(result.matchedOverride, 2);
  assert.deepEqual(
    result.trace.map((t) => [t.override, t.index, t.result]),
    [["missing", 0, "unknown"], ["no", 1, "not_matched"], ["yes", 2, "matched"]],
  );
});

Deno.test("evaluate() explains a property condition: expected, actual, cast and notes", () => {
  const trace = (c: RenderedCondition, context: Record<string, unknown>) =>
    evaluate(config([{ name: "o", conditions: [c], value: 1 }]), context).trace[0]!.conditions[0];

  assert.deepEqual(trace({ operator: "equals", property: "age", value: "25" }, { age: 25 }), {
    operator: "equals",
    property: "age",
    result: "matched",
    expected: "25",
    actual: 25,
    castExpected: 25,
  });
  assert.deepEqual(trace({ operator: "in", property: "org", value: ["a"] }, {}), {
    operator: "in",
    property: "org",
    result: "unknown",
    expected: ["a"],
    note: 'context property "org" is missing',
  });
  const unresolved = { operator: "in", property: "org" } as RenderedCondition;
  assert.deepEqual(trace(unresolved, { org: "a" }), {
    operator: "in",
    property: "org",
    result: "unknown",
    actual: "a",
    note: 'the referenced value could not be resolved; "in" needs a list of values',
  });
  assert.deepEqual(trace({ operator: "less_than", property: "beta", value: 1 }, { beta: true }), {
    operator: "less_than",
    property: "beta",
    result: "not_matched",
    expected: 1,
    actual: true,
    castExpected: true,
    note: "ordering compares only number with number or string with string",
  });
});

Deno.test("evaluate() shows where a segmentation value falls", () => {
  const seg: RenderedCondition = {
    operator: "segmentation",
    property: "userId",
    fromPercentage: 0,
    toPercentage: 50,
    seed: "seed-1",
  };
  const hit = evaluate(config([{ name: "o", conditions: [seg], value: 1 }]), {
    userId: "user-123",
  });
  const t = hit.trace[0]!.conditions[0]!;
  assert.equal(t.result, "matched");
  assert.ok(t.operator === "segmentation");
  assert.equal(t.actual, "user-123");
  assert.equal(t.bucket, (0x7ad2f3a8 / 2 ** 32) * 100);
  assert.equal(t.bucket, segmentationUnit("user-123", "seed-1") * 100);

  const missing = evaluate(config([{ name: "o", conditions: [seg], value: 1 }]), { userId: null });
  assert.deepEqual(missing.trace[0]!.conditions[0], {
    ...seg,
    result: "unknown",
    actual: null,
    note: 'context property "userId" is null',
  });
});

Deno.test("evaluate() traces every child of and/or/not, without short-circuit", () => {
  const no: RenderedCondition = { operator: "equals", property: "a", value: 2 };
  const unknown: RenderedCondition = { operator: "equals", property: "zz", value: 1 };
  const result = evaluate(
    config([{
      name: "o",
      conditions: [{ operator: "and", conditions: [no, { operator: "not", condition: unknown }] }],
      value: 1,
    }]),
    { a: 1 },
  );
  const and = result.trace[0]!.conditions[0]!;
  assert.ok(and.operator === "and");
  assert.equal(and.result, "not_matched");
  assert.deepEqual(and.conditions.map((c) => [c.operator, c.result]), [
    ["equals", "not_matched"],
    ["not", "unknown"],
  ]);
  const not = and.conditions[1]!;
  assert.ok(not.operator === "not");
  assert.equal(not.condition.result, "unknown");
});

Deno.test("evaluateValue() and evaluate() fall back to the base value when evaluation throws", () => {
  // String() throws for an object without a prototype; the SDK then logs and returns the base value.
  const hostile = Object.create(null);
  const cfg = config([{
    name: "o",
    conditions: [{
      operator: "segmentation",
      property: "v",
      fromPercentage: 0,
      toPercentage: 100,
      seed: "",
    }],
    value: 1,
  }]);
  assert.equal(evaluateValue(cfg, { v: hostile }), "base");
  const result = evaluate(cfg, { v: hostile });
  assert.equal(result.value, "base");
  assert.equal(result.matchedOverride, null);
  assert.match(result.error ?? "", /TypeError/);
  assert.equal(evaluateValue(cfg, { v: "x" }), 1);
});
