// Who is calling an admin route, and the lookups every route repeats: load a workspace,
// project or config (404 when missing), and name it as a permission target.
import type { Context } from "hono";
import type {
  Action,
  Actor,
  ConfigTarget,
  ProjectTarget,
  TargetFor,
} from "../../domain/permissions.ts";
import type { Store, Tx } from "../../store/store.ts";
import type { Config, Project, Workspace } from "../../store/types.ts";
import { actorOf, allow, auditActor } from "../access.ts";
import { notFound } from "../errors.ts";
import type { Principal } from "../middleware/auth.ts";
import type { AuditContext } from "./provision.ts";

export type Caller = {
  principal: Principal;
  actor: Actor;
  audit: AuditContext;
  /** Throws a 403 unless the caller may do `action` on `target`. */
  allow<A extends Action>(action: A, target: TargetFor<A>): void;
};

export async function callerOf(store: Store, principal: Principal, c: Context): Promise<Caller> {
  const actor = await actorOf(store, principal);
  return {
    principal,
    actor,
    audit: { actor: auditActor(principal), requestId: c.get("requestId") ?? null },
    allow: (action, target) => allow(actor, action, target),
  };
}

export const projectTarget = (p: Project): ProjectTarget => ({
  workspaceId: p.workspaceId,
  projectId: p.id,
});

export const configTarget = (p: Project, c: { id: string }): ConfigTarget => ({
  ...projectTarget(p),
  configId: c.id,
});

export async function workspaceOr404(tx: Tx, id: string): Promise<Workspace> {
  const w = await tx.workspaces.get(id);
  if (!w) throw notFound(`Workspace "${id}" not found`);
  return w;
}

export async function projectOr404(tx: Tx, id: string): Promise<Project> {
  const p = await tx.projects.get(id);
  if (!p) throw notFound(`Project "${id}" not found`);
  return p;
}

/** Replane's routes answer exactly "Config not found"; ours name the config. */
export async function configOr404(
  tx: Tx,
  project: Project,
  name: string,
  replane = false,
): Promise<Config> {
  const c = await tx.configs.get(project.id, name);
  if (!c) throw notFound(replane ? "Config not found" : `Config "${name}" not found`);
  return c;
}
