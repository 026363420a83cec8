import assert from "node:assert/strict";
import { changeActions, type ConfigState } from "./config_state.ts";

const base: ConfigState = {
  description: "d",
  base: {
    value: { a: 1, b: 2 },
    schema: null,
    overrides: [{
      name: "o",
      conditions: [{ operator: "equals", property: "p", value: { type: "literal", value: 1 } }],
      value: 3,
    }],
  },
  variants: [{ environmentId: "e1", value: 1, schema: null, overrides: [], useBaseSchema: true }],
  members: [{ email: "ed@x.test", role: "editor" }],
};
const actions = (after: ConfigState) => [...changeActions(base, after)].sort();

Deno.test("changeActions() asks for edit_value alone when only values and description change", () => {
  assert.deepEqual(actions(base), ["config.edit_value"]);
  assert.deepEqual(
    actions({
      ...base,
      description: "new",
      base: { ...base.base, value: { b: 2, a: 9 } },
      variants: [{ ...base.variants[0]!, value: 2 }],
    }),
    ["config.edit_value"],
  );
  // Key order is not a change.
  const reordered = JSON.parse(
    JSON.stringify(base.base.overrides).replace(
      '"operator":"equals","property":"p"',
      '"property":"p","operator":"equals"',
    ),
  );
  assert.deepEqual(actions({ ...base, base: { ...base.base, overrides: reordered } }), [
    "config.edit_value",
  ]);
});

Deno.test("changeActions() names schema, overrides and members changes", () => {
  assert.deepEqual(actions({ ...base, base: { ...base.base, overrides: [] } }), [
    "config.edit_overrides",
    "config.edit_value",
  ]);
  assert.deepEqual(actions({ ...base, base: { ...base.base, schema: { type: "object" } } }), [
    "config.edit_schema",
    "config.edit_value",
  ]);
  assert.deepEqual(actions({ ...base, members: [] }), [
    "config.edit_value",
    "config.members.write",
  ]);
  const useOwn = [{ ...base.variants[0]!, useBaseSchema: false }];
  assert.deepEqual(actions({ ...base, variants: useOwn }), [
    "config.edit_schema",
    "config.edit_value",
  ]);
});

Deno.test("changeActions() counts a variant's overrides and schema when it comes or goes", () => {
  assert.deepEqual(actions({ ...base, variants: [] }), ["config.edit_value"]);
  const added = {
    environmentId: "e2",
    value: 5,
    schema: { type: "number" },
    overrides: base.base.overrides,
    useBaseSchema: false,
  };
  assert.deepEqual(actions({ ...base, variants: [...base.variants, added] }), [
    "config.edit_overrides",
    "config.edit_schema",
    "config.edit_value",
  ]);
});
