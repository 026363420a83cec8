// Single sign-on use cases (docs/sso.md): sign in with a provider's verified profile (find the
// linked identity, else link the account with the same verified email, else create one under
// the registration rules), set workspace roles from groups, and end a user's sessions.
import type { GroupRole } from "../config/oidc.ts";
import { rolesFromGroups, type SsoProfile } from "../auth/oidc_policy.ts";
import { NotFound } from "../domain/errors.ts";
import {
  checkEmailDomain,
  checkRegistrationOpen,
  type RegistrationRules,
} from "../domain/registration.ts";
import type { Store, Tx } from "../store/store.ts";
import type { User } from "../store/types.ts";
import {
  type NewSession,
  openSession,
  type SessionRequest,
  signupState,
  startingWorkspace,
} from "./accounts.ts";
import { audit } from "./audit.ts";
import type { AuditContext, Caller } from "./caller.ts";
import { workspaceOr404 } from "./lookup.ts";

export type SsoRules = RegistrationRules & { groupRoles: GroupRole[]; sessionHours: number };

export type SsoSignIn = {
  user: User;
  session: NewSession;
  how: "identity" | "linked" | "created";
};

/** One transaction: the account, its identity, its mapped roles and its session. */
export async function signInWithSso(
  store: Store,
  profile: SsoProfile,
  rules: SsoRules,
  from: SessionRequest,
  requestId: string | null,
): Promise<SsoSignIn> {
  return await store.write(async (tx) => {
    const linked = await tx.identities.get(profile.issuer, profile.subject);
    let user = linked ? await tx.users.get(linked.userId) : null;
    let how: SsoSignIn["how"] = "identity";
    if (!user) {
      user = await tx.users.getByEmail(profile.email);
      how = "linked";
    }
    if (!user) {
      checkEmailDomain(profile.email, rules);
      const state = await signupState(tx, profile.email);
      checkRegistrationOpen(state, rules);
      user = await tx.users.create(profile.email, profile.name);
      await startingWorkspace(tx, user, state.userCount === 0, requestId);
      how = "created";
    }
    await tx.identities.upsert({ ...profile, userId: user.id });
    const ctx: AuditContext = {
      actor: { type: "user", id: user.id, label: `${user.email} (SSO groups)` },
      requestId,
    };
    await applyGroupRoles(tx, user.email, profile.groups, rules.groupRoles, ctx);
    const session = await openSession(tx, user, from, { hours: rules.sessionHours });
    return { user, session, how };
  });
}

/**
 * Each workspace named in the mapping gets the role the groups give, or loses the member when
 * they give none; a workspace's last admin is never demoted or removed this way.
 */
async function applyGroupRoles(
  tx: Tx,
  email: string,
  groups: readonly string[],
  mapping: readonly GroupRole[],
  ctx: AuditContext,
): Promise<void> {
  for (const [workspaceId, role] of rolesFromGroups(groups, mapping)) {
    if (!(await tx.workspaces.get(workspaceId))) continue;
    const current = await tx.workspaceMembers.get(workspaceId, email);
    if ((current?.role ?? null) === role) continue;
    if (current?.role === "admin") {
      const admins = (await tx.workspaceMembers.list(workspaceId)).filter((m) =>
        m.role === "admin"
      );
      if (admins.length === 1) continue;
    }
    if (role === null) await tx.workspaceMembers.remove(workspaceId, email);
    else await tx.workspaceMembers.set(workspaceId, email, role);
    await audit(tx, ctx, {
      workspaceId,
      action: `workspace_member.${role === null ? "remove" : current ? "update" : "add"}`,
      targetType: "workspace_member",
      targetId: email,
      before: current ? { email, role: current.role } : null,
      after: role === null ? null : { email, role },
    });
  }
}

/** Signs a workspace member out everywhere at once; answers how many sessions ended. */
export async function endMemberSessions(
  store: Store,
  caller: Caller,
  workspaceId: string,
  email: string,
): Promise<number> {
  return await store.write(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("workspace.members.write", { workspaceId: w.id });
    if (!(await tx.workspaceMembers.get(w.id, email))) {
      throw new NotFound("other", `"${email}" is not a member of workspace "${w.name}"`);
    }
    const user = await tx.users.getByEmail(email);
    const ended = user ? await tx.users.deleteSessionsOf(user.id) : 0;
    await audit(tx, caller.audit, {
      workspaceId: w.id,
      action: "user.sessions_end",
      targetType: "user",
      targetId: email,
      after: { sessionsEnded: ended },
    });
    return ended;
  });
}
