import assert from "node:assert/strict";
import { inferSchema, validate } from "./json_schema.ts";
import type { Json } from "./types.ts";

const pointers = (schema: Json, value: Json) => validate(schema, value).map((e) => e.pointer);

Deno.test("validate() checks the common keywords and names where", () => {
  const schema: Json = {
    type: "object",
    properties: {
      max: { type: "integer", minimum: 1, maximum: 10 },
      mode: { enum: ["a", "b"] },
      tags: { type: "array", items: { type: "string", minLength: 2 }, uniqueItems: true },
      id: { type: "string", pattern: "^u-" },
    },
    required: ["max"],
    additionalProperties: false,
  };
  assert.deepEqual(pointers(schema, { max: 5, mode: "a", tags: ["xy"], id: "u-1" }), []);
  assert.deepEqual(pointers(schema, {}), [""]);
  assert.deepEqual(pointers(schema, { max: 11 }), ["/max"]);
  assert.deepEqual(pointers(schema, { max: 1.5 }), ["/max"]);
  assert.deepEqual(pointers(schema, { max: 1, mode: "c" }), ["/mode"]);
  assert.deepEqual(pointers(schema, { max: 1, tags: ["x", "yy", "yy"] }), ["/tags", "/tags/0"]);
  assert.deepEqual(pointers(schema, { max: 1, id: "x" }), ["/id"]);
  assert.deepEqual(pointers(schema, { max: 1, extra: true }), ["/extra"]);
});

Deno.test("validate() handles combinators, local $ref and both exclusive styles", () => {
  const schema: Json = {
    $defs: { pct: { type: "number", minimum: 0, exclusiveMaximum: 100 } },
    anyOf: [{ $ref: "#/$defs/pct" }, { type: "null" }],
  };
  assert.deepEqual(pointers(schema, 50), []);
  assert.deepEqual(pointers(schema, null), []);
  assert.deepEqual(pointers(schema, 100), [""]);
  assert.deepEqual(pointers({ maximum: 5, exclusiveMaximum: true }, 5), [""]);
  assert.deepEqual(pointers({ oneOf: [{ type: "number" }, { type: "integer" }] }, 3), [""]);
  assert.deepEqual(pointers({ not: { type: "string" } }, "x"), [""]);
  assert.deepEqual(pointers(false, 1), [""]);
  assert.deepEqual(pointers({ format: "email", description: "ignored" }, "nope"), []);
});

Deno.test("inferSchema() describes the value it came from", () => {
  const value: Json = { enabled: true, limit: 3, tags: ["a"], nested: { x: null } };
  const schema = inferSchema(value);
  assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
  assert.deepEqual(validate(schema, value), []);
  assert.equal(validate(schema, { ...value, limit: "3" }).length, 1);
  assert.equal(validate(schema, { ...value, extra: 1 }).length, 1);
});
