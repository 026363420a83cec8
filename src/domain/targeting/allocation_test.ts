import assert from "node:assert/strict";
import { allocate, layout, MAX_RANGES, overlap } from "./allocation.ts";

const entries = (w: Record<string, number>) =>
  Object.entries(w).map(([name, weight]) => ({ name, weight }));

Deno.test("layout() puts entries side by side from 0", () => {
  assert.deepEqual(layout(entries({ a: 50, b: 30, c: 20 })), [[[0, 50]], [[50, 80]], [[80, 100]]]);
  assert.deepEqual(layout(entries({ a: 0, b: 33.33 })), [[], [[0, 33.33]]]);
});

Deno.test("allocate() keeps each entry's old ranges as far as its new weight allows", () => {
  const before = layout(entries({ a: 50, b: 30, c: 20 }));
  const previous = new Map(["a", "b", "c"].map((n, i) => [n, before[i]!]));
  // a shrinks (gives up its top), c grows into the freed space; b stays.
  assert.deepEqual(allocate(entries({ a: 40, b: 30, c: 30 }), previous), [
    [[0, 40]],
    [[50, 80]],
    [[40, 50], [80, 100]],
  ]);
  // b is removed; a new entry d takes its space.
  assert.deepEqual(allocate(entries({ a: 50, c: 20, d: 30 }), previous), [
    [[0, 50]],
    [[80, 100]],
    [[50, 80]],
  ]);
});

Deno.test("allocate() lays out afresh when an entry would be split into too many ranges", () => {
  let previous = new Map<string, [number, number][]>();
  let result: [number, number][][] = [];
  for (let i = 0; i < 200; i++) {
    const a = (i * 7) % 97 + 1;
    result = allocate(entries({ a, b: 100 - a }), previous);
    previous = new Map([["a", result[0]!], ["b", result[1]!]]);
    assert.ok(result.every((r) => r.length <= MAX_RANGES));
    assert.equal(overlap(result), undefined);
    const total = (r: [number, number][]) => r.reduce((s, [x, y]) => s + y - x, 0);
    assert.equal(Math.round(total(result[0]!) * 100), a * 100);
  }
});

Deno.test("overlap() finds ranges of different entries that overlap", () => {
  assert.equal(overlap([[[0, 50]], [[50, 100]]]), undefined);
  assert.deepEqual(overlap([[[0, 60]], [[50, 100]]]), [0, 1]);
  assert.deepEqual(overlap([[[0, 90]], [[10, 20]], [[30, 40]]]), [0, 1]);
  assert.equal(overlap([[[0, 50], [40, 60]]]), undefined);
});
