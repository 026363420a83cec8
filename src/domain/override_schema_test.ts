import assert from "node:assert/strict";
import { formatPath, type Issue, parseWithIssues } from "./issues.ts";
import { LIMITS } from "./limits.ts";
import {
  checkReferences,
  conditionSchema,
  conditionWarnings,
  jsonValueSchema,
  overrideSchema,
  overridesSchema,
} from "./override_schema.ts";
import type { Override } from "./overrides.ts";

const lit = (value: unknown) => ({ type: "literal", value });
const eq = (property: string, value: unknown) => ({
  operator: "equals",
  property,
  value: lit(value),
});
const ref = (projectId: string, configName: string, path: unknown[] = []) => ({
  type: "reference",
  projectId,
  configName,
  path,
});
const override = (conditions: unknown[], value: unknown = 1) => ({ name: "o", conditions, value });

function issues(schema: Parameters<typeof parseWithIssues>[0], input: unknown, root = "") {
  const r = parseWithIssues(schema, input, root);
  assert.equal(r.ok, false, "expected a parse failure");
  return r.ok ? [] : r.issues;
}

Deno.test("overridesSchema accepts every operator and strips unknown fields", () => {
  const input = [{
    name: "Enterprise",
    extra: true,
    conditions: [
      { operator: "in", property: "orgId", value: lit(["acme", 1, true, null]) },
      { operator: "not_in", property: "orgId", value: ref("p1", "blocked", ["list", 0]) },
      eq("plan", null),
      { operator: "less_than", property: "age", value: lit("30") },
      { operator: "less_than_or_equal", property: "age", value: lit(30) },
      { operator: "greater_than", property: "v", value: lit("1.2") },
      { operator: "greater_than_or_equal", property: "v", value: ref("p1", "min", []) },
      {
        operator: "segmentation",
        property: "userId",
        fromPercentage: 0,
        toPercentage: 25,
        seed: "",
      },
      { operator: "and", conditions: [] },
      { operator: "or", conditions: [{ operator: "not", condition: eq("beta", true) }] },
    ],
    value: { tier: "enterprise", limits: [1, 2] },
  }];
  const r = parseWithIssues(overridesSchema, input);
  assert.ok(r.ok, JSON.stringify(r));
  const { extra: _, ...expected } = input[0]!;
  assert.deepEqual(r.value, [expected]);
});

Deno.test("parse issues name the path from the given root", () => {
  const input = [override([
    eq("a", 1),
    { operator: "segmentation", property: "u", fromPercentage: 120, toPercentage: "x", seed: 3 },
  ])];
  assert.deepEqual(issues(overridesSchema, input, "base.overrides"), [
    {
      path: "base.overrides[0].conditions[1].fromPercentage",
      message: "fromPercentage 120 must be at most 100",
    },
    {
      path: "base.overrides[0].conditions[1].toPercentage",
      message: 'toPercentage "x" must be a number',
    },
    { path: "base.overrides[0].conditions[1].seed", message: "seed 3 must be a string" },
  ]);
});

Deno.test("segmentation with fromPercentage > toPercentage is stored with a warning", () => {
  const seg = (from: number, to: number) => ({
    operator: "segmentation",
    property: "u",
    fromPercentage: from,
    toPercentage: to,
    seed: "s",
  });
  assert.ok(parseWithIssues(conditionSchema, seg(60, 40)).ok);
  assert.deepEqual(conditionWarnings(parsed([override([seg(60, 40)])])), [{
    path: "overrides[0].conditions[0].fromPercentage",
    message: "fromPercentage 60 exceeds toPercentage 40: no one is in this range",
  }]);
  assert.deepEqual(conditionWarnings(parsed([override([seg(40, 40), seg(0, 100)])])), []);
  assert.equal(
    issues(conditionSchema, seg(-1, 5))[0]?.message,
    "fromPercentage -1 must be at least 0",
  );
});

