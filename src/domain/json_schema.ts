// JSON Schema checks for config values. The draft is chosen by `$schema` (draft-07 when
// absent). ajv checks a schema against its draft's meta-schema (precompiled code, linear in the
// schema); values are then checked by our own interpreter (schema_validate.ts), never by code
// generated from a user's schema: it counts its work and stops past LIMITS.maxSchemaWork, runs
// patterns on a linear-time engine, and refuses $async, dynamic and remote references.
// `format` is not validated. docs/security.md explains the choices.

import { createHash } from "node:crypto";
import { Ajv, type ErrorObject, type Options } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import ajvDraft04 from "ajv-draft-04";
import draft06MetaSchema from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" };
import { LIMITS } from "./limits.ts";
import { quote } from "./names.ts";
import type { Issue } from "./issues.ts";
import type { Json } from "./overrides.ts";
import {
  type CompiledSchema,
  compileSchema,
  type Draft,
  type Located,
  type SchemaNode,
} from "./schema_compile.ts";
import { draftOf, META_URIS } from "./schema_draft.ts";
import { canonicalJson, SchemaWorkExceeded } from "./schema_equal.ts";
import { type SchemaError, validateCompiled } from "./schema_validate.ts";

export { type Draft, draftOf };
const OPTIONS: Options = {
  strict: false, // user schemas may carry unknown keywords such as "x-ui"
  allErrors: true,
  verbose: true, // puts the failing data on each error, for the message
  validateFormats: false,
  logger: false,
  addUsedSchema: false,
};

// The package is CommonJS; its `default` property is the class at run time and in types.
const AjvDraft04 = ajvDraft04.default;

// Meta-schemas say `uniqueItems` of `enum` and `required`; ajv compares arbitrary items
// pairwise, n² steps for a long enum. This linear check replaces it.
function uniqueItemsKeyword(ajv: Ajv) {
  ajv.removeKeyword("uniqueItems");
  const check = (unique: boolean, data: unknown): boolean => {
    if (!unique || !Array.isArray(data)) return true;
    const seen = new Set<string>();
    const meter = { work: 0, limit: Infinity };
    for (const item of data) {
      const key = canonicalJson(meter, item);
      if (seen.has(key)) {
        check.errors = [{ keyword: "uniqueItems", message: "must NOT have duplicate items" }];
        return false;
      }
      seen.add(key);
    }
    return true;
  };
  check.errors = undefined as Partial<ErrorObject>[] | undefined;
  ajv.addKeyword({ keyword: "uniqueItems", type: "array", schemaType: "boolean", validate: check });
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

// Only for meta-schema checks; each shares ajv's core API.
const instances = new Map<Draft, Ajv>();

function ajvFor(draft: Draft): Ajv {
  let ajv = instances.get(draft);
  if (ajv) return ajv;
  if (draft === "draft-04") ajv = new AjvDraft04(OPTIONS);
  else if (draft === "2019-09") ajv = new Ajv2019(OPTIONS);
  else if (draft === "2020-12") ajv = new Ajv2020(OPTIONS);
  else {
    const plain = new Ajv(OPTIONS);
    plain.addMetaSchema(draft06MetaSchema);
    ajv = plain;
  }
  uniqueItemsKeyword(ajv);
  instances.set(draft, ajv);
  return ajv;
}

// Compiling a meta-schema takes tens of milliseconds: done once, when this module loads,
// rather than inside the first request that names each draft.
for (const draft of Object.keys(META_URIS) as Draft[]) ajvFor(draft).getSchema(META_URIS[draft]);

type Compiled = { compiled: CompiledSchema; bytes: number } | {
  problems: Located[];
  bytes: number;
};

type Described = { keyword: string; message?: string; params: unknown; data?: unknown };

function describe(e: Described): string {
  const p = e.params as Record<string, unknown>;
  let message = e.message ?? `fails "${e.keyword}"`;
  if (e.keyword === "additionalProperties") {
    message = `must not have the property ${quote(p.additionalProperty)}`;
  } else if (e.keyword === "unevaluatedProperties") {
    message = `must not have the property ${quote(p.unevaluatedProperty)}`;
  } else if (e.keyword === "enum" && Array.isArray(p.allowedValues)) {
    message = `must be one of ${p.allowedValues.slice(0, 10).map((v) => quote(v)).join(", ")}`;
  } else if (e.keyword === "const") {
    message = `must be ${quote(p.allowedValue)}`;
  }
  const data: unknown = e.data;
  const scalar = data === null || ["string", "number", "boolean"].includes(typeof data);
  return scalar ? `${message} (got ${quote(data)})` : message;
}

const metaProblems = (errors: readonly ErrorObject[] | null | undefined): Located[] =>
  (errors ?? []).slice(0, LIMITS.maxIssues).map((e) => ({
    at: e.instancePath,
    message: describe(e),
  }));

const valueProblems = (errors: SchemaError[]): Located[] =>
  errors.slice(0, LIMITS.maxIssues).map((e) => ({ at: e.at, message: describe(e) }));

/** How deep `v` nests, counting no further than `limit` + 1; iterative. */
function nestsDeeper(v: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length > 0) {
    const [x, depth] = stack.pop()!;
    if (typeof x !== "object" || x === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(x)) stack.push([child, depth + 1]);
  }
  return false;
}

