// Workspace and project members, by normalized email: list, add, change role, remove. A
// workspace keeps at least one admin; a project's members must belong to its workspace.
import { Conflict, Invalid, invalid, NotFound } from "../domain/errors.ts";
import { LIMITS } from "../domain/limits.ts";
import { quote } from "../domain/names.ts";
import type { ProjectRole, WorkspaceRole } from "../domain/permissions.ts";
import type { Store, Tx } from "../store/store.ts";
import type { Member } from "../store/types.ts";
import { audit } from "./audit.ts";
import { type Caller, projectTarget } from "./caller.ts";
import { projectOr404, workspaceOr404 } from "./lookup.ts";

export type MemberKind = "workspace" | "project";

export const MEMBER_ROLES = {
  workspace: ["admin", "member"] as const satisfies readonly WorkspaceRole[],
  project: ["admin", "maintainer"] as const satisfies readonly ProjectRole[],
};

/** A workspace or a project, as its member list sees it. */
type Owner = {
  label: string;
  workspaceId: string;
  projectId: string | null;
  allow(caller: Caller, write: boolean): void;
  list(): Promise<Member<string>[]>;
  get(email: string): Promise<Member<string> | null>;
  /** Adds the member or changes their role; a role the kind does not have is Invalid. */
  set(email: string, role: string, action: string): Promise<void>;
  remove(email: string): Promise<void>;
  /** Throws unless `email` may get `role` (or lose theirs, when role is null). */
  guard(email: string, role: string | null, action: string): Promise<void>;
};

function roleOf<K extends MemberKind>(
  kind: K,
  role: string,
  action: string,
): (typeof MEMBER_ROLES)[K][number] {
  const roles: readonly string[] = MEMBER_ROLES[kind];
  if (roles.includes(role)) return role as (typeof MEMBER_ROLES)[K][number];
  throw invalid(action, [{
    path: "role",
    message: `role ${quote(role)} must be ${roles.map((r) => quote(r)).join(" or ")}`,
  }]);
}

async function workspaceOwner(tx: Tx, id: string): Promise<Owner> {
  const w = await workspaceOr404(tx, id);
  const repo = tx.workspaceMembers;
  return {
    label: `workspace "${w.name}"`,
    workspaceId: w.id,
    projectId: null,
    allow: (caller, write) =>
      caller.allow(write ? "workspace.members.write" : "workspace.members.read", {
        workspaceId: w.id,
      }),
    list: () => repo.list(w.id),
    get: (email) => repo.get(w.id, email),
    set: (email, role, action) => repo.set(w.id, email, roleOf("workspace", role, action)),
    remove: async (email) => {
      await repo.remove(w.id, email);
    },
    async guard(email, role, action) {
      if (role === "admin") return;
      const admins = (await repo.list(w.id)).filter((m) => m.role === "admin");
      if (admins.length === 1 && admins[0]!.email === email) {
        throw new Invalid(`Cannot ${action}: "${email}" is the workspace's last admin`);
      }
    },
  };
}

async function projectOwner(tx: Tx, id: string): Promise<Owner> {
  const p = await projectOr404(tx, id);
  const repo = tx.projectMembers;
  return {
    label: `project "${p.name}"`,
    workspaceId: p.workspaceId,
    projectId: p.id,
    allow: (caller, write) =>
      caller.allow(write ? "project.members.write" : "project.members.read", projectTarget(p)),
    list: () => repo.list(p.id),
    get: (email) => repo.get(p.id, email),
    set: (email, role, action) => repo.set(p.id, email, roleOf("project", role, action)),
    remove: async (email) => {
      await repo.remove(p.id, email);
    },
    async guard(email, role, action) {
      if (role === null || await tx.workspaceMembers.get(p.workspaceId, email)) return;
      throw invalid(action, [{
        path: "email",
        message:
          `email "${email}" is not a member of the project's workspace; add them there first`,
      }], "not_workspace_member");
    },
  };
}

const ownerOf = (tx: Tx, kind: MemberKind, id: string) =>
  kind === "workspace" ? workspaceOwner(tx, id) : projectOwner(tx, id);

export async function listMembers(
  store: Store,
  caller: Caller,
  kind: MemberKind,
  ownerId: string,
): Promise<Member<string>[]> {
  return await store.read(async (tx) => {
    const owner = await ownerOf(tx, kind, ownerId);
    owner.allow(caller, false);
    return await owner.list();
  });
}

export type MemberChange = {
  kind: MemberKind;
  /** The workspace's or the project's id. */
  ownerId: string;
  email: string;
  /** The new role; null removes the member. */
  role: string | null;
  mode: "add" | "update" | "remove";
};

/** Adds, changes or removes one member, audited; answers the member as stored (null if removed). */
export async function changeMember(
  store: Store,
  caller: Caller,
  change: MemberChange,
): Promise<Member<string> | null> {
  const { kind, email: who, role, mode } = change;
  const action = `${mode} ${kind} member "${who}"`;
  return await store.write(async (tx) => {
    const owner = await ownerOf(tx, kind, change.ownerId);
    owner.allow(caller, true);
    const current = await owner.get(who);
    if (mode === "add" && current) {
      throw new Conflict(`Cannot ${action}: they are already a member of ${owner.label}`);
    }
    if (mode !== "add" && !current) {
      throw new NotFound("other", `"${who}" is not a member of ${owner.label}`);
    }
    if (mode === "add" && (await owner.list()).length >= LIMITS.maxMembers) {
      throw new Invalid(
        `Cannot ${action}: ${owner.label} has ${LIMITS.maxMembers} members, the limit`,
      );
    }
    await owner.guard(who, role, action);
    if (role === null) await owner.remove(who);
    else await owner.set(who, role, action);
    await audit(tx, caller.audit, {
      workspaceId: owner.workspaceId,
      projectId: owner.projectId,
      action: `${kind}_member.${mode}`,
      targetType: `${kind}_member`,
      targetId: who,
      before: current ? { email: who, role: current.role } : null,
      after: role === null ? null : { email: who, role },
    });
    return role === null ? null : await owner.get(who);
  });
}
