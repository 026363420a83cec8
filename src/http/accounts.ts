// Accounts and sign-in at /api/admin/v1/auth: first-run setup, sign-up, login, logout, the
// current account, password change (docs/accounts.md). The use cases are in
// src/service/accounts.ts; here are the session cookie, the CSRF token and the rate limits.
import type { Context } from "hono";
import { z } from "zod";
import { RateLimiter } from "../auth/rate_limit.ts";
import { OIDC_LOGIN_PATH } from "../config/oidc.ts";
import { csrfToken } from "../auth/tokens.ts";
import * as accounts from "../service/accounts.ts";
import type { User } from "../store/types.ts";
import {
  loginBody,
  MAX_ACCOUNT_BODY_BYTES,
  passwordBody,
  profileBody,
  signupBody,
} from "./accounts_input.ts";
import { type Input, route } from "./admin/registry.ts";
import type { AppDeps, AppEnv } from "./context.ts";
import { clientIp } from "./client_ip.ts";
import { forbidden, tooManyRequests, unauthorized } from "./errors.ts";
import { type Principal, principalOf } from "./middleware/auth.ts";
import { clearSessionCookie, sessionCookie, setSessionCookie } from "./session_cookie.ts";

export const LOGIN_ATTEMPTS_PER_MINUTE = 10;
export const WRONG_CREDENTIALS = "Email or password is incorrect";
const MINUTE_MS = 60_000;
const SESSION_CLEANUP_EVERY_MS = 10 * MINUTE_MS;

const tag = "Accounts";
const time = z.string().describe("ISO-8601 time");
const UserDto = z.object({ id: z.string(), email: z.string(), name: z.string(), createdAt: time });
const SignedInDto = z.object({ user: UserDto, csrfToken: z.string() });
const toUser = (u: User) => ({ id: u.id, email: u.email, name: u.name, createdAt: u.createdAt });

type UserPrincipal = Extract<Principal, { kind: "user" }>;
type Body<S extends z.ZodType> = Input<void, void, z.infer<S>>;

/** Per app, not per process: tests run several apps side by side. */
type AppState = {
  byEmail: RateLimiter;
  byIp: RateLimiter;
  /** Null when RATE_LIMIT_SIGNUPS_PER_MINUTE=0. */
  signupsByIp: RateLimiter | null;
  lastCleanup: number;
};
const states = new WeakMap<AppDeps, AppState>();

function stateOf(deps: AppDeps): AppState {
  let state = states.get(deps);
  if (!state) {
    const signups = deps.config.rateLimits.signupsPerIp;
    const logins = () => new RateLimiter({ limit: LOGIN_ATTEMPTS_PER_MINUTE, windowMs: MINUTE_MS });
    state = {
      byEmail: logins(),
      byIp: logins(),
      signupsByIp: signups > 0 ? new RateLimiter({ limit: signups, windowMs: MINUTE_MS }) : null,
      lastCleanup: 0,
    };
    states.set(deps, state);
  }
  return state;
}

function limit(c: Context, limiter: RateLimiter, key: string, action: string): void {
  const result = limiter.hit(key);
  if (result.allowed) return;
  c.header("Retry-After", String(result.retryAfterSeconds));
  throw tooManyRequests(
    `Cannot ${action}: too many attempts; try again in ${result.retryAfterSeconds} s`,
  );
}

const ipOf = (c: Context, deps: AppDeps) => clientIp(c, deps.config.trustedProxyHops);

function requirePasswordAuth({ deps, action }: { deps: AppDeps; action: string }): void {
  if (!deps.config.passwordAuthEnabled) {
    throw forbidden(
      `Cannot ${action}: password sign-in is disabled on this server (PASSWORD_AUTH_ENABLED=false)`,
    );
  }
}

/** The signed-in user behind a session cookie; API keys have no account. */
function requireUser({ c, action }: { c: Context<AppEnv>; action: string }): UserPrincipal {
  const principal = principalOf(c);
  if (principal.kind !== "user") {
    throw forbidden(`Cannot ${action}: this route needs a signed-in user, not an API key`);
  }
  return principal;
}

/** Sets the session cookie; the answer carries the CSRF token for that session. */
function signedIn(c: Context, deps: AppDeps, user: User, session: accounts.NewSession) {
  setSessionCookie(c, session, deps.config.baseUrl?.startsWith("https:") ?? false);
  return { user: toUser(user), csrfToken: csrfToken(session.token, deps.config.secretKey) };
}

const sessionRequest = (c: Context, deps: AppDeps): accounts.SessionRequest => ({
  ip: ipOf(c, deps),
  userAgent: c.req.header("user-agent") ?? "",
  replaces: sessionCookie(c),
});

async function showStatus({ deps }: Input<void, void, void>) {
  const status = await accounts.serverRegistrationStatus(deps.store, deps.config);
  const oidc = deps.config.oidc;
  return {
    ...status,
    sso: oidc ? { displayName: oidc.displayName, loginUrl: OIDC_LOGIN_PATH } : null,
  };
}

async function signUp({ c, deps, body }: Body<typeof signupBody>) {
  const signups = stateOf(deps).signupsByIp;
  if (signups) limit(c, signups, ipOf(c, deps), "sign up");
  const account = await accounts.signUp(
    deps.store,
    { email: body.email, name: body.name ?? "", password: body.password },
    deps.config,
    sessionRequest(c, deps),
    c.get("requestId") ?? null,
  );
  deps.log.info("Account created", {
    userId: account.user.id,
    firstRun: account.firstRun,
    workspaceId: account.workspace?.id ?? null,
  });
  return signedIn(c, deps, account.user, account.session);
}

