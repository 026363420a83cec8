// Configs: Replane's list/get/create/update/delete (REPLANE_COMPAT.md §3), plus PATCH, our
// partial update that answers a stale baseVersion with 409.
import { z } from "zod";
import { configNameSchema } from "../../domain/names.ts";
import { jsonValueSchema, overridesSchema } from "../../domain/override_schema.ts";
import { referencedConfigNames } from "../../domain/render.ts";
import { badRequest, conflict } from "../errors.ts";
import { configOr404, configTarget, projectOr404, projectTarget } from "./caller.ts";
import { configFields, type ConfigInput, toState, variantSchema } from "./config_input.ts";
import { configSnapshot, createConfig, saveConfig } from "./config_write.ts";
import { ConfigDto, ConfigListItemDto, IdDto, toConfig } from "./dto.ts";
import { configParams, projectParams, textField } from "./fields.ts";
import { audit } from "./provision.ts";
import { invalid, route } from "./registry.ts";

const tag = "Configs";
const STALE = "Config was edited by another user. Please, refresh the page.";
const baseVersion = z.number().int().min(1).optional();
// Fields of Replane's GET answer, accepted and ignored so GET → edit → PUT (or POST) works.
const readOnly = {
  id: z.unknown().optional(),
  version: z.unknown().optional(),
  createdAt: z.unknown().optional(),
  updatedAt: z.unknown().optional(),
};

export const configRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/configs",
    action: "list configs",
    tag,
    replane: true,
    params: projectParams,
    response: z.object({ configs: z.array(ConfigListItemDto) }),
    async handle({ deps, params, caller }) {
      const c = await caller();
      const configs = await deps.store.read(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("config.read", projectTarget(p));
        return await tx.configs.list(p.id);
      });
      return {
        configs: configs.map((x) => ({
          id: x.id,
          name: x.name,
          description: x.description,
          version: x.version,
          createdAt: x.createdAt,
          updatedAt: x.updatedAt,
        })),
      };
    },
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/configs/{name}",
    action: "read the config",
    tag,
    replane: true,
    params: configParams,
    response: ConfigDto,
    async handle({ deps, params, caller }) {
      const c = await caller();
      return await deps.store.read(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("config.read", projectTarget(p));
        return toConfig(await configOr404(tx, p, params.name, true));
      });
    },
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/configs",
    action: "create a config",
    tag,
    replane: true,
    params: projectParams,
    body: z.strictObject({ name: configNameSchema("name"), ...configFields, ...readOnly }),
    status: 201,
    response: IdDto,
    async handle({ deps, params, body, caller }) {
      const c = await caller();
      const action = `create config "${body.name}"`;
      const { state, issues } = toState(body, []);
      if (issues.length > 0) throw invalid(action, issues);
      const config = await deps.store.write(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        return await createConfig(tx, c, p, body.name, state, {
          action,
          duplicate: () => badRequest(`Cannot ${action}: a config with this name already exists`),
        });
      });
      return { id: config.id };
    },
  }),
  route({
    method: "put",
    path: "/projects/{projectId}/configs/{name}",
    action: "update the config",
    tag,
    replane: true,
    params: configParams,
    body: z.strictObject({
      ...configFields,
      baseVersion,
      ...readOnly,
      // A config keeps its name; one sent back from a GET is checked, then ignored.
      name: configNameSchema("name").optional(),
    }),
    response: z.object({ id: z.string(), version: z.number().int() }),
    async handle({ deps, params, body, caller }) {
      const c = await caller();
      const action = `update config "${params.name}"`;
      const saved = await deps.store.write(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("config.read", projectTarget(p));
        const current = await configOr404(tx, p, params.name, true);
        const { state, issues } = toState(body as ConfigInput, current.members);
        if (issues.length > 0) throw invalid(action, issues);
        return await saveConfig(tx, c, p, current, state, {
          action,
          auditAction: "config.update",
          expectedVersion: body.baseVersion,
          stale: () => badRequest(STALE),
        });
      });
      return { id: saved.id, version: saved.version };
    },
  }),
  route({
    method: "patch",
    path: "/projects/{projectId}/configs/{name}",
    action: "change the config",
    tag,
    params: configParams,
    body: z.strictObject({
      description: textField("description").optional(),
      editors: configFields.editors.optional(),
      maintainers: configFields.maintainers,
      base: z.strictObject({
        value: jsonValueSchema("value").optional(),
        schema: jsonValueSchema("schema").optional(),
        overrides: overridesSchema.optional(),
      }).optional(),
      variants: z.array(variantSchema).optional(),
      baseVersion,
    }),
    response: ConfigDto,
    async handle({ deps, params, body, caller }) {
      const c = await caller();
      const action = `change config "${params.name}"`;
      return await deps.store.write(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("config.read", projectTarget(p));
        const current = await configOr404(tx, p, params.name);
        const input: ConfigInput = {
          description: body.description ?? current.description,
          editors: body.editors ??
            current.members.filter((m) => m.role === "editor").map((m) => m.email),
          maintainers: body.maintainers,
          base: {
            value: body.base?.value !== undefined ? body.base.value : current.base.value,
            schema: body.base?.schema !== undefined ? body.base.schema : current.base.schema,
            overrides: body.base?.overrides ?? current.base.overrides,
          },
          variants: body.variants ?? current.variants,
        };
        const { state, issues } = toState(input, current.members);
        if (issues.length > 0) throw invalid(action, issues);
        const saved = await saveConfig(tx, c, p, current, state, {
          action,
          auditAction: "config.update",
          expectedVersion: body.baseVersion,
          stale: () =>
            conflict(
              `Cannot ${action}: it is at version ${current.version}, not ${body.baseVersion}; ` +
                "reload it and apply the change again",
            ),
        });
        return toConfig(saved);
      });
    },
  }),
  route({
    method: "delete",
    path: "/projects/{projectId}/configs/{name}",
    action: "delete the config",
    tag,
    replane: true,
    params: configParams,
    status: 204,
    async handle({ deps, params, caller }) {
      const c = await caller();
      await deps.store.write(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("config.read", projectTarget(p));
        const current = await configOr404(tx, p, params.name, true);
        c.allow("config.delete", configTarget(p, current));
        const users = (await tx.configs.listFull(p.id)).filter((other) =>
          other.id !== current.id &&
          [other.base, ...other.variants].some((b) =>
            referencedConfigNames(b.overrides).has(current.name)
          )
        );
        if (users.length > 0) {
          const names = users.slice(0, 10).map((u) => `"${u.name}"`).join(", ");
          throw badRequest(
            `Cannot delete config "${current.name}": the overrides of ${names} reference it`,
          );
        }
        await tx.configs.delete(current.id);
        await audit(tx, c.audit, {
          workspaceId: p.workspaceId,
          projectId: p.id,
          configName: current.name,
          action: "config.delete",
          targetType: "config",
          targetId: current.id,
          before: configSnapshot(current),
        });
      });
      return null;
    },
  }),
];
