// The admin API at /api/admin/v1: one router per resource, all behind `authenticate`.
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../app.ts";
import { authenticate } from "../middleware/auth.ts";

export function adminApi(deps: AppDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  api.use(authenticate({
    store: deps.store,
    secretKey: deps.config.secretKey!,
    superuserApiKey: deps.config.superuserApiKey,
  }));
  // Resource routers are mounted here, e.g. api.route("/", workspacesRouter(deps)).
  return api;
}
