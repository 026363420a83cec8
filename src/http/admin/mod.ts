// The admin API at /api/admin/v1: the route table (routes.ts), behind `authenticate` except
// the routes that must work with stale credentials (sign-in, sign-up).
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../context.ts";
import { authenticate } from "../middleware/auth.ts";
import { adminPerCaller, adminPerIp } from "../rate_limits.ts";
import { mountRoutes } from "./registry.ts";
import { ADMIN_ROUTES } from "./routes.ts";

export function adminApi(deps: AppDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  api.use(adminPerIp(deps));
  // Before the catch-all authenticate: sign-in must work while a stale cookie is present.
  mountRoutes(api, deps, ADMIN_ROUTES.filter((r) => r.beforeAuth));
  api.use(authenticate({
    store: deps.store,
    secretKey: deps.config.secretKey,
    superuserApiKey: deps.config.superuserApiKey,
  }));
  api.use(adminPerCaller(deps));
  mountRoutes(api, deps, ADMIN_ROUTES.filter((r) => !r.beforeAuth));
  return api;
}
