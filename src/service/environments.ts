// Environments: list, create (optionally copying another environment's variants), rename,
// reorder and delete (never the last one). A variant copied or dropped leaves each config in
// a state that passed its checks, so those configs are written without checking again.
import type { Variant } from "../domain/config_state.ts";
import { Conflict, Invalid, invalid } from "../domain/errors.ts";
import { LIMITS } from "../domain/limits.ts";
import type { Store, Tx } from "../store/store.ts";
import type { Environment, Project } from "../store/types.ts";
import { audit } from "./audit.ts";
import { type Caller, projectTarget } from "./caller.ts";
import { writeVersion } from "./config_write.ts";
import { environmentOr404, projectOr404 } from "./lookup.ts";

async function ensureNameFree(tx: Tx, project: Project, name: string, action: string) {
  const envs = await tx.environments.list(project.id);
  if (envs.some((e) => e.name === name)) {
    throw new Conflict(
      `Cannot ${action}: the project already has an environment named "${name}"`,
    );
  }
  return envs;
}

/** Rewrites every config with a variant in `from`: `edit` returns the new variant list. */
async function rewriteVariants(
  tx: Tx,
  caller: Caller,
  project: Project,
  from: string,
  edit: (variants: Variant[]) => Variant[],
): Promise<string[]> {
  const touched: string[] = [];
  for (const config of await tx.configs.listFull(project.id)) {
    if (!config.variants.some((v) => v.environmentId === from)) continue;
    const next = { ...config, variants: edit(config.variants) };
    // Copying a variant to a new environment or dropping one with its environment manages
    // environments, which environment.write covers: no approval applies.
    await writeVersion(tx, caller, project, config, next, {
      auditAction: "config.update",
      bypassApproval: true,
    });
    touched.push(config.name);
  }
  return touched;
}

/** Opens a write transaction on the project after checking environment.write. */
function writeEnvironments<T>(
  store: Store,
  caller: Caller,
  projectId: string,
  work: (tx: Tx, project: Project) => Promise<T>,
): Promise<T> {
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("environment.write", projectTarget(p));
    return await work(tx, p);
  });
}

export function listEnvironments(
  store: Store,
  caller: Caller,
  projectId: string,
): Promise<Environment[]> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("environment.read", projectTarget(p));
    return await tx.environments.list(p.id);
  });
}

export function createEnvironment(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
  copyFrom?: string,
): Promise<Environment> {
  const action = `create environment "${name}"`;
  return writeEnvironments(store, caller, projectId, async (tx, p) => {
    const envs = await ensureNameFree(tx, p, name, action);
    if (envs.length >= LIMITS.maxEnvironments) {
      throw new Invalid(`Cannot ${action}: the limit is ${LIMITS.maxEnvironments} per project`);
    }
    if (copyFrom !== undefined && !envs.some((e) => e.id === copyFrom)) {
      throw invalid(action, [{
        path: "copyFrom",
        message: `copyFrom "${copyFrom}" names no environment of this project`,
      }]);
    }
    const env = await tx.environments.create(p.id, name);
    const copied = copyFrom === undefined ? [] : await rewriteVariants(
      tx,
      caller,
      p,
      copyFrom,
      (vs) => [...vs, { ...vs.find((v) => v.environmentId === copyFrom)!, environmentId: env.id }],
    );
    await audit(tx, caller.audit, {
      workspaceId: p.workspaceId,
      projectId: p.id,
      action: "environment.create",
      targetType: "environment",
      targetId: env.id,
      after: { name: env.name, copiedFrom: copyFrom ?? null, copiedConfigs: copied },
    });
    return env;
  });
}

export function renameEnvironment(
  store: Store,
  caller: Caller,
  projectId: string,
  environmentId: string,
  name: string,
): Promise<Environment> {
  return writeEnvironments(store, caller, projectId, async (tx, p) => {
    const env = await environmentOr404(tx, p, environmentId);
    if (env.name === name) return env;
    await ensureNameFree(tx, p, name, `rename environment "${env.name}"`);
    const renamed = (await tx.environments.rename(env.id, name))!;
    await audit(tx, caller.audit, {
      workspaceId: p.workspaceId,
      projectId: p.id,
      action: "environment.update",
      targetType: "environment",
      targetId: env.id,
      before: { name: env.name },
      after: { name },
    });
    return renamed;
  });
}

export function reorderEnvironments(
  store: Store,
  caller: Caller,
  projectId: string,
  environmentIds: string[],
): Promise<Environment[]> {
  return writeEnvironments(store, caller, projectId, async (tx, p) => {
    const before = await tx.environments.list(p.id);
    if (!await tx.environments.reorder(p.id, environmentIds)) {
      throw invalid("reorder environments", [{
        path: "environmentIds",
        message: `environmentIds must list each of the project's ${before.length} ` +
          "environments exactly once",
      }]);
    }
    const after = await tx.environments.list(p.id);
    await audit(tx, caller.audit, {
      workspaceId: p.workspaceId,
      projectId: p.id,
      action: "environment.reorder",
      targetType: "project",
      targetId: p.id,
      before: before.map((e) => e.name),
      after: after.map((e) => e.name),
    });
    return after;
  });
}

/** Deletes the environment, its variants and its SDK keys. */
export function deleteEnvironment(
  store: Store,
  caller: Caller,
  projectId: string,
  environmentId: string,
): Promise<void> {
  return writeEnvironments(store, caller, projectId, async (tx, p) => {
    const env = await environmentOr404(tx, p, environmentId);
    if ((await tx.environments.list(p.id)).length <= 1) {
      throw new Invalid(
        `Cannot delete environment "${env.name}": it is the project's last environment`,
      );
    }
    const changed = await rewriteVariants(
      tx,
      caller,
      p,
      env.id,
      (vs) => vs.filter((v) => v.environmentId !== env.id),
    );
    for (const key of await tx.sdkKeys.list(p.id)) {
      if (key.environmentId === env.id) await tx.sdkKeys.delete(key.id);
    }
    await tx.environments.delete(env.id);
    await audit(tx, caller.audit, {
      workspaceId: p.workspaceId,
      projectId: p.id,
      action: "environment.delete",
      targetType: "environment",
      targetId: env.id,
      before: { name: env.name, variantsRemovedFrom: changed },
    });
  });
}
