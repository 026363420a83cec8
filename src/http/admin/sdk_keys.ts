// SDK keys (Replane's routes): list, create (the key is shown once), delete.
import { z } from "zod";
import { generateKey } from "../../auth/keys.ts";
import { LIMITS } from "../../domain/limits.ts";
import { displayNameSchema } from "../../domain/names.ts";
import { badRequest, notFound } from "../errors.ts";
import { projectOr404, projectTarget } from "./caller.ts";
import { SdkKeyDto, toSdkKey } from "./dto.ts";
import { idField, projectParams, textField } from "./fields.ts";
import { audit } from "../../service/audit.ts";
import { invalid, route } from "./registry.ts";

const tag = "SDK keys";

export const sdkKeyRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/sdk-keys",
    action: "list SDK keys",
    tag,
    replane: true,
    params: projectParams,
    response: z.object({ sdkKeys: z.array(SdkKeyDto) }),
    async handle({ deps, params, caller }) {
      const c = await caller();
      const keys = await deps.store.read(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("sdk_key.read", projectTarget(p));
        return await tx.sdkKeys.list(p.id);
      });
      return { sdkKeys: keys.map(toSdkKey) };
    },
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/sdk-keys",
    action: "create an SDK key",
    tag,
    replane: true,
    params: projectParams,
    body: z.strictObject({
      name: displayNameSchema("name"),
      description: textField("description", 1000).optional().transform((d) => d ?? ""),
      environmentId: idField("environmentId"),
    }),
    status: 201,
    response: SdkKeyDto.extend({ key: z.string().describe("The key; it is never shown again") }),
    async handle({ deps, params, body, caller }) {
      const c = await caller();
      return await deps.store.write(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("sdk_key.write", projectTarget(p));
        const env = await tx.environments.get(body.environmentId);
        if (!env || env.projectId !== p.id) {
          throw invalid("create an SDK key", [{
            path: "environmentId",
            message: `environmentId "${body.environmentId}" names no environment of this project`,
          }]);
        }
        const count = (await tx.sdkKeys.list(p.id)).length;
        if (count >= LIMITS.maxSdkKeysPerProject) {
          throw badRequest(
            `Cannot create an SDK key: the project has ${count}; the limit is ` +
              `${LIMITS.maxSdkKeysPerProject}`,
          );
        }
        const id = crypto.randomUUID();
        const generated = generateKey("sdk", id);
        const key = await tx.sdkKeys.create({
          id,
          projectId: p.id,
          environmentId: env.id,
          name: body.name,
          description: body.description,
          keyHash: generated.hash,
          keyPrefix: generated.prefix,
          keySuffix: generated.suffix,
        });
        await audit(tx, c.audit, {
          workspaceId: p.workspaceId,
          projectId: p.id,
          action: "sdk_key.create",
          targetType: "sdk_key",
          targetId: id,
          after: { name: key.name, environmentId: env.id, prefix: key.keyPrefix },
        });
        return { ...toSdkKey(key), key: generated.key };
      });
    },
  }),
  route({
    method: "delete",
    path: "/projects/{projectId}/sdk-keys/{sdkKeyId}",
    action: "delete the SDK key",
    tag,
    replane: true,
    params: z.object({ projectId: idField("projectId"), sdkKeyId: idField("sdkKeyId") }),
    status: 204,
    async handle({ deps, params, caller }) {
      const c = await caller();
      await deps.store.write(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("sdk_key.write", projectTarget(p));
        const key = await tx.sdkKeys.get(params.sdkKeyId);
        if (!key || key.projectId !== p.id) {
          throw notFound(`SDK key "${params.sdkKeyId}" not found in project "${p.name}"`);
        }
        await tx.sdkKeys.delete(key.id);
        await audit(tx, c.audit, {
          workspaceId: p.workspaceId,
          projectId: p.id,
          action: "sdk_key.delete",
          targetType: "sdk_key",
          targetId: key.id,
          before: { name: key.name, environmentId: key.environmentId, prefix: key.keyPrefix },
        });
      });
      return null;
    },
  }),
];