function compile(schema: unknown, text: string): Compiled {
  const bytes = new TextEncoder().encode(text).length;
  const fail = (message: string): Compiled => ({ problems: [{ at: "", message }], bytes });
  const found = draftOf(schema);
  if ("problem" in found) return fail(found.problem);
  if (bytes > LIMITS.maxSchemaBytes) {
    return fail(`schema is ${bytes} bytes of JSON; the limit is ${LIMITS.maxSchemaBytes}`);
  }
  if (nestsDeeper(schema, LIMITS.maxSchemaDepth)) {
    return fail(`schema nests deeper than ${LIMITS.maxSchemaDepth} levels`);
  }
  const ajv = ajvFor(found.draft);
  // ajv looks meta-schemas up by their exact URI.
  const canonical = isObject(schema) && schema.$schema !== undefined
    ? { ...schema, $schema: META_URIS[found.draft] }
    : schema as boolean | Record<string, unknown>;
  if (!ajv.validateSchema(canonical)) return { problems: metaProblems(ajv.errors), bytes };
  const compiled = compileSchema(canonical as SchemaNode, found.draft);
  return Array.isArray(compiled) ? { problems: compiled, bytes } : { compiled, bytes };
}

// Keyed by a hash of the schema's JSON text; Map order doubles as recency order.
const cache = new Map<string, Compiled>();
let cachedBytes = 0;

function compiled(schema: unknown): Compiled {
  const text = JSON.stringify(schema) ?? "undefined";
  const key = createHash("sha256").update(text).digest("base64");
  let entry = cache.get(key);
  if (entry) {
    cache.delete(key);
  } else {
    entry = compile(schema, text);
    cachedBytes += entry.bytes;
    while (
      cache.size > 0 &&
      (cache.size >= LIMITS.schemaCacheSize || cachedBytes > LIMITS.schemaCacheBytes)
    ) {
      const oldest = cache.keys().next().value!;
      cachedBytes -= cache.get(oldest)!.bytes;
      cache.delete(oldest);
    }
  }
  cache.set(key, entry);
  return entry;
}

/** Issues if `schema` is not a valid schema of the draft it declares; paths start at `path`. */
export function checkSchema(schema: unknown, path = "schema"): Issue[] {
  const entry = compiled(schema);
  if ("compiled" in entry) return [];
  return entry.problems.map((p) => ({ path: path + p.at, message: p.message }));
}

// Values checked in one synchronous stretch (one request's config, all its variants and
// overrides) share one work budget, so no request holds the event loop for long.
let turnWork = 0;
let resetQueued = false;

function turnBudgetLeft(): number {
  if (!resetQueued) {
    resetQueued = true;
    queueMicrotask(() => {
      turnWork = 0;
      resetQueued = false;
    });
  }
  return Math.max(0, LIMITS.maxSchemaWork - turnWork);
}

/**
 * Issues for each way `value` fails `schema`, each at `path` + the JSON pointer inside
 * the value, e.g. `base.value/limits/0: must be number`. When the checks of this synchronous
 * stretch would take more than LIMITS.maxSchemaWork units, one issue says so instead.
 */
export function validateValue(schema: Json, value: Json, path: string): Issue[] {
  const entry = compiled(schema);
  if (!("compiled" in entry)) {
    const first = entry.problems[0]?.message ?? "unknown problem";
    return [{ path, message: `cannot be checked against an invalid schema: ${first}` }];
  }
  let errors: SchemaError[];
  try {
    const result = validateCompiled(entry.compiled, value, turnBudgetLeft());
    turnWork += result.work;
    errors = result.errors;
  } catch (error) {
    if (!(error instanceof SchemaWorkExceeded)) throw error;
    turnWork = LIMITS.maxSchemaWork;
    return [{
      path,
      message: `cannot be checked: checking the values of one request against their schemas ` +
        `takes more than ${LIMITS.maxSchemaWork} steps; simplify the schema or the value`,
    }];
  }
  return valueProblems(errors).map((p) => ({ path: path + p.at, message: p.message }));
}

/**
 * The schema work this synchronous stretch has done so far. Work that checks many configs in
 * one request (an import) yields to the event loop when it grows, so each stretch stays short
 * and each config gets a budget of its own.
 */
export function schemaWorkDone(): number {
  return resetQueued ? turnWork : 0;
}

/** Number of compiled schemas held; for tests and metrics. */
export function schemaCacheSize(): number {
  return cache.size;
}
