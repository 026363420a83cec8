import assert from "node:assert/strict";
import { LIMITS } from "./limits.ts";
import type { Condition, Json, Override, ReferenceValue } from "./overrides.ts";
import {
  bodyFor,
  dependencies,
  referencedConfigNames,
  renderJson,
  renderOverrides,
  type RenderSource,
  renderWire,
  walkPath,
} from "./render.ts";

const ref = (configName: string, path: (string | number)[] = []): ReferenceValue => ({
  type: "reference",
  projectId: "p1",
  configName,
  path,
});

const configs: Record<string, Json> = {
  orgs: { enterprise: ["acme", "globex"], empty: null },
  threshold: 30,
};
const resolve = (r: ReferenceValue) => {
  const value = configs[r.configName];
  return value === undefined ? undefined : walkPath(value, r.path);
};

Deno.test("renderOverrides() unwraps literals and resolves references in nested trees", () => {
  const overrides: Override[] = [{
    name: "Enterprise",
    conditions: [
      { operator: "in", property: "orgId", value: ref("orgs", ["enterprise"]) },
      {
        operator: "or",
        conditions: [
          { operator: "greater_than", property: "age", value: ref("threshold") },
          {
            operator: "not",
            condition: {
              operator: "equals",
              property: "plan",
              value: { type: "literal", value: "free" },
            },
          },
        ],
      },
      { operator: "equals", property: "tier", value: ref("orgs", ["empty"]) },
    ],
    value: { limit: 1000 },
  }];
  assert.deepEqual(renderOverrides(overrides, resolve), [{
    name: "Enterprise",
    conditions: [
      { operator: "in", property: "orgId", value: ["acme", "globex"] },
      {
        operator: "or",
        conditions: [
          { operator: "greater_than", property: "age", value: 30 },
          { operator: "not", condition: { operator: "equals", property: "plan", value: "free" } },
        ],
      },
      { operator: "equals", property: "tier", value: null },
    ],
    value: { limit: 1000 },
  }]);
});

Deno.test("renderOverrides() leaves the value key out when a reference is unresolved", () => {
  const [rendered] = renderOverrides([{
    name: "o",
    conditions: [
      { operator: "in", property: "org", value: ref("orgs", ["nope"]) },
      { operator: "equals", property: "x", value: ref("deleted") },
    ],
    value: 1,
  }], resolve);
  const [first, second] = rendered!.conditions;
  assert.equal(Object.hasOwn(first!, "value"), false);
  assert.equal(Object.hasOwn(second!, "value"), false);
  assert.equal(
    JSON.stringify(rendered),
    '{"name":"o","conditions":[{"operator":"in","property":"org"},' +
      '{"operator":"equals","property":"x"}],"value":1}',
  );
});

Deno.test("renderOverrides() copies segmentation conditions field by field", () => {
  const stored = {
    operator: "segmentation",
    property: "userId",
    fromPercentage: 0,
    toPercentage: 25,
    seed: "s",
    extra: "dropped",
  } as const;
  const [rendered] = renderOverrides([{ name: "o", conditions: [stored], value: true }], resolve);
  assert.deepEqual(rendered!.conditions, [{
    operator: "segmentation",
    property: "userId",
    fromPercentage: 0,
    toPercentage: 25,
    seed: "s",
  }]);
});

Deno.test("walkPath() follows object keys and array indices", () => {
  const value: Json = { a: { b: [10, { c: "deep" }, null] }, "0": "zero-key" };
  assert.deepEqual(walkPath(value, []), value);
  assert.equal(walkPath(value, ["a", "b", 0]), 10);
  assert.equal(walkPath(value, ["a", "b", "1", "c"]), "deep");
  assert.equal(walkPath(value, ["a", "b", 2]), null);
  assert.equal(walkPath(value, [0]), "zero-key");
  assert.equal(walkPath(null, []), null);
  assert.equal(walkPath(5, []), 5);
});

Deno.test("walkPath() gives undefined for any miss", () => {
  const value: Json = { a: { b: [10, 20] }, s: "text", n: null };
  const misses: (string | number)[][] = [
    ["x"],
    ["a", "x"],
    ["a", "b", 2],
    ["a", "b", -1],
    ["a", "b", 1.5],
    ["a", "b", "01"],
    ["a", "b", "length"],
    ["a", "toString"],
    ["__proto__"],
    ["s", 0],
    ["s", "length"],
    ["n", "x"],
  ];
  for (const path of misses) assert.equal(walkPath(value, path), undefined, JSON.stringify(path));
});

