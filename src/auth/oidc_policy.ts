// Who may sign in with SSO, from the provider's verified claims, and which workspace roles
// their groups give. Pure: no I/O.
import type { GroupRole, OidcConfig } from "../config/oidc.ts";
import { Forbidden } from "../domain/errors.ts";
import { normalizeEmail } from "../domain/names.ts";
import { emailDomain } from "../domain/registration.ts";
import type { WorkspaceRole } from "../domain/permissions.ts";

export type SsoProfile = {
  issuer: string;
  subject: string;
  email: string;
  name: string;
  groups: string[];
};

/** The profile, or Forbidden naming why this person may not sign in. */
export function admit(claims: Record<string, unknown>, settings: OidcConfig): SsoProfile {
  const email = typeof claims.email === "string" ? normalizeEmail(claims.email) : "";
  if (typeof claims.sub !== "string" || claims.sub === "") {
    throw new Forbidden("Cannot sign in: the provider sent no subject (sub)");
  }
  if (!email.includes("@")) {
    throw new Forbidden("Cannot sign in: the provider sent no email (ask for the email scope)");
  }
  if (claims.email_verified !== true) {
    throw new Forbidden(`Cannot sign in as "${email}": the provider has not verified this email`);
  }
  const domains = settings.allowedDomains;
  if (domains.length > 0 && !domains.includes(emailDomain(email))) {
    throw new Forbidden(
      `Cannot sign in as "${email}": the domain "${emailDomain(email)}" may not use single ` +
        `sign-on here (OIDC_ALLOWED_DOMAINS: ${domains.join(", ")})`,
    );
  }
  const raw = claims[settings.groupsClaim];
  const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === "string") : [];
  const allowed = settings.allowedGroups;
  if (allowed.length > 0 && !groups.some((g) => allowed.includes(g))) {
    throw new Forbidden(
      `Cannot sign in as "${email}": not in any of the groups allowed here ` +
        `(OIDC_ALLOWED_GROUPS: ${allowed.join(", ")})`,
    );
  }
  const name = typeof claims.name === "string" ? claims.name.trim().slice(0, 100) : "";
  return { issuer: settings.issuer, subject: claims.sub, email, name, groups };
}

/** Per mapped workspace: the highest role the groups give, or null for none. */
export function rolesFromGroups(
  groups: readonly string[],
  mapping: readonly GroupRole[],
): Map<string, WorkspaceRole | null> {
  const roles = new Map<string, WorkspaceRole | null>();
  for (const m of mapping) {
    if (!roles.has(m.workspaceId)) roles.set(m.workspaceId, null);
    if (!groups.includes(m.group)) continue;
    if (roles.get(m.workspaceId) !== "admin") roles.set(m.workspaceId, m.role);
  }
  return roles;
}
