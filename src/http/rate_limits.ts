// Rate limits of the admin API (per address, then per caller once authenticated) and of SDK
// stream connects (per SDK key): 429 JSON with Retry-After. Counted per instance, in memory
// (docs/limits.md); each app has its own counters, so tests running several apps do not mix.
import type { Context, MiddlewareHandler } from "hono";
import { type RateLimitResult, WindowCounter } from "../auth/rate_limit.ts";
import { bearerToken } from "./bearer.ts";
import { clientIp } from "./client_ip.ts";
import type { AppDeps, AppEnv } from "./context.ts";
import { tooManyRequests } from "./errors.ts";
import { type Principal, principalOf } from "./middleware/auth.ts";

const MINUTE_MS = 60_000;

const counter = (limit: number) =>
  limit > 0 ? new WindowCounter({ limit, windowMs: MINUTE_MS }) : null;

function refuse(c: Context, result: RateLimitResult, what: string): void {
  if (result.allowed) return;
  c.header("Retry-After", String(result.retryAfterSeconds));
  throw tooManyRequests(
    `Too many requests: ${what}; try again in ${result.retryAfterSeconds} s`,
  );
}

const callerKey = (p: Principal): string =>
  p.kind === "superuser"
    ? "superuser"
    : p.kind === "user"
    ? `user:${p.user.id}`
    : `key:${p.key.id}`;

/** Mount before authentication: counts every admin request by its client address. */
export function adminPerIp(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const limits = deps.config.rateLimits;
  const byIp = counter(limits.adminPerIp);
  return async (c, next) => {
    if (byIp) {
      const ip = clientIp(c, deps.config.trustedProxyHops);
      refuse(c, byIp.hit(ip), `more than ${limits.adminPerIp} a minute from ${ip}`);
    }
    await next();
  };
}

/** Mount after authentication: counts the requests of each user, API key or the superuser. */
export function adminPerCaller(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const limits = deps.config.rateLimits;
  const byCaller = counter(limits.adminPerCaller);
  return async (c, next) => {
    if (byCaller && c.get("principal")) {
      refuse(
        c,
        byCaller.hit(callerKey(principalOf(c))),
        `more than ${limits.adminPerCaller} a minute from this caller`,
      );
    }
    await next();
  };
}

/** SDK stream connects per SDK key (as sent; a wrong key is counted too). */
export function sdkConnectsPerKey(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const limits = deps.config.rateLimits;
  const byKey = counter(limits.sdkConnectsPerKey);
  return async (c, next) => {
    const key = byKey && bearerToken(c.req.header("authorization") ?? null);
    if (byKey && key) {
      refuse(
        c,
        byKey.hit(key),
        `more than ${limits.sdkConnectsPerKey} stream connects a minute with this SDK key`,
      );
    }
    await next();
  };
}
