// Projects: Replane's list/get/create/update/delete, plus what the caller may do in one.
import { z } from "zod";
import { LIMITS } from "../../domain/limits.ts";
import { projectName } from "../../domain/names.ts";
import { type Action, ACTIONS, can, rankOf } from "../../domain/permissions.ts";
import type { Tx } from "../../store/store.ts";
import { badRequest } from "../errors.ts";
import { projectOr404, projectTarget, workspaceOr404 } from "./caller.ts";
import { IdDto, ProjectDto, toProject } from "./dto.ts";
import { projectParams, textField, workspaceParams } from "./fields.ts";
import { audit } from "../../service/audit.ts";
import { provisionProject } from "../../service/provision.ts";
import { invalid, route } from "./registry.ts";

const tag = "Projects";

async function nameTaken(tx: Tx, workspaceId: string, name: string, except?: string) {
  const other = await tx.projects.getByName(workspaceId, name);
  return other !== null && other.id !== except;
}

const taken = (action: string, name: string) =>
  invalid(action, [{
    path: "name",
    message: `name "${name}" is already used by another project in this workspace`,
  }]);

export const projectRoutes = [
  route({
    method: "get",
    path: "/projects",
    action: "list projects",
    tag,
    replane: true,
    response: z.object({ projects: z.array(ProjectDto) }),
    async handle({ deps, caller }) {
      const { actor } = await caller();
      const projects = await deps.store.read(async (tx) => {
        if (actor.kind === "superuser") return await tx.projects.list(null);
        const workspaceIds = actor.kind === "api_key"
          ? [actor.workspaceId]
          : (await tx.workspaces.listForEmail(actor.email)).map((w) => w.id);
        return (await Promise.all(workspaceIds.map((id) => tx.projects.list(id)))).flat();
      });
      return {
        projects: projects.filter((p) => can(actor, "project.read", projectTarget(p))).map(
          toProject,
        ),
      };
    },
  }),
  route({
    method: "get",
    path: "/projects/{projectId}",
    action: "read the project",
    tag,
    replane: true,
    params: projectParams,
    response: ProjectDto,
    async handle({ deps, params, caller }) {
      const c = await caller();
      const p = await deps.store.read((tx) => projectOr404(tx, params.projectId));
      c.allow("project.read", projectTarget(p));
      return toProject(p);
    },
  }),
  route({
    method: "post",
    path: "/workspaces/{workspaceId}/projects",
    action: "create a project",
    tag,
    replane: true,
    params: workspaceParams,
    body: z.strictObject({
      name: projectName,
      description: textField("description").optional().transform((d) => d ?? ""),
    }),
    status: 201,
    response: IdDto,
    async handle({ deps, params, body, caller }) {
      const c = await caller();
      const project = await deps.store.write(async (tx) => {
        const w = await workspaceOr404(tx, params.workspaceId);
        c.allow("project.create", { workspaceId: w.id });
        if (await nameTaken(tx, w.id, body.name)) throw taken("create a project", body.name);
        const count = (await tx.projects.list(w.id)).length;
        if (count >= LIMITS.maxProjectsPerWorkspace) {
          throw badRequest(
            `Cannot create a project: the workspace already has ${count} projects; ` +
              `the limit is ${LIMITS.maxProjectsPerWorkspace}`,
          );
        }
        return await provisionProject(tx, w.id, body.name, body.description, c.audit);
      });
      return { id: project.id };
    },
  }),
  route({
    method: "patch",
    path: "/projects/{projectId}",
    action: "update the project",
    tag,
    replane: true,
    params: projectParams,
    body: z.strictObject({
      name: projectName.optional(),
      description: textField("description").optional(),
    }),
    response: IdDto,
    async handle({ deps, params, body, caller }) {
      const c = await caller();
      await deps.store.write(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("project.update", projectTarget(p));
        if (body.name !== undefined && await nameTaken(tx, p.workspaceId, body.name, p.id)) {
          throw taken("update the project", body.name);
        }
        const patch = {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
        };
        await tx.projects.update(p.id, patch);
        await audit(tx, c.audit, {
          workspaceId: p.workspaceId,
          projectId: p.id,
          action: "project.update",
          targetType: "project",
          targetId: p.id,
          before: { name: p.name, description: p.description },
          after: { name: patch.name ?? p.name, description: patch.description ?? p.description },
        });
      });
      return { id: params.projectId };
    },
  }),
  route({
    method: "delete",
    path: "/projects/{projectId}",
    action: "delete the project",
    tag,
    replane: true,
    params: projectParams,
    status: 204,
    async handle({ deps, params, caller }) {
      const c = await caller();
      await deps.store.write(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("project.delete", projectTarget(p));
        if ((await tx.projects.list(p.workspaceId)).length <= 1) {
          throw badRequest(
            `Cannot delete project "${p.name}": it is the workspace's last project`,
          );
        }
        await tx.projects.delete(p.id);
        await audit(tx, c.audit, {
          workspaceId: p.workspaceId,
          projectId: p.id,
          action: "project.delete",
          targetType: "project",
          targetId: p.id,
          before: { name: p.name, description: p.description },
        });
      });
      return null;
    },
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/permissions",
    action: "read your permissions in the project",
    tag,
    params: projectParams,
    query: z.object({ config: z.string().optional() }),
    response: z.object({
      rank: z.string().nullable(),
      actions: z.record(z.string(), z.boolean()),
    }),
    async handle({ deps, params, query, caller }) {
      const c = await caller();
      const { project, configId } = await deps.store.read(async (tx) => {
        const project = await projectOr404(tx, params.projectId);
        const config = query.config ? await tx.configs.get(project.id, query.config) : null;
        return { project, configId: config?.id };
      });
      c.allow("project.read", projectTarget(project));
      const target = { ...projectTarget(project), configId: configId ?? "" };
      const actions: Record<string, boolean> = {};
      for (const action of Object.keys(ACTIONS) as Action[]) {
        if (ACTIONS[action].level === "global") continue;
        actions[action] = can(c.actor, action, target);
      }
      const rank = c.actor.kind === "user" ? rankOf(c.actor, target) : null;
      return { rank, actions };
    },
  }),
];
