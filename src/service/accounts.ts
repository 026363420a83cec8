// Account use cases: sign-up (with the workspace a new account starts with), sign-in and
// sign-out, the profile, the password. docs/accounts.md has the rules. Passwords are hashed
// and checked outside any transaction, so no write waits on Argon2id. The cookie, the CSRF
// token and the rate limits belong to the HTTP layer.
import { hashPassword, needsRehash, verifyDummy, verifyPassword } from "../auth/password.ts";
import { newSessionToken, sha256Hex } from "../auth/tokens.ts";
import { Conflict, Forbidden } from "../domain/errors.ts";
import {
  checkEmailDomain,
  checkRegistrationOpen,
  FIRST_WORKSPACE_NAME,
  personalWorkspaceName,
  type RegistrationRules,
  type RegistrationStatus,
  registrationStatus,
  type SignupState,
} from "../domain/registration.ts";
import type { WorkspaceRole } from "../domain/permissions.ts";
import type { Store, Tx } from "../store/store.ts";
import type { User, Workspace } from "../store/types.ts";
import { provisionWorkspace } from "./provision.ts";

export const SESSION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Where a sign-in comes from, recorded with its session. */
export type SessionRequest = {
  ip: string;
  userAgent: string;
  /** The session token the client still presents; that session is ended. */
  replaces: string | null;
};

/** The secret token goes to the client only; the database keeps its SHA-256. */
export type NewSession = { token: string; expiresAt: string };

export type NewAccount = {
  user: User;
  /** True for the server's first account. */
  firstRun: boolean;
  /** The workspace created for the account, if one was. */
  workspace: Workspace | null;
  session: NewSession;
};

export async function serverRegistrationStatus(
  store: Store,
  settings: RegistrationRules & { passwordAuthEnabled: boolean },
): Promise<RegistrationStatus> {
  return registrationStatus(await store.read((tx) => tx.users.count()), settings);
}

/**
 * Creates the user, its password, whatever workspace it starts with and its first session, in
 * one transaction. Write transactions never overlap (SQLite's queue, Postgres's write lock),
 * so two concurrent first sign-ups see each other: exactly one of them is "first".
 */
export async function signUp(
  store: Store,
  input: { email: string; name: string; password: string },
  rules: RegistrationRules,
  from: SessionRequest,
  requestId: string | null,
): Promise<NewAccount> {
  checkEmailDomain(input.email, rules);
  // Fails fast before the costly hash; the write below checks again.
  checkRegistrationOpen(await store.read((tx) => signupState(tx, input.email)), rules);
  const passwordHash = await hashPassword(input.password);
  return await store.write(async (tx) => {
    const state = await signupState(tx, input.email);
    const firstRun = state.userCount === 0;
    checkRegistrationOpen(state, rules);
    if (await tx.users.getByEmail(input.email)) {
      throw new Conflict(
        `Cannot sign up as "${input.email}": an account with this email already exists`,
      );
    }
    const user = await tx.users.create(input.email, input.name);
    await tx.users.setPasswordHash(user.id, passwordHash);
    const workspace = await startingWorkspace(tx, user, firstRun, requestId);
    return { user, firstRun, workspace, session: await openSession(tx, user, from) };
  });
}

export async function signupState(tx: Tx, email: string): Promise<SignupState> {
  const userCount = await tx.users.count();
  const invited = (await tx.workspaces.listForEmail(email)).length > 0;
  return { userCount, invited };
}

export async function startingWorkspace(
  tx: Tx,
  user: User,
  firstRun: boolean,
  requestId: string | null,
): Promise<Workspace | null> {
  if (!firstRun && (await tx.workspaces.listForEmail(user.email)).length > 0) return null;
  const ctx = { actor: { type: "user" as const, id: user.id, label: user.email }, requestId };
  const name = firstRun ? FIRST_WORKSPACE_NAME : personalWorkspaceName(user);
  const { workspace } = await provisionWorkspace(tx, name, user.email, ctx);
  return workspace;
}

/**
 * Checks the password and opens a session; null when the email or the password is wrong. A
 * hash made with older parameters is replaced in the same write.
 */
