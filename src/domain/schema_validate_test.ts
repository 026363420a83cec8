import assert from "node:assert/strict";
import { Ajv, type Options } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import ajvDraft04 from "ajv-draft-04";
import fc from "fast-check";
import { LIMITS } from "./limits.ts";
import { compileSchema, type Draft, type SchemaNode } from "./schema_compile.ts";
import { SchemaWorkExceeded, validateCompiled } from "./schema_validate.ts";

const compile = (schema: SchemaNode, draft: Draft = "draft-07") => {
  const c = compileSchema(schema, draft);
  if (Array.isArray(c)) throw new Error(JSON.stringify(c));
  return c;
};
const errorsOf = (schema: SchemaNode, value: unknown, draft: Draft = "draft-07") =>
  validateCompiled(compile(schema, draft), value).errors.map((e) => `${e.at}: ${e.message}`);

// The oracle: ajv's own generated code, which the server no longer runs on user schemas.
const OPTIONS: Options = { strict: false, allErrors: true, validateFormats: false, logger: false };
const ORACLES: Record<Draft, Ajv> = {
  "draft-04": new ajvDraft04.default(OPTIONS),
  "draft-06": new Ajv(OPTIONS),
  "draft-07": new Ajv(OPTIONS),
  "2019-09": new Ajv2019(OPTIONS),
  "2020-12": new Ajv2020(OPTIONS),
};

const names = fc.constantFrom("a", "b", "c", "ab", "x1");
const scalar = fc.oneof(
  fc.integer({ min: -3, max: 6 }),
  fc.constantFrom(0.5, 2.5, -1.5),
  fc.constantFrom("", "a", "ab", "abc", "b1", "é😀"),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("v"), { maxLength: 4 }),
    // JSON.parse makes plain objects; fast-check's have no prototype, which ajv tells apart.
    fc.dictionary(names, tie("v"), { maxKeys: 4 }).map((d) => ({ ...d })),
  ),
})).v;
const PATTERNS = ["^a", "b$", "^[a-c]*$", "\\d", "^.{2}$"];

function schemaArb(draft: Draft): fc.Arbitrary<SchemaNode> {
  const old = draft === "draft-04";
  const modern = draft === "2019-09" || draft === "2020-12";
  return fc.letrec((tie) => {
    const sub = tie("s") as fc.Arbitrary<SchemaNode>;
    const subs = fc.array(sub, { minLength: 1, maxLength: 3 });
    const keyword: fc.Arbitrary<[string, unknown]>[] = [
      fc.tuple(
        fc.constant("type"),
        fc.constantFrom("number", "integer", "string", "array", "object", "null", "boolean", [
          "string",
          "null",
        ]),
      ),
      fc.tuple(fc.constant("enum"), fc.array(scalar, { minLength: 1, maxLength: 3 })),
      fc.tuple(fc.constant("const"), value),
      fc.tuple(fc.constantFrom("minimum", "maximum"), fc.integer({ min: -2, max: 4 })),
      old
        ? fc.tuple(fc.constantFrom("exclusiveMinimum", "exclusiveMaximum"), fc.boolean())
        : fc.tuple(
          fc.constantFrom("exclusiveMinimum", "exclusiveMaximum"),
          fc.integer({ min: -2, max: 4 }),
        ),
      fc.tuple(fc.constant("multipleOf"), fc.constantFrom(0.5, 2, 3)),
      fc.tuple(
        fc.constantFrom(
          "minLength",
          "maxLength",
          "minItems",
          "maxItems",
          "minProperties",
          "maxProperties",
        ),
        fc.integer({ min: 0, max: 3 }),
      ),
      fc.tuple(fc.constant("pattern"), fc.constantFrom(...PATTERNS)),
      fc.tuple(fc.constant("uniqueItems"), fc.boolean()),
      fc.tuple(fc.constant("items"), draft === "2020-12" ? sub : fc.oneof(sub, subs)),
      fc.tuple(
        fc.constant(draft === "2020-12" ? "prefixItems" : "additionalItems"),
        draft === "2020-12" ? subs : sub,
      ),
      fc.tuple(fc.constant("contains"), sub),
      fc.tuple(fc.constant("required"), fc.uniqueArray(names, { maxLength: 2 })),
      fc.tuple(fc.constant("properties"), fc.dictionary(names, sub, { maxKeys: 3 })),
      fc.tuple(
        fc.constant("patternProperties"),
        fc.dictionary(fc.constantFrom(...PATTERNS), sub, { maxKeys: 2 }),
      ),
      fc.tuple(fc.constant("additionalProperties"), sub),
      fc.tuple(fc.constant("propertyNames"), sub),
      fc.tuple(
        fc.constant("dependencies"),
        fc.dictionary(names, fc.oneof(sub, fc.uniqueArray(names, { minLength: 1, maxLength: 2 })), {
          maxKeys: 2,
        }),
      ),
      fc.tuple(fc.constantFrom("allOf", "anyOf", "oneOf"), subs),
      fc.tuple(fc.constantFrom("not", "if", "then", "else"), sub),
    ];
    if (modern) {
      keyword.push(
        fc.tuple(fc.constantFrom("minContains", "maxContains"), fc.integer({ min: 0, max: 2 })),
        fc.tuple(
          fc.constant("dependentRequired"),
          fc.dictionary(names, fc.uniqueArray(names, { maxLength: 2 }), { maxKeys: 2 }),
        ),
        fc.tuple(fc.constant("dependentSchemas"), fc.dictionary(names, sub, { maxKeys: 2 })),
        fc.tuple(fc.constantFrom("unevaluatedProperties", "unevaluatedItems"), sub),
      );
    }
    return {
      s: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.boolean(),
        fc.array(fc.oneof(...keyword), { maxLength: 4 }).map((pairs) =>
          Object.fromEntries(pairs) as SchemaNode
        ),
      ),
    };
  }).s as fc.Arbitrary<SchemaNode>;
}