Deno.test("unknown operators and value types are named with the allowed ones", () => {
  const [op] = issues(overridesSchema, [override([{ operator: "regex", property: "a" }])]);
  assert.equal(op?.path, "[0].conditions[0].operator");
  assert.match(op!.message, /^operator "regex" must be one of "equals", "in", .*"not"$/);
  const [type] = issues(conditionSchema, {
    operator: "equals",
    property: "a",
    value: { type: "x" },
  });
  assert.deepEqual(type, {
    path: "value.type",
    message: 'type "x" must be one of "literal", "reference"',
  });
});

Deno.test("in/not_in with one value, or another operator with a list, is stored with a warning", () => {
  const single = { operator: "in", property: "a", value: lit("x") };
  assert.ok(parseWithIssues(conditionSchema, single).ok);
  assert.ok(parseWithIssues(conditionSchema, eq("a", [1])).ok);
  assert.deepEqual(conditionWarnings(parsed([override([single, eq("a", [1])])])), [
    {
      path: "overrides[0].conditions[0].value.value",
      message: 'value "x" is not an array, so operator "in" never matches',
    },
    {
      path: "overrides[0].conditions[1].value.value",
      message: 'value [1] is an array, so operator "equals" treats the whole array as one value',
    },
  ]);
  // A reference's type is only known when it is resolved, so it is never warned about here.
  const reference = { operator: "in", property: "a", value: ref("p", "c") };
  assert.deepEqual(conditionWarnings(parsed([override([reference])])), []);
});

Deno.test("literals are scalars or arrays of scalars", () => {
  const [nested] = issues(conditionSchema, { operator: "in", property: "a", value: lit([[1]]) });
  assert.equal(nested?.path, "value.value");
  const [obj] = issues(conditionSchema, eq("a", { x: 1 }));
  assert.match(obj!.message, /must be a string, number, boolean, null or an array of those$/);
  const tooMany = Array.from({ length: LIMITS.maxListItems + 1 }, (_, i) => i);
  const [many] = issues(conditionSchema, { operator: "in", property: "a", value: lit(tooMany) });
  assert.equal(many?.path, "value.value");
});

Deno.test("references need a project and a valid config name; odd paths and properties warn", () => {
  const bad = { operator: "in", property: "", value: ref("", "a b", [-1, "x", 1.5]) };
  assert.deepEqual(issues(conditionSchema, bad), [
    { path: "value.projectId", message: "projectId must not be empty" },
    { path: "value.configName", message: 'configName "a b" must match ^[A-Za-z0-9_-]{1,100}$' },
  ]);
  const odd = { operator: "in", property: "", value: ref("p", "c", [-1, "x", 1.5]) };
  assert.deepEqual(conditionWarnings(parsed([override([odd])])).map((w) => w.path), [
    "overrides[0].conditions[0].property",
    "overrides[0].conditions[0].value.path[0]",
    "overrides[0].conditions[0].value.path[2]",
  ]);
});

function nest(depth: number): unknown {
  let c: unknown = eq("a", 1);
  for (let i = 1; i < depth; i++) c = { operator: "not", condition: c };
  return c;
}

Deno.test("conditions may nest up to the depth limit", () => {
  assert.ok(parseWithIssues(overrideSchema, override([nest(LIMITS.maxConditionDepth)])).ok);
  assert.deepEqual(
    issues(overrideSchema, override([eq("a", 1), nest(LIMITS.maxConditionDepth + 1)])),
    [
      { path: "conditions[1]", message: "condition nests deeper than 8 levels" },
    ],
  );
  assert.deepEqual(issues(conditionSchema, nest(9), "c"), [
    { path: "c", message: "condition nests deeper than 8 levels" },
  ]);
});

Deno.test("a hostile nesting depth is refused without overflowing the stack", () => {
  assert.equal(issues(conditionSchema, nest(200_000)).length, 1);
  let deep: unknown = 1;
  for (let i = 0; i < 200_000; i++) deep = [deep];
  assert.deepEqual(issues(overrideSchema, override([], deep)), [
    { path: "value", message: "value nests deeper than 100 levels" },
  ]);
});

