// Who is calling: the superuser key, a workspace API key (rpa_…), or a signed-in user's
// session cookie. Cookie-authenticated mutations must carry the CSRF token.
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { hashKey, parseKey, sameHash } from "../../auth/keys.ts";
import { checkCsrf, sha256Hex } from "../../auth/tokens.ts";
import { SESSION_DAYS } from "../../service/accounts.ts";
import type { Store } from "../../store/store.ts";
import type { AdminApiKey, User } from "../../store/types.ts";
import { bearerToken } from "../bearer.ts";
import { unauthorized } from "../errors.ts";

export const SESSION_COOKIE = "dialtone_session";
export const CSRF_HEADER = "X-CSRF-Token";
const DAY_MS = 24 * 60 * 60 * 1000;
const TOUCH_AFTER_MS = 60 * 60 * 1000;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type Principal =
  | { kind: "superuser" }
  | { kind: "user"; user: User; sessionToken: string }
  | { kind: "api_key"; key: AdminApiKey };

export type AuthEnv = { Variables: { principal: Principal | null } };
export type AuthDeps = { store: Store; secretKey: string; superuserApiKey: string | undefined };

/** Sets `principal` (null when anonymous). A bad credential is a 401, never "anonymous". */
export function authenticate(deps: AuthDeps): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    // A router may authenticate its own routes before the admin API's catch-all does.
    if (c.get("principal") !== undefined) return await next();
    const header = c.req.header("authorization");
    if (header !== undefined) {
      const token = bearerToken(header);
      if (token === null) throw unauthorized('Authorization header must be "Bearer <API key>"');
      c.set("principal", await fromBearer(deps, token));
    } else {
      c.set("principal", await fromCookie(c, deps));
    }
    await next();
  };
}

/** The caller, or a 401. */
export function principalOf<E extends AuthEnv>(c: Context<E>): Principal {
  const principal = (c as unknown as Context<AuthEnv>).get("principal");
  if (!principal) throw unauthorized();
  return principal;
}

async function fromBearer(deps: AuthDeps, token: string): Promise<Principal> {
  if (deps.superuserApiKey && sameHash(hashKey(token), hashKey(deps.superuserApiKey))) {
    return { kind: "superuser" };
  }
  const parsed = parseKey("admin", token);
  const key = parsed ? await deps.store.read((tx) => tx.apiKeys.get(parsed.id)) : null;
  if (!key || !sameHash(hashKey(token), key.keyHash)) throw unauthorized("Invalid API key");
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= Date.now()) {
    throw unauthorized("API key has expired");
  }
  if (key.lastUsedAt === null || Date.now() - Date.parse(key.lastUsedAt) > 60_000) {
    await deps.store.write((tx) => tx.apiKeys.touch(key.id)).catch(() => {});
  }
  return { kind: "api_key", key };
}

async function fromCookie(c: Context, deps: AuthDeps): Promise<Principal | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return null;
  const tokenHash = sha256Hex(token);
  const found = await deps.store.read(async (tx) => {
    const session = await tx.users.session(tokenHash);
    const user = session ? await tx.users.get(session.userId) : null;
    return session && user ? { session, user } : null;
  });
  if (!found || Date.parse(found.session.expiresAt) <= Date.now()) {
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return null;
  }
  if (!SAFE_METHODS.has(c.req.method)) {
    if (!checkCsrf(token, deps.secretKey, c.req.header(CSRF_HEADER))) {
      throw unauthorized(`Missing or wrong ${CSRF_HEADER} header`);
    }
  }
  if (Date.now() - Date.parse(found.session.lastSeenAt) > TOUCH_AFTER_MS) {
    const expiresAt = new Date(Date.now() + SESSION_DAYS * DAY_MS).toISOString();
    await deps.store.write((tx) => tx.users.touchSession(tokenHash, expiresAt)).catch(() => {});
  }
  return { kind: "user", user: found.user, sessionToken: token };
}