export async function logIn(
  store: Store,
  credentials: { email: string; password: string },
  from: SessionRequest,
): Promise<{ user: User; session: NewSession } | null> {
  const { email, password } = credentials;
  const found = await store.read(async (tx) => {
    const user = await tx.users.getByEmail(email);
    const hash = user ? await tx.users.passwordHash(user.id) : null;
    return user && hash ? { user, hash } : null;
  });
  // An unknown email costs one Argon2id verification too, so timing does not tell.
  const ok = found ? await verifyPassword(password, found.hash) : await verifyDummy(password);
  if (!found || !ok) return null;
  const rehashed = needsRehash(found.hash) ? await hashPassword(password) : null;
  return await store.write(async (tx) => {
    if (rehashed) await tx.users.setPasswordHash(found.user.id, rehashed);
    return { user: found.user, session: await openSession(tx, found.user, from) };
  });
}

/** A password session lasts SESSION_DAYS and is extended; an SSO one ends at `sso.hours`. */
export async function openSession(
  tx: Tx,
  user: User,
  from: SessionRequest,
  sso?: { hours: number },
): Promise<NewSession> {
  const token = newSessionToken();
  const lifetime = sso ? sso.hours * 3_600_000 : SESSION_DAYS * DAY_MS;
  const expiresAt = new Date(Date.now() + lifetime).toISOString();
  // A browser that signs in again leaves no orphan behind, and a planted cookie never
  // survives a sign-in.
  if (from.replaces) await tx.users.deleteSession(sha256Hex(from.replaces));
  await tx.users.createSession({
    tokenHash: sha256Hex(token),
    userId: user.id,
    expiresAt,
    ip: from.ip.slice(0, 100),
    userAgent: from.userAgent.slice(0, 300),
    authMethod: sso ? "oidc" : "password",
  });
  return { token, expiresAt };
}

export async function logOut(store: Store, sessionToken: string): Promise<void> {
  await store.write((tx) => tx.users.deleteSession(sha256Hex(sessionToken)));
}

/** Returns how many expired sessions were deleted. */
export async function deleteExpiredSessions(store: Store): Promise<number> {
  return await store.write((tx) => tx.users.deleteExpiredSessions());
}

export type AccountWorkspace = { id: string; name: string; role: WorkspaceRole };

/** The workspaces the account's email belongs to, with its role in each. */
export async function accountWorkspaces(store: Store, email: string): Promise<AccountWorkspace[]> {
  return await store.read(async (tx) => {
    const roles = await tx.roles.forEmail(email);
    const role = new Map(roles.workspaces.map((r) => [r.workspaceId, r.role]));
    return (await tx.workspaces.listForEmail(email)).map((w) => ({
      id: w.id,
      name: w.name,
      role: role.get(w.id) ?? "member",
    }));
  });
}

/** The renamed user; null when the account no longer exists. */
export async function renameAccount(
  store: Store,
  userId: string,
  name: string,
): Promise<User | null> {
  return await store.write(async (tx) => {
    await tx.users.rename(userId, name);
    return await tx.users.get(userId);
  });
}

/** Whether the account has a password; one made by single sign-on has none. */
export async function hasPassword(store: Store, userId: string): Promise<boolean> {
  return (await store.read((tx) => tx.users.passwordHash(userId))) !== null;
}

/**
 * Replaces the password after checking the current one, and ends every session of the
 * account but `keepSession` (the one making the change).
 */
export async function changePassword(
  store: Store,
  user: User,
  keepSession: string,
  passwords: { current: string; next: string },
): Promise<void> {
  const hash = await store.read((tx) => tx.users.passwordHash(user.id));
  const ok = hash
    ? await verifyPassword(passwords.current, hash)
    : await verifyDummy(passwords.current);
  if (!ok) throw new Forbidden("Cannot change the password: currentPassword is incorrect");
  const newHash = await hashPassword(passwords.next);
  await store.write(async (tx) => {
    await tx.users.setPasswordHash(user.id, newHash);
    await tx.users.deleteSessionsExcept(user.id, sha256Hex(keepSession));
  });
}
