// OFREP response bodies and headers. Header objects are shared constants; bodies of errors are
// the protocol's shapes: {key, errorCode, errorDetails} for one flag, {errorCode, errorDetails}
// for the bulk call, {errorDetails} otherwise.

export const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "ETag, Retry-After",
};
export const JSON_HEADERS = { "Content-Type": "application/json", ...CORS };

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream",
  "Cache-Control": "no-cache, no-transform",
  "Connection": "keep-alive",
  "X-Accel-Buffering": "no",
  ...CORS,
};

const ALLOWED_HEADERS = "Authorization, Content-Type, If-None-Match, X-API-Key, Last-Event-ID";

export function json(status: number, body: unknown, headers: HeadersInit = JSON_HEADERS) {
  return new Response(JSON.stringify(body), { status, headers });
}

export function flagFailure(status: number, key: string, errorCode: string, details: string) {
  return json(status, { key, errorCode, errorDetails: details });
}

export function bulkFailure(status: number, errorCode: string, details: string) {
  return json(status, { errorCode, errorDetails: details });
}

export function general(status: number, details: string, extra: Record<string, string> = {}) {
  return json(status, { errorDetails: details }, { ...JSON_HEADERS, ...extra });
}

/** The answer to a CORS preflight: browsers send Authorization and If-None-Match. */
export function preflight(request: Request): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS,
      "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
      "Access-Control-Allow-Headers": request.headers.get("access-control-request-headers") ??
        ALLOWED_HEADERS,
      "Access-Control-Max-Age": "600",
    },
  });
}
