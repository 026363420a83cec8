// Reading SDK requests tolerantly: SDKs differ (the JS SDK sends its configs, Python and .NET
// send `{}`, some send nothing), and a client must never be locked out for a body we dislike.

export type ClientConfig = { name: string; value: unknown; overrides: unknown[] };
export type StreamRequest = { currentConfigs: ClientConfig[]; requiredConfigs: string[] };

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match ? match[1]! : null;
}

/** Stream request bodies hold the client's configs; past this size a body is refused (413). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The body as text, or null when it is longer than `limit` bytes. */
export async function readBodyText(
  request: Request,
  limit = MAX_BODY_BYTES,
): Promise<string | null> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) return null;
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of request.body) {
      size += chunk.byteLength;
      if (size > limit) return null;
      chunks.push(chunk);
    }
  } catch {
    return ""; // the client went away mid-body; nothing will be streamed to it anyway
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
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
