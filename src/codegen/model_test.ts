import assert from "node:assert/strict";
import { pascalCase, schemaToConfigType } from "./model.ts";

const read = (schema: unknown) => schemaToConfigType("c", "C", "", schema);

Deno.test("pascalCase() makes identifiers of config names", () => {
  assert.equal(pascalCase("rate-limit"), "RateLimit");
  assert.equal(pascalCase("2fa_enabled"), "Config2faEnabled");
  assert.equal(pascalCase("--"), "Value");
});

Deno.test("schemaToConfigType() reads types, enums, nullable and additionalProperties", () => {
  assert.deepEqual(read({ type: ["string", "null"] }).type, {
    kind: "union",
    members: [{ kind: "string" }, { kind: "null" }],
  });
  assert.deepEqual(read({ enum: ["a", 1, null] }).type, { kind: "enum", values: ["a", 1, null] });
  assert.deepEqual(read({ type: "object", additionalProperties: { type: "integer" } }).type, {
    kind: "record",
    values: { kind: "integer" },
  });
  assert.deepEqual(read({ enum: [{ a: 1 }] }).type, { kind: "unknown" }, "object enums");
  assert.deepEqual(read({ $ref: "https://example.com/x.json" }).type, { kind: "unknown" });
  assert.deepEqual(read(true).type, { kind: "unknown" });
});

Deno.test("schemaToConfigType() names $defs after the config and follows $ref", () => {
  const t = read({
    type: "array",
    items: { $ref: "#/definitions/item" },
    definitions: { item: { type: "object", properties: { id: { type: "string" } } } },
  });
  assert.deepEqual(t.type, { kind: "array", items: { kind: "ref", name: "CItem" } });
  assert.equal(t.defs.length, 1);
  assert.equal(t.defs[0]!.name, "CItem");
});
