// The type-specific keywords of the schema interpreter (schema_validate.ts): numbers,
// strings, arrays, objects, and unevaluated*. Each charges the work it does to the run.
import type { SchemaNode } from "./schema_compile.ts";
import { canonicalJson, spend } from "./schema_equal.ts";
import {
  child,
  fail,
  has,
  type Here,
  inPlace,
  isObject,
  pointer,
  type Run,
  type Seen,
} from "./schema_validate.ts";

export function numberKeywords(h: Here, n: number) {
  const s = h.s;
  const { maximum: max, minimum: min, exclusiveMaximum: xMax, exclusiveMinimum: xMin } = s;
  const old = h.r.c.draft === "draft-04";
  if (typeof max === "number") {
    if (old && xMax === true) limit(h, "maximum", max, "<", n < max);
    else limit(h, "maximum", max, "<=", n <= max);
  }
  if (typeof min === "number") {
    if (old && xMin === true) limit(h, "minimum", min, ">", n > min);
    else limit(h, "minimum", min, ">=", n >= min);
  }
  if (!old && typeof xMax === "number") limit(h, "exclusiveMaximum", xMax, "<", n < xMax);
  if (!old && typeof xMin === "number") limit(h, "exclusiveMinimum", xMin, ">", n > xMin);
  const m = s.multipleOf;
  if (typeof m === "number" && m > 0) {
    const q = n / m;
    if (q !== Number.parseInt(String(q))) fail(h, "multipleOf", `must be multiple of ${m}`);
  }
}

function limit(h: Here, keyword: string, bound: number, op: string, ok: boolean) {
  if (!ok) fail(h, keyword, `must be ${op} ${bound}`, { comparison: op, limit: bound });
}

