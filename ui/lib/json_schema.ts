// A small JSON Schema checker for live feedback while typing. It knows the common keywords
// (type, enum, const, properties, required, items, bounds, lengths, pattern, combinators,
// local $ref) of drafts 04 to 2020-12 and ignores the rest; the server validates the full
// schema on save and its answer is shown as well.
import { escapePointer } from "./json_text.ts";
import type { Json } from "./types.ts";

export type SchemaError = { pointer: string; message: string };
type Schema = Record<string, unknown> | boolean;

const typeOf = (v: unknown): string =>
  v === null
    ? "null"
    : Array.isArray(v)
    ? "array"
    : typeof v === "number"
    ? (Number.isInteger(v) ? "integer" : "number")
    : typeof v;

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length &&
    ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const show = (v: unknown) => JSON.stringify(v);

export function validate(schema: Json | null, value: Json): SchemaError[] {
  if (schema === null) return [];
  const errors: SchemaError[] = [];
  check(schema as Schema, value, "", schema as Schema, errors, 0);
  return errors.slice(0, 50);
}

function resolve(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node as Schema | undefined;
}

function check(s: Schema, v: Json, at: string, root: Schema, out: SchemaError[], depth: number) {
  if (depth > 40) return;
  if (s === true) return;
  if (s === false) return void out.push({ pointer: at, message: "no value is allowed here" });
  const err = (message: string, pointer = at) => out.push({ pointer, message });
  const t = typeOf(v);
  if (typeof s.$ref === "string") {
    const target = resolve(root, s.$ref);
    if (target !== undefined) check(target, v, at, root, out, depth + 1);
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type as string[] : [s.type as string];
    const ok = types.some((x) => x === t || (x === "number" && t === "integer"));
    if (!ok) return err(`must be ${types.join(" or ")}, not ${t === "integer" ? "number" : t}`);
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => equal(e, v))) {
    err(`must be one of ${s.enum.map(show).join(", ")}`);
  }
  if ("const" in s && !equal(s.const, v)) err(`must be ${show(s.const)}`);
  if (typeof v === "number") numberRules(s, v, err);
  if (typeof v === "string") {
    const len = [...v].length;
    if (typeof s.minLength === "number" && len < s.minLength) {
      err(`must be at least ${s.minLength} characters long`);
    }
    if (typeof s.maxLength === "number" && len > s.maxLength) {
      err(`must be at most ${s.maxLength} characters long`);
    }
    if (typeof s.pattern === "string") {
      try {
        if (!new RegExp(s.pattern, "u").test(v)) err(`must match the pattern ${s.pattern}`);
      } catch { /* a pattern the browser cannot compile is left to the server */ }
    }
  }
  if (Array.isArray(v)) {
    if (typeof s.minItems === "number" && v.length < s.minItems) {
      err(`must have at least ${s.minItems} items`);
    }
    if (typeof s.maxItems === "number" && v.length > s.maxItems) {
      err(`must have at most ${s.maxItems} items`);
    }
    if (s.uniqueItems === true && v.some((x, i) => v.findIndex((y) => equal(x, y)) !== i)) {
      err("must not contain duplicate items");
    }
    const tuple = Array.isArray(s.prefixItems)
      ? s.prefixItems as Schema[]
      : Array.isArray(s.items)
      ? s.items as Schema[]
      : [];
    const rest = Array.isArray(s.items) ? s.additionalItems : s.items;
    v.forEach((item, i) => {
      const sub = i < tuple.length ? tuple[i] : rest as Schema | undefined;
      if (sub !== undefined) check(sub, item, `${at}/${i}`, root, out, depth + 1);
    });
  }
  if (t === "object") objectRules(s, v as Record<string, Json>, at, root, out, depth);
  combinators(s, v, at, root, out, depth);
}

