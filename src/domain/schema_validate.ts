// A JSON Schema interpreter for config values (drafts 04 to 2020-12, as ajv reads them;
// `format` is not checked). It runs on a schema prepared by schema_compile.ts and counts its
// work as it goes: every subschema applied, every item, key and character looked at. Past
// LIMITS.maxSchemaWork it stops with SchemaWorkExceeded, so no schema and value can hold the
// event loop, however they multiply. It is synchronous and returns plain data; the dashboard
// runs the same code, so its verdicts match the server's.
import type { CompiledSchema, SchemaNode } from "./schema_compile.ts";
import {
  canonicalJson,
  deepEqual,
  type Meter,
  SchemaWorkExceeded,
  spend as charge,
} from "./schema_equal.ts";

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
type Seen = { props: Set<string> | true; items: number | true };
const NOTHING: Seen = Object.freeze({ props: new Set<string>(), items: 0 }) as Seen;

type Run = Meter & { c: CompiledSchema; depth: number };

const MAX_DEPTH = 1_000;
const modern = (r: Run) => r.c.draft === "2019-09" || r.c.draft === "2020-12";
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const typeOf = (v: unknown) => v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
const pointer = (at: string, key: string | number) =>
  `${at}/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`;
const has = (s: object, k: string) => Object.hasOwn(s, k);

/** Errors of a branch that failed, kept; each costs a unit, so their number stays bounded. */
function append(r: Meter, to: SchemaError[], from: SchemaError[]) {
  charge(r, from.length);
  for (const e of from) to.push(e);
}

function merge(into: Seen, from: Seen) {
  if (into.props !== true) {
    if (from.props === true) into.props = true;
    else for (const k of from.props) into.props.add(k);
  }
  if (into.items !== true) {
    into.items = from.items === true ? true : Math.max(into.items, from.items);
  }
}

function typeMatches(type: string, v: unknown): boolean {
  if (type === "integer") return typeof v === "number" && Number.isInteger(v);
  return typeOf(v) === type;
}

function codePoints(r: Meter, s: string): number {
  charge(r, s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++;
    else if ((s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) (n++, i++);
    else n++;
  }
  return n;
}

/** Validates `data`; errors go to `out`. Returns what was evaluated, or null when invalid. */
function apply(r: Run, s: SchemaNode, data: unknown, at: string, out: SchemaError[]): Seen | null {
  charge(r, 1);
  if (s === true) return NOTHING;
  if (s === false) {
    out.push({ at, keyword: "false schema", message: "boolean schema is false", data, params: {} });
    return null;
  }
  if (++r.depth > MAX_DEPTH) throw new SchemaWorkExceeded();
  try {
    const seen: Seen = r.c.annotations ? { props: new Set(), items: 0 } : NOTHING;
    let valid = true;
    const fail = (keyword: string, message: string, params: Record<string, unknown> = {}) => {
      valid = false;
      if (params === SILENT) return;
      charge(r, 1);
      out.push({ at, keyword, message, data, params });
    };
    // A subschema applied to this same value; what it evaluated counts here when it passes.
    const attempt = (sub: SchemaNode, into: SchemaError[]) => {
      const got = apply(r, sub, data, at, into);
      if (got !== null && r.c.annotations) merge(seen, got);
      return got !== null;
    };
    const inPlace = (sub: SchemaNode) => {
      if (!attempt(sub, out)) valid = false;
    };
    const target = r.c.refs.get(s);
    if (target !== undefined) inPlace(target);
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? s.type as string[] : [s.type as string];
      if (!types.some((t) => typeMatches(t, data))) {
        fail("type", `must be ${types.join(",")}`, { type: s.type });
      }
    }
    if (Array.isArray(s.enum)) {
      if (!s.enum.some((e) => deepEqual(r, e, data))) {
        fail("enum", "must be equal to one of the allowed values", { allowedValues: s.enum });
      }
    }
    if (has(s, "const") && !deepEqual(r, s.const, data)) {
      fail("const", "must be equal to constant", { allowedValue: s.const });
    }
    if (typeof data === "number") numberKeywords(r, s, data, fail);
    if (typeof data === "string") stringKeywords(r, s, data, fail);
    if (Array.isArray(data)) arrayKeywords(r, s, data, at, out, seen, fail);
    if (isObject(data)) objectKeywords(r, s, data, at, out, seen, fail, inPlace);
    combinators(r, s, out, fail, inPlace, attempt);
    if (Array.isArray(data) && modern(r) && has(s, "unevaluatedItems")) {
      unevaluatedItems(r, s, data, at, out, seen, fail);
    }
    if (isObject(data) && modern(r) && has(s, "unevaluatedProperties")) {
      unevaluatedProperties(r, s, data, at, out, seen, fail);
    }
    return valid ? seen : null;
  } finally {
    r.depth--;
  }
}

