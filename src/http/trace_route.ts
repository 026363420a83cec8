// With OpenTelemetry on: names the request's server span (Deno's, called just `GET`) after the
// route Hono matched, `GET /api/admin/v1/projects/:projectId/configs/:name`, and sets
// `http.route`, so traces group by route like the metrics do.
import type { MiddlewareHandler } from "hono";
import { nameServerSpan } from "../observability/tracing.ts";
import type { AppEnv } from "./context.ts";

export const traceRoute: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const route = c.req.routePath;
  if (route !== "/*") nameServerSpan(c.req.method, route);
};
