// Workspaces: Replane's list/get/create/delete, plus rename and the projects of one workspace.
import { z } from "zod";
import { can } from "../../domain/permissions.ts";
import { workspaceName } from "../../domain/names.ts";
import { workspaceOr404 } from "./caller.ts";
import { IdDto, ProjectDto, toProject, toWorkspace, WorkspaceDto } from "./dto.ts";
import { workspaceParams } from "./fields.ts";
import { audit } from "../../service/audit.ts";
import { provisionWorkspace } from "../../service/provision.ts";
import { route } from "./registry.ts";

const tag = "Workspaces";

export const workspaceRoutes = [
  route({
    method: "get",
    path: "/workspaces",
    action: "list workspaces",
    tag,
    replane: true,
    response: z.object({ workspaces: z.array(WorkspaceDto) }),
    async handle({ deps, caller }) {
      const { actor } = await caller();
      const workspaces = await deps.store.read(async (tx) => {
        if (actor.kind === "superuser") return await tx.workspaces.list();
        if (actor.kind === "user") return await tx.workspaces.listForEmail(actor.email);
        const own = await tx.workspaces.get(actor.workspaceId);
        return own ? [own] : [];
      });
      return {
        workspaces: workspaces
          .filter((w) => can(actor, "workspace.read", { workspaceId: w.id }))
          .map(toWorkspace),
      };
    },
  }),
  route({
    method: "get",
    path: "/workspaces/{workspaceId}",
    action: "read the workspace",
    tag,
    replane: true,
    params: workspaceParams,
    response: WorkspaceDto,
    async handle({ deps, params, caller }) {
      const c = await caller();
      const w = await deps.store.read((tx) => workspaceOr404(tx, params.workspaceId));
      c.allow("workspace.read", { workspaceId: w.id });
      return toWorkspace(w);
    },
  }),
  route({
    method: "post",
    path: "/workspaces",
    action: "create a workspace",
    tag,
    replane: true,
    body: z.strictObject({ name: workspaceName }),
    status: 201,
    response: IdDto,
    async handle({ deps, body, caller }) {
      const c = await caller();
      c.allow("workspace.create", {});
      const adminEmail = c.actor.kind === "user" ? c.actor.email : null;
      const { workspace } = await deps.store.write((tx) =>
        provisionWorkspace(tx, body.name, adminEmail, c.audit)
      );
      return { id: workspace.id };
    },
  }),
  route({
    method: "patch",
    path: "/workspaces/{workspaceId}",
    action: "rename the workspace",
    tag,
    params: workspaceParams,
    body: z.strictObject({ name: workspaceName }),
    response: WorkspaceDto,
    async handle({ deps, params, body, caller }) {
      const c = await caller();
      return await deps.store.write(async (tx) => {
        const w = await workspaceOr404(tx, params.workspaceId);
        c.allow("workspace.update", { workspaceId: w.id });
        await tx.workspaces.rename(w.id, body.name);
        await audit(tx, c.audit, {
          workspaceId: w.id,
          action: "workspace.update",
          targetType: "workspace",
          targetId: w.id,
          before: { name: w.name },
          after: { name: body.name },
        });
        return toWorkspace((await tx.workspaces.get(w.id))!);
      });
    },
  }),
  route({
    method: "delete",
    path: "/workspaces/{workspaceId}",
    action: "delete the workspace",
    tag,
    replane: true,
    params: workspaceParams,
    status: 204,
    async handle({ deps, params, caller }) {
      const c = await caller();
      await deps.store.write(async (tx) => {
        const w = await workspaceOr404(tx, params.workspaceId);
        c.allow("workspace.delete", { workspaceId: w.id });
        await tx.workspaces.delete(w.id);
        await audit(tx, c.audit, {
          workspaceId: w.id,
          action: "workspace.delete",
          targetType: "workspace",
          targetId: w.id,
          before: { name: w.name },
        });
      });
      return null;
    },
  }),
  route({
    method: "get",
    path: "/workspaces/{workspaceId}/projects",
    action: "list the workspace's projects",
    tag,
    params: workspaceParams,
    response: z.object({ projects: z.array(ProjectDto) }),
    async handle({ deps, params, caller }) {
      const c = await caller();
      const projects = await deps.store.read(async (tx) => {
        const w = await workspaceOr404(tx, params.workspaceId);
        c.allow("workspace.read", { workspaceId: w.id });
        return await tx.projects.list(w.id);
      });
      return {
        projects: projects
          .filter((p) =>
            can(c.actor, "project.read", { workspaceId: p.workspaceId, projectId: p.id })
          )
          .map(toProject),
      };
    },
  }),
];
