import assert from "node:assert/strict";
import { checkSchema, draftOf, schemaCacheSize, validateValue } from "./json_schema.ts";
import { assumedDraftWarning } from "./schema_draft.ts";
import { LIMITS } from "./limits.ts";
import type { Json } from "./overrides.ts";

const D04 = "http://json-schema.org/draft-04/schema#";
const D06 = "http://json-schema.org/draft-06/schema#";
const D07 = "http://json-schema.org/draft-07/schema#";
const D2019 = "https://json-schema.org/draft/2019-09/schema";
const D2020 = "https://json-schema.org/draft/2020-12/schema";
const TOO_MUCH = new RegExp(`^cannot be checked: .* takes more than ${LIMITS.maxSchemaWork} steps`);

Deno.test("draftOf() picks the draft from $schema, draft-07 by default", () => {
  assert.deepEqual(draftOf({ $schema: D04 }), { draft: "draft-04" });
  assert.deepEqual(draftOf({ $schema: D06 }), { draft: "draft-06" });
  assert.deepEqual(draftOf({ $schema: D2019 }), { draft: "2019-09" });
  assert.deepEqual(draftOf({ $schema: D2020 }), { draft: "2020-12" });
  assert.deepEqual(draftOf({ type: "number" }), { draft: "draft-07" });
  assert.deepEqual(draftOf(true), { draft: "draft-07" });
  // Either scheme, with or without the empty fragment.
  assert.deepEqual(draftOf({ $schema: "https://json-schema.org/draft-04/schema" }), {
    draft: "draft-04",
  });
  assert.deepEqual(draftOf({ $schema: `${D2020}#` }), { draft: "2020-12" });
});

Deno.test("checkSchema() takes an unknown $schema URI as draft-07, as Replane does", () => {
  const mine = { $schema: "http://json-schema.org/schema#", type: "number" };
  assert.deepEqual(checkSchema(mine, "base.schema"), []);
  assert.deepEqual(draftOf(mine), { draft: "draft-07", assumed: "http://json-schema.org/schema#" });
  assert.equal(validateValue(mine, "x", "v").length, 1);
  assert.match(assumedDraftWarning(mine)!, /checked as draft-07, as Replane does/);
  assert.equal(assumedDraftWarning({ $schema: D07 }), undefined);
  assert.equal(assumedDraftWarning({ type: "number" }), undefined);
  assert.deepEqual(checkSchema({ $schema: 7 }), [
    { path: "schema", message: "$schema 7 must be a URI string" },
  ]);
  assert.deepEqual(checkSchema([1]), [
    { path: "schema", message: "schema [1] must be an object or a boolean" },
  ]);
});

Deno.test("draft-04: boolean exclusiveMaximum is valid there and only there", () => {
  const schema = { $schema: D04, type: "number", maximum: 5, exclusiveMaximum: true };
  assert.deepEqual(checkSchema(schema), []);
  assert.deepEqual(validateValue(schema, 4, "v"), []);
  assert.deepEqual(validateValue(schema, 5, "v"), [{ path: "v", message: "must be < 5 (got 5)" }]);
  const asDraft07 = { ...schema, $schema: D07 };
  assert.deepEqual(checkSchema(asDraft07), [
    { path: "schema/exclusiveMaximum", message: "must be number (got true)" },
  ]);
});

Deno.test("draft-06: numeric exclusiveMaximum is valid there, not in draft-04", () => {
  const schema = { $schema: D06, maximum: 10, exclusiveMaximum: 5 };
  assert.deepEqual(checkSchema(schema), []);
  assert.deepEqual(validateValue(schema, 5, "v"), [{ path: "v", message: "must be < 5 (got 5)" }]);
  assert.deepEqual(checkSchema({ ...schema, $schema: D04 }), [
    { path: "schema/exclusiveMaximum", message: "must be boolean (got 5)" },
  ]);
});

Deno.test("draft-07 (the default): if/then applies", () => {
  const schema = {
    type: "object",
    if: { properties: { kind: { const: "a" } } },
    then: { required: ["a"] },
  };
  assert.deepEqual(checkSchema(schema), []);
  assert.deepEqual(validateValue(schema, { kind: "b" }, "v"), []);
  assert.deepEqual(validateValue(schema, { kind: "a" }, "v"), [
    { path: "v", message: "must have required property 'a'" },
    { path: "v", message: 'must match "then" schema' },
  ]);
});

