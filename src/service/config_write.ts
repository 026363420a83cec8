// Writing a config inside a transaction: authorize each part of the change, check the new
// state, write the version and its audit row. Every use case that writes a config (save,
// restore, import, members, environment changes) ends here.
import {
  changeActions,
  checkConfigState,
  type Checked,
  type ConfigContext,
  type ConfigState,
  stateJson,
  stateOf,
} from "../domain/config_state.ts";
import { Invalid, invalid, StaleVersion } from "../domain/errors.ts";
import type { Issue } from "../domain/issues.ts";
import { LIMITS } from "../domain/limits.ts";
import type { Json } from "../domain/overrides.ts";
import type { Tx } from "../store/store.ts";
import type { Config, Project } from "../store/types.ts";
import { prepareState } from "../domain/targeting/normalize.ts";
import { audit } from "./audit.ts";
import { loadTargeting } from "./targeting_context.ts";
import { type Caller, configTarget, projectTarget } from "./caller.ts";

/** A written config and the warnings its state earned (e.g. a dangling reference). */
export type Saved = { config: Config; warnings: Issue[] };

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

/** Throws Invalid when `checked` has issues; returns its warnings. */
export function passOrThrow(action: string, checked: Checked): Issue[] {
  if (checked.issues.length > 0) throw invalid(action, checked.issues);
  return checked.warnings;
}

export type VersionOptions = {
  auditAction: string;
  /** The version the change was based on; another current version throws StaleVersion. */
  expectedVersion?: number;
  /** Recorded in the audit row's `after` next to the new state. */
  auditExtra?: Record<string, Json>;
  /** A kill switch or its undo: written even where the environment requires approval. */
  bypassApproval?: boolean;
};

/** Checks `next`, then writes it as the next version of `current`. */
export async function saveConfig(
  tx: Tx,
  caller: Caller,
  project: Project,
  current: Config,
  next: ConfigState,
  o: VersionOptions & { action: string; context?: ConfigContext },
): Promise<Saved> {
  next = prepareState(next, current);
  authorizeChange(caller, project, current, next, o.expectedVersion);
  const base = o.context ?? await configContext(tx, project, current.name);
  const ctx = {
    ...base,
    targeting: base.targeting ??
      await loadTargeting(tx, project.id, new Map([[current.name, next]]), [current]),
  };
  const warnings = passOrThrow(o.action, checkConfigState(next, ctx));
  return { config: await writeVersion(tx, caller, project, current, next, o), warnings };
}

/**
 * Writes `next` as the next version of `current` without checking it: for states made
 * from one that passed the checks (a variant copied or dropped, a member changed) and
 * for an import, which checks all its configs together first.
 */
export async function writeVersion(
  tx: Tx,
  caller: Caller,
  project: Project,
  current: Config,
  next: ConfigState,
  o: VersionOptions,
): Promise<Config> {
  authorizeChange(caller, project, current, next, o.expectedVersion);
  const saved = await tx.configs.update(
    current.id,
    stateOf(next),
    caller.audit.actor,
    current.version,
  );
  // Write transactions take turns (the store's write lock), so `current` is still current.
  if (typeof saved !== "object" || saved === null) {
    throw new Error(`config "${current.name}" changed inside its own write transaction`);
  }
  await audit(tx, caller.audit, {
    workspaceId: project.workspaceId,
    projectId: project.id,
    configName: current.name,
    action: o.auditAction,
    targetType: "config",
    targetId: current.id,
    before: stateJson(current),
    after: o.auditExtra ? { ...(stateJson(next) as object), ...o.auditExtra } : stateJson(next),
  });
  return saved;
}

function authorizeChange(
  caller: Caller,
  project: Project,
  current: Config,
  next: ConfigState,
  expectedVersion: number | undefined,
) {
  for (const action of changeActions(current, next)) {
    caller.allow(action, configTarget(project, current));
  }
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new StaleVersion(
      `config "${current.name}" is at version ${current.version}, not ${expectedVersion}`,
      current.version,
    );
  }
}

/** Checks and creates a config named `name`. */
export async function addConfig(
  tx: Tx,
  caller: Caller,
  project: Project,
  name: string,
  state: ConfigState,
  action: string,
): Promise<Saved> {
  caller.allow("config.create", projectTarget(project));
  const ctx = await configContext(tx, project, name);
  if (ctx.names.has(name)) {
    throw new Invalid(`Cannot ${action}: a config with this name already exists`);
  }
  if (ctx.names.size >= LIMITS.maxConfigsPerProject) {
    throw invalid(action, [{
      path: "name",
      message: `the project already has ${ctx.names.size} configs; the limit is ` +
        `${LIMITS.maxConfigsPerProject}`,
    }]);
  }
  state = prepareState(state, null);
  ctx.targeting = await loadTargeting(tx, project.id, new Map([[name, state]]));
  const warnings = passOrThrow(action, checkConfigState(state, ctx));
  return { config: await insertConfig(tx, caller, project, name, state), warnings };
}

/** Creates a config without checking it (an import checks all of its configs first). */
export async function insertConfig(
  tx: Tx,
  caller: Caller,
  project: Project,
  name: string,
  state: ConfigState,
): Promise<Config> {
  caller.allow("config.create", projectTarget(project));
  const config = await tx.configs.create(project.id, name, stateOf(state), caller.audit.actor);
  await audit(tx, caller.audit, {
    workspaceId: project.workspaceId,
    projectId: project.id,
    configName: name,
    action: "config.create",
    targetType: "config",
    targetId: config.id,
    after: stateJson(state),
  });
  return config;
}
