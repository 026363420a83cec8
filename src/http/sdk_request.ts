// Reading SDK requests tolerantly: SDKs differ (the JS SDK sends its configs, Python and .NET
// send `{}`, some send nothing), and a client must never be locked out for a body we dislike.

import { readBytes } from "./body.ts";

export type ClientConfig = { name: string; value: unknown; overrides: unknown[] };
export type StreamRequest = { currentConfigs: ClientConfig[]; requiredConfigs: string[] };

/** Stream request bodies hold the client's configs; past this size a body is refused (413). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The body as text, or null when it is longer than `limit` bytes. */
export async function readBodyText(
  request: Request,
  limit = MAX_BODY_BYTES,
): Promise<string | null> {
  // A client that went away mid-body gets nothing streamed anyway.
  const bytes = await readBytes(request, limit).catch(() => new Uint8Array());
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/** Any body is accepted: what is not JSON, or not the expected shape, counts as `{}`. */
export function parseStreamRequest(text: string): StreamRequest {
  let data: unknown = null;
  try {
    data = text.trim() === "" ? null : JSON.parse(text);
  } catch {
    data = null;
  }
  const body = isObject(data) ? data : {};
  const current = new Map<string, ClientConfig>();
  if (Array.isArray(body.currentConfigs)) {
    for (const entry of body.currentConfigs) {
      if (!isObject(entry) || typeof entry.name !== "string") continue;
      current.set(entry.name, {
        name: entry.name,
        value: entry.value === undefined ? null : entry.value,
        overrides: Array.isArray(entry.overrides) ? entry.overrides : [],
      });
    }
  }
  const required = Array.isArray(body.requiredConfigs)
    ? body.requiredConfigs.filter((n): n is string => typeof n === "string")
    : [];
  return { currentConfigs: [...current.values()], requiredConfigs: required };
}

/** A Last-Event-ID header as a revision, or null when absent or not a whole number. */
export function lastEventId(header: string | undefined): number | null {
  if (header === undefined || !/^\d{1,15}$/.test(header.trim())) return null;
  return Number(header.trim());
}

/** Whether an If-None-Match header matches `etag` (weak comparison, as for GET). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const tag = t.trim();
    return tag === "*" || tag.replace(/^W\//, "") === etag;
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