Deno.test("2019-09: unevaluatedProperties applies, draft-07 ignores it", () => {
  const schema = {
    $schema: D2019,
    type: "object",
    properties: { a: {} },
    unevaluatedProperties: false,
  };
  assert.deepEqual(checkSchema(schema), []);
  assert.deepEqual(validateValue(schema, { a: 1, b: 2 }, "v"), [
    { path: "v", message: 'must not have the property "b"' },
  ]);
  const { $schema: _, ...draft07 } = schema;
  assert.deepEqual(validateValue(draft07, { a: 1, b: 2 }, "v"), []);
});

Deno.test("2020-12: prefixItems applies, draft-07 ignores it", () => {
  const schema = { $schema: D2020, type: "array", prefixItems: [{ type: "number" }] };
  assert.deepEqual(checkSchema(schema), []);
  assert.deepEqual(validateValue(schema, ["x"], "v"), [
    { path: "v/0", message: 'must be number (got "x")' },
  ]);
  const { $schema: _, ...draft07 } = schema;
  assert.deepEqual(validateValue(draft07, ["x"], "v"), []);
});

Deno.test("validateValue() names the path inside the value", () => {
  const schema = {
    type: "object",
    properties: {
      limits: { type: "array", items: { type: "number" } },
      mode: { enum: ["a", "b"] },
    },
    additionalProperties: false,
  };
  assert.deepEqual(validateValue(schema, { limits: ["x", 2], mode: "c", extra: 1 }, "base.value"), [
    { path: "base.value", message: 'must not have the property "extra"' },
    { path: "base.value/limits/0", message: 'must be number (got "x")' },
    { path: "base.value/mode", message: 'must be one of "a", "b" (got "c")' },
  ]);
  assert.deepEqual(validateValue(schema, { limits: [1] }, "base.value"), []);
});

Deno.test("boolean schemas accept everything or nothing", () => {
  assert.deepEqual(checkSchema(true), []);
  assert.deepEqual(validateValue(true, { any: 1 }, "v"), []);
  assert.equal(validateValue(false, 1, "v").length, 1);
});

Deno.test("checkSchema() reports meta-schema violations at their path", () => {
  const found = checkSchema({ properties: { a: { type: "nope" } } }, "base.schema");
  assert.ok(found.length > 0);
  for (const issue of found) assert.equal(issue.path, "base.schema/properties/a/type");
});

Deno.test("remote $refs are not fetched: the schema is invalid", () => {
  const [issue] = checkSchema({ $ref: "https://example.com/schemas/thing.json" });
  assert.equal(issue?.path, "schema/$ref");
  assert.match(
    issue!.message,
    /^\$ref "https:\/\/example.com\/schemas\/thing.json" points outside/,
  );
  // Local references work.
  const local = { definitions: { n: { type: "number" } }, items: { $ref: "#/definitions/n" } };
  assert.deepEqual(validateValue(local, [1, "x"], "v"), [
    { path: "v/1", message: 'must be number (got "x")' },
  ]);
});

Deno.test("validateValue() against an invalid schema reports the schema", () => {
  assert.deepEqual(validateValue({ $schema: 7 }, 1, "base.value"), [{
    path: "base.value",
    message: "cannot be checked against an invalid schema: $schema 7 must be a URI string",
  }]);
});

Deno.test("schemas sharing an $id compile independently", () => {
  const a = { $id: "https://example.com/shared", type: "string" };
  const b = { $id: "https://example.com/shared", type: "number" };
  assert.deepEqual(validateValue(a, "s", "v"), []);
  assert.deepEqual(validateValue(b, 1, "v"), []);
  assert.equal(validateValue(a, 1, "v").length, 1);
});

Deno.test("schemas over the size limit are refused", () => {
  const schema = { description: "x".repeat(LIMITS.maxSchemaBytes) };
  assert.match(checkSchema(schema)[0]!.message, /^schema is \d+ bytes of JSON; the limit is/);
});

Deno.test("the compiled-schema cache stays bounded and recompiles evicted schemas", () => {
  const first = { $id: "https://example.com/evicted", type: "object", required: ["a"] };
  assert.equal(validateValue(first, {}, "v").length, 1);
  for (let i = 0; i <= LIMITS.schemaCacheSize; i++) checkSchema({ maximum: i });
  assert.equal(schemaCacheSize(), LIMITS.schemaCacheSize);
  assert.equal(validateValue(first, {}, "v").length, 1);
  assert.deepEqual(validateValue(first, { a: 1 }, "v"), []);
});

