// The admin API's route table. Each route is declared once, with its zod schemas; the same
// declaration is mounted on Hono (mountRoutes) and described in the OpenAPI document
// (openapi.ts), so the two cannot drift apart.
import type { Context, Hono } from "hono";
import type { z } from "zod";
import { DomainError, invalid } from "../../domain/errors.ts";
import { parseWithIssues } from "../../domain/issues.ts";
import { LIMITS } from "../../domain/limits.ts";
import { quote } from "../../domain/names.ts";
import type { Caller } from "../../service/caller.ts";
import type { AppDeps, AppEnv } from "../context.ts";
import { readJson } from "../body.ts";
import { AppError, fromDomain } from "../errors.ts";
import { principalOf } from "../middleware/auth.ts";
import { callerFor } from "./caller.ts";
import { fingerprint, idempotencyKeyOf, idempotent, scopeOf } from "./idempotency.ts";

export type Method = "get" | "post" | "put" | "patch" | "delete";

export type Input<P, Q, B> = {
  c: Context<AppEnv>;
  deps: AppDeps;
  params: P;
  query: Q;
  body: B;
  /** Who is calling, with their roles; resolved on first use. */
  caller(): Promise<Caller>;
};

export type RouteDef<P = unknown, Q = unknown, B = unknown, R = unknown> = {
  method: Method;
  /** In OpenAPI form, e.g. /projects/{projectId}. */
  path: string;
  /** A verb phrase: errors read "Cannot <action>: …". */
  action: string;
  tag: string;
  /** Part of Replane's admin API (REPLANE_COMPAT.md §3). */
  replane?: boolean;
  /** false: answered without credentials (the OpenAPI document). */
  auth?: boolean;
  /** Mounted ahead of authentication (mod.ts), so no credential is read: sign-in works with a
   * stale cookie. Such a route has auth: false. */
  beforeAuth?: boolean;
  /** A check before the credentials and the input, e.g. a feature switched off. */
  guard?(input: { c: Context<AppEnv>; deps: AppDeps; action: string }): void;
  /** The largest body read (LIMITS.maxRequestBytes unless smaller). */
  maxBodyBytes?: number;
  /**
   * Only `Content-Type: application/json` bodies (else 415), so a cross-site HTML form can never
   * send this request: for the routes that work without a CSRF token (sign-in, sign-up).
   */
  jsonOnly?: boolean;
  params?: z.ZodType<P, unknown>;
  query?: z.ZodType<Q, unknown>;
  body?: z.ZodType<B, unknown>;
  /** 204 routes answer null with no content; any other answer is JSON with status 200. */
  status?: 200 | 201 | 204;
  /** The success body: the document shows it, and handle() must return its type. */
  response?: z.ZodType<R>;
  handle(input: Input<P, Q, B>): Promise<R>;
};

/** Declares a route; only here so TypeScript infers P, Q, B and R from the schemas. */
export function route<P = undefined, Q = undefined, B = undefined, R = null>(
  def: RouteDef<P, Q, B, R>,
): RouteDef {
  return def as unknown as RouteDef;
}

/** OpenAPI path → Hono path: /projects/{projectId} → /projects/:projectId. */
export const honoPath = (path: string) => path.replace(/\{([A-Za-z0-9_]+)\}/g, ":$1");

export function mountRoutes(app: Hono<AppEnv>, deps: AppDeps, routes: readonly RouteDef[]) {
  for (const r of routes) {
    app.on(r.method.toUpperCase(), honoPath(r.path), async (c) => {
      r.guard?.({ c, deps, action: r.action });
      // Credentials are checked before the request: a stranger learns nothing from a 400.
      const principal = r.auth === false ? null : principalOf(c);
      let caller: Promise<Caller> | undefined;
      let result: unknown;
      try {
        const params = check(r, r.params, c.req.param());
        const query = check(r, r.query, c.req.query());
        const body = r.body ? check(r, r.body, await readBody(r, c.req.raw)) : undefined;
        const input = {
          c,
          deps,
          params,
          query,
          body,
          caller: () => caller ??= callerFor(deps.store, principal ?? principalOf(c), c),
        };
        const key = idempotencyKeyOf(c, r);
        if (key !== null && principal !== null) {
          const { method, path } = c.req;
          const print = fingerprint(deps.config.secretKey, { method, path, query, body });
          const request = { scope: scopeOf(principal), key, fingerprint: print };
          return await idempotent({ c, deps, route: r, request }, () => r.handle(input));
        }
        result = await r.handle(input);
      } catch (error) {
        throw error instanceof DomainError ? fromDomain(error, r) : error;
      }
      if (result === null) return c.body(null, 204);
      return c.json(result as object, r.status === 201 ? 201 : 200);
    });
  }
}

function check<T>(r: RouteDef, schema: z.ZodType<T, unknown> | undefined, input: unknown) {
  if (!schema) return undefined as T;
  const parsed = parseWithIssues(schema, input);
  if (!parsed.ok) throw invalid(r.action, parsed.issues);
  return parsed.value;
}

/** The parsed JSON body, an object; undefined when empty, which only an optional body accepts. */
async function readBody(r: RouteDef, req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (r.jsonOnly && !/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError(
      415,
      "unsupported_media_type",
      `Cannot ${r.action}: Content-Type must be application/json (got ${quote(type)})`,
    );
  }
  const maxBytes = r.maxBodyBytes ?? LIMITS.maxRequestBytes;
  const body = await readJson(req, { action: r.action, maxBytes });
  const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
  if (body === undefined ? !r.body!.safeParse(undefined).success : !isObject) {
    throw invalid(r.action, [{ path: "", message: "the request body must be a JSON object" }]);
  }
  return body;
}
