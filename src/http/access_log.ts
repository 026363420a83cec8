// The access log: one line per request Hono answers, at ACCESS_LOG's level (info by default),
// with the route template, status, duration, request id and who called (the kind of
// credential and its id, never the credential). The snapshot and OFREP fast paths write theirs
// at debug only: a line per request would cost more than the request itself.
import type { MiddlewareHandler } from "hono";
import type { Config } from "../config/config.ts";
import type { Fields, Logger } from "../log.ts";
import type { AppEnv } from "./context.ts";
import type { Principal } from "./middleware/auth.ts";

/** Writes one access line; null when ACCESS_LOG=off. */
export type AccessLog = ((msg: string, fields: Fields) => void) | null;

export function accessLogger(log: Logger, level: Config["accessLog"]): AccessLog {
  if (level === "off") return null;
  return level === "debug" ? (m, f) => log.debug(m, f) : (m, f) => log.info(m, f);
}

export function accessLog(write: NonNullable<AccessLog>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const status = c.res.status;
    let route = c.req.routePath;
    if (route === "/*" && status === 404) route = "(unmatched)";
    write("HTTP request", {
      method: c.req.method,
      route,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - start) * 10) / 10,
      requestId: c.get("requestId"),
      ...caller(c.get("principal"), c.req.path, c.req.header("authorization") !== undefined),
    });
  };
}

/** Who called: the kind of credential, and the id of the user or key (never the secret). */
function caller(principal: Principal | null | undefined, path: string, bearer: boolean): Fields {
  switch (principal?.kind) {
    case "superuser":
      return { caller: "superuser" };
    case "user":
      return { caller: "session", userId: principal.user.id };
    case "api_key":
      return { caller: "api_key", apiKeyId: principal.key.id };
  }
  const sdk = path.startsWith("/api/sdk/") || path.startsWith("/api/v1/replication/");
  return { caller: sdk && bearer ? "sdk_key" : "anonymous" };
}