Deno.test("an override holds at most maxConditionsPerOverride conditions, nested included", () => {
  const max = LIMITS.maxConditionsPerOverride;
  const flat = (n: number) => Array.from({ length: n }, () => eq("a", 1));
  assert.ok(parseWithIssues(overrideSchema, override(flat(max))).ok);
  assert.deepEqual(issues(overrideSchema, override(flat(max + 1))), [
    {
      path: "conditions",
      message: "conditions has more than 100 conditions, counting nested ones",
    },
  ]);
  // One `and` node plus `max` children is max + 1 nodes.
  const wrapped = [{ operator: "and", conditions: flat(max) }];
  assert.equal(issues(overrideSchema, override(wrapped))[0]?.path, "conditions");
});

Deno.test("overridesSchema enforces the override count", () => {
  const list = (n: number) => Array.from({ length: n }, () => override([]));
  assert.ok(parseWithIssues(overridesSchema, list(LIMITS.maxOverrides)).ok);
  assert.deepEqual(issues(overridesSchema, list(LIMITS.maxOverrides + 1), "overrides"), [
    { path: "overrides", message: "overrides has 101 items; the limit is 100" },
  ]);
});

Deno.test("override values must be JSON within the size limit", () => {
  assert.deepEqual(issues(overrideSchema, { name: "o", conditions: [] }), [
    { path: "value", message: "value is required" },
  ]);
  assert.equal(
    issues(overrideSchema, override([], [1, NaN]))[0]?.message,
    "value contains NaN, which JSON cannot hold",
  );
  assert.equal(
    issues(overrideSchema, override([], { at: new Date(0) }))[0]?.message,
    "value contains a Date, which JSON cannot hold",
  );
  const big = "x".repeat(LIMITS.maxValueBytes);
  assert.match(issues(overrideSchema, override([], big))[0]!.message, /^value is 1048578 bytes/);
  assert.ok(parseWithIssues(jsonValueSchema(), "x".repeat(LIMITS.maxValueBytes - 2)).ok);
});

Deno.test("overridesSchema limits the whole list's size", () => {
  const half = "x".repeat(LIMITS.maxValueBytes / 2);
  const [issue] = issues(overridesSchema, [override([], half), override([], half)], "overrides");
  assert.equal(issue?.path, "overrides");
  assert.match(issue!.message, /^overrides are \d+ bytes of JSON; the limit is 1048576$/);
});

Deno.test("formatPath() joins keys with dots and indices with brackets", () => {
  assert.equal(formatPath("", ["a", 0, "b", 1]), "a[0].b[1]");
  assert.equal(formatPath("base", [0, "x"]), "base[0].x");
  assert.equal(formatPath("base", []), "base");
});

function parsed(input: unknown): Override[] {
  const r = parseWithIssues(overridesSchema, input);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

Deno.test("checkReferences() keeps references inside the project", () => {
  const overrides = parsed([override([{
    operator: "or",
    conditions: [
      { operator: "in", property: "org", value: ref("p2", "orgs") },
      {
        operator: "not",
        condition: { operator: "equals", property: "a", value: ref("p1", "gone") },
      },
      { operator: "equals", property: "b", value: ref("p1", "orgs", ["x"]) },
    ],
  }])]);
  const found: { issues: Issue[]; warnings: Issue[] } = checkReferences(
    overrides,
    "p1",
    (name) => name === "orgs",
  );
  assert.deepEqual(found, {
    issues: [{
      path: "overrides[0].conditions[0].conditions[0].value.projectId",
      message:
        'projectId "p2" must be this config\'s project "p1": references cannot leave the project',
    }],
    // Replane stores a reference to a missing config; it is a warning, not a refusal.
    warnings: [{
      path: "overrides[0].conditions[0].conditions[1].condition.value.configName",
      message: 'configName "gone" names no config in this project; ' +
        "the condition will not match until a config of that name exists",
    }],
  });
});

Deno.test("checkReferences() allows a config to reference itself", () => {
  const overrides = parsed([
    override([eq("a", 1), { operator: "equals", property: "a", value: ref("p1", "me") }]),
  ]);
  const none = () => false;
  assert.deepEqual(checkReferences(overrides, "p1", none, { selfName: "me" }), {
    issues: [],
    warnings: [],
  });
  const other = checkReferences(overrides, "p1", none, { root: "variants[0].overrides" });
  assert.deepEqual(other.warnings.map((w) => w.path), [
    "variants[0].overrides[0].conditions[1].value.configName",
  ]);
});
