import assert from "node:assert/strict";
import { decodeText, encodingOf } from "./export_encoding.ts";
import type { ExportedConfig } from "./import_plan.ts";
import { type Json, overrideValues } from "./overrides.ts";

const config = (value: Json, schema: Json | null = null, overrideValue?: Json): ExportedConfig => ({
  name: "c",
  description: "",
  value,
  schema,
  overrides: overrideValue === undefined
    ? []
    : [{ name: "o", conditions: [], value: overrideValue }],
  variants: [],
});

Deno.test("encodingOf() reads a file without encoding as Replane's only when every value is a string", () => {
  assert.equal(encodingOf(undefined, [config("100", '{"type":"number"}', "5")]), "text");
  assert.equal(encodingOf(undefined, [config("100"), config(100)]), "json");
  assert.equal(encodingOf(undefined, [config({ a: 1 })]), "json");
  assert.equal(encodingOf(undefined, []), "json");
  assert.equal(encodingOf("json", [config("100")]), "json");
  assert.equal(encodingOf("text", [config("100")]), "text");
});

Deno.test("decodeText() parses each value, schema and override value, and names what does not parse", () => {
  const ok = decodeText([config('{"max": 10, // per second\n}', '{"type": "object"}', "[1]")]);
  assert.deepEqual(ok.issues, []);
  assert.deepEqual(ok.configs[0]!.value, { max: 10 });
  assert.deepEqual(ok.configs[0]!.schema, { type: "object" });
  assert.deepEqual(overrideValues(ok.configs[0]!.overrides[0]!), [[1]]);
  const bad = decodeText([config("hello"), config(7)]);
  assert.deepEqual(bad.issues.map((i) => i.path), [
    "data.configs[0].value",
    "data.configs[1].value",
  ]);
  assert.match(bad.issues[0]!.message, /is not valid JSON text/);
  assert.match(bad.issues[1]!.message, /must be JSON text in a string/);
});
