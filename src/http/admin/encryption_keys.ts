// Master-key rotation for sensitive configs (src/service/encryption_keys.ts): the status of a
// workspace's data keys, and the rotation itself; `dialtone rotate-key` does all workspaces.
import { z } from "zod";
import * as keys from "../../service/encryption_keys.ts";
import { workspaceParams } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Encryption keys";

const StatusDto = z.object({
  currentKeyId: z.string().nullable().describe(
    "Fingerprint of ENCRYPTION_KEY (never the key); null when none is set",
  ),
  knownKeyIds: z.array(z.string()).describe("ENCRYPTION_KEY and ENCRYPTION_KEY_PREVIOUS"),
  dataKeys: z.number().int(),
  pending: z.number().int().describe("Data keys still wrapped under an older master key"),
  unreadable: z.number().int().describe("Data keys under a master key this server lacks"),
});

type WorkspaceParams = z.infer<typeof workspaceParams>;

async function keyStatus({ deps, params, caller }: Input<WorkspaceParams, void, void>) {
  return await keys.encryptionKeyStatus(deps.store, await caller(), params.workspaceId);
}

async function rotateKeys({ deps, params, caller }: Input<WorkspaceParams, void, void>) {
  return await keys.rotateEncryptionKeys(deps.store, await caller(), params.workspaceId);
}

export const encryptionKeyRoutes = [
  route({
    method: "get",
    path: "/workspaces/{workspaceId}/encryption-keys",
    action: "read the encryption key status",
    tag,
    params: workspaceParams,
    response: StatusDto,
    handle: keyStatus,
  }),
  route({
    method: "post",
    path: "/workspaces/{workspaceId}/encryption-keys/rotate",
    action: "rotate the encryption keys",
    tag,
    params: workspaceParams,
    response: StatusDto.extend({ rewrapped: z.number().int() }),
    handle: rotateKeys,
  }),
];
