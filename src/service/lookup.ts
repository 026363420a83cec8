// Loading what a use case acts on, inside its transaction; a miss is NotFound.
import { NotFound } from "../domain/errors.ts";
import type { Tx } from "../store/store.ts";
import type { Config, Environment, Project, Workspace } from "../store/types.ts";

export async function workspaceOr404(tx: Tx, id: string): Promise<Workspace> {
  const w = await tx.workspaces.get(id);
  if (!w) throw new NotFound("workspace", `Workspace "${id}" not found`);
  return w;
}

export async function projectOr404(tx: Tx, id: string): Promise<Project> {
  const p = await tx.projects.get(id);
  if (!p) throw new NotFound("project", `Project "${id}" not found`);
  return p;
}

export async function configOr404(tx: Tx, project: Project, name: string): Promise<Config> {
  const c = await tx.configs.get(project.id, name);
  if (!c) throw new NotFound("config", `Config "${name}" not found`);
  return c;
}

export async function environmentOr404(
  tx: Tx,
  project: Project,
  id: string,
): Promise<Environment> {
  const e = await tx.environments.get(id);
  if (!e || e.projectId !== project.id) {
    throw new NotFound("other", `Environment "${id}" not found in project "${project.name}"`);
  }
  return e;
}
