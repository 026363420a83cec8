// Relay keys (rpr_…): create (the key is shown once), list, delete (src/service/relay_keys.ts).
// A relay instance presents one to its upstream's replication feed (docs/relay.md).
import { z } from "zod";
import { displayNameSchema } from "../../domain/names.ts";
import type { RelayKey } from "../../store/repos/relay_keys.ts";
import * as relayKeys from "../../service/relay_keys.ts";
import { idField, textField, workspaceParams } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Relay keys";
const MAX_SCOPE_IDS = 1000;
const keyParams = workspaceParams.extend({ relayKeyId: idField("relayKeyId") });
const createBody = z.strictObject({
  name: displayNameSchema("name"),
  description: textField("description", 1000).optional().transform((d) => d ?? ""),
  projectIds: z.array(idField("projectIds")).max(MAX_SCOPE_IDS).nullable().optional()
    .describe("Projects the relay reads; absent (and no environmentIds): the whole workspace"),
  environmentIds: z.array(idField("environmentIds")).max(MAX_SCOPE_IDS).nullable().optional()
    .describe("Environments the relay reads, instead of projectIds"),
});

const time = z.string().describe("ISO-8601 time");
export const RelayKeyDto = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  scope: z.enum(["workspace", "projects", "environments"]),
  projectIds: z.array(z.string()).nullable(),
  environmentIds: z.array(z.string()).nullable(),
  createdBy: z.string().nullable(),
  createdAt: time,
});
const toRelayKey = (k: RelayKey): z.infer<typeof RelayKeyDto> => ({
  id: k.id,
  name: k.name,
  description: k.description,
  prefix: k.keyPrefix,
  suffix: k.keySuffix,
  scope: k.environmentIds ? "environments" : k.projectIds ? "projects" : "workspace",
  projectIds: k.projectIds,
  environmentIds: k.environmentIds,
  createdBy: k.createdBy,
  createdAt: k.createdAt,
});

type WorkspaceParams = z.infer<typeof workspaceParams>;

async function listRelayKeys({ deps, params, caller }: Input<WorkspaceParams, void, void>) {
  const keys = await relayKeys.listRelayKeys(deps.store, await caller(), params.workspaceId);
  return { relayKeys: keys.map(toRelayKey) };
}

async function createRelayKey(
  { deps, params, body, caller }: Input<WorkspaceParams, void, z.infer<typeof createBody>>,
) {
  const { relayKey, key } = await relayKeys.createRelayKey(
    deps.store,
    await caller(),
    params.workspaceId,
    body,
  );
  return { ...toRelayKey(relayKey), key };
}

async function deleteRelayKey(
  { deps, params, caller }: Input<z.infer<typeof keyParams>, void, void>,
) {
  await relayKeys.deleteRelayKey(deps.store, await caller(), params.workspaceId, params.relayKeyId);
  return null;
}

export const relayKeyRoutes = [
  route({
    method: "get",
    path: "/workspaces/{workspaceId}/relay-keys",
    action: "list relay keys",
    tag,
    params: workspaceParams,
    response: z.object({ relayKeys: z.array(RelayKeyDto) }),
    handle: listRelayKeys,
  }),
  route({
    method: "post",
    path: "/workspaces/{workspaceId}/relay-keys",
    action: "create a relay key",
    tag,
    params: workspaceParams,
    body: createBody,
    status: 201,
    response: RelayKeyDto.extend({ key: z.string().describe("The key; it is never shown again") }),
    handle: createRelayKey,
  }),
  route({
    method: "delete",
    path: "/workspaces/{workspaceId}/relay-keys/{relayKeyId}",
    action: "delete the relay key",
    tag,
    params: keyParams,
    status: 204,
    handle: deleteRelayKey,
  }),
];
