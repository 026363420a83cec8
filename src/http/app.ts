// createApp(deps): pure wiring of middleware and routers; no I/O of its own.
import { Hono } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Config } from "../config/config.ts";
import type { Logger } from "../log.ts";
import { brokenConstraint, unavailableReason } from "../store/db.ts";
import type { Store } from "../store/store.ts";
import { AppError } from "./errors.ts";
import { adminApi } from "./admin/mod.ts";
import type { Principal } from "./middleware/auth.ts";
import { requestId } from "./middleware/request_id.ts";
import { readyRouter } from "./ready.ts";
import { type SdkDeps, sdkRouter } from "./sdk.ts";
import { dashboard } from "./ui.ts";

export type AppDeps = {
  config: Config;
  store: Store;
  log: Logger;
  /** The SDK API's replica, replicator and hub; without them the SDK routes are not mounted. */
  sdk?: SdkDeps;
};
export type AppEnv = { Variables: { requestId: string; principal: Principal | null } };

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(
    "/api/*",
    cors({
      origin: "*",
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      exposeHeaders: ["X-Request-Id", "ETag"],
      maxAge: 600,
    }),
  );

  app.get(deps.config.healthcheckPath, (c) => c.json({ status: "ok" }));
  app.route("/api", readyRouter({ store: deps.store, replicator: deps.sdk?.replicator }));
  app.route("/api/admin/v1", adminApi(deps));
  if (deps.sdk) {
    app.route("/api", sdkRouter({ ...deps.sdk, config: deps.config, store: deps.store }));
  }
  app.route("/", dashboard());

  app.notFound((c) => {
    const message = `No route for ${c.req.method} ${c.req.path}`;
    return c.req.path.startsWith("/api/")
      ? c.json({ error: message, code: "not_found", requestId: c.get("requestId") }, 404)
      : c.text(message, 404);
  });
  app.onError((error, c) => {
    const id = c.get("requestId");
    const known = toAppError(error);
    if (known) {
      const body: Record<string, unknown> = {
        error: known.message,
        code: known.code,
        requestId: id,
      };
      if (known.issues) body.issues = known.issues;
      return c.json(body, known.status);
    }
    const down = unavailableReason(error);
    if (down !== null) {
      deps.log.debug("Request needs the unavailable primary", { requestId: id, reason: down });
      c.header("Retry-After", "5");
      return c.json({
        error: `The primary database is unavailable (${down}). This needs it; try again ` +
          `when it is back. SDK streams and snapshots are still served from the replica.`,
        code: "primary_unavailable",
        requestId: id,
      }, 503);
    }
    if (error instanceof HTTPException) {
      return c.json(
        { error: error.message || "Request failed", code: "http_error", requestId: id },
        error.status as ContentfulStatusCode,
      );
    }
    deps.log.error("Request failed", {
      requestId: id,
      method: c.req.method,
      path: c.req.path,
      error,
    });
    return c.json({ error: "Internal server error", code: "internal", requestId: id }, 500);
  });
  return app;
}

/** Errors with a known meaning: ours, and integrity conflicts the database reported. */
function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (brokenConstraint(error) === "unique") {
    return new AppError(409, "conflict", "Conflict: that name is already taken");
  }
  return null;
}
