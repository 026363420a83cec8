// Environments: Replane's list, plus create (optionally copying another environment's
// variants), rename, reorder and delete (src/service/environments.ts).
import { z } from "zod";
import { LIMITS } from "../../domain/limits.ts";
import { environmentName } from "../../domain/names.ts";
import * as environments from "../../service/environments.ts";
import { EnvironmentDto, toEnvironment } from "./dto.ts";
import { idField } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Environments";
const projectParams = z.object({ projectId: idField("projectId") });
const envParams = projectParams.extend({ environmentId: idField("environmentId") });
const listDto = z.object({ environments: z.array(EnvironmentDto) });
const createBody = z.strictObject({
  name: environmentName,
  copyFrom: idField("copyFrom").optional(),
});
const renameBody = z.strictObject({ name: environmentName });
const orderBody = z.strictObject({
  environmentIds: z.array(idField("environmentIds")).max(LIMITS.maxEnvironments),
});

type ProjectParams = z.infer<typeof projectParams>;
type EnvParams = z.infer<typeof envParams>;

async function listEnvironments({ deps, params, caller }: Input<ProjectParams, void, void>) {
  const list = await environments.listEnvironments(deps.store, await caller(), params.projectId);
  return { environments: list.map(toEnvironment) };
}

async function createEnvironment(
  { deps, params, body, caller }: Input<ProjectParams, void, z.infer<typeof createBody>>,
) {
  return toEnvironment(
    await environments.createEnvironment(
      deps.store,
      await caller(),
      params.projectId,
      body.name,
      body.copyFrom,
    ),
  );
}

async function renameEnvironment(
  { deps, params, body, caller }: Input<EnvParams, void, z.infer<typeof renameBody>>,
) {
  return toEnvironment(
    await environments.renameEnvironment(
      deps.store,
      await caller(),
      params.projectId,
      params.environmentId,
      body.name,
    ),
  );
}

async function reorderEnvironments(
  { deps, params, body, caller }: Input<ProjectParams, void, z.infer<typeof orderBody>>,
) {
  const list = await environments.reorderEnvironments(
    deps.store,
    await caller(),
    params.projectId,
    body.environmentIds,
  );
  return { environments: list.map(toEnvironment) };
}

async function deleteEnvironment({ deps, params, caller }: Input<EnvParams, void, void>) {
  await environments.deleteEnvironment(
    deps.store,
    await caller(),
    params.projectId,
    params.environmentId,
  );
  return null;
}

export const environmentRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/environments",
    action: "list environments",
    tag,
    replane: true,
    params: projectParams,
    response: listDto,
    handle: listEnvironments,
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/environments",
    action: "create an environment",
    tag,
    params: projectParams,
    body: createBody,
    status: 201,
    response: EnvironmentDto,
    handle: createEnvironment,
  }),
  route({
    method: "patch",
    path: "/projects/{projectId}/environments/{environmentId}",
    action: "rename the environment",
    tag,
    params: envParams,
    body: renameBody,
    response: EnvironmentDto,
    handle: renameEnvironment,
  }),
  route({
    method: "put",
    path: "/projects/{projectId}/environments/order",
    action: "reorder environments",
    tag,
    params: projectParams,
    body: orderBody,
    response: listDto,
    handle: reorderEnvironments,
  }),
  route({
    method: "delete",
    path: "/projects/{projectId}/environments/{environmentId}",
    action: "delete the environment",
    tag,
    params: envParams,
    status: 204,
    handle: deleteEnvironment,
  }),
];
