import assert from "node:assert/strict";
import { danglingNames, isDangling, referrersOf } from "./references.ts";
import type { Condition, ConfigSummary, Override } from "./types.ts";

const summary = (name: string): ConfigSummary => ({
  id: `id-${name}`,
  name,
  description: "",
  version: 1,
  createdAt: "",
  updatedAt: "",
  tags: [],
  sensitive: false,
});
const ref = (configName: string, property = "seats"): Condition => ({
  operator: "greater_than",
  property,
  value: { type: "reference", projectId: "p", configName, path: ["max"] },
});
const override = (...conditions: Condition[]): Override => ({
  name: "o",
  conditions,
  value: true,
});

Deno.test("isDangling() is true only for a name the loaded project lacks", () => {
  const all = [summary("limits"), summary("me")];
  assert.equal(isDangling("gone", all, "me"), true);
  assert.equal(isDangling("limits", all, "me"), false);
  assert.equal(isDangling("me", [], "me"), false, "a config may reference itself");
  assert.equal(isDangling("gone", undefined, "me"), false, "unknown while the list loads");
  assert.equal(isDangling("", all, "me"), false, "no config chosen yet");
});

Deno.test("danglingNames() finds references nested in groups and not, once each", () => {
  const overrides = [
    override(ref("gone"), { operator: "or", conditions: [ref("limits"), ref("also-gone")] }),
    override({ operator: "not", condition: ref("gone") }),
  ];
  assert.deepEqual(danglingNames(overrides, [summary("limits")], "me"), ["also-gone", "gone"]);
  assert.deepEqual(danglingNames(overrides, undefined, "me"), []);
});

Deno.test("referrersOf() names the other configs whose base or variants reference a config", () => {
  const configs = [
    { name: "a", overrides: [override(ref("limits"))], variants: [] },
    { name: "b", overrides: [], variants: [{ overrides: [override(ref("limits"))] }] },
    { name: "c", overrides: [override(ref("other"))], variants: [] },
    { name: "limits", overrides: [override(ref("limits"))], variants: [] },
  ];
  assert.deepEqual(referrersOf(configs, "limits"), ["a", "b"]);
  assert.deepEqual(referrersOf(configs, "nobody-uses-me"), []);
});