type Fail = (keyword: string, message: string, params?: Record<string, unknown>) => void;
type InPlace = (sub: SchemaNode) => void;
type Attempt = (sub: SchemaNode, into: SchemaError[]) => boolean;

function numberKeywords(r: Run, s: Record<string, unknown>, n: number, fail: Fail) {
  const limit = (keyword: string, bound: unknown, op: string, ok: boolean) => {
    if (!ok) fail(keyword, `must be ${op} ${bound}`, { comparison: op, limit: bound });
  };
  const old = r.c.draft === "draft-04";
  const { maximum: max, minimum: min, exclusiveMaximum: xMax, exclusiveMinimum: xMin } = s;
  if (typeof max === "number") {
    if (old && xMax === true) limit("maximum", max, "<", n < max);
    else limit("maximum", max, "<=", n <= max);
  }
  if (typeof min === "number") {
    if (old && xMin === true) limit("minimum", min, ">", n > min);
    else limit("minimum", min, ">=", n >= min);
  }
  if (!old && typeof xMax === "number") limit("exclusiveMaximum", xMax, "<", n < xMax);
  if (!old && typeof xMin === "number") limit("exclusiveMinimum", xMin, ">", n > xMin);
  const m = s.multipleOf;
  if (typeof m === "number" && m > 0) {
    const q = n / m;
    if (q !== Number.parseInt(String(q))) fail("multipleOf", `must be multiple of ${m}`);
  }
}

function stringKeywords(r: Run, s: Record<string, unknown>, text: string, fail: Fail) {
  if (typeof s.maxLength === "number" || typeof s.minLength === "number") {
    const length = codePoints(r, text);
    if (typeof s.maxLength === "number" && length > s.maxLength) {
      fail("maxLength", `must NOT have more than ${s.maxLength} characters`);
    }
    if (typeof s.minLength === "number" && length < s.minLength) {
      fail("minLength", `must NOT have fewer than ${s.minLength} characters`);
    }
  }
  if (typeof s.pattern === "string" && !matches(r, s.pattern, text)) {
    fail("pattern", `must match pattern "${s.pattern}"`, { pattern: s.pattern });
  }
}

function matches(r: Run, pattern: string, text: string): boolean {
  const re = r.c.regexes.get(pattern)!;
  // Matching costs at most (length × program size) engine steps, each far cheaper than a unit.
  charge(r, Math.ceil((text.length + 1) * re.size / 64));
  return re.test(text);
}

function arrayKeywords(
  r: Run,
  s: Record<string, unknown>,
  data: unknown[],
  at: string,
  out: SchemaError[],
  seen: Seen,
  fail: Fail,
) {
  charge(r, data.length);
  if (typeof s.maxItems === "number" && data.length > s.maxItems) {
    fail("maxItems", `must NOT have more than ${s.maxItems} items`);
  }
  if (typeof s.minItems === "number" && data.length < s.minItems) {
    fail("minItems", `must NOT have fewer than ${s.minItems} items`);
  }
  if (s.uniqueItems === true) {
    const first = new Map<string, number>();
    for (let i = 0; i < data.length; i++) {
      const key = canonicalJson(r, data[i]);
      const j = first.get(key);
      if (j !== undefined) {
        fail(
          "uniqueItems",
          `must NOT have duplicate items (items ## ${j} and ${i} are identical)`,
          {
            i,
            j,
          },
        );
        break;
      }
      first.set(key, i);
    }
  }
  const each = (from: number, sub: SchemaNode) => {
    for (let i = from; i < data.length; i++) {
      if (apply(r, sub, data[i], pointer(at, i), out) === null) fail("items", "", SILENT);
    }
  };
  const tupleKey = r.c.draft === "2020-12" ? "prefixItems" : "items";
  const tuple = Array.isArray(s[tupleKey]) ? s[tupleKey] as SchemaNode[] : null;
  if (tuple) {
    const n = Math.min(tuple.length, data.length);
    for (let i = 0; i < n; i++) {
      if (apply(r, tuple[i]!, data[i], pointer(at, i), out) === null) fail("items", "", SILENT);
    }
    if (seen !== NOTHING) merge(seen, { props: new Set(), items: n });
  }
  const rest = r.c.draft === "2020-12" ? s.items : tuple ? s.additionalItems : s.items;
  const restKey = r.c.draft === "2020-12" || !tuple ? "items" : "additionalItems";
  if (rest !== undefined && !Array.isArray(rest)) {
    const from = tuple ? tuple.length : 0;
    if (rest === false && data.length > from) {
      fail(restKey, `must NOT have more than ${from} items`, { limit: from });
    } else each(from, rest as SchemaNode);
    if (seen !== NOTHING) merge(seen, { props: new Set(), items: true });
  }
  if (has(s, "contains")) {
    const sub = s.contains;
    // As in ajv: a contains that checks something counts every item as evaluated.
    const checks = sub !== true && !(isObject(sub) && Object.keys(sub).length === 0);
    if (contains(r, s, data, at, fail) && checks && seen !== NOTHING) seen.items = true;
  }
}

