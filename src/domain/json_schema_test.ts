import assert from "node:assert/strict";
import { checkSchema, draftOf, schemaCacheSize, validateValue } from "./json_schema.ts";
import { LIMITS } from "./limits.ts";

const D04 = "http://json-schema.org/draft-04/schema#";
const D06 = "http://json-schema.org/draft-06/schema#";
const D07 = "http://json-schema.org/draft-07/schema#";
const D2019 = "https://json-schema.org/draft/2019-09/schema";
const D2020 = "https://json-schema.org/draft/2020-12/schema";

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

Deno.test("checkSchema() refuses an unknown $schema", () => {
  assert.deepEqual(checkSchema({ $schema: "http://example.com/my-schema" }, "base.schema"), [{
    path: "base.schema",
    message: '$schema "http://example.com/my-schema" is not a supported JSON Schema draft ' +
      "(draft-04, draft-06, draft-07, 2019-09, 2020-12)",
  }]);
  assert.equal(checkSchema({ $schema: 7 }).length, 1);
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
  assert.deepEqual(validateValue({ $schema: "urn:nope" }, 1, "base.value"), [{
    path: "base.value",
    message: 'cannot be checked against an invalid schema: $schema "urn:nope" is not a ' +
      "supported JSON Schema draft (draft-04, draft-06, draft-07, 2019-09, 2020-12)",
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