/** Code points, as ajv counts string length. */
function codePoints(r: Run, s: string): number {
  spend(r, 1 + (s.length >> 3));
  let n = 0;
  for (let i = 0; i < s.length; i++, n++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return n;
}

export function stringKeywords(h: Here, text: string) {
  const { maxLength, minLength, pattern } = h.s;
  if (typeof maxLength === "number" || typeof minLength === "number") {
    const length = codePoints(h.r, text);
    if (typeof maxLength === "number" && length > maxLength) {
      fail(h, "maxLength", `must NOT have more than ${maxLength} characters`);
    }
    if (typeof minLength === "number" && length < minLength) {
      fail(h, "minLength", `must NOT have fewer than ${minLength} characters`);
    }
  }
  if (typeof pattern === "string" && !matches(h.r, pattern, text)) {
    fail(h, "pattern", `must match pattern "${pattern}"`, { pattern });
  }
}

function matches(r: Run, pattern: string, text: string): boolean {
  const re = r.c.regexes.get(pattern)!;
  // At most (length × program size) engine steps; one unit covers about 32 of them.
  spend(r, Math.ceil((text.length + 1) * re.size / 32));
  return re.test(text);
}

export function arrayKeywords(h: Here, data: unknown[]) {
  const { s, r, at, seen } = h;
  if (typeof s.maxItems === "number" && data.length > s.maxItems) {
    fail(h, "maxItems", `must NOT have more than ${s.maxItems} items`);
  }
  if (typeof s.minItems === "number" && data.length < s.minItems) {
    fail(h, "minItems", `must NOT have fewer than ${s.minItems} items`);
  }
  if (s.uniqueItems === true) {
    // Building canonical text costs several units per node: a unit is about one step elsewhere.
    const meter = { work: 0, limit: Infinity };
    const first = new Map<string, number>();
    for (let i = 0; i < data.length; i++) {
      const key = canonicalJson(meter, data[i]);
      const j = first.get(key);
      spend(r, 4 * meter.work);
      meter.work = 0;
      if (j !== undefined) {
        fail(
          h,
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
  const tupleKey = r.c.draft === "2020-12" ? "prefixItems" : "items";
  const tuple = Array.isArray(s[tupleKey]) ? s[tupleKey] as SchemaNode[] : null;
  if (tuple) {
    const n = Math.min(tuple.length, data.length);
    for (let i = 0; i < n; i++) child(h, tuple[i]!, data[i], pointer(at, i));
    if (seen) seen.items = seen.items === true ? true : Math.max(seen.items, n);
  }
  const rest = r.c.draft === "2020-12" ? s.items : tuple ? s.additionalItems : s.items;
  if (rest !== undefined && !Array.isArray(rest)) {
    const from = tuple ? tuple.length : 0;
    if (rest === false && data.length > from) {
      const keyword = r.c.draft === "2020-12" || !tuple ? "items" : "additionalItems";
      fail(h, keyword, `must NOT have more than ${from} items`, { limit: from });
    } else {
      for (let i = from; i < data.length; i++) {
        child(h, rest as SchemaNode, data[i], pointer(at, i));
      }
    }
    if (seen) seen.items = true;
  }
  if (has(s, "contains")) {
    const sub = s.contains;
    // As in ajv: a contains that checks something counts every item as evaluated.
    const checks = sub !== true && !(isObject(sub) && Object.keys(sub).length === 0);
    if (contains(h, data) && checks && seen) seen.items = true;
  }
}

function contains(h: Here, data: unknown[]): boolean {
  const { s, r, at } = h;
  const min = r.modern && typeof s.minContains === "number" ? s.minContains : 1;
  const max = r.modern && typeof s.maxContains === "number" ? s.maxContains : undefined;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    const ok = attemptOn(h, s.contains as SchemaNode, data[i], pointer(at, i));
    if (ok) count++;
  }
  if (count >= min && (max === undefined || count <= max)) return true;
  const upTo = max === undefined ? "" : ` and no more than ${max}`;
  fail(h, "contains", `must contain at least ${min}${upTo} valid item(s)`, {
    minContains: min,
    maxContains: max,
  });
  return false;
}

/** Whether `sub` accepts a part of the value; its errors are dropped. */
function attemptOn(h: Here, sub: SchemaNode, data: unknown, at: string): boolean {
  const probe: Here = { ...h, s: {}, data, at, out: [], seen: null, valid: true };
  child(probe, sub, data, at);
  return probe.valid;
}

export function objectKeywords(h: Here, data: Record<string, unknown>) {
  const { s, r, at, seen } = h;
  const keys = Object.keys(data);
  spend(r, keys.length);
  if (typeof s.maxProperties === "number" && keys.length > s.maxProperties) {
    fail(h, "maxProperties", `must NOT have more than ${s.maxProperties} properties`);
  }
  if (typeof s.minProperties === "number" && keys.length < s.minProperties) {
    fail(h, "minProperties", `must NOT have fewer than ${s.minProperties} properties`);
  }
  if (Array.isArray(s.required)) {
    spend(r, s.required.length);
    for (const name of s.required as string[]) {
      if (!has(data, name)) {
        fail(h, "required", `must have required property '${name}'`, { missingProperty: name });
      }
    }
  }
  if (r.modern && isObject(s.dependentRequired)) requires(h, data, s.dependentRequired);
  if (s.propertyNames !== undefined) {
    for (const key of keys) {
      const probe: Here = { ...h, s: {}, data: key, out: [], seen: null, valid: true };
      child(probe, s.propertyNames as SchemaNode, key, at);
      for (const e of probe.out) {
        fail(h, "propertyNames", `property name "${key}" ${e.message}`, { propertyName: key });
      }
    }
  }
  properties(h, data, keys);
  if (isObject(s.dependencies)) {
    requires(h, data, s.dependencies);
    dependentSchemas(h, data, s.dependencies);
  }
  if (r.modern && isObject(s.dependentSchemas)) dependentSchemas(h, data, s.dependentSchemas);
  if (seen && s.additionalProperties !== undefined) seen.props = true;
}

function requires(h: Here, data: Record<string, unknown>, deps: Record<string, unknown>) {
  for (const [name, list] of Object.entries(deps)) {
    if (!Array.isArray(list) || !has(data, name)) continue;
    spend(h.r, list.length);
    const missing = (list as string[]).filter((d) => !has(data, d));
    if (missing.length > 0) {
      const word = missing.length === 1 ? "property" : "properties";
      fail(
        h,
        "dependencies",
        `must have ${word} ${missing.join(", ")} when property ${name} is present`,
        {
          property: name,
          missingProperty: missing[0],
        },
      );
    }
  }
}

function dependentSchemas(h: Here, data: Record<string, unknown>, deps: Record<string, unknown>) {
  for (const [name, sub] of Object.entries(deps)) {
    if (!Array.isArray(sub) && has(data, name)) inPlace(h, sub as SchemaNode);
  }
}

/** properties, patternProperties, additionalProperties: like ajv, unnamed keys come first. */
function properties(h: Here, data: Record<string, unknown>, keys: string[]) {
  const { s, r, at, seen } = h;
  const props = isObject(s.properties) ? s.properties : null;
  const patterns = isObject(s.patternProperties) ? Object.entries(s.patternProperties) : [];
  const additional = s.additionalProperties;
  if (!props && patterns.length === 0 && additional === undefined) return;
  const named: [string, SchemaNode[]][] = [];
  for (const key of keys) {
    const subs: SchemaNode[] = props && has(props, key) ? [props[key] as SchemaNode] : [];
    for (const [pattern, sub] of patterns) {
      if (matches(r, pattern, key)) subs.push(sub as SchemaNode);
    }
    if (subs.length > 0) named.push([key, subs]);
    else if (additional === false) {
      fail(h, "additionalProperties", "must NOT have additional properties", {
        additionalProperty: key,
      });
    } else if (additional !== undefined) {
      child(h, additional as SchemaNode, data[key], pointer(at, key));
    }
  }
  for (const [key, subs] of named) {
    const here = pointer(at, key);
    for (const sub of subs) child(h, sub, data[key], here);
    if (seen && seen.props !== true) seen.props.add(key);
  }
}

export function unevaluatedItems(h: Here, data: unknown[], seen: Seen) {
  if (seen.items === true) return;
  const from = seen.items;
  const sub = h.s.unevaluatedItems as SchemaNode;
  if (sub === false && data.length > from) {
    fail(h, "unevaluatedItems", `must NOT have more than ${from} items`, { limit: from });
  } else {
    for (let i = from; i < data.length; i++) child(h, sub, data[i], pointer(h.at, i));
  }
  seen.items = true;
}

export function unevaluatedProperties(h: Here, data: Record<string, unknown>, seen: Seen) {
  if (seen.props === true) return;
  const done = seen.props;
  const sub = h.s.unevaluatedProperties as SchemaNode;
  const keys = Object.keys(data);
  spend(h.r, keys.length);
  for (const key of keys) {
    if (done.has(key)) continue;
    if (sub === false) {
      fail(h, "unevaluatedProperties", "must NOT have unevaluated properties", {
        unevaluatedProperty: key,
      });
    } else child(h, sub, data[key], pointer(h.at, key));
  }
  seen.props = true;
}