Deno.test("checkSchema() refuses $async, which would make validation a Promise", () => {
  // ajv returned a Promise for this schema; the route took it as "valid" and the rejected
  // Promise ended the process (issue 22).
  assert.deepEqual(checkSchema({ $async: true, type: "number" }, "base.schema"), [
    { path: "base.schema/$async", message: "$async: validation must be synchronous" },
  ]);
  assert.equal(
    checkSchema({ properties: { a: { $async: true } } })[0]?.path,
    "schema/properties/a/$async",
  );
  // A property that is merely named $async is fine.
  assert.deepEqual(checkSchema({ properties: { $async: { type: "string" } } }), []);
  assert.match(
    validateValue({ $async: true, type: "number" }, "x", "v")[0]!.message,
    /^cannot be checked/,
  );
});

Deno.test("catastrophic patterns are checked in linear time", () => {
  for (const pattern of ["^(a+)+$", "^(a|aa)+$", "^(a|a?)+$", "^(\\w+\\s?)*$"]) {
    let previous = 0;
    for (const n of [1_000, 5_000, 25_000]) {
      const started = performance.now();
      const issues = validateValue({ type: "string", pattern }, "a".repeat(n) + "!", "v");
      const ms = performance.now() - started;
      assert.equal(issues.length, 1, `${pattern} × ${n}`);
      assert.match(issues[0]!.message, /^must match pattern/);
      // A liveness bound: a backtracking engine needs longer than the universe for n = 30.
      assert.ok(ms < 1_000 + 20 * previous, `${pattern} × ${n}: ${ms} ms`);
      previous = ms;
    }
  }
  const props = { patternProperties: { "^(a+)+$": { type: "number" } } };
  assert.deepEqual(validateValue(props, { ["a".repeat(50_000) + "!"]: "x" }, "v"), []);
  assert.equal(
    validateValue({ propertyNames: { pattern: "^(a+)+$" } }, { ["a".repeat(40) + "!"]: 1 }, "v")
      .length,
    1,
  );
});

Deno.test("patterns use RE2 syntax with \\u escapes; lookaround and backreferences are refused", () => {
  assert.deepEqual(validateValue({ pattern: "^\\u0041\\u{1F600}$" }, "A😀", "v"), []);
  assert.deepEqual(validateValue({ pattern: "^(?<year>\\d{4})-\\d\\d$" }, "2025-01", "v"), []);
  for (const pattern of ["(?=a)", "(?<!a)b", "(a)\\1"]) {
    const [issue] = checkSchema({ pattern });
    assert.equal(issue?.path, "schema/pattern");
    assert.match(issue!.message, /is not supported: .*lookahead, lookbehind and backreferences/);
  }
  assert.match(checkSchema({ pattern: ".{0,1000}".repeat(10) })[0]!.message, /is too complex/);
  assert.match(
    checkSchema({ pattern: "a".repeat(1_001) })[0]!.message,
    /characters long; the limit is 1000/,
  );
  const many = {
    anyOf: Array.from({ length: 200 }, (_, i) => ({ pattern: `^x${i}[a-z]{1,20}$` })),
  };
  assert.match(checkSchema(many)[0]!.message, /patterns add up to \d+ program steps/);
});

Deno.test("uniqueItems is linear, and 100,000 items are refused past the work limit", async () => {
  const numbers = Array.from({ length: 100_000 }, (_, i) => i);
  const started = performance.now();
  assert.deepEqual(validateValue({ uniqueItems: true }, numbers.slice(0, 20_000), "v"), []);
  await Promise.resolve(); // a new turn, a new budget
  assert.deepEqual(
    validateValue({ uniqueItems: true }, [...numbers.slice(0, 20_000), 19_999], "v"),
    [{
      path: "v",
      message: "must NOT have duplicate items (items ## 19999 and 20000 are identical)",
    }],
  );
  for (const value of [numbers, numbers.map((i) => ({ id: i, tags: ["t", i % 7] }))]) {
    await Promise.resolve();
    // More than one request may spend: refused, quickly, with a reason.
    assert.match(validateValue({ uniqueItems: true }, value, "v")[0]!.message, TOO_MUCH);
  }
  assert.ok(performance.now() - started < 3_000); // n² would be 10^10 comparisons
  // A long enum in a draft-04 schema: the meta-schema's own uniqueItems is linear too.
  const longEnum = { $schema: D04, enum: numbers.slice(0, 40_000).map((i) => ({ k: i })) };
  assert.deepEqual(checkSchema(longEnum), []);
  assert.equal(checkSchema({ ...longEnum, enum: [{ k: 1 }, { k: 1 }] }).length, 1);
  assert.ok(performance.now() - started < 6_000);
});

