// Projects: Replane's list/get/create/update/delete, plus what the caller may do in one
// (src/service/projects.ts).
import { z } from "zod";
import { projectName } from "../../domain/names.ts";
import * as projects from "../../service/projects.ts";
import { IdDto, ProjectDto, toProject } from "./dto.ts";
import { projectParams, textField, workspaceParams } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Projects";
const createBody = z.strictObject({
  name: projectName,
  description: textField("description").optional().transform((d) => d ?? ""),
});
const updateBody = z.strictObject({
  name: projectName.optional(),
  description: textField("description").optional(),
});
const permissionsQuery = z.object({ config: z.string().optional() });

type ProjectParams = z.infer<typeof projectParams>;
type WorkspaceParams = z.infer<typeof workspaceParams>;

async function listProjects({ deps, caller }: Input<void, void, void>) {
  const list = await projects.listProjects(deps.store, await caller());
  return { projects: list.map(toProject) };
}

async function getProject({ deps, params, caller }: Input<ProjectParams, void, void>) {
  return toProject(await projects.getProject(deps.store, await caller(), params.projectId));
}

async function createProject(
  { deps, params, body, caller }: Input<WorkspaceParams, void, z.infer<typeof createBody>>,
) {
  const p = await projects.createProject(
    deps.store,
    await caller(),
    params.workspaceId,
    body.name,
    body.description,
  );
  return { id: p.id };
}

async function updateProject(
  { deps, params, body, caller }: Input<ProjectParams, void, z.infer<typeof updateBody>>,
) {
  await projects.updateProject(deps.store, await caller(), params.projectId, body);
  return { id: params.projectId };
}

async function deleteProject({ deps, params, caller }: Input<ProjectParams, void, void>) {
  await projects.deleteProject(deps.store, await caller(), params.projectId);
  return null;
}

async function readPermissions(
  { deps, params, query, caller }: Input<ProjectParams, z.infer<typeof permissionsQuery>, void>,
) {
  return await projects.projectPermissions(
    deps.store,
    await caller(),
    params.projectId,
    query.config,
  );
}

export const projectRoutes = [
  route({
    method: "get",
    path: "/projects",
    action: "list projects",
    tag,
    replane: true,
    response: z.object({ projects: z.array(ProjectDto) }),
    handle: listProjects,
  }),
  route({
    method: "get",
    path: "/projects/{projectId}",
    action: "read the project",
    tag,
    replane: true,
    params: projectParams,
    response: ProjectDto,
    handle: getProject,
  }),
  route({
    method: "post",
    path: "/workspaces/{workspaceId}/projects",
    action: "create a project",
    tag,
    replane: true,
    params: workspaceParams,
    body: createBody,
    status: 201,
    response: IdDto,
    handle: createProject,
  }),
  route({
    method: "patch",
    path: "/projects/{projectId}",
    action: "update the project",
    tag,
    replane: true,
    params: projectParams,
    body: updateBody,
    response: IdDto,
    handle: updateProject,
  }),
  route({
    method: "delete",
    path: "/projects/{projectId}",
    action: "delete the project",
    tag,
    replane: true,
    params: projectParams,
    status: 204,
    handle: deleteProject,
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/permissions",
    action: "read your permissions in the project",
    tag,
    params: projectParams,
    query: permissionsQuery,
    response: z.object({
      rank: z.string().nullable(),
      actions: z.record(z.string(), z.boolean()),
    }),
    handle: readPermissions,
  }),
];
