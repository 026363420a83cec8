// GET /api/sdk/v1/configs: the environment's configs in one JSON body, for serverless and SSR
// callers, with an ETag. The target for it is measured against a bare Deno.serve returning the
// same bytes, so server.ts answers it before Hono (withSnapshotFastPath): a remembered key, a
// cached body, no middleware. The Hono route answers the same way for in-process callers.
import type { Hub } from "../realtime/hub.ts";
import { bearerToken } from "./bearer.ts";
import { requestIdOf } from "./request_id.ts";
import { sdkCaller, type SdkKeys } from "./sdk_auth.ts";
import { etagMatches } from "./sdk_request.ts";

export const SNAPSHOT_PATH = "/api/sdk/v1/configs";

const JSON_TYPE = "application/json";

export function snapshotResponse(request: Request, keys: SdkKeys, hub: Hub): Response {
  const id = requestIdOf(request);
  const token = bearerToken(request.headers.get("authorization"));
  if (token === null) return refuse("Missing SDK key", id);
  const state = sdkCaller(keys, hub, token)?.state;
  if (!state) return refuse("Invalid SDK key", id);
  const etag = `"${state.id}.${state.revision}"`;
  const headers = {
    "Content-Type": JSON_TYPE,
    "ETag": etag,
    "Cache-Control": "no-cache",
    "Vary": "Authorization",
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, X-Request-Id",
    "X-Request-Id": id,
  };
  if (etagMatches(request.headers.get("if-none-match") ?? undefined, etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(state.snapshotBody(), { headers });
}

/** Wraps a Deno.serve handler: snapshot GETs are answered here, everything else by `next`. */
export function withSnapshotFastPath(
  keys: SdkKeys,
  hub: Hub,
  next: Deno.ServeHandler<Deno.NetAddr>,
): Deno.ServeHandler<Deno.NetAddr> {
  return (request, info) =>
    request.method === "GET" && pathOf(request.url) === SNAPSHOT_PATH
      ? snapshotResponse(request, keys, hub)
      : next(request, info);
}

/** The path of an absolute URL, without parsing all of it. */
export function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const end = url.indexOf("?", start);
  return end < 0 ? url.slice(start) : url.slice(start, end);
}

function refuse(msg: string, id: string): Response {
  return new Response(JSON.stringify({ msg }), {
    status: 401,
    headers: {
      "Content-Type": JSON_TYPE,
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Expose-Headers": "X-Request-Id",
      "X-Request-Id": id,
    },
  });
}
