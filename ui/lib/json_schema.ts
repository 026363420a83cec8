// Live feedback while typing: the server's own JSON Schema interpreter
// (src/domain/schema_validate.ts), so a value the dashboard accepts is one the server accepts,
// with patterns on the same linear-time engine and the same work limit. Schemas the server
// would refuse (or this page cannot read) give no errors here; the server's answer on save says
// why. Messages are worded for the editor.
import { compileSchema } from "../../src/domain/schema_compile.ts";
import { draftOf } from "../../src/domain/schema_draft.ts";
import {
  type SchemaError as Failure,
  SchemaWorkExceeded,
  validateCompiled,
} from "../../src/domain/schema_validate.ts";
import { escapePointer } from "./json_text.ts";
import type { Json } from "./types.ts";

export type SchemaError = { pointer: string; message: string };

const show = (v: unknown) => JSON.stringify(v);

/** A property the object must not have: the editor marks that key, not the object. */
const keyOf = (e: Failure) =>
  e.keyword === "additionalProperties"
    ? String(e.params.additionalProperty)
    : e.keyword === "unevaluatedProperties"
    ? String(e.params.unevaluatedProperty)
    : undefined;

const typeName = (v: unknown) => v === null ? "null" : Array.isArray(v) ? "array" : typeof v;

function wording(e: Failure): string {
  const p = e.params;
  switch (e.keyword) {
    case "type": {
      const types = Array.isArray(p.type) ? p.type as string[] : [String(p.type)];
      return `must be ${types.join(" or ")}, not ${typeName(e.data)}`;
    }
    case "required":
      return `must have the property ${show(p.missingProperty)}`;
    case "additionalProperties":
      return `${show(p.additionalProperty)} is not an allowed property`;
    case "unevaluatedProperties":
      return `${show(p.unevaluatedProperty)} is not an allowed property`;
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).slice(0, 10).map(show).join(", ")}`;
    case "const":
      return `must be ${show(p.allowedValue)}`;
    default:
      return e.message;
  }
}

export function validate(schema: Json | null, value: Json): SchemaError[] {
  if (schema === null) return [];
  const found = draftOf(schema);
  if ("problem" in found) return [];
  try {
    const compiled = compileSchema(schema as Record<string, unknown> | boolean, found.draft);
    if (Array.isArray(compiled)) return [];
    return validateCompiled(compiled, value).errors.slice(0, 50).map((e) => ({
      pointer: keyOf(e) === undefined ? e.at : `${e.at}/${escapePointer(keyOf(e)!)}`,
      message: wording(e),
    }));
  } catch (error) {
    if (error instanceof SchemaWorkExceeded) {
      return [{ pointer: "", message: `${error.message}; the server will refuse it too` }];
    }
    return []; // a schema that is not valid JSON Schema: the server says what is wrong
  }
}

/** A schema describing `value`: types, properties (all required), and array items. */
export function inferSchema(value: Json, top = true): Record<string, Json> {
  const base: Record<string, Json> = top
    ? { $schema: "https://json-schema.org/draft/2020-12/schema" }
    : {};
  if (value === null) return { ...base, type: "null" };
  if (Array.isArray(value)) {
    const items = value.length > 0 ? inferSchema(value[0]!, false) : {};
    return { ...base, type: "array", items };
  }
  if (typeof value === "object") {
    const properties: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) properties[k] = inferSchema(v, false);
    return {
      ...base,
      type: "object",
      properties,
      required: Object.keys(value),
      additionalProperties: false,
    };
  }
  if (typeof value === "number") return { ...base, type: "number" };
  return { ...base, type: typeof value };
}
