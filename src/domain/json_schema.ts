// JSON Schema checks for config values. The draft is chosen by `$schema` (draft-07 when
// absent). Remote `$ref`s are never fetched: a reference ajv cannot resolve locally makes
// the schema invalid. `format` is not validated (no format plugin is bundled).

import { createHash } from "node:crypto";
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import ajvDraft04 from "ajv-draft-04";
import draft06MetaSchema from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" };
import { jsonByteLength, LIMITS } from "./limits.ts";
import { quote } from "./names.ts";
import type { Issue } from "./override_schema.ts";
import type { Json } from "./overrides.ts";

export type Draft = "draft-04" | "draft-06" | "draft-07" | "2019-09" | "2020-12";

const META_URIS: Record<Draft, string> = {
  "draft-04": "http://json-schema.org/draft-04/schema#",
  "draft-06": "http://json-schema.org/draft-06/schema#",
  "draft-07": "http://json-schema.org/draft-07/schema#",
  "2019-09": "https://json-schema.org/draft/2019-09/schema",
  "2020-12": "https://json-schema.org/draft/2020-12/schema",
};

// Both schemes and an optional empty fragment are common in the wild.
const uriKey = (uri: string) => uri.trim().replace(/^https?:\/\//, "").replace(/#$/, "");
const DRAFT_BY_URI = new Map(
  Object.entries(META_URIS).map(([draft, uri]) => [uriKey(uri), draft as Draft]),
);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The draft a schema declares, or a message saying why it has none we support. */
export function draftOf(schema: unknown): { draft: Draft } | { problem: string } {
  if (typeof schema === "boolean") return { draft: "draft-07" };
  if (!isObject(schema)) {
    return { problem: `schema ${quote(schema)} must be an object or a boolean` };
  }
  const uri = schema.$schema;
  if (uri === undefined) return { draft: "draft-07" };
  const draft = typeof uri === "string" ? DRAFT_BY_URI.get(uriKey(uri)) : undefined;
  if (draft) return { draft };
  const known = Object.keys(META_URIS).join(", ");
  return { problem: `$schema ${quote(uri)} is not a supported JSON Schema draft (${known})` };
}

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

// All of them share ajv's core API.
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
  instances.set(draft, ajv);
  return ajv;
}

/** A problem located by a JSON pointer below the schema or the value. */
type Located = { at: string; message: string };
type Compiled = { validate: ValidateFunction } | { problems: Located[] };

function describe(e: ErrorObject): string {
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

const located = (errors: readonly ErrorObject[] | null | undefined): Located[] =>
  (errors ?? []).slice(0, LIMITS.maxIssues).map((e) => ({
    at: e.instancePath,
    message: describe(e),
  }));

function compile(schema: unknown): Compiled {
  const found = draftOf(schema);
  if ("problem" in found) return { problems: [{ at: "", message: found.problem }] };
  const bytes = jsonByteLength(schema);
  if (bytes > LIMITS.maxSchemaBytes) {
    const message = `schema is ${bytes} bytes of JSON; the limit is ${LIMITS.maxSchemaBytes}`;
    return { problems: [{ at: "", message }] };
  }
  const ajv = ajvFor(found.draft);
  // ajv looks meta-schemas up by their exact URI.
  const canonical = isObject(schema) && schema.$schema !== undefined
    ? { ...schema, $schema: META_URIS[found.draft] }
    : schema as boolean | Record<string, unknown>;
  try {
    if (!ajv.validateSchema(canonical)) return { problems: located(ajv.errors) };
    return { validate: ajv.compile(canonical) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { problems: [{ at: "", message: `schema cannot be compiled: ${reason}` }] };
  } finally {
    // Forget the schema so ajv's cache stays bounded and a later compile of a schema
    // with the same $id does not clash with this one.
    if (typeof canonical === "object") ajv.removeSchema(canonical);
  }
}

// Keyed by a hash of the schema's JSON text; Map order doubles as recency order.
const cache = new Map<string, Compiled>();

function compiled(schema: unknown): Compiled {
  const text = JSON.stringify(schema) ?? "undefined";
  const key = createHash("sha256").update(text).digest("base64");
  let entry = cache.get(key);
  if (entry) {
    cache.delete(key);
  } else {
    entry = compile(schema);
    if (cache.size >= LIMITS.schemaCacheSize) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, entry);
  return entry;
}

/** Issues if `schema` is not a valid schema of the draft it declares; paths start at `path`. */
export function checkSchema(schema: unknown, path = "schema"): Issue[] {
  const entry = compiled(schema);
  if ("validate" in entry) return [];
  return entry.problems.map((p) => ({ path: path + p.at, message: p.message }));
}

/**
 * Issues for each way `value` fails `schema`, each at `path` + the JSON pointer inside
 * the value, e.g. `base.value/limits/0: must be number`.
 */
export function validateValue(schema: Json, value: Json, path: string): Issue[] {
  const entry = compiled(schema);
  if (!("validate" in entry)) {
    const first = entry.problems[0]?.message ?? "unknown problem";
    return [{ path, message: `cannot be checked against an invalid schema: ${first}` }];
  }
  if (entry.validate(value)) return [];
  const problems = located(entry.validate.errors);
  // The cached function would otherwise keep the failing value alive (verbose errors hold it).
  entry.validate.errors = null;
  return problems.map((p) => ({ path: path + p.at, message: p.message }));
}

/** Number of compiled schemas held; for tests and metrics. */
export function schemaCacheSize(): number {
  return cache.size;
}