async function logIn({ c, deps, body }: Body<typeof loginBody>) {
  const state = stateOf(deps);
  limit(c, state.byIp, ipOf(c, deps), "sign in");
  limit(c, state.byEmail, body.email, "sign in");
  const done = await accounts.logIn(deps.store, body, sessionRequest(c, deps));
  if (!done) {
    deps.log.warn("Failed login", {
      email: body.email,
      ip: ipOf(c, deps),
      requestId: c.get("requestId"),
    });
    throw unauthorized(WRONG_CREDENTIALS);
  }
  state.byEmail.reset(body.email);
  if (Date.now() - state.lastCleanup >= SESSION_CLEANUP_EVERY_MS) {
    state.lastCleanup = Date.now();
    await accounts.deleteExpiredSessions(deps.store).catch((error) =>
      deps.log.warn("Cannot delete expired sessions", { error })
    );
  }
  return signedIn(c, deps, done.user, done.session);
}

/** 204 with the cookie cleared, signed in or not. */
async function logOut({ c, deps }: Input<void, void, void>) {
  const principal = c.get("principal");
  if (principal?.kind === "user") await accounts.logOut(deps.store, principal.sessionToken);
  clearSessionCookie(c);
  return null;
}

async function showAccount({ c, deps }: Input<void, void, void>) {
  const { user, sessionToken } = requireUser({ c, action: "show the current account" });
  return {
    user: toUser(user),
    csrfToken: csrfToken(sessionToken, deps.config.secretKey),
    workspaces: await accounts.accountWorkspaces(deps.store, user.email),
    hasPassword: await accounts.hasPassword(deps.store, user.id),
  };
}

async function updateAccount({ c, deps, body }: Body<typeof profileBody>) {
  const { user } = requireUser({ c, action: "update the account" });
  const renamed = await accounts.renameAccount(deps.store, user.id, body.name);
  if (!renamed) throw unauthorized("The account no longer exists");
  return { user: toUser(renamed) };
}

async function changePassword({ c, deps, body }: Body<typeof passwordBody>) {
  const action = "change the password";
  const { user, sessionToken } = requireUser({ c, action });
  const { byEmail } = stateOf(deps);
  limit(c, byEmail, user.email, action);
  await accounts.changePassword(deps.store, user, sessionToken, {
    current: body.currentPassword,
    next: body.newPassword,
  });
  byEmail.reset(user.email);
  deps.log.info("Password changed; other sessions ended", { userId: user.id });
  return null;
}

// Sign-up, login and status answer before authentication, so a stale cookie or a foreign key
// cannot get in the way of signing in; the others are behind it, with the CSRF check. The
// bodies are small, and JSON only.
const bodies = { maxBodyBytes: MAX_ACCOUNT_BODY_BYTES, jsonOnly: true } as const;
const open = { tag, auth: false, beforeAuth: true, ...bodies } as const;
const authenticated = { tag, ...bodies } as const;

export const accountRoutes = [
  route({
    ...open,
    method: "get",
    path: "/auth/status",
    action: "read the sign-in status",
    response: z.object({
      needsSetup: z.boolean(),
      passwordAuthEnabled: z.boolean(),
      registrationOpen: z.boolean().describe("Anyone may sign up"),
      inviteOnly: z.boolean().describe("Only emails a workspace admin has added may sign up"),
      allowedEmailDomains: z.array(z.string()),
      sso: z.object({ displayName: z.string(), loginUrl: z.string() }).nullable()
        .describe("Single sign-on, when OIDC_ISSUER is set (docs/sso.md)"),
    }),
    handle: showStatus,
  }),
  route({
    ...open,
    method: "post",
    path: "/auth/signup",
    action: "sign up",
    guard: requirePasswordAuth,
    body: signupBody,
    status: 201,
    response: SignedInDto,
    handle: signUp,
  }),
  route({
    ...open,
    method: "post",
    path: "/auth/login",
    action: "sign in",
    guard: requirePasswordAuth,
    body: loginBody,
    response: SignedInDto,
    handle: logIn,
  }),
  route({
    ...authenticated,
    method: "post",
    path: "/auth/logout",
    action: "sign out",
    // Answers 204 without a session too; a session cookie still needs its CSRF token.
    auth: false,
    status: 204,
    handle: logOut,
  }),
  route({
    ...authenticated,
    method: "get",
    path: "/auth/me",
    action: "show the current account",
    guard: requireUser,
    response: SignedInDto.extend({
      workspaces: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
      hasPassword: z.boolean().describe(
        "The account has a password; one made by single sign-on has none (docs/sso.md)",
      ),
    }),
    handle: showAccount,
  }),
  route({
    ...authenticated,
    method: "patch",
    path: "/auth/me",
    action: "update the account",
    guard: requireUser,
    body: profileBody,
    response: z.object({ user: UserDto }),
    handle: updateAccount,
  }),
  route({
    ...authenticated,
    method: "put",
    path: "/auth/password",
    action: "change the password",
    guard: (input) => {
      requirePasswordAuth(input);
      requireUser(input);
    },
    body: passwordBody,
    status: 204,
    handle: changePassword,
  }),
];
