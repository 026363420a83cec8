// SDK keys (Replane's routes): list, create (the key is shown once), delete
// (src/service/sdk_keys.ts).
import { z } from "zod";
import { displayNameSchema } from "../../domain/names.ts";
import * as sdkKeys from "../../service/sdk_keys.ts";
import { SdkKeyDto, toSdkKey } from "./dto.ts";
import { idField, projectParams, textField } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "SDK keys";
const keyParams = projectParams.extend({ sdkKeyId: idField("sdkKeyId") });
const createBody = z.strictObject({
  name: displayNameSchema("name"),
  description: textField("description", 1000).optional().transform((d) => d ?? ""),
  environmentId: idField("environmentId"),
  /** May receive sensitive configs (docs/sensitive_values.md); default false. */
  readSensitive: z.boolean().optional(),
});

type ProjectParams = z.infer<typeof projectParams>;

async function listSdkKeys({ deps, params, caller }: Input<ProjectParams, void, void>) {
  const keys = await sdkKeys.listSdkKeys(deps.store, await caller(), params.projectId);
  return { sdkKeys: keys.map(toSdkKey) };
}

async function createSdkKey(
  { deps, params, body, caller }: Input<ProjectParams, void, z.infer<typeof createBody>>,
) {
  const { sdkKey, key } = await sdkKeys.createSdkKey(
    deps.store,
    await caller(),
    params.projectId,
    body,
  );
  return { ...toSdkKey(sdkKey), key };
}

async function deleteSdkKey(
  { deps, params, caller }: Input<z.infer<typeof keyParams>, void, void>,
) {
  await sdkKeys.deleteSdkKey(deps.store, await caller(), params.projectId, params.sdkKeyId);
  return null;
}

export const sdkKeyRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/sdk-keys",
    action: "list SDK keys",
    tag,
    replane: true,
    params: projectParams,
    response: z.object({ sdkKeys: z.array(SdkKeyDto) }),
    handle: listSdkKeys,
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/sdk-keys",
    action: "create an SDK key",
    tag,
    replane: true,
    params: projectParams,
    body: createBody,
    status: 201,
    response: SdkKeyDto.extend({ key: z.string().describe("The key; it is never shown again") }),
    handle: createSdkKey,
  }),
  route({
    method: "delete",
    path: "/projects/{projectId}/sdk-keys/{sdkKeyId}",
    action: "delete the SDK key",
    tag,
    replane: true,
    params: keyParams,
    status: 204,
    handle: deleteSdkKey,
  }),
];
