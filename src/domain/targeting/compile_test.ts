import assert from "node:assert/strict";
import type { Override } from "../overrides.ts";
import { compileOverrides, type CompileSources } from "./compile.ts";
import { TARGETING_LIMITS } from "./model.ts";

const none: CompileSources = {
  body: () => undefined,
  segment: () => undefined,
  group: () => undefined,
  resolve: () => undefined,
};

Deno.test("compileOverrides() inlines a segment's conditions and negates not_in_segment", () => {
  const sources: CompileSources = {
    ...none,
    segment: (n) =>
      n === "beta"
        ? {
          name: "beta",
          conditions: [
            { operator: "in", property: "plan", value: { type: "literal", value: ["pro"] } },
            { operator: "equals", property: "country", value: { type: "literal", value: "DE" } },
          ],
        }
        : undefined,
  };
  const overrides: Override[] = [
    { name: "in", conditions: [{ operator: "in_segment", segment: "beta" }], value: 1 },
    { name: "out", conditions: [{ operator: "not_in_segment", segment: "beta" }], value: 2 },
  ];
  const compiled = compileOverrides("c", overrides, sources, { explain: true });
  const inner = {
    operator: "and",
    conditions: [
      { operator: "in", property: "plan", value: ["pro"] },
      { operator: "equals", property: "country", value: "DE" },
    ],
  };
  assert.deepEqual(compiled.overrides[0]!.conditions, [inner]);
  assert.deepEqual(compiled.overrides[1]!.conditions, [{ operator: "not", condition: inner }]);
  assert.deepEqual(compiled.problems, []);
  assert.deepEqual([...compiled.labels.values()], ['in segment "beta"', 'not in segment "beta"']);
});

Deno.test("compileOverrides() warns about a missing segment, group or config and leaves it unresolved", () => {
  const overrides: Override[] = [{
    name: "r",
    conditions: [
      { operator: "in_segment", segment: "gone" },
      { operator: "prerequisite", config: "nope", values: [true] },
    ],
    split: {
      property: "userId",
      seed: "s",
      variants: [{ name: "a", value: 1, weight: 100 }],
      exclusion: { group: "g", slice: "x" },
    },
  }];
  const compiled = compileOverrides("c", overrides, none, { root: "base.overrides" });
  assert.deepEqual(compiled.problems.map((p) => [p.severity, p.path]), [
    ["warning", "base.overrides[0].conditions[0].segment"],
    ["warning", "base.overrides[0].conditions[1].config"],
    ["warning", "base.overrides[0].split.exclusion.group"],
  ]);
  assert.deepEqual(compiled.overrides[0]!.conditions[0], {
    operator: "in",
    property: "$unresolved",
  });
  assert.deepEqual(compiled.origins, [{ override: 0, rule: "r", variant: "a" }]);
});

Deno.test("compileOverrides() refuses prerequisites nested deeper than the limit", () => {
  const depth = TARGETING_LIMITS.maxPrerequisiteDepth + 2;
  const chain = (i: number): Override[] =>
    i >= depth ? [] : [{
      name: "o",
      conditions: [{ operator: "prerequisite", config: `c${i + 1}`, values: [true] }],
      value: true,
    }];
  const sources: CompileSources = {
    ...none,
    body: (n) => ({ value: false, overrides: chain(Number(n.slice(1))) }),
  };
  const { problems } = compileOverrides("c0", chain(0), sources);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.path, "overrides[0].conditions[0].config");
  assert.match(problems[0]!.message, /^prerequisites nest deeper than 5 levels: c0 → c1 → /);
});

Deno.test("compileOverrides() refuses a prerequisite whose expansion is too large", () => {
  // Each level doubles: a config with two overrides, both on the next config.
  const level = (i: number): Override[] =>
    [0, 1].map((k) => ({
      name: `o${k}`,
      conditions: i < 5 ? [{ operator: "prerequisite", config: `c${i + 1}`, values: [k === 0] }] : [
        ...Array.from({ length: 60 }, (_, j) => ({
          operator: "equals" as const,
          property: `p${j}`,
          value: { type: "literal" as const, value: j },
        })),
      ],
      value: k === 0,
    }));
  const sources: CompileSources = {
    ...none,
    body: (n) => ({ value: false, overrides: level(Number(n.slice(1))) }),
  };
  const { problems } = compileOverrides("c0", level(0), sources);
  assert.ok(problems.length > 0);
  assert.ok(problems.every((p) => p.severity === "issue"));
  assert.match(problems[0]!.message, /expands to \d+ conditions; the limit is 5000|in all/);
});
