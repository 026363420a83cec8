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
import { Forbidden } from "./errors.ts";
import { LIMITS } from "./limits.ts";

export const FIRST_WORKSPACE_NAME = "Default workspace";

export type RegistrationRules = {
  disableRegistration: boolean;
  allowedEmailDomains: readonly string[];
};

/** The domain part of a normalized email. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}

/** Throws Forbidden unless the email's domain may sign up. */
export function checkEmailDomain(email: string, rules: RegistrationRules): void {
  const allowed = rules.allowedEmailDomains;
  if (allowed.length === 0 || allowed.includes(emailDomain(email))) return;
  throw new Forbidden(
    `Cannot sign up as "${email}": the domain "${emailDomain(email)}" is not allowed ` +
      `on this server (ALLOWED_EMAIL_DOMAINS: ${allowed.join(", ")})`,
  );
}

/** What decides whether sign-up is open for one email. */
export type SignupState = { userCount: number; invited: boolean };

/** Throws Forbidden when sign-up is closed to this email. */
export function checkRegistrationOpen(state: SignupState, rules: RegistrationRules): void {
  if (state.userCount > 0 && rules.disableRegistration && !state.invited) {
    throw new Forbidden(
      "Cannot sign up: registration is disabled on this server (DISABLE_REGISTRATION); " +
        "ask a workspace admin to invite your email address first",
    );
  }
}

/** What the sign-in screen shows before anyone is signed in. */
export type RegistrationStatus = {
  needsSetup: boolean;
  passwordAuthEnabled: boolean;
  registrationOpen: boolean;
  inviteOnly: boolean;
  allowedEmailDomains: string[];
};

export function registrationStatus(
  userCount: number,
  settings: RegistrationRules & { passwordAuthEnabled: boolean },
): RegistrationStatus {
  const passwords = settings.passwordAuthEnabled;
  return {
    needsSetup: userCount === 0,
    passwordAuthEnabled: passwords,
    registrationOpen: passwords && (userCount === 0 || !settings.disableRegistration),
    // Sign-up is closed to strangers but open to emails a workspace admin has added.
    inviteOnly: passwords && userCount > 0 && settings.disableRegistration,
    allowedEmailDomains: [...settings.allowedEmailDomains],
  };
}

/** "Ada's workspace", or from the email's local part when the account has no name. */
export function personalWorkspaceName(user: { email: string; name: string }): string {
  const suffix = "'s workspace";
  const owner = user.name.trim() || user.email.slice(0, user.email.lastIndexOf("@"));
  const room = LIMITS.maxNameLength - suffix.length;
  return [...owner].slice(0, room).join("") + suffix;
}
