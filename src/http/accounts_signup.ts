// Who may create an account, and what a new account starts with.
//
// - First run (no user exists): the first account may always be created, even with
//   DISABLE_REGISTRATION, and becomes admin of a new workspace with a first project.
// - Later accounts: a person invited by email before signing up (a workspace membership for
//   their email) simply finds it; anyone else gets a personal workspace of their own, so a
//   fresh account is never an empty, dead end.
// - DISABLE_REGISTRATION makes the server invite-only: after the first account, only emails
//   that already hold a workspace membership may sign up. Without that exception an admin
//   could never add anyone, since accounts are only ever created by signing up.
// - ALLOWED_EMAIL_DOMAINS applies to every account, the first one included: an operator who
//   restricts domains does not want a stranger to claim a fresh server.
import type { Config } from "../config/config.ts";
import { LIMITS } from "../domain/limits.ts";
import type { Store, Tx } from "../store/store.ts";
import type { User, Workspace } from "../store/types.ts";
import { provisionWorkspace } from "../service/provision.ts";
import { conflict, forbidden } from "./errors.ts";

export const FIRST_WORKSPACE_NAME = "Default workspace";

export type RegistrationRules = Pick<Config, "disableRegistration" | "allowedEmailDomains">;

export type NewAccount = {
  user: User;
  /** True for the server's first account. */
  firstRun: boolean;
  /** The workspace created for the account, if one was. */
  workspace: Workspace | null;
};

/** The domain part of a normalized email. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}

/** Throws a 403 unless the email's domain may sign up. */
export function checkEmailDomain(email: string, rules: RegistrationRules): void {
  const allowed = rules.allowedEmailDomains;
  if (allowed.length === 0 || allowed.includes(emailDomain(email))) return;
  throw forbidden(
    `Cannot sign up as "${email}": the domain "${emailDomain(email)}" is not allowed ` +
      `on this server (ALLOWED_EMAIL_DOMAINS: ${allowed.join(", ")})`,
  );
}

/** What decides whether sign-up is open for one email. */
export type SignupState = { userCount: number; invited: boolean };

export async function signupState(tx: Tx, email: string): Promise<SignupState> {
  const userCount = await tx.users.count();
  const invited = (await tx.workspaces.listForEmail(email)).length > 0;
  return { userCount, invited };
}

/** Throws a 403 when sign-up is closed to this email. */
export function checkRegistrationOpen(state: SignupState, rules: RegistrationRules): void {
  if (state.userCount > 0 && rules.disableRegistration && !state.invited) {
    throw forbidden(
      "Cannot sign up: registration is disabled on this server (DISABLE_REGISTRATION); " +
        "ask a workspace admin to invite your email address first",
    );
  }
}

/**
 * Creates the user, its password and whatever workspace it starts with, in one transaction.
 * Write transactions never overlap (SQLite's queue, Postgres's write lock), so two concurrent
 * first sign-ups see each other: exactly one of them is "first".
 */
export async function createAccount(
  store: Store,
  input: { email: string; name: string; passwordHash: string },
  rules: RegistrationRules,
  requestId: string | null,
): Promise<NewAccount> {
  return await store.write(async (tx) => {
    const state = await signupState(tx, input.email);
    const firstRun = state.userCount === 0;
    checkRegistrationOpen(state, rules);
    if (await tx.users.getByEmail(input.email)) {
      throw conflict(
        `Cannot sign up as "${input.email}": an account with this email already exists`,
      );
    }
    const user = await tx.users.create(input.email, input.name);
    await tx.users.setPasswordHash(user.id, input.passwordHash);
    const workspace = await startingWorkspace(tx, user, firstRun, requestId);
    return { user, firstRun, workspace };
  });
}

async function startingWorkspace(
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

/** "Ada's workspace", or from the email's local part when the account has no name. */
export function personalWorkspaceName(user: Pick<User, "email" | "name">): string {
  const suffix = "'s workspace";
  const owner = user.name.trim() || user.email.slice(0, user.email.lastIndexOf("@"));
  const room = LIMITS.maxNameLength - suffix.length;
  return [...owner].slice(0, room).join("") + suffix;
}