function numberRules(s: Record<string, unknown>, v: number, err: (m: string) => void) {
  const exMin = s.exclusiveMinimum;
  const exMax = s.exclusiveMaximum;
  if (typeof s.minimum === "number") {
    if (exMin === true ? v <= s.minimum : v < s.minimum) {
      err(`must be ${exMin === true ? ">" : ">="} ${s.minimum}`);
    }
  }
  if (typeof s.maximum === "number") {
    if (exMax === true ? v >= s.maximum : v > s.maximum) {
      err(`must be ${exMax === true ? "<" : "<="} ${s.maximum}`);
    }
  }
  if (typeof exMin === "number" && v <= exMin) err(`must be > ${exMin}`);
  if (typeof exMax === "number" && v >= exMax) err(`must be < ${exMax}`);
  if (typeof s.multipleOf === "number" && s.multipleOf > 0) {
    const q = v / s.multipleOf;
    if (Math.abs(q - Math.round(q)) > 1e-9) err(`must be a multiple of ${s.multipleOf}`);
  }
}

function objectRules(
  s: Record<string, unknown>,
  v: Record<string, Json>,
  at: string,
  root: Schema,
  out: SchemaError[],
  depth: number,
) {
  const keys = Object.keys(v);
  const props = (s.properties ?? {}) as Record<string, Schema>;
  if (Array.isArray(s.required)) {
    for (const key of s.required as string[]) {
      if (!(key in v)) out.push({ pointer: at, message: `must have the property "${key}"` });
    }
  }
  if (typeof s.minProperties === "number" && keys.length < s.minProperties) {
    out.push({ pointer: at, message: `must have at least ${s.minProperties} properties` });
  }
  if (typeof s.maxProperties === "number" && keys.length > s.maxProperties) {
    out.push({ pointer: at, message: `must have at most ${s.maxProperties} properties` });
  }
  const patterns = Object.entries((s.patternProperties ?? {}) as Record<string, Schema>);
  for (const key of keys) {
    const here = `${at}/${escapePointer(key)}`;
    let known = false;
    if (key in props) {
      known = true;
      check(props[key]!, v[key]!, here, root, out, depth + 1);
    }
    for (const [pattern, sub] of patterns) {
      let re: RegExp | null = null;
      try {
        re = new RegExp(pattern, "u");
      } catch { /* left to the server */ }
      if (re?.test(key)) {
        known = true;
        check(sub, v[key]!, here, root, out, depth + 1);
      }
    }
    if (!known && s.additionalProperties !== undefined) {
      if (s.additionalProperties === false) {
        out.push({ pointer: here, message: `"${key}" is not an allowed property` });
      } else check(s.additionalProperties as Schema, v[key]!, here, root, out, depth + 1);
    }
  }
}

function combinators(
  s: Record<string, unknown>,
  v: Json,
  at: string,
  root: Schema,
  out: SchemaError[],
  depth: number,
) {
  const passes = (sub: Schema) => {
    const found: SchemaError[] = [];
    check(sub, v, at, root, found, depth + 1);
    return found;
  };
  if (Array.isArray(s.allOf)) { for (const sub of s.allOf as Schema[]) out.push(...passes(sub)); }
  if (Array.isArray(s.anyOf)) {
    const results = (s.anyOf as Schema[]).map(passes);
    if (!results.some((r) => r.length === 0)) {
      out.push({ pointer: at, message: "must match at least one of the anyOf schemas" });
    }
  }
  if (Array.isArray(s.oneOf)) {
    const ok = (s.oneOf as Schema[]).map(passes).filter((r) => r.length === 0).length;
    if (ok !== 1) {
      out.push({
        pointer: at,
        message: `must match exactly one of the oneOf schemas (matches ${ok})`,
      });
    }
  }
  if (s.not !== undefined && passes(s.not as Schema).length === 0) {
    out.push({ pointer: at, message: 'must not match the schema under "not"' });
  }
  if (s.if !== undefined) {
    const branch = passes(s.if as Schema).length === 0 ? s.then : s.else;
    if (branch !== undefined) out.push(...passes(branch as Schema));
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
