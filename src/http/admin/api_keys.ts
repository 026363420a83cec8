// Workspace admin API keys (rpa_…): create (the key is shown once), list, delete
// (src/service/api_keys.ts). Only people manage them; a key can never create or see keys.
import { z } from "zod";
import { LIMITS } from "../../domain/limits.ts";
import { displayNameSchema } from "../../domain/names.ts";
import { API_KEY_SCOPES, type ApiKeyScope } from "../../domain/permissions.ts";
import * as apiKeys from "../../service/api_keys.ts";
import { ApiKeyDto, toApiKey } from "./dto.ts";
import { idField, isoTimeField, textField, workspaceParams } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "API keys";
const scopes = API_KEY_SCOPES as readonly [ApiKeyScope, ...ApiKeyScope[]];
const keyParams = workspaceParams.extend({ apiKeyId: idField("apiKeyId") });
const createBody = z.strictObject({
  name: displayNameSchema("name"),
  description: textField("description", 1000).optional().transform((d) => d ?? ""),
  scopes: z.array(z.enum(scopes)).max(scopes.length),
  projectIds: z.array(idField("projectIds")).max(LIMITS.maxApiKeyProjects).nullable()
    .optional().describe("Projects the key may act on; null or absent: all of them"),
  expiresAt: isoTimeField("expiresAt").nullable().optional(),
});

type WorkspaceParams = z.infer<typeof workspaceParams>;

async function listApiKeys({ deps, params, caller }: Input<WorkspaceParams, void, void>) {
  const keys = await apiKeys.listApiKeys(deps.store, await caller(), params.workspaceId);
  return { apiKeys: keys.map(toApiKey) };
}

async function createApiKey(
  { deps, params, body, caller }: Input<WorkspaceParams, void, z.infer<typeof createBody>>,
) {
  const { apiKey, key } = await apiKeys.createApiKey(
    deps.store,
    await caller(),
    params.workspaceId,
    body,
  );
  return { ...toApiKey(apiKey), key };
}

async function deleteApiKey(
  { deps, params, caller }: Input<z.infer<typeof keyParams>, void, void>,
) {
  await apiKeys.deleteApiKey(deps.store, await caller(), params.workspaceId, params.apiKeyId);
  return null;
}

export const apiKeyRoutes = [
  route({
    method: "get",
    path: "/workspaces/{workspaceId}/api-keys",
    action: "list API keys",
    tag,
    params: workspaceParams,
    response: z.object({ apiKeys: z.array(ApiKeyDto) }),
    handle: listApiKeys,
  }),
  route({
    method: "post",
    path: "/workspaces/{workspaceId}/api-keys",
    action: "create an API key",
    tag,
    params: workspaceParams,
    body: createBody,
    status: 201,
    response: ApiKeyDto.extend({ key: z.string().describe("The key; it is never shown again") }),
    handle: createApiKey,
  }),
  route({
    method: "delete",
    path: "/workspaces/{workspaceId}/api-keys/{apiKeyId}",
    action: "delete the API key",
    tag,
    params: keyParams,
    status: 204,
    handle: deleteApiKey,
  }),
];
