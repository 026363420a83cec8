import assert from "node:assert/strict";
import { configType, configTypes } from "./configs.ts";

Deno.test("configType() infers from base, override, split and variant values", () => {
  const t = configType({
    name: "banner",
    value: "hi",
    overrides: [
      { value: null },
      { split: { variants: [{ value: "a" }, { value: 2 }] } },
    ],
    variants: [{ value: "x", overrides: [] }],
  });
  assert.equal(t.source, "values");
  assert.deepEqual(t.type, {
    kind: "union",
    members: [{ kind: "string" }, { kind: "null" }, { kind: "integer" }],
  });
});

Deno.test("configType() joins a variant's own schema to the base schema", () => {
  const t = configType({
    name: "limit",
    value: 1,
    schema: { type: "integer" },
    variants: [{ value: "unlimited", schema: { const: "unlimited" }, useBaseSchema: false }],
  });
  assert.deepEqual(t.type, {
    kind: "union",
    members: [{ kind: "integer" }, { kind: "enum", values: ["unlimited"] }],
  });
});

Deno.test("configTypes() gives configs whose names collide distinct type names", () => {
  const names = configTypes([{ name: "a-b", value: 1 }, { name: "a_b", value: 2 }])
    .map((t) => t.typeName);
  assert.deepEqual(names, ["AB", "AB2"]);
});
