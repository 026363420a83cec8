import assert from "node:assert/strict";
import type { ConfigState } from "./config_state.ts";
import { planRollback, stepChanges } from "./rollback_plan.ts";

const st = (value: number, variants: ConfigState["variants"] = []): ConfigState => ({
  description: "",
  base: { value, schema: null, overrides: [] },
  variants,
  members: [],
});
const variant = (environmentId: string, value: number) => ({
  environmentId,
  value,
  schema: null,
  overrides: [],
  useBaseSchema: true,
});
const live = (name: string, s: ConfigState, version = 2) => ({ ...s, id: name, name, version });
const at = "2025-01-01T00:00:00.000Z";
const environments = [
  { id: "prod", createdAt: "2024-01-01T00:00:00.000Z" },
  { id: "new", createdAt: "2025-06-01T00:00:00.000Z" },
];

Deno.test("planRollback() updates, re-creates and deletes to match the time", () => {
  const plan = planRollback({
    live: [live("a", st(2)), live("same", st(1)), live("late", st(1))],
    was: [
      { name: "a", version: 1, state: st(1) },
      { name: "same", version: 1, state: st(1) },
      { name: "gone", version: 3, state: st(5) },
    ],
    environments,
    at,
    environmentId: null,
  });
  assert.deepEqual(plan.steps.map((s) => [s.name, s.kind]), [
    ["a", "update"],
    ["gone", "create"],
    ["late", "delete"],
  ]);
  assert.deepEqual(stepChanges(plan.steps[0]!), [
    { path: "base.value", kind: "changed", before: 2, after: 1 },
  ]);
});

Deno.test("planRollback() keeps variants of environments made after the time", () => {
  const plan = planRollback({
    live: [live("a", st(2, [variant("new", 9)]))],
    was: [{ name: "a", version: 1, state: st(1) }],
    environments,
    at,
    environmentId: null,
  });
  const step = plan.steps[0]!;
  assert.ok(step.kind === "update");
  assert.deepEqual(step.state.variants, [variant("new", 9)]);
});

Deno.test("planRollback() for one environment serves what it served then", () => {
  const plan = planRollback({
    live: [live("a", st(2)), live("b", st(1, [variant("prod", 7)])), live("late", st(1))],
    was: [
      { name: "a", version: 1, state: st(1) },
      { name: "b", version: 1, state: st(1) },
      { name: "gone", version: 1, state: st(1) },
    ],
    environments,
    at,
    environmentId: "prod",
  });
  const [a, b] = plan.steps;
  assert.ok(a?.kind === "update" && b?.kind === "update");
  assert.deepEqual(a.state.base, st(2).base, "the base other environments use stays");
  assert.deepEqual(a.state.variants, [{ ...variant("prod", 1), useBaseSchema: true }]);
  assert.deepEqual(b.state.variants, [], "the base is as it was, so the variant goes");
  assert.deepEqual(plan.skipped.map((s) => s.name), ["late", "gone"]);
});
