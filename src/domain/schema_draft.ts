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
