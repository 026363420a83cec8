// Security headers on every response: Hono's (the middleware) and the fast paths' answered
// before Hono (withSecurityHeaders around the server's handler). The list is built once per
// server; a header a route already set (the dashboard shell's own CSP and Referrer-Policy in
// ui.ts) is left as it is.
import type { MiddlewareHandler } from "hono";

export type HeaderList = readonly (readonly [string, string])[];

/** HSTS only when the public URL is https: over plain http it would be ignored or wrong. */
export function securityHeaders(baseUrl: string | undefined): HeaderList {
  const list: [string, string][] = [
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "no-referrer"],
    ["X-Frame-Options", "DENY"],
    // For API answers (JSON, SSE, NDJSON): nothing may load from them or frame them.
    ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"],
  ];
  if (baseUrl?.startsWith("https:")) {
    list.push(["Strict-Transport-Security", "max-age=31536000"]);
  }
  return list;
}

function apply(response: Response, list: HeaderList): Response {
  const headers = response.headers;
  try {
    for (const [name, value] of list) if (!headers.has(name)) headers.set(name, value);
    return response;
  } catch {
    // Immutable headers (a Response passed through from fetch()): copy it once.
    const copy = new Response(response.body, response);
    for (const [name, value] of list) if (!copy.headers.has(name)) copy.headers.set(name, value);
    return copy;
  }
}

export function securityHeadersMiddleware(list: HeaderList): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res = apply(c.res, list);
  };
}

/** Wraps the server's handler, so answers made before Hono carry the headers too. */
export function withSecurityHeaders(
  list: HeaderList,
  next: Deno.ServeHandler<Deno.NetAddr>,
): Deno.ServeHandler<Deno.NetAddr> {
  return (request, info) => {
    const response = next(request, info);
    return response instanceof Response
      ? apply(response, list)
      : response.then((r) => apply(r, list));
  };
}
