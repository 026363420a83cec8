// The JSON Schema draft a schema declares with `$schema` (draft-07 when absent). Shared by
// the server (json_schema.ts) and the dashboard (ui/lib/json_schema.ts).
import type { Draft } from "./schema_compile.ts";
import { quote } from "./schema_regex.ts";

export const META_URIS: Record<Draft, string> = {
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

/**
 * The draft a schema declares. A `$schema` URI that names no draft we know is taken as draft-07,
 * as Replane does, with `assumed` set so the caller can warn; a `$schema` that is not a string
 * is a problem.
 */
export function draftOf(
  schema: unknown,
): { draft: Draft; assumed?: string } | { problem: string } {
  if (typeof schema === "boolean") return { draft: "draft-07" };
  if (!isObject(schema)) {
    return { problem: `schema ${quote(schema)} must be an object or a boolean` };
  }
  const uri = schema.$schema;
  if (uri === undefined) return { draft: "draft-07" };
  if (typeof uri !== "string") return { problem: `$schema ${quote(uri)} must be a URI string` };
  const draft = DRAFT_BY_URI.get(uriKey(uri));
  return draft ? { draft } : { draft: "draft-07", assumed: uri };
}

/** The warning for a schema whose `$schema` names no draft we know, or undefined. */
export function assumedDraftWarning(schema: unknown): string | undefined {
  const found = draftOf(schema);
  if (!("assumed" in found) || found.assumed === undefined) return undefined;
  const known = Object.keys(META_URIS).join(", ");
  return `$schema ${quote(found.assumed)} is not a JSON Schema draft Dialtone knows (${known}); ` +
    "the schema is checked as draft-07, as Replane does";
}
