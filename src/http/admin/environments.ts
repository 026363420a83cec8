// Environments: Replane's list, plus create (optionally copying another environment's
// variants), rename, reorder and delete (never the last one).
import { z } from "zod";
import { LIMITS } from "../../domain/limits.ts";
import { environmentName } from "../../domain/names.ts";
import type { Tx } from "../../store/store.ts";
import type { Environment, Project, Variant } from "../../store/types.ts";
import { badRequest, conflict, notFound } from "../errors.ts";
import { type Caller, projectOr404, projectTarget } from "./caller.ts";
import { saveConfig } from "./config_write.ts";
import { EnvironmentDto, toEnvironment } from "./dto.ts";
import { idField } from "./fields.ts";
import { audit } from "./provision.ts";
import { invalid, route } from "./registry.ts";

const tag = "Environments";
const envParams = z.object({
  projectId: idField("projectId"),
  environmentId: idField("environmentId"),
});
const listDto = z.object({ environments: z.array(EnvironmentDto) });

async function environmentOr404(tx: Tx, project: Project, id: string): Promise<Environment> {
  const e = await tx.environments.get(id);
  if (!e || e.projectId !== project.id) {
    throw notFound(`Environment "${id}" not found in project "${project.name}"`);
  }
  return e;
}

async function ensureNameFree(tx: Tx, project: Project, name: string, action: string) {
  const envs = await tx.environments.list(project.id);
  if (envs.some((e) => e.name === name)) {
    throw conflict(`Cannot ${action}: the project already has an environment named "${name}"`);
  }
  return envs;
}

/** Rewrites every config with a variant in `from`: `edit` returns the new variant list. */
async function rewriteVariants(
  tx: Tx,
  caller: Caller,
  project: Project,
  from: string,
  action: string,
  edit: (
    variants: Variant[],
  ) => Variant[],
): Promise<string[]> {
  const touched: string[] = [];
  for (const config of await tx.configs.listFull(project.id)) {
    if (!config.variants.some((v) => v.environmentId === from)) continue;
    await saveConfig(tx, caller, project, config, { ...config, variants: edit(config.variants) }, {
      action,
      auditAction: "config.update",
      stale: () => conflict(`Cannot ${action}: config "${config.name}" changed meanwhile`),
      checked: true,
    });
    touched.push(config.name);
  }
  return touched;
}

export const environmentRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/environments",
    action: "list environments",
    tag,
    replane: true,
    params: z.object({ projectId: idField("projectId") }),
    response: listDto,
    async handle({ deps, params, caller }) {
      const c = await caller();
      const envs = await deps.store.read(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("environment.read", projectTarget(p));
        return await tx.environments.list(p.id);
      });
      return { environments: envs.map(toEnvironment) };
    },
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/environments",
    action: "create an environment",
    tag,
    params: z.object({ projectId: idField("projectId") }),
    body: z.strictObject({ name: environmentName, copyFrom: idField("copyFrom").optional() }),
    status: 201,
    response: EnvironmentDto,
    async handle({ deps, params, body, caller }) {
      const c = await caller();
      const action = `create environment "${body.name}"`;
      return await deps.store.write(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("environment.write", projectTarget(p));
        const envs = await ensureNameFree(tx, p, body.name, action);
        if (envs.length >= LIMITS.maxEnvironments) {
          throw badRequest(`Cannot ${action}: the limit is ${LIMITS.maxEnvironments} per project`);
        }
        if (body.copyFrom !== undefined && !envs.some((e) => e.id === body.copyFrom)) {
          throw invalid(action, [{
            path: "copyFrom",
            message: `copyFrom "${body.copyFrom}" names no environment of this project`,
          }]);
        }
        const env = await tx.environments.create(p.id, body.name);
        const copied = body.copyFrom === undefined ? [] : await rewriteVariants(
          tx,
          c,
          p,
          body.copyFrom,
          action,
          (
            vs,
          ) => [...vs, {
            ...vs.find((v) => v.environmentId === body.copyFrom)!,
            environmentId: env.id,
          }],
        );
        await audit(tx, c.audit, {
          workspaceId: p.workspaceId,
          projectId: p.id,
          action: "environment.create",
          targetType: "environment",
          targetId: env.id,
          after: { name: env.name, copiedFrom: body.copyFrom ?? null, copiedConfigs: copied },
        });
        return toEnvironment(env);
      });
    },
  }),
  route({
    method: "patch",
    path: "/projects/{projectId}/environments/{environmentId}",
    action: "rename the environment",
    tag,
    params: envParams,
    body: z.strictObject({ name: environmentName }),
    response: EnvironmentDto,
    async handle({ deps, params, body, caller }) {
      const c = await caller();
      return await deps.store.write(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("environment.write", projectTarget(p));
        const env = await environmentOr404(tx, p, params.environmentId);
        if (env.name === body.name) return toEnvironment(env);
        await ensureNameFree(tx, p, body.name, `rename environment "${env.name}"`);
        const renamed = (await tx.environments.rename(env.id, body.name))!;
        await audit(tx, c.audit, {
          workspaceId: p.workspaceId,
          projectId: p.id,
          action: "environment.update",
          targetType: "environment",
          targetId: env.id,
          before: { name: env.name },
          after: { name: body.name },
        });
        return toEnvironment(renamed);
      });
    },
  }),
  route({
    method: "put",
    path: "/projects/{projectId}/environments/order",
    action: "reorder environments",
    tag,
    params: z.object({ projectId: idField("projectId") }),
    body: z.strictObject({
      environmentIds: z.array(idField("environmentIds")).max(LIMITS.maxEnvironments),
    }),
    response: listDto,
    async handle({ deps, params, body, caller }) {
      const c = await caller();
      return await deps.store.write(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("environment.write", projectTarget(p));
        const before = await tx.environments.list(p.id);
        if (!await tx.environments.reorder(p.id, body.environmentIds)) {
          throw invalid("reorder environments", [{
            path: "environmentIds",
            message: `environmentIds must list each of the project's ${before.length} ` +
              "environments exactly once",
          }]);
        }
        const after = await tx.environments.list(p.id);
        await audit(tx, c.audit, {
          workspaceId: p.workspaceId,
          projectId: p.id,
          action: "environment.reorder",
          targetType: "project",
          targetId: p.id,
          before: before.map((e) => e.name),
          after: after.map((e) => e.name),
        });
        return { environments: after.map(toEnvironment) };
      });
    },
  }),
  route({
    method: "delete",
    path: "/projects/{projectId}/environments/{environmentId}",
    action: "delete the environment",
    tag,
    params: envParams,
    status: 204,
    async handle({ deps, params, caller }) {
      const c = await caller();
      await deps.store.write(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("environment.write", projectTarget(p));
        const env = await environmentOr404(tx, p, params.environmentId);
        const action = `delete environment "${env.name}"`;
        if ((await tx.environments.list(p.id)).length <= 1) {
          throw badRequest(`Cannot ${action}: it is the project's last environment`);
        }
        const changed = await rewriteVariants(
          tx,
          c,
          p,
          env.id,
          action,
          (vs) => vs.filter((v) => v.environmentId !== env.id),
        );
        for (const key of await tx.sdkKeys.list(p.id)) {
          if (key.environmentId === env.id) await tx.sdkKeys.delete(key.id);
        }
        await tx.environments.delete(env.id);
        await audit(tx, c.audit, {
          workspaceId: p.workspaceId,
          projectId: p.id,
          action: "environment.delete",
          targetType: "environment",
          targetId: env.id,
          before: { name: env.name, variantsRemovedFrom: changed },
        });
      });
      return null;
    },
  }),
];
