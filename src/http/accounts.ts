// Accounts and sign-in at /api/admin/v1/auth: first-run setup, sign-up, login, logout,
// the current account, password change. docs/accounts.md describes the rules.
import type { Context } from "hono";
import { Hono } from "hono";
import { deleteCookie } from "hono/cookie";
import { hashPassword, needsRehash, verifyDummy, verifyPassword } from "../auth/password.ts";
import { RateLimiter } from "../auth/rate_limit.ts";
import { csrfToken, sha256Hex } from "../auth/tokens.ts";
import type { User } from "../store/types.ts";
import { loginBody, passwordBody, profileBody, readBody, signupBody } from "./accounts_input.ts";
import {
  checkEmailDomain,
  checkRegistrationOpen,
  createAccount,
  signupState,
} from "./accounts_signup.ts";
import type { AppDeps, AppEnv } from "./app.ts";
import { clientIp } from "./client_ip.ts";
import { forbidden, tooManyRequests, unauthorized } from "./errors.ts";
import {
  type AuthDeps,
  authenticate,
  endSession,
  type Principal,
  principalOf,
  SESSION_COOKIE,
  startSession,
} from "./middleware/auth.ts";

export const LOGIN_ATTEMPTS_PER_MINUTE = 10;
export const SIGNUPS_PER_MINUTE = 10;
export const WRONG_CREDENTIALS = "Email or password is incorrect";
const MINUTE_MS = 60_000;
const SESSION_CLEANUP_EVERY_MS = 10 * MINUTE_MS;

type UserPrincipal = Extract<Principal, { kind: "user" }>;

