import assert from "node:assert/strict";
import { diffJson } from "./json_diff.ts";

Deno.test("diffJson() finds nothing between equal values", () => {
  assert.deepEqual(diffJson({ a: [1, { b: null }] }, { a: [1, { b: null }] }), []);
});

Deno.test("diffJson() reports added, removed and changed leaves with readable paths", () => {
  const before = { base: { value: { limits: [1, 2] } }, "odd key": 1, gone: true };
  const after = { base: { value: { limits: [1, 3, 4] } }, "odd key": 2, added: "x" };
  assert.deepEqual(diffJson(before, after), [
    { path: "base.value.limits[1]", kind: "changed", before: 2, after: 3 },
    { path: "base.value.limits[2]", kind: "added", after: 4 },
    { path: '["odd key"]', kind: "changed", before: 1, after: 2 },
    { path: "gone", kind: "removed", before: true },
    { path: "added", kind: "added", after: "x" },
  ]);
});

Deno.test("diffJson() treats a change of type as one change", () => {
  assert.deepEqual(diffJson({ v: [1] }, { v: { 0: 1 } }), [
    { path: "v", kind: "changed", before: [1], after: { 0: 1 } },
  ]);
  assert.deepEqual(diffJson(1, "1"), [{ path: "", kind: "changed", before: 1, after: "1" }]);
});

Deno.test("diffJson() stops at the limit", () => {
  const a = Array.from({ length: 50 }, (_, i) => i);
  const b = a.map((x) => x + 1);
  assert.equal(diffJson(a, b, 10).length, 10);
});
