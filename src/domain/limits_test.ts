import assert from "node:assert/strict";
import { jsonByteLength, jsonValueProblem, LIMITS } from "./limits.ts";

Deno.test("jsonByteLength() counts UTF-8 bytes of the JSON text", () => {
  assert.equal(jsonByteLength("abc"), 5);
  assert.equal(jsonByteLength("é"), 4);
  assert.equal(jsonByteLength("😀"), 6);
  assert.equal(jsonByteLength({ a: [1, null] }), 14);
  assert.equal(jsonByteLength(undefined), 0);
});

Deno.test("LIMITS are positive integers, with a 1 MiB value limit", () => {
  for (const [name, value] of Object.entries(LIMITS)) {
    assert.ok(Number.isInteger(value) && value > 0, `${name} = ${value}`);
  }
  assert.equal(LIMITS.maxValueBytes, 1_048_576);
  assert.equal(LIMITS.maxNameLength, 100);
});

Deno.test("jsonValueProblem() accepts JSON and names what is not", () => {
  assert.equal(jsonValueProblem({ a: [1, "x", null, true, { b: {} }] }), undefined);
  assert.equal(jsonValueProblem(Object.create(null)), undefined);
  assert.equal(jsonValueProblem(undefined), "is required");
  assert.equal(jsonValueProblem([Infinity]), "contains Infinity, which JSON cannot hold");
  assert.equal(jsonValueProblem({ f: () => 1 }), "contains a function, which JSON cannot hold");
  assert.equal(jsonValueProblem([1n]), "contains a bigint, which JSON cannot hold");
  assert.equal(jsonValueProblem([undefined]), "contains undefined, which JSON cannot hold");
  assert.equal(jsonValueProblem(new Map()), "contains a Map, which JSON cannot hold");
});

Deno.test("jsonValueProblem() enforces the depth limit", () => {
  const nest = (n: number) => {
    let v: unknown = 0;
    for (let i = 1; i < n; i++) v = [v];
    return v;
  };
  assert.equal(jsonValueProblem(nest(LIMITS.maxValueDepth)), undefined);
  assert.equal(jsonValueProblem(nest(LIMITS.maxValueDepth + 1)), "nests deeper than 100 levels");
});

Deno.test("jsonValueProblem() allows empty containers at the depth limit and counts UTF-8", () => {
  let v: unknown = [];
  for (let i = 1; i < LIMITS.maxValueDepth; i++) v = [v];
  assert.equal(jsonValueProblem(v), undefined);
  assert.equal(jsonValueProblem({ a: v }), "nests deeper than 100 levels");
  const big = "é".repeat(LIMITS.maxValueBytes / 2); // 2 bytes each, plus 2 for the quotes
  assert.equal(
    jsonValueProblem(big),
    `is ${LIMITS.maxValueBytes + 2} bytes of JSON; the limit is 1048576`,
  );
  assert.equal(jsonValueProblem("😀".repeat(1000)), undefined);
  const mixed = ["😀", "é", "a", "\ud800"];
  assert.equal(jsonByteLength(mixed), new TextEncoder().encode(JSON.stringify(mixed)).length);
});

Deno.test("jsonValueProblem() checks a 200,000-item array quickly", () => {
  const started = performance.now();
  assert.equal(jsonValueProblem(Array.from({ length: 150_000 }, () => [1])), undefined);
  assert.ok(performance.now() - started < 2_000); // a liveness bound; bench/ measures speed
});

Deno.test("docs/limits.md lists every limit", async () => {
  const page = await Deno.readTextFile(new URL("../../docs/limits.md", import.meta.url));
  for (const name of Object.keys(LIMITS)) assert.ok(page.includes(`\`${name}\``), name);
});
