// OpenID Connect settings (docs/sso.md): the provider, who may sign in, and the group → role
// mapping. OIDC_GROUP_ROLES is "group=role@workspaceId" entries separated by commas; the last
// "@" ends the group and role (Google groups are emails), the last "=" before it the group.
import type { WorkspaceRole } from "../domain/permissions.ts";

export type GroupRole = { group: string; role: WorkspaceRole; workspaceId: string };

export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
  /** BASE_URL + /api/auth/oidc/callback: what the provider must have registered. */
  redirectUri: string;
  scopes: string;
  allowedDomains: string[];
  allowedGroups: string[];
  groupsClaim: string;
  groupRoles: GroupRole[];
  sessionHours: number;
};

export const OIDC_CALLBACK_PATH = "/api/auth/oidc/callback";
export const OIDC_LOGIN_PATH = "/api/auth/oidc/login";

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The mapping, or the problems with it, each naming the entry. */
export function parseGroupRoles(text: string): { roles: GroupRole[]; problems: string[] } {
  const roles: GroupRole[] = [];
  const problems: string[] = [];
  for (const raw of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const at = raw.lastIndexOf("@");
    const eq = raw.lastIndexOf("=", at);
    const group = eq > 0 ? raw.slice(0, eq).trim() : "";
    const role = raw.slice(eq + 1, at).trim();
    const workspaceId = raw.slice(at + 1).trim().toLowerCase();
    if (at < 0 || eq <= 0 || group === "") {
      problems.push(`OIDC_GROUP_ROLES: "${raw}" must read group=role@workspaceId`);
    } else if (role !== "admin" && role !== "member") {
      problems.push(`OIDC_GROUP_ROLES: "${raw}": role "${role}" must be admin or member`);
    } else if (!ID.test(workspaceId)) {
      problems.push(
        `OIDC_GROUP_ROLES: "${raw}": "${workspaceId}" must be a workspace id (as in /w/<id>)`,
      );
    } else roles.push({ group, role, workspaceId });
  }
  return { roles, problems };
}

/** http: is only for a provider on this machine (tests, development). */
export function issuerProblem(issuer: string): string | null {
  const u = new URL(issuer);
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
  if (u.protocol === "https:" || loopback) return null;
  return `OIDC_ISSUER: must be https (got "${issuer}"); http is allowed only for localhost`;
}