/** Marks the parent invalid without an error of its own: the item's errors say it. */
const SILENT = { silent: true };

function contains(
  r: Run,
  s: Record<string, unknown>,
  data: unknown[],
  at: string,
  fail: Fail,
): boolean {
  const min = modern(r) && typeof s.minContains === "number" ? s.minContains : 1;
  const max = modern(r) && typeof s.maxContains === "number" ? s.maxContains : undefined;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    if (apply(r, s.contains as SchemaNode, data[i], pointer(at, i), []) !== null) count++;
  }
  if (count < min || (max !== undefined && count > max)) {
    const upTo = max === undefined ? "" : ` and no more than ${max}`;
    fail("contains", `must contain at least ${min}${upTo} valid item(s)`, {
      minContains: min,
      maxContains: max,
    });
    return false;
  }
  return true;
}

function objectKeywords(
  r: Run,
  s: Record<string, unknown>,
  data: Record<string, unknown>,
  at: string,
  out: SchemaError[],
  seen: Seen,
  fail: Fail,
  inPlace: InPlace,
) {
  const keys = Object.keys(data);
  charge(r, keys.length);
  if (typeof s.maxProperties === "number" && keys.length > s.maxProperties) {
    fail("maxProperties", `must NOT have more than ${s.maxProperties} properties`);
  }
  if (typeof s.minProperties === "number" && keys.length < s.minProperties) {
    fail("minProperties", `must NOT have fewer than ${s.minProperties} properties`);
  }
  if (Array.isArray(s.required)) {
    charge(r, s.required.length);
    for (const name of s.required as string[]) {
      if (!has(data, name)) {
        fail("required", `must have required property '${name}'`, { missingProperty: name });
      }
    }
  }
  const requires = (deps: Record<string, unknown>) => {
    for (const [name, list] of Object.entries(deps)) {
      if (!Array.isArray(list) || !has(data, name)) continue;
      charge(r, list.length);
      const missing = (list as string[]).filter((d) => !has(data, d));
      if (missing.length > 0) {
        const word = missing.length === 1 ? "property" : "properties";
        fail(
          "dependencies",
          `must have ${word} ${missing.join(", ")} when property ${name} is present`,
          {
            property: name,
            missingProperty: missing[0],
          },
        );
      }
    }
  };
  if (modern(r) && isObject(s.dependentRequired)) requires(s.dependentRequired);
  if (s.propertyNames !== undefined) {
    for (const key of keys) {
      const inner: SchemaError[] = [];
      if (apply(r, s.propertyNames as SchemaNode, key, at, inner) === null) {
        for (const e of inner) {
          fail("propertyNames", `property name "${key}" ${e.message}`, { propertyName: key });
        }
      }
    }
  }
  const props = isObject(s.properties) ? s.properties : null;
  const patterns = isObject(s.patternProperties) ? Object.entries(s.patternProperties) : [];
  const additional = s.additionalProperties;
  const matching = (key: string) => patterns.filter(([pattern]) => matches(r, pattern, key));
  // Like ajv: the keys no keyword names first, then the named ones.
  const named = new Map<string, [string, unknown][]>();
  for (const key of keys) {
    const hits = matching(key);
    if (hits.length > 0 || (props && has(props, key))) named.set(key, hits);
    else if (additional === false) {
      fail("additionalProperties", "must NOT have additional properties", {
        additionalProperty: key,
      });
    } else if (additional !== undefined) {
      const ok = apply(r, additional as SchemaNode, data[key], pointer(at, key), out) !== null;
      if (!ok) fail("", "", SILENT);
    }
  }
  for (const [key, hits] of named) {
    const here = pointer(at, key);
    const subs = props && has(props, key) ? [props[key], ...hits.map((h) => h[1])] : hits.map((
      h,
    ) => h[1]);
    for (const sub of subs) {
      if (apply(r, sub as SchemaNode, data[key], here, out) === null) fail("", "", SILENT);
    }
    if (seen !== NOTHING && seen.props !== true) seen.props.add(key);
  }
  if (additional !== undefined && seen !== NOTHING) seen.props = true;
  const schemaDeps = (deps: Record<string, unknown>) => {
    for (const [name, sub] of Object.entries(deps)) {
      if (!Array.isArray(sub) && has(data, name)) inPlace(sub as SchemaNode);
    }
  };
  if (isObject(s.dependencies)) {
    requires(s.dependencies);
    schemaDeps(s.dependencies);
  }
  if (modern(r) && isObject(s.dependentSchemas)) schemaDeps(s.dependentSchemas);
}

