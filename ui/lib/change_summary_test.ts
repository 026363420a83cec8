import assert from "node:assert/strict";
import { changeSummary } from "./change_summary.ts";
import type { Environment, VersionDetail } from "./types.ts";

type State = VersionDetail["state"];
const envs = [{ id: "e-prod", name: "Production" }, {
  id: "e-dev",
  name: "Development",
}] as Environment[];
const rollout = (to: number) => ({
  name: `${to}% rollout`,
  conditions: [{
    operator: "segmentation" as const,
    property: "userId",
    fromPercentage: 0,
    toPercentage: to,
    seed: "s",
  }],
  value: true,
});
const state = (over: Partial<State> = {}): State => ({
  description: "",
  base: { value: false, schema: null, overrides: [] },
  variants: [],
  members: [],
  ...over,
});

Deno.test("changeSummary() names the place and says what changed in words", () => {
  const before = state();
  const after = state({
    variants: [{
      environmentId: "e-prod",
      value: false,
      schema: null,
      useBaseSchema: true,
      overrides: [rollout(25)],
    }] as State["variants"],
  });
  assert.deepEqual(changeSummary(before, after, envs), ["Production: added 25% rollout"]);
  const flipped = state({ ...after, variants: [{ ...after.variants[0]!, value: true }] });
  assert.deepEqual(changeSummary(after, flipped, envs), ["Production: own value true"]);
  assert.deepEqual(changeSummary(flipped, before, envs), ["Production: uses the base value again"]);
});

Deno.test("changeSummary() reports base values, schemas, removed rules and creation", () => {
  const a = state({ base: { value: 1, schema: null, overrides: [rollout(10)] } });
  const b = state({ base: { value: 2, schema: { type: "number" }, overrides: [] } });
  assert.deepEqual(changeSummary(a, b, envs), [
    "Base: value 2; schema added; removed 10% rollout",
  ]);
  assert.deepEqual(changeSummary(null, a, envs), ["Created with value 1"]);
  assert.deepEqual(changeSummary(a, a, envs), []);
});
