// Saving a config: who may make which change, the checks, the version bump and the audit
// row, in the caller's transaction. Every route that writes a config goes through here.
import { diffJson } from "../../domain/json_diff.ts";
import { LIMITS } from "../../domain/limits.ts";
import type { Json } from "../../domain/overrides.ts";
import type { Action } from "../../domain/permissions.ts";
import type { Tx } from "../../store/store.ts";
import type { Config, ConfigState, Project, Variant } from "../../store/types.ts";
import type { AppError } from "../errors.ts";
import type { Caller } from "./caller.ts";
import { configTarget, projectTarget } from "./caller.ts";
import { checkConfigState, type ConfigContext } from "./config_input.ts";
import { audit } from "./provision.ts";
import { invalid } from "./registry.ts";

const same = (a: unknown, b: unknown) => diffJson(a as Json, b as Json, 1).length === 0;

/** The permission each part of a change needs; any save needs at least edit_value. */
export function changeActions(before: ConfigState, after: ConfigState): Set<Action> {
  const need = new Set<Action>(["config.edit_value"]);
  if (!same(before.base.schema, after.base.schema)) need.add("config.edit_schema");
  if (!same(before.base.overrides, after.base.overrides)) need.add("config.edit_overrides");
  if (!same(before.members, after.members)) need.add("config.members.write");
  const byEnv = (vs: Variant[]) => new Map(vs.map((v) => [v.environmentId, v]));
  const a = byEnv(before.variants);
  const b = byEnv(after.variants);
  for (const env of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(env);
    const y = b.get(env);
    if (x && y) {
      if (!same([x.schema, x.useBaseSchema], [y.schema, y.useBaseSchema])) {
        need.add("config.edit_schema");
      }
      if (!same(x.overrides, y.overrides)) need.add("config.edit_overrides");
    } else {
      // Adding or removing a variant changes what applies in that environment.
      const v = (x ?? y)!;
      if (v.overrides.length > 0) need.add("config.edit_overrides");
      if (v.schema !== null || !v.useBaseSchema) need.add("config.edit_schema");
    }
  }
  return need;
}

/** What checkConfigState needs to know about the project, read in the transaction. */
export async function configContext(
  tx: Tx,
  project: Project,
  selfName: string,
): Promise<ConfigContext & { names: Set<string> }> {
  const [environments, configs] = await Promise.all([
    tx.environments.list(project.id),
    tx.configs.list(project.id),
  ]);
  const names = new Set(configs.map((c) => c.name));
  return {
    projectId: project.id,
    environmentIds: new Set(environments.map((e) => e.id)),
    configExists: (name) => names.has(name),
    selfName,
    names,
  };
}

const snapshot = (s: ConfigState) =>
  ({
    description: s.description,
    base: s.base,
    variants: s.variants,
    members: s.members,
  }) as unknown as Json;

export type SaveOptions = {
  action: string;
  auditAction: string;
  /** Expected current version; a mismatch throws `stale()`. */
  expectedVersion?: number;
  stale(): AppError;
  /** Recorded in the audit row's `after` next to the new state. */
  auditExtra?: Record<string, Json>;
  /** Skip the checks (the copy of a state that passed them). */
  checked?: boolean;
  context?: ConfigContext;
};

/** Checks, authorizes and writes a new version of `current`, with its audit row. */
export async function saveConfig(
  tx: Tx,
  caller: Caller,
  project: Project,
  current: Config,
  next: ConfigState,
  o: SaveOptions,
): Promise<Config> {
  for (const action of changeActions(current, next)) {
    caller.allow(action, configTarget(project, current));
  }
  if (o.expectedVersion !== undefined && o.expectedVersion !== current.version) throw o.stale();
  if (!o.checked) {
    const ctx = o.context ?? await configContext(tx, project, current.name);
    const issues = checkConfigState(next, ctx);
    if (issues.length > 0) throw invalid(o.action, issues);
  }
  // Only the state's own fields: the repo spreads what it is given over the new version.
  const state: ConfigState = {
    description: next.description,
    base: next.base,
    variants: next.variants,
    members: next.members,
  };
  const saved = await tx.configs.update(current.id, state, caller.audit.actor, current.version);
  if (saved === "conflict") throw o.stale();
  if (saved === null) throw o.stale();
  await audit(tx, caller.audit, {
    workspaceId: project.workspaceId,
    projectId: project.id,
    configName: current.name,
    action: o.auditAction,
    targetType: "config",
    targetId: current.id,
    before: snapshot(current),
    after: o.auditExtra ? { ...(snapshot(state) as object), ...o.auditExtra } : snapshot(state),
  });
  return saved;
}

/** Checks, authorizes and creates a config, with its audit row. */
export async function createConfig(
  tx: Tx,
  caller: Caller,
  project: Project,
  name: string,
  state: ConfigState,
  o: { action: string; duplicate(): AppError; checked?: boolean },
): Promise<Config> {
  caller.allow("config.create", projectTarget(project));
  if (o.checked) {
    const config = await tx.configs.create(project.id, name, state, caller.audit.actor);
    await auditCreate(tx, caller, project, config, state);
    return config;
  }
  const ctx = await configContext(tx, project, name);
  if (ctx.names.has(name)) throw o.duplicate();
  if (ctx.names.size >= LIMITS.maxConfigsPerProject) {
    throw invalid(o.action, [{
      path: "name",
      message: `the project already has ${ctx.names.size} configs; the limit is ` +
        `${LIMITS.maxConfigsPerProject}`,
    }]);
  }
  const issues = checkConfigState(state, { ...ctx, selfName: name });
  if (issues.length > 0) throw invalid(o.action, issues);
  const config = await tx.configs.create(project.id, name, state, caller.audit.actor);
  await auditCreate(tx, caller, project, config, state);
  return config;
}

async function auditCreate(tx: Tx, caller: Caller, project: Project, c: Config, s: ConfigState) {
  await audit(tx, caller.audit, {
    workspaceId: project.workspaceId,
    projectId: project.id,
    configName: c.name,
    action: "config.create",
    targetType: "config",
    targetId: c.id,
    after: snapshot(s),
  });
}

export { snapshot as configSnapshot };
