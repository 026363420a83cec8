// Workspaces: Replane's list/get/create/delete, plus rename and the projects of one workspace
// (src/service/workspaces.ts).
import { z } from "zod";
import { workspaceName } from "../../domain/names.ts";
import * as workspaces from "../../service/workspaces.ts";
import { IdDto, ProjectDto, toProject, toWorkspace, WorkspaceDto } from "./dto.ts";
import { workspaceParams } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Workspaces";
const nameBody = z.strictObject({ name: workspaceName });

type WorkspaceParams = z.infer<typeof workspaceParams>;
type NameBody = z.infer<typeof nameBody>;

async function listWorkspaces({ deps, caller }: Input<void, void, void>) {
  const list = await workspaces.listWorkspaces(deps.store, await caller());
  return { workspaces: list.map(toWorkspace) };
}

async function getWorkspace({ deps, params, caller }: Input<WorkspaceParams, void, void>) {
  return toWorkspace(
    await workspaces.getWorkspace(deps.store, await caller(), params.workspaceId),
  );
}

async function createWorkspace({ deps, body, caller }: Input<void, void, NameBody>) {
  const w = await workspaces.createWorkspace(deps.store, await caller(), body.name);
  return { id: w.id };
}

async function renameWorkspace(
  { deps, params, body, caller }: Input<WorkspaceParams, void, NameBody>,
) {
  return toWorkspace(
    await workspaces.renameWorkspace(deps.store, await caller(), params.workspaceId, body.name),
  );
}

async function deleteWorkspace({ deps, params, caller }: Input<WorkspaceParams, void, void>) {
  await workspaces.deleteWorkspace(deps.store, await caller(), params.workspaceId);
  return null;
}

async function listWorkspaceProjects(
  { deps, params, caller }: Input<WorkspaceParams, void, void>,
) {
  const list = await workspaces.listWorkspaceProjects(
    deps.store,
    await caller(),
    params.workspaceId,
  );
  return { projects: list.map(toProject) };
}

export const workspaceRoutes = [
  route({
    method: "get",
    path: "/workspaces",
    action: "list workspaces",
    tag,
    replane: true,
    response: z.object({ workspaces: z.array(WorkspaceDto) }),
    handle: listWorkspaces,
  }),
  route({
    method: "get",
    path: "/workspaces/{workspaceId}",
    action: "read the workspace",
    tag,
    replane: true,
    params: workspaceParams,
    response: WorkspaceDto,
    handle: getWorkspace,
  }),
  route({
    method: "post",
    path: "/workspaces",
    action: "create a workspace",
    tag,
    replane: true,
    body: nameBody,
    status: 201,
    response: IdDto,
    handle: createWorkspace,
  }),
  route({
    method: "patch",
    path: "/workspaces/{workspaceId}",
    action: "rename the workspace",
    tag,
    params: workspaceParams,
    body: nameBody,
    response: WorkspaceDto,
    handle: renameWorkspace,
  }),
  route({
    method: "delete",
    path: "/workspaces/{workspaceId}",
    action: "delete the workspace",
    tag,
    replane: true,
    params: workspaceParams,
    status: 204,
    handle: deleteWorkspace,
  }),
  route({
    method: "get",
    path: "/workspaces/{workspaceId}/projects",
    action: "list the workspace's projects",
    tag,
    params: workspaceParams,
    response: z.object({ projects: z.array(ProjectDto) }),
    handle: listWorkspaceProjects,
  }),
];
