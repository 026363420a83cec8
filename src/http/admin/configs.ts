// Configs: Replane's list/get/create/update/delete (REPLANE_COMPAT.md §3), plus PATCH, our
// partial update that answers a stale baseVersion with 409.
import { z } from "zod";
import { configNameSchema } from "../../domain/names.ts";
import { jsonValueSchema, overridesSchema } from "../../domain/override_schema.ts";
import * as configs from "../../service/configs.ts";
import { commentField, configFields, variantSchema } from "./config_input.ts";
import { ConfigDto, ConfigListItemDto, IdDto, toConfig, WarningsDto, withWarnings } from "./dto.ts";
import { configParams, projectParams, textField } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Configs";
const baseVersion = z.number().int().min(1).optional();
// Fields of Replane's GET answer, accepted and ignored so GET → edit → PUT (or POST) works.
const readOnly = {
  id: z.unknown().optional(),
  version: z.unknown().optional(),
  createdAt: z.unknown().optional(),
  updatedAt: z.unknown().optional(),
};
const warnings = { warnings: WarningsDto.optional() };

type ConfigParams = z.infer<typeof configParams>;

const createBody = z.strictObject({ name: configNameSchema("name"), ...configFields, ...readOnly });
const replaceBody = z.strictObject({
  ...configFields,
  baseVersion,
  comment: commentField,
  ...readOnly,
  // A config keeps its name; one sent back from a GET is checked, then ignored.
  name: configNameSchema("name").optional(),
});
const patchBody = z.strictObject({
  description: textField("description").optional(),
  editors: configFields.editors.optional(),
  maintainers: configFields.maintainers,
  base: z.strictObject({
    value: jsonValueSchema("value").optional(),
    schema: jsonValueSchema("schema").optional(),
    overrides: overridesSchema.optional(),
  }).optional(),
  variants: z.array(variantSchema).optional(),
  sensitive: z.boolean().optional(),
  tags: configFields.tags,
  baseVersion,
  comment: commentField,
});

const listQuery = z.object({ tag: z.string().max(1_000).optional() });

async function listConfigs(
  { deps, params, query, caller }: Input<{ projectId: string }, z.infer<typeof listQuery>, void>,
) {
  const list = await configs.listConfigs(deps.store, await caller(), params.projectId, query.tag);
  return {
    configs: list.map((x) => ({
      id: x.id,
      name: x.name,
      description: x.description,
      version: x.version,
      createdAt: x.createdAt,
      updatedAt: x.updatedAt,
      tags: x.tags,
      sensitive: x.sensitive === true,
    })),
  };
}

async function getConfig({ deps, params, caller }: Input<ConfigParams, void, void>) {
  return toConfig(
    await configs.getConfig(deps.store, await caller(), params.projectId, params.name),
  );
}

async function createConfig(
  { deps, params, body, caller }: Input<{ projectId: string }, void, z.infer<typeof createBody>>,
) {
  const saved = await configs.createConfig(
    deps.store,
    await caller(),
    params.projectId,
    body.name,
    body,
  );
  return withWarnings({ id: saved.config.id }, saved.warnings);
}

async function replaceConfig(
  { deps, params, body, caller }: Input<ConfigParams, void, z.infer<typeof replaceBody>>,
) {
  const { config, warnings } = await configs.replaceConfig(
    deps.store,
    await caller(),
    params.projectId,
    params.name,
    body,
    body.baseVersion,
  );
  return withWarnings({ id: config.id, version: config.version }, warnings);
}

async function patchConfig(
  { deps, params, body, caller }: Input<ConfigParams, void, z.infer<typeof patchBody>>,
) {
  const { baseVersion, ...patch } = body;
  const saved = await configs.patchConfig(
    deps.store,
    await caller(),
    params.projectId,
    params.name,
    patch,
    baseVersion,
  );
  return withWarnings(toConfig(saved.config), saved.warnings);
}

/** 204, or 200 with the warnings when other configs referenced the deleted one. */
async function deleteConfig({ deps, params, caller }: Input<ConfigParams, void, void>) {
  const { warnings } = await configs.deleteConfig(
    deps.store,
    await caller(),
    params.projectId,
    params.name,
  );
  return warnings.length > 0 ? { warnings } : null;
}

export const configRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/configs",
    action: "list configs",
    tag,
    replane: true,
    params: projectParams,
    query: listQuery,
    response: z.object({ configs: z.array(ConfigListItemDto) }),
    handle: listConfigs,
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/configs/{name}",
    action: "read the config",
    tag,
    replane: true,
    params: configParams,
    response: ConfigDto,
    handle: getConfig,
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/configs",
    action: "create a config",
    tag,
    replane: true,
    params: projectParams,
    body: createBody,
    status: 201,
    response: IdDto.extend(warnings),
    handle: createConfig,
  }),
  route({
    method: "put",
    path: "/projects/{projectId}/configs/{name}",
    action: "update the config",
    tag,
    replane: true,
    params: configParams,
    body: replaceBody,
    response: z.object({ id: z.string(), version: z.number().int(), ...warnings }),
    handle: replaceConfig,
  }),
  route({
    method: "patch",
    path: "/projects/{projectId}/configs/{name}",
    action: "change the config",
    tag,
    params: configParams,
    body: patchBody,
    response: ConfigDto.extend(warnings),
    handle: patchConfig,
  }),
  route({
    method: "delete",
    path: "/projects/{projectId}/configs/{name}",
    action: "delete the config",
    tag,
    replane: true,
    params: configParams,
    status: 204,
    response: z.object({ warnings: WarningsDto }).nullable(),
    handle: deleteConfig,
  }),
];
