import assert from "node:assert/strict";
import type { ConfigState } from "./config_state.ts";
import { killedState, undoneState } from "./kill_switch.ts";

const rule = { name: "beta", conditions: [], value: true };
const s: ConfigState = {
  description: "d",
  base: { value: true, schema: { type: "boolean" }, overrides: [rule] },
  variants: [{
    environmentId: "prod",
    value: true,
    schema: null,
    useBaseSchema: true,
    overrides: [rule],
  }],
  members: [],
};
const envs = new Set(["prod", "dev"]);

Deno.test("killedState() in one environment changes only that variant", () => {
  const k = killedState(s, false, "prod");
  assert.deepEqual(k.base, s.base);
  assert.deepEqual(k.variants, [{ ...s.variants[0]!, value: false, overrides: [] }]);
});

Deno.test("killedState() adds a variant for an environment that used the base", () => {
  const k = killedState(s, false, "dev");
  assert.equal(k.variants.length, 2);
  assert.deepEqual(k.variants[1], {
    environmentId: "dev",
    value: false,
    overrides: [],
    schema: null,
    useBaseSchema: true,
  });
});

Deno.test("killedState() everywhere drops every override and sets every value", () => {
  const k = killedState(s, false, null);
  assert.deepEqual(k.base, { ...s.base, value: false, overrides: [] });
  assert.deepEqual(k.variants.map((v) => [v.value, v.overrides]), [[false, []]]);
});

Deno.test("undoneState() restores what the kill replaced and keeps other edits", () => {
  for (const env of ["prod", "dev", null]) {
    const killed = { ...killedState(s, false, env), description: "edited meanwhile" };
    const undone = undoneState(killed, s, env, envs);
    assert.deepEqual(undone, { ...s, description: "edited meanwhile" }, `env ${env}`);
  }
});

Deno.test("undoneState() drops variants of environments deleted since", () => {
  const undone = undoneState(killedState(s, false, null), s, null, new Set(["dev"]));
  assert.deepEqual(undone.variants, []);
  assert.deepEqual(undone.base, s.base);
});
