// Creating a workspace or project brings its defaults with it; the admin API, first-run
// signup and the dashboard all create them through here.
import type { Tx } from "../store/store.ts";
import type { Project, Workspace } from "../store/types.ts";
import { audit } from "./audit.ts";
import type { AuditContext } from "./caller.ts";

export const DEFAULT_ENVIRONMENTS = ["Production", "Development"] as const;
export const FIRST_PROJECT_NAME = "My project";

/** A project with the default environments, audited. */
export async function provisionProject(
  tx: Tx,
  workspaceId: string,
  name: string,
  description: string,
  ctx: AuditContext,
): Promise<Project> {
  const project = await tx.projects.create(workspaceId, name, description);
  for (const env of DEFAULT_ENVIRONMENTS) await tx.environments.create(project.id, env);
  await audit(tx, ctx, {
    workspaceId,
    projectId: project.id,
    action: "project.create",
    targetType: "project",
    targetId: project.id,
    after: { name, description },
  });
  return project;
}

/** A workspace with a first project; `adminEmail` (normalized) becomes its admin. */
export async function provisionWorkspace(
  tx: Tx,
  name: string,
  adminEmail: string | null,
  ctx: AuditContext,
): Promise<{ workspace: Workspace; project: Project }> {
  const workspace = await tx.workspaces.create(name);
  if (adminEmail) await tx.workspaceMembers.set(workspace.id, adminEmail, "admin");
  await audit(tx, ctx, {
    workspaceId: workspace.id,
    action: "workspace.create",
    targetType: "workspace",
    targetId: workspace.id,
    after: { name },
  });
  const project = await provisionProject(tx, workspace.id, FIRST_PROJECT_NAME, "", ctx);
  return { workspace, project };
}