for (const draft of Object.keys(ORACLES) as Draft[]) {
  Deno.test(`validateCompiled() agrees with ajv on random ${draft} schemas`, () => {
    const ajv = ORACLES[draft];
    const verdicts = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(schemaArb(draft), fc.array(value, { minLength: 1, maxLength: 6 }), (s, vs) => {
        let oracle;
        try {
          oracle = ajv.compile(structuredClone(s) as object);
        } catch {
          return; // a schema ajv cannot compile (e.g. conflicting keywords) says nothing
        }
        const c = compile(s, draft);
        for (const v of vs) {
          const ours = validateCompiled(c, v).errors;
          let expected: boolean;
          try {
            expected = oracle(v) as boolean;
          } catch {
            continue; // ajv's generated code has crashed on some of these (a TypeError)
          }
          verdicts[expected ? "valid" : "invalid"]++;
          assert.equal(
            ours.length === 0,
            expected,
            `${JSON.stringify(s)} on ${JSON.stringify(v)}: ${JSON.stringify(ours)}`,
          );
        }
      }),
      { numRuns: Number(Deno.env.get("SCHEMA_RUNS") ?? 1500), seed: 22 },
    );
    // Both answers are common, so agreement means something.
    assert.ok(verdicts.valid > 500 && verdicts.invalid > 500, JSON.stringify(verdicts));
  });
}

Deno.test("validateCompiled() names each failure like ajv", () => {
  assert.deepEqual(errorsOf({ type: "object", required: ["a"] }, {}), [
    ": must have required property 'a'",
  ]);
  assert.deepEqual(errorsOf({ items: { type: "number" }, uniqueItems: true }, [1, "x", 1]), [
    ": must NOT have duplicate items (items ## 0 and 2 are identical)",
    "/1: must be number",
  ]);
  assert.deepEqual(errorsOf({ anyOf: [{ type: "string" }, { minimum: 3 }] }, 1), [
    ": must be string",
    ": must be >= 3",
    ": must match a schema in anyOf",
  ]);
  assert.deepEqual(errorsOf({ propertyNames: { pattern: "^a" } }, { b: 1 }), [
    ': property name "b" must match pattern "^a"',
  ]);
  assert.deepEqual(errorsOf({ maximum: 5, exclusiveMaximum: true }, 5, "draft-04"), [
    ": must be < 5",
  ]);
});

Deno.test("unevaluatedProperties sees what allOf, anyOf and $ref evaluated (2019-09)", () => {
  const schema = {
    $defs: { b: { properties: { b: true } } },
    allOf: [{ properties: { a: true } }],
    anyOf: [{ $ref: "#/$defs/b" }, { properties: { c: true } }],
    unevaluatedProperties: false,
  };
  assert.deepEqual(errorsOf(schema, { a: 1, b: 2, c: 3 }, "2019-09"), []);
  assert.deepEqual(errorsOf(schema, { a: 1, d: 4 }, "2019-09"), [
    ": must NOT have unevaluated properties",
  ]);
});

Deno.test("a schema and value that multiply stop at the work limit instead of running on", () => {
  // 2^20 paths through the $refs for each of the 1,000 items.
  const defs: Record<string, unknown> = { d20: { type: "number" } };
  for (let i = 19; i >= 0; i--) {
    defs[`d${i}`] = {
      anyOf: [{ $ref: `#/definitions/d${i + 1}` }, { $ref: `#/definitions/d${i + 1}` }],
      minimum: 0,
    };
  }
  const c = compile({
    definitions: defs,
    items: { $ref: "#/definitions/d0", not: { type: "string" } },
  });
  const started = performance.now();
  assert.throws(() => validateCompiled(c, Array(1000).fill(-1)), SchemaWorkExceeded);
  // A liveness bound, generous for a busy machine; docs/limits.md says what the limit costs.
  assert.ok(performance.now() - started < 2_000);
  assert.ok(LIMITS.maxSchemaWork > 0);
});