function combinators(
  r: Run,
  s: Record<string, unknown>,
  out: SchemaError[],
  fail: Fail,
  inPlace: InPlace,
  attempt: Attempt,
) {
  if (s.not !== undefined && attempt(s.not as SchemaNode, [])) fail("not", "must NOT be valid");
  // Branches stop once the outcome is known, unless unevaluated* needs all they evaluate.
  const tryAll = (list: SchemaNode[], enough: number) => {
    const failed: SchemaError[] = [];
    let passed = 0;
    for (const sub of list) {
      const errors: SchemaError[] = [];
      if (attempt(sub, errors)) passed++;
      else append(r, failed, errors);
      if (passed >= enough && !r.c.annotations) break;
    }
    return { passed, failed };
  };
  if (Array.isArray(s.anyOf)) {
    const { passed, failed } = tryAll(s.anyOf as SchemaNode[], 1);
    if (passed === 0) {
      append(r, out, failed);
      fail("anyOf", "must match a schema in anyOf");
    }
  }
  if (Array.isArray(s.oneOf)) {
    const { passed, failed } = tryAll(s.oneOf as SchemaNode[], 2);
    if (passed === 0) append(r, out, failed);
    if (passed !== 1) fail("oneOf", "must match exactly one schema in oneOf", { passing: passed });
  }
  if (Array.isArray(s.allOf)) { for (const sub of s.allOf as SchemaNode[]) inPlace(sub); }
  if (s.if !== undefined) {
    const key = attempt(s.if as SchemaNode, []) ? "then" : "else";
    if (s[key] !== undefined) {
      const errors: SchemaError[] = [];
      if (!attempt(s[key] as SchemaNode, errors)) {
        append(r, out, errors);
        fail("if", `must match "${key}" schema`, { failingKeyword: key });
      }
    }
  }
}

function unevaluatedItems(
  r: Run,
  s: Record<string, unknown>,
  data: unknown[],
  at: string,
  out: SchemaError[],
  seen: Seen,
  fail: Fail,
) {
  if (seen.items === true) return;
  const from = seen.items;
  const sub = s.unevaluatedItems as SchemaNode;
  if (sub === false && data.length > from) {
    fail("unevaluatedItems", `must NOT have more than ${from} items`, { limit: from });
  } else {
    for (let i = from; i < data.length; i++) {
      if (apply(r, sub, data[i], pointer(at, i), out) === null) fail("", "", SILENT);
    }
  }
  seen.items = true;
}

function unevaluatedProperties(
  r: Run,
  s: Record<string, unknown>,
  data: Record<string, unknown>,
  at: string,
  out: SchemaError[],
  seen: Seen,
  fail: Fail,
) {
  if (seen.props === true) return;
  const done = seen.props;
  const sub = s.unevaluatedProperties as SchemaNode;
  for (const key of Object.keys(data)) {
    if (done.has(key)) continue;
    if (sub === false) {
      fail("unevaluatedProperties", "must NOT have unevaluated properties", {
        unevaluatedProperty: key,
      });
    } else if (apply(r, sub, data[key], pointer(at, key), out) === null) fail("", "", SILENT);
  }
  seen.props = true;
}

/**
 * Every way `value` fails the schema, in the order the keywords were checked, or [] when it
 * passes. Throws SchemaWorkExceeded when that takes more than LIMITS.maxSchemaWork units.
 */
export function validateCompiled(c: CompiledSchema, value: unknown): SchemaError[] {
  const r: Run = { c, depth: 0, work: 0 };
  const out: SchemaError[] = [];
  const valid = apply(r, c.root, value, "", out) !== null;
  if (!valid && out.length === 0) throw new Error("invalid value without an error");
  return valid ? [] : out;
}
