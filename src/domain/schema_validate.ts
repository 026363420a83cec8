// A JSON Schema interpreter for config values (drafts 04 to 2020-12, as ajv reads them;
// `format` is not checked). It runs on a schema prepared by schema_compile.ts and counts its
// work as it goes: every subschema applied, every item, key and character looked at. Past
// LIMITS.maxSchemaWork it stops with SchemaWorkExceeded, so no schema and value can hold the
// event loop, however they multiply. It is synchronous and returns plain data; the dashboard
// runs the same code, so its verdicts match the server's. Keywords are in schema_keywords.ts.
import { LIMITS } from "./limits.ts";
import type { CompiledSchema, SchemaNode } from "./schema_compile.ts";
import { deepEqual, type Meter, SchemaWorkExceeded, spend } from "./schema_equal.ts";
import {
  arrayKeywords,
  numberKeywords,
  objectKeywords,
  stringKeywords,
  unevaluatedItems,
  unevaluatedProperties,
} from "./schema_keywords.ts";

export { SchemaWorkExceeded };

export type SchemaError = {
  /** JSON pointer of the failing part of the value. */
  at: string;
  keyword: string;
  message: string;
  data: unknown;
  params: Record<string, unknown>;
};

/** Which keys and items in-place subschemas looked at, for unevaluated*. */
export type Seen = { props: Set<string> | true; items: number | true };

export type Run = Meter & { c: CompiledSchema; depth: number; modern: boolean };

/** One subschema applied to one value. */
export type Here = {
  r: Run;
  s: Record<string, unknown>;
  data: unknown;
  at: string;
  out: SchemaError[];
  /** null unless annotations are collected. */
  seen: Seen | null;
  valid: boolean;
};

const MAX_DEPTH = 1_000;
const EVALUATED_NOTHING: Seen = Object.freeze({ props: new Set<string>(), items: 0 }) as Seen;

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
export const has = (s: object, k: string) => Object.hasOwn(s, k);

