// Projects: list the caller's, read, create (with the default environments), update, delete
// (never the workspace's last one), and what the caller may do in one. One transaction each.
import { Invalid, invalid } from "../domain/errors.ts";
import { LIMITS } from "../domain/limits.ts";
import { type Action, ACTIONS, can, type Rank, rankOf } from "../domain/permissions.ts";
import type { Store, Tx } from "../store/store.ts";
import type { Project } from "../store/types.ts";
import { audit } from "./audit.ts";
import { type Caller, projectTarget } from "./caller.ts";
import { projectOr404, workspaceOr404 } from "./lookup.ts";
import { provisionProject } from "./provision.ts";

async function ensureNameFree(
  tx: Tx,
  workspaceId: string,
  name: string,
  action: string,
  except?: string,
) {
  const other = await tx.projects.getByName(workspaceId, name);
  if (other !== null && other.id !== except) {
    throw invalid(action, [{
      path: "name",
      message: `name "${name}" is already used by another project in this workspace`,
    }]);
  }
}

/** The projects, across the caller's workspaces, that the caller may read. */
export async function listProjects(store: Store, caller: Caller): Promise<Project[]> {
  const { actor } = caller;
  const projects = await store.read(async (tx) => {
    if (actor.kind === "superuser") return await tx.projects.list(null);
    const workspaceIds = actor.kind === "api_key"
      ? [actor.workspaceId]
      : (await tx.workspaces.listForEmail(actor.email)).map((w) => w.id);
    return (await Promise.all(workspaceIds.map((id) => tx.projects.list(id)))).flat();
  });
  return projects.filter((p) => can(actor, "project.read", projectTarget(p)));
}

export function getProject(store: Store, caller: Caller, projectId: string): Promise<Project> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("project.read", projectTarget(p));
    return p;
  });
}

export function createProject(
  store: Store,
  caller: Caller,
  workspaceId: string,
  name: string,
  description: string,
): Promise<Project> {
  const action = "create a project";
  return store.write(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("project.create", { workspaceId: w.id });
    await ensureNameFree(tx, w.id, name, action);
    const count = (await tx.projects.list(w.id)).length;
    if (count >= LIMITS.maxProjectsPerWorkspace) {
      throw new Invalid(
        `Cannot ${action}: the workspace already has ${count} projects; ` +
          `the limit is ${LIMITS.maxProjectsPerWorkspace}`,
      );
    }
    return await provisionProject(tx, w.id, name, description, caller.audit);
  });
}

/** What an update may change; what is left out stays. */
export type ProjectPatch = { name?: string; description?: string };

export function updateProject(
  store: Store,
  caller: Caller,
  projectId: string,
  patch: ProjectPatch,
): Promise<void> {
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("project.update", projectTarget(p));
    if (patch.name !== undefined) {
      await ensureNameFree(tx, p.workspaceId, patch.name, "update the project", p.id);
    }
    const change = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
    };
    await tx.projects.update(p.id, change);
    await audit(tx, caller.audit, {
      workspaceId: p.workspaceId,
      projectId: p.id,
      action: "project.update",
      targetType: "project",
      targetId: p.id,
      before: { name: p.name, description: p.description },
      after: { name: change.name ?? p.name, description: change.description ?? p.description },
    });
  });
}

/** Deletes the project and everything in it; a workspace keeps at least one project. */
export function deleteProject(store: Store, caller: Caller, projectId: string): Promise<void> {
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("project.delete", projectTarget(p));
    if ((await tx.projects.list(p.workspaceId)).length <= 1) {
      throw new Invalid(`Cannot delete project "${p.name}": it is the workspace's last project`);
    }
    await tx.projects.delete(p.id);
    await audit(tx, caller.audit, {
      workspaceId: p.workspaceId,
      projectId: p.id,
      action: "project.delete",
      targetType: "project",
      targetId: p.id,
      before: { name: p.name, description: p.description },
    });
  });
}

export type ProjectPermissions = {
  /** The caller's rung on the role ladder; null unless the caller is a user. */
  rank: Rank | null;
  /** Every project- or config-level action, and whether the caller may do it. */
  actions: Record<string, boolean>;
};

/** What the caller may do in the project, or on one of its configs when `configName` names one. */
export function projectPermissions(
  store: Store,
  caller: Caller,
  projectId: string,
  configName?: string,
): Promise<ProjectPermissions> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("project.read", projectTarget(p));
    const config = configName ? await tx.configs.get(p.id, configName) : null;
    const target = { ...projectTarget(p), configId: config?.id ?? "" };
    const actions: Record<string, boolean> = {};
    for (const action of Object.keys(ACTIONS) as Action[]) {
      if (ACTIONS[action].level === "global") continue;
      actions[action] = can(caller.actor, action, target);
    }
    const rank = caller.actor.kind === "user" ? rankOf(caller.actor, target) : null;
    return { rank, actions };
  });
}