export function accountsRouter(deps: AppDeps): Hono<AppEnv> {
  const { config, store } = deps;
  const auth: AuthDeps = {
    store,
    secretKey: config.secretKey!,
    superuserApiKey: config.superuserApiKey,
  };
  const limiter = () => new RateLimiter({ limit: LOGIN_ATTEMPTS_PER_MINUTE, windowMs: MINUTE_MS });
  const byEmail = limiter();
  const byIp = limiter();
  const signupsByIp = new RateLimiter({ limit: SIGNUPS_PER_MINUTE, windowMs: MINUTE_MS });
  const secureCookie = config.baseUrl?.startsWith("https:") ?? false;
  let lastCleanup = 0;

  const ipOf = (c: Context) => clientIp(c, config.trustedProxyHops);
  const session = async (c: Context, user: User) =>
    await startSession(c, auth, user, { ip: ipOf(c), secure: secureCookie });

  const requirePasswordAuth = (action: string) => {
    if (!config.passwordAuthEnabled) {
      throw forbidden(
        `Cannot ${action}: password sign-in is disabled on this server (PASSWORD_AUTH_ENABLED=false)`,
      );
    }
  };

  const limit = (c: Context, limiter: RateLimiter, key: string, action: string) => {
    const result = limiter.hit(key);
    if (result.allowed) return;
    c.header("Retry-After", String(result.retryAfterSeconds));
    throw tooManyRequests(
      `Cannot ${action}: too many attempts; try again in ${result.retryAfterSeconds} s`,
    );
  };

  const cleanupSessions = async () => {
    if (Date.now() - lastCleanup < SESSION_CLEANUP_EVERY_MS) return;
    lastCleanup = Date.now();
    await store.write((tx) => tx.users.deleteExpiredSessions()).catch((error) =>
      deps.log.warn("Cannot delete expired sessions", { error })
    );
  };

  const api = new Hono<AppEnv>();
  const signedIn = authenticate(auth);

  api.get("/status", async (c) => {
    const users = await store.read((tx) => tx.users.count());
    return c.json({
      needsSetup: users === 0,
      passwordAuthEnabled: config.passwordAuthEnabled,
      registrationOpen: config.passwordAuthEnabled && (users === 0 || !config.disableRegistration),
      // Sign-up is closed to strangers but open to emails a workspace admin has added.
      inviteOnly: config.passwordAuthEnabled && users > 0 && config.disableRegistration,
      allowedEmailDomains: config.allowedEmailDomains,
    });
  });

  api.post("/signup", async (c) => {
    const action = "sign up";
    requirePasswordAuth(action);
    const body = await readBody(c, signupBody, action);
    limit(c, signupsByIp, ipOf(c), action);
    checkEmailDomain(body.email, config);
    // Fails fast before the costly hash; createAccount checks again under its lock.
    checkRegistrationOpen(await store.read((tx) => signupState(tx, body.email)), config);
    const passwordHash = await hashPassword(body.password);
    const account = await createAccount(
      store,
      { email: body.email, name: body.name ?? "", passwordHash },
      config,
      c.get("requestId") ?? null,
    );
    deps.log.info("Account created", {
      userId: account.user.id,
      firstRun: account.firstRun,
      workspaceId: account.workspace?.id ?? null,
    });
    const token = await session(c, account.user);
    return c.json({ user: userDto(account.user), csrfToken: token }, 201);
  });

  api.post("/login", async (c) => {
    const action = "sign in";
    requirePasswordAuth(action);
    const body = await readBody(c, loginBody, action);
    limit(c, byIp, ipOf(c), action);
    limit(c, byEmail, body.email, action);
    const found = await store.read(async (tx) => {
      const user = await tx.users.getByEmail(body.email);
      const hash = user ? await tx.users.passwordHash(user.id) : null;
      return user && hash ? { user, hash } : null;
    });
    // An unknown email costs one Argon2id verification too, so timing does not tell.
    const ok = found
      ? await verifyPassword(body.password, found.hash)
      : await verifyDummy(body.password);
    if (!found || !ok) throw unauthorized(WRONG_CREDENTIALS);
    byEmail.reset(body.email);
    if (needsRehash(found.hash)) {
      const rehashed = await hashPassword(body.password);
      await store.write((tx) => tx.users.setPasswordHash(found.user.id, rehashed));
    }
    await cleanupSessions();
    const token = await session(c, found.user);
    return c.json({ user: userDto(found.user), csrfToken: token });
  });

  api.post("/logout", signedIn, async (c) => {
    const principal = c.get("principal");
    if (principal?.kind === "user") await endSession(c, auth, principal.sessionToken);
    else deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  api.get("/me", signedIn, async (c) => {
    const principal = requireUser(c, "show the current account");
    const email = principal.user.email;
    const workspaces = await store.read(async (tx) => {
      const roles = await tx.roles.forEmail(email);
      const role = new Map(roles.workspaces.map((r) => [r.workspaceId, r.role]));
      return (await tx.workspaces.listForEmail(email)).map((w) => ({
        id: w.id,
        name: w.name,
        role: role.get(w.id) ?? "member",
      }));
    });
    return c.json({
      user: userDto(principal.user),
      csrfToken: csrfToken(principal.sessionToken, auth.secretKey),
      workspaces,
    });
  });

  api.patch("/me", signedIn, async (c) => {
    const action = "update the account";
    const principal = requireUser(c, action);
    const body = await readBody(c, profileBody, action);
    const user = await store.write(async (tx) => {
      await tx.users.rename(principal.user.id, body.name);
      return await tx.users.get(principal.user.id);
    });
    if (!user) throw unauthorized("The account no longer exists");
    return c.json({ user: userDto(user) });
  });

  api.put("/password", signedIn, async (c) => {
    const action = "change the password";
    requirePasswordAuth(action);
    const principal = requireUser(c, action);
    const body = await readBody(c, passwordBody, action);
    const { user } = principal;
    limit(c, byEmail, user.email, action);
    const hash = await store.read((tx) => tx.users.passwordHash(user.id));
    const ok = hash
      ? await verifyPassword(body.currentPassword, hash)
      : await verifyDummy(body.currentPassword);
    if (!ok) {
      throw forbidden(`Cannot ${action}: currentPassword is incorrect`);
    }
    byEmail.reset(user.email);
    const newHash = await hashPassword(body.newPassword);
    await store.write(async (tx) => {
      await tx.users.setPasswordHash(user.id, newHash);
      await tx.users.deleteSessionsExcept(user.id, sha256Hex(principal.sessionToken));
    });
    deps.log.info("Password changed; other sessions ended", { userId: user.id });
    return c.body(null, 204);
  });

  return api;
}

/** The signed-in user behind a session cookie; API keys have no account. */
function requireUser(c: Context<AppEnv>, action: string): UserPrincipal {
  const principal = principalOf(c);
  if (principal.kind !== "user") {
    throw forbidden(`Cannot ${action}: this route needs a signed-in user, not an API key`);
  }
  return principal;
}

function userDto(user: User) {
  return { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt };
}
