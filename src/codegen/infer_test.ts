import assert from "node:assert/strict";
import { inferType } from "./infer.ts";

Deno.test("inferType() merges numbers, and objects with keys some values lack", () => {
  assert.deepEqual(inferType([1, 2.5]), { kind: "number" });
  assert.deepEqual(inferType([1, 2]), { kind: "integer" });
  assert.deepEqual(inferType([{ a: 1 }, { a: 2, b: "x" }]), {
    kind: "object",
    properties: [
      { name: "a", type: { kind: "integer" }, required: true },
      { name: "b", type: { kind: "string" }, required: false },
    ],
    additional: null,
  });
});

Deno.test("inferType() makes unions of different kinds, nullable from null", () => {
  assert.deepEqual(inferType(["a", null]), {
    kind: "union",
    members: [{ kind: "string" }, { kind: "null" }],
  });
  assert.deepEqual(inferType([[], ["x"]]), { kind: "array", items: { kind: "string" } });
  assert.deepEqual(inferType([[]]), { kind: "array", items: { kind: "unknown" } });
  assert.deepEqual(inferType([[1, "a"]]), {
    kind: "array",
    items: { kind: "union", members: [{ kind: "integer" }, { kind: "string" }] },
  });
});