Deno.test("deep and self-referencing schemas are refused or checked in bounded time", () => {
  let deep: unknown = { type: "number" };
  for (let i = 0; i < 120; i++) deep = { items: deep };
  assert.match(checkSchema(deep)[0]!.message, /^schema nests deeper than 100 levels/);
  // Recursion through the value is fine: a tree of any depth the value limits allow.
  const tree = { type: "object", properties: { kids: { type: "array", items: { $ref: "#" } } } };
  let value: unknown = {};
  for (let i = 0; i < 45; i++) value = { kids: [value] };
  assert.deepEqual(validateValue(tree, value as never, "v"), []);
  // Recursion that stays on the same value would never end.
  assert.match(checkSchema({ allOf: [{ $ref: "#" }] })[0]!.message, /leads back to itself/);
  assert.match(
    checkSchema({
      definitions: {
        a: { anyOf: [{ $ref: "#/definitions/b" }] },
        b: { not: { $ref: "#/definitions/a" } },
      },
      $ref: "#/definitions/a",
    })[0]!.message,
    /leads back to itself/,
  );
  // Exponentially many paths through $refs run into the work limit.
  const defs: Record<string, Json> = { d30: { type: "string" } };
  for (let i = 29; i >= 0; i--) {
    defs[`d${i}`] = {
      anyOf: [{ $ref: `#/definitions/d${i + 1}` }, { $ref: `#/definitions/d${i + 1}` }],
    };
  }
  const started = performance.now();
  const [issue] = validateValue({ definitions: defs, $ref: "#/definitions/d0" }, 1, "v");
  assert.match(issue!.message, TOO_MUCH);
  assert.ok(performance.now() - started < 2_000);
});

Deno.test("references must stay inside the schema and point at subschemas", () => {
  const at = (schema: unknown) => checkSchema(schema).map((i) => `${i.path}: ${i.message}`);
  assert.deepEqual(at({ enum: [{ type: "string" }], $ref: "#/enum/0" }), [
    'schema/$ref: $ref "#/enum/0" does not point to a subschema',
  ]);
  assert.deepEqual(at({ $ref: "#/definitions/missing" }), [
    'schema/$ref: $ref "#/definitions/missing" points to nothing in the schema',
  ]);
  assert.match(
    at({ definitions: { a: { $id: "http://x/a" } } })[0]!,
    /inside a schema is not supported/,
  );
  assert.deepEqual(at({ $dynamicRef: "#meta" }), [
    "schema/$dynamicRef: $dynamicRef: dynamic references are not supported",
  ]);
  // Anchors, root ids and escaped pointers resolve.
  const ok = {
    $id: "https://example.com/root",
    $schema: D2020,
    $defs: { "a/b": { $anchor: "ab", type: "number" } },
    properties: { x: { $ref: "#ab" }, y: { $ref: "https://example.com/root#/$defs/a~1b" } },
  };
  assert.deepEqual(validateValue(ok, { x: 1, y: "s" }, "v"), [
    { path: "v/y", message: 'must be number (got "s")' },
  ]);
});

Deno.test("one request's checks share a work budget that resets on the next turn", async () => {
  const schema = { items: { type: "number" } };
  const value = Array.from({ length: Math.floor(LIMITS.maxSchemaWork * 0.4) }, (_, i) => i);
  assert.deepEqual(validateValue(schema, value, "a"), []);
  assert.deepEqual(validateValue(schema, value, "b"), []);
  // The third check in the same synchronous stretch would pass the budget.
  assert.match(validateValue(schema, value, "c")[0]!.message, TOO_MUCH);
  await Promise.resolve();
  assert.deepEqual(validateValue(schema, value, "d"), []);
});
