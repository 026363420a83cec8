import assert from "node:assert/strict";
import { parseWithIssues } from "../issues.ts";
import { overrideSchema, overridesSchema } from "../override_schema.ts";

const issuesOf = (input: unknown) => {
  const r = parseWithIssues(overridesSchema, input, "overrides");
  return r.ok ? [] : r.issues;
};

const rule = (variants: unknown[], extra: object = {}) => [{
  name: "exp",
  conditions: [],
  split: { variants, ...extra },
}];

Deno.test("a weighted rule parses with userId as the default property", () => {
  const r = parseWithIssues(overrideSchema, rule([{ name: "a", value: 1, weight: 100 }])[0]);
  assert.ok(r.ok);
  assert.deepEqual(r.value, {
    name: "exp",
    conditions: [],
    split: { property: "userId", variants: [{ name: "a", value: 1, weight: 100 }] },
  });
});

Deno.test("weights that do not add up to 100 are an issue naming the field", () => {
  assert.deepEqual(
    issuesOf(rule([{ name: "a", value: 1, weight: 50 }, { name: "b", value: 2, weight: 30 }])),
    [{
      path: "overrides[0].split.variants",
      message: "variants weights add up to 80; they must add up to 100",
    }],
  );
  assert.deepEqual(issuesOf(rule([{ name: "a", value: 1, weight: 33.333 }])).map((i) => i.path), [
    "overrides[0].split.variants[0].weight",
  ]);
});

Deno.test("variant names are unique and ranges of different variants do not overlap", () => {
  assert.deepEqual(
    issuesOf(rule([
      { name: "a", value: 1, weight: 50, ranges: [[0, 60]] },
      { name: "a", value: 2, weight: 50, ranges: [[50, 100]] },
    ])),
    [
      {
        path: "overrides[0].split.variants[1].name",
        message: 'name "a" appears twice in variants',
      },
      {
        path: "overrides[0].split.variants[1].ranges",
        message: "variants[1].ranges overlap the ranges of variants[0]",
      },
    ],
  );
});

Deno.test("an override has a value or a split, not both; targeting leaves are checked", () => {
  assert.deepEqual(
    issuesOf([{
      name: "o",
      conditions: [],
      value: 1,
      split: { variants: [{ name: "a", value: 1, weight: 100 }] },
    }]),
    [{
      path: "overrides[0].split",
      message: "an override has either a value or a split, not both",
    }],
  );
  assert.deepEqual(
    issuesOf([{
      name: "o",
      conditions: [
        { operator: "in_segment", segment: "bad name" },
        { operator: "prerequisite", config: "a", values: [] },
      ],
      value: 1,
    }]).map((i) => i.path),
    ["overrides[0].conditions[0].segment", "overrides[0].conditions[1].values"],
  );
});