Deno.test("referencedConfigNames() collects references from every depth", () => {
  const lit = { type: "literal", value: 1 } as const;
  const overrides: Override[] = [
    { name: "a", conditions: [{ operator: "equals", property: "x", value: ref("one") }], value: 1 },
    {
      name: "b",
      conditions: [{
        operator: "and",
        conditions: [
          { operator: "not", condition: { operator: "in", property: "y", value: ref("two", [0]) } },
          {
            operator: "or",
            conditions: [{ operator: "less_than", property: "z", value: ref("one") }],
          },
          { operator: "equals", property: "w", value: lit },
          { operator: "segmentation", property: "u", fromPercentage: 0, toPercentage: 5, seed: "" },
        ],
      }],
      value: 2,
    },
  ];
  assert.deepEqual(referencedConfigNames(overrides), new Set(["one", "two"]));
  assert.deepEqual(referencedConfigNames([]), new Set());
});

const P = "project-1";
const refIn = (configName: string, path: (string | number)[] = [], projectId = P) => ({
  type: "reference" as const,
  projectId,
  configName,
  path,
});
const override = (conditions: Condition[]): Override => ({ name: "o", conditions, value: true });

function config(
  name: string,
  value: RenderSource["value"],
  extra: Partial<RenderSource> = {},
): RenderSource {
  return { projectId: P, name, value, overrides: [], variants: [], ...extra };
}

Deno.test("bodyFor() picks the environment's variant, else the base", () => {
  const c = config("a", 1, {
    variants: [{ environmentId: "dev", value: 2, overrides: [] }],
  });
  assert.equal(bodyFor(c, "dev").value, 2);
  assert.equal(bodyFor(c, "prod").value, 1);
});

Deno.test("renderWire() resolves references in the same environment, variant values included", () => {
  const target = config("limits", { max: [10, 20] }, {
    variants: [{ environmentId: "dev", value: { max: [1, 2] }, overrides: [] }],
  });
  const c = config("flag", false, {
    overrides: [
      override([{ operator: "equals", property: "n", value: refIn("limits", ["max", 1]) }]),
      override([{ operator: "in", property: "n", value: refIn("missing") }]),
      override([{ operator: "equals", property: "n", value: refIn("limits", ["nope"]) }]),
      override([{ operator: "equals", property: "n", value: refIn("limits", [], "other") }]),
    ],
  });
  const lookup = (name: string) => name === "limits" ? target : undefined;
  const prod = renderWire(c, "prod", lookup);
  const values = prod.overrides.map((o) => o.conditions[0]);
  assert.deepEqual(values[0], { operator: "equals", property: "n", value: 20 });
  assert.deepEqual(values[1], { operator: "in", property: "n" });
  assert.deepEqual(values[2], { operator: "equals", property: "n" });
  assert.deepEqual(values[3], { operator: "equals", property: "n" });
  const dev = renderWire(c, "dev", lookup);
  assert.deepEqual(dev.overrides[0]!.conditions[0], {
    operator: "equals",
    property: "n",
    value: 2,
  });
  assert.equal(
    renderJson(c, "prod", lookup),
    JSON.stringify(prod),
    "the wire JSON is the rendered config",
  );
  assert.equal(
    JSON.parse(renderJson(c, "prod", lookup)).overrides[1].conditions[0].value,
    undefined,
  );
});

Deno.test("dependencies() collects references from the base and every variant", () => {
  const c = config("a", 1, {
    overrides: [
      override([{
        operator: "not",
        condition: { operator: "equals", property: "x", value: refIn("b") },
      }]),
    ],
    variants: [{
      environmentId: "dev",
      value: 2,
      overrides: [
        override([{
          operator: "and",
          conditions: [{ operator: "in", property: "x", value: refIn("c") }],
        }]),
      ],
    }],
  });
  assert.deepEqual([...dependencies(c)].sort(), ["b", "c"]);
});

Deno.test("references resolve to at most LIMITS.maxResolvedBytes per rendered config", () => {
  const big = "x".repeat(LIMITS.maxResolvedBytes / 4);
  let calls = 0;
  const resolve = () => (calls++, big);
  const ref = (configName: string) => ({
    operator: "equals" as const,
    property: "p",
    value: { type: "reference" as const, projectId: "p", configName, path: [] },
  });
  const overrides = Array.from({ length: 10 }, (_, i) => ({
    name: `o${i}`,
    conditions: [ref(i % 2 === 0 ? "a" : "b")],
    value: i,
  }));
  const rendered = renderOverrides(overrides, resolve);
  const resolved = rendered.filter((o) => "value" in o.conditions[0]!).length;
  // Each resolution costs the value's size; the budget holds three of them (quotes included).
  assert.equal(resolved, 3);
  assert.equal(calls, 2, "each reference is resolved once per render");
});
