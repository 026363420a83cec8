// The dashboard's live schema check (ui/lib/json_schema.ts) and the server's
// (src/domain/json_schema.ts) run one interpreter, so they accept and refuse the same values,
// across drafts and keywords (no @cfworker/json-schema or second checker to drift apart).
import assert from "node:assert/strict";
import fc from "fast-check";
import { validateValue } from "../../src/domain/json_schema.ts";
import { validate } from "./json_schema.ts";
import type { Json } from "./types.ts";

const SCHEMAS: Json[] = [
  { type: "boolean" },
  { type: "integer", minimum: 0, maximum: 100, multipleOf: 5 },
  {
    $schema: "http://json-schema.org/draft-04/schema#",
    type: "number",
    maximum: 10,
    exclusiveMaximum: true,
  },
  { type: "string", minLength: 2, maxLength: 8, pattern: "^[a-z]+$" },
  { enum: ["a", "b", 1, null] },
  { const: { on: true } },
  { type: "array", items: { type: "number" }, minItems: 1, uniqueItems: true },
  { type: "array", prefixItems: [{ type: "string" }, { type: "number" }], items: false },
  {
    type: "object",
    properties: { plan: { enum: ["free", "premium"] }, limit: { type: "integer" } },
    required: ["plan"],
    additionalProperties: false,
    dependentRequired: { limit: ["plan"] },
  },
  { if: { type: "number" }, then: { minimum: 1 }, else: { type: "string" } },
  { oneOf: [{ type: "string" }, { type: "number", minimum: 3 }] },
  { not: { type: "null" } },
  { $defs: { pct: { type: "number", minimum: 0, maximum: 100 } }, $ref: "#/$defs/pct" },
  { type: "object", patternProperties: { "^x-": { type: "string" } }, minProperties: 1 },
];

const json: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(
    0,
    5,
    7.5,
    10,
    100,
    101,
    "ab",
    "AB",
    "a",
    null,
    true,
    [],
    [1, 1],
    [
      "s",
      2,
    ],
    { plan: "free" },
    { plan: "gold" },
    { plan: "free", limit: 3 },
    { "x-a": "v" },
    {
      on: true,
    },
  ),
);

Deno.test("dashboard and server agree on every value, for schemas of several drafts", () => {
  for (const schema of SCHEMAS) {
    fc.assert(
      fc.property(json, (value) => {
        const server = validateValue(schema, value, "v").map((i) => i.path);
        const dashboard = validate(schema, value).map((e) => e.pointer);
        assert.equal(
          dashboard.length === 0,
          server.length === 0,
          `${JSON.stringify(schema)} on ${JSON.stringify(value)}: dashboard ${
            JSON.stringify(dashboard)
          }, server ${JSON.stringify(server)}`,
        );
      }),
      { numRuns: 150 },
    );
  }
});
