// Workspaces: list the caller's, read, create (with a first project), rename, delete, and
// list one workspace's projects. One transaction each.
import { can } from "../domain/permissions.ts";
import type { Store } from "../store/store.ts";
import type { Project, Workspace } from "../store/types.ts";
import { audit } from "./audit.ts";
import { type Caller, projectTarget } from "./caller.ts";
import { workspaceOr404 } from "./lookup.ts";
import { provisionWorkspace } from "./provision.ts";
import { deleteWorkspaceRelayKeys } from "./relay_keys.ts";

/** The workspaces the caller may read. */
export async function listWorkspaces(store: Store, caller: Caller): Promise<Workspace[]> {
  const { actor } = caller;
  const workspaces = await store.read(async (tx) => {
    if (actor.kind === "superuser") return await tx.workspaces.list();
    if (actor.kind === "user") return await tx.workspaces.listForEmail(actor.email);
    const own = await tx.workspaces.get(actor.workspaceId);
    return own ? [own] : [];
  });
  return workspaces.filter((w) => can(actor, "workspace.read", { workspaceId: w.id }));
}

export function getWorkspace(
  store: Store,
  caller: Caller,
  workspaceId: string,
): Promise<Workspace> {
  return store.read(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("workspace.read", { workspaceId: w.id });
    return w;
  });
}

/** A new workspace and its first project; a signed-in user becomes its admin. */
export async function createWorkspace(
  store: Store,
  caller: Caller,
  name: string,
): Promise<Workspace> {
  caller.allow("workspace.create", {});
  const adminEmail = caller.actor.kind === "user" ? caller.actor.email : null;
  const { workspace } = await store.write((tx) =>
    provisionWorkspace(tx, name, adminEmail, caller.audit)
  );
  return workspace;
}

export function renameWorkspace(
  store: Store,
  caller: Caller,
  workspaceId: string,
  name: string,
): Promise<Workspace> {
  return store.write(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("workspace.update", { workspaceId: w.id });
    await tx.workspaces.rename(w.id, name);
    await audit(tx, caller.audit, {
      workspaceId: w.id,
      action: "workspace.update",
      targetType: "workspace",
      targetId: w.id,
      before: { name: w.name },
      after: { name },
    });
    return (await tx.workspaces.get(w.id))!;
  });
}

/** Deletes the workspace and everything in it. */
export function deleteWorkspace(store: Store, caller: Caller, workspaceId: string): Promise<void> {
  return store.write(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("workspace.delete", { workspaceId: w.id });
    await deleteWorkspaceRelayKeys(tx, w.id);
    await tx.workspaces.delete(w.id);
    await audit(tx, caller.audit, {
      workspaceId: w.id,
      action: "workspace.delete",
      targetType: "workspace",
      targetId: w.id,
      before: { name: w.name },
    });
  });
}

/** The workspace's projects the caller may read. */
export async function listWorkspaceProjects(
  store: Store,
  caller: Caller,
  workspaceId: string,
): Promise<Project[]> {
  const projects = await store.read(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("workspace.read", { workspaceId: w.id });
    return await tx.projects.list(w.id);
  });
  return projects.filter((p) => can(caller.actor, "project.read", projectTarget(p)));
}
