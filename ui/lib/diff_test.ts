import assert from "node:assert/strict";
import { countChanges, diffLines } from "./diff.ts";

Deno.test("diffLines() pairs changed lines and keeps the rest aligned", () => {
  const rows = diffLines("a\nb\nc\nd", "a\nB\nc\nd\ne");
  assert.deepEqual(rows.map((r) => r.kind), ["same", "change", "same", "same", "add"]);
  assert.deepEqual(rows[1], {
    kind: "change",
    left: { n: 2, text: "b" },
    right: { n: 2, text: "B" },
  });
  assert.equal(rows[4]!.right!.n, 5);
  assert.equal(countChanges(rows), 2);
});

Deno.test("diffLines() finds insertions in the middle", () => {
  const rows = diffLines("1\n2\n3", "1\nx\ny\n2\n3");
  assert.deepEqual(rows.map((r) => r.kind), ["same", "add", "add", "same", "same"]);
  assert.deepEqual(diffLines("same", "same").map((r) => r.kind), ["same"]);
});