/** `at` + one key, as a JSON pointer. */
export function pointer(at: string, key: string | number): string {
  if (typeof key === "number" || (!key.includes("~") && !key.includes("/"))) return `${at}/${key}`;
  return `${at}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

/** Records a failure of keyword at h. */
export function fail(
  h: Here,
  keyword: string,
  message: string,
  params: Record<string, unknown> = {},
): void {
  h.valid = false;
  spend(h.r, 1);
  h.out.push({ at: h.at, keyword, message, data: h.data, params });
}

/** Errors of a branch that failed, kept; each costs a unit, so their number stays bounded. */
export function append(r: Meter, to: SchemaError[], from: SchemaError[]) {
  spend(r, from.length);
  for (const e of from) to.push(e);
}

export function merge(into: Seen, from: Seen) {
  if (into.props !== true) {
    if (from.props === true) into.props = true;
    else for (const k of from.props) into.props.add(k);
  }
  if (into.items !== true) {
    into.items = from.items === true ? true : Math.max(into.items, from.items);
  }
}

/** A subschema on a part of the value; a failure makes h invalid, its errors say why. */
export function child(h: Here, sub: SchemaNode, data: unknown, at: string): void {
  if (apply(h.r, sub, data, at, h.out) === null) h.valid = false;
}

/** A subschema on h's own value; what it evaluated counts for h when it passes. */
export function attempt(h: Here, sub: SchemaNode, into: SchemaError[]): boolean {
  const got = apply(h.r, sub, h.data, h.at, into);
  if (got !== null && h.seen) merge(h.seen, got);
  return got !== null;
}

export function inPlace(h: Here, sub: SchemaNode): void {
  if (!attempt(h, sub, h.out)) h.valid = false;
}

const typeOf = (v: unknown) => v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
const typeMatches = (type: string, v: unknown) =>
  type === "integer" ? typeof v === "number" && Number.isInteger(v) : typeOf(v) === type;

/** Validates `data`; errors go to `out`. Returns what was evaluated, or null when invalid. */
export function apply(
  r: Run,
  s: SchemaNode,
  data: unknown,
  at: string,
  out: SchemaError[],
): Seen | null {
  spend(r, 1);
  if (s === true) return EVALUATED_NOTHING;
  if (s === false) {
    spend(r, 1);
    out.push({ at, keyword: "false schema", message: "boolean schema is false", data, params: {} });
    return null;
  }
  if (++r.depth > MAX_DEPTH) throw new SchemaWorkExceeded(r.limit);
  const seen = r.c.annotations ? { props: new Set<string>(), items: 0 } : null;
  const h: Here = { r, s, data, at, out, seen, valid: true };
  if (s.$ref !== undefined) {
    const target = r.c.refs.get(s);
    if (target !== undefined) inPlace(h, target);
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type as string[] : [s.type as string];
    if (!types.some((t) => typeMatches(t, data))) {
      fail(h, "type", `must be ${types.join(",")}`, { type: s.type });
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(r, e, data))) {
    fail(h, "enum", "must be equal to one of the allowed values", { allowedValues: s.enum });
  }
  if ("const" in s && !deepEqual(r, s.const, data)) {
    fail(h, "const", "must be equal to constant", { allowedValue: s.const });
  }
  if (typeof data === "number") numberKeywords(h, data);
  else if (typeof data === "string") stringKeywords(h, data);
  else if (Array.isArray(data)) arrayKeywords(h, data);
  else if (isObject(data)) objectKeywords(h, data);
  if (s.not !== undefined || s.anyOf || s.oneOf || s.allOf || s.if !== undefined) combinators(h);
  if (r.modern && seen) {
    if (Array.isArray(data) && has(s, "unevaluatedItems")) unevaluatedItems(h, data, seen);
    if (isObject(data) && has(s, "unevaluatedProperties")) unevaluatedProperties(h, data, seen);
  }
  r.depth--;
  return h.valid ? seen ?? EVALUATED_NOTHING : null;
}

function combinators(h: Here) {
  const { s, r } = h;
  if (s.not !== undefined && attempt(h, s.not as SchemaNode, [])) {
    fail(h, "not", "must NOT be valid");
  }
  // Branches stop once the outcome is known, unless unevaluated* needs all they evaluate.
  const tryAll = (list: SchemaNode[], enough: number) => {
    const failed: SchemaError[] = [];
    let passed = 0;
    for (const sub of list) {
      const errors: SchemaError[] = [];
      if (attempt(h, sub, errors)) passed++;
      else append(r, failed, errors);
      if (passed >= enough && !h.seen) break;
    }
    return { passed, failed };
  };
  if (Array.isArray(s.anyOf)) {
    const { passed, failed } = tryAll(s.anyOf as SchemaNode[], 1);
    if (passed === 0) {
      append(r, h.out, failed);
      fail(h, "anyOf", "must match a schema in anyOf");
    }
  }
  if (Array.isArray(s.oneOf)) {
    const { passed, failed } = tryAll(s.oneOf as SchemaNode[], 2);
    if (passed === 0) append(r, h.out, failed);
    if (passed !== 1) {
      fail(h, "oneOf", "must match exactly one schema in oneOf", { passing: passed });
    }
  }
  if (Array.isArray(s.allOf)) { for (const sub of s.allOf as SchemaNode[]) inPlace(h, sub); }
  if (s.if !== undefined) {
    const key = attempt(h, s.if as SchemaNode, []) ? "then" : "else";
    if (s[key] !== undefined) {
      const errors: SchemaError[] = [];
      if (!attempt(h, s[key] as SchemaNode, errors)) {
        append(r, h.out, errors);
        fail(h, "if", `must match "${key}" schema`, { failingKeyword: key });
      }
    }
  }
}

/**
 * Every way `value` fails the schema, in the order the keywords were checked ([] when it
 * passes), and the work units that took. Throws SchemaWorkExceeded past `limit` units.
 */
export function validateCompiled(
  c: CompiledSchema,
  value: unknown,
  limit: number = LIMITS.maxSchemaWork,
): { errors: SchemaError[]; work: number } {
  const modern = c.draft === "2019-09" || c.draft === "2020-12";
  const r: Run = { c, depth: 0, work: 0, limit, modern };
  const out: SchemaError[] = [];
  const valid = apply(r, c.root, value, "", out) !== null;
  if (!valid && out.length === 0) throw new Error("invalid value without an error");
  return { errors: valid ? [] : out, work: r.work };
}
