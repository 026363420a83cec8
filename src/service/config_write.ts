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
import { auditStates } from "../domain/sensitive.ts";
import { SET_KEY_HINT } from "../auth/envelope.ts";
import { loadTargeting } from "./targeting_context.ts";
import { type Caller, configTarget, projectTarget } from "./caller.ts";
import { passGate, type Proposal, proposeIfGated } from "./approval_gate.ts";
import type { ChangeRequest } from "../store/repos/change_requests.ts";

/**
 * A written config and the warnings its state earned (e.g. a dangling reference). With
 * `changeRequest`, nothing was written: the change was kept for review (approval_gate.ts).
 */
export type Saved = { config: Config; warnings: Issue[]; changeRequest?: ChangeRequest };

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
  /** Marks the config sensitive (true) or plain (false); unset keeps what it is. */
  sensitive?: boolean;
  /** Why the change was made: kept on the version and in the audit row's `after`. */
  comment?: string;
};

export type SaveOptions = VersionOptions & {
  action: string;
  context?: ConfigContext;
  /** An edit route: a change that needs approval becomes a change request, not a refusal. */
  propose?: Proposal;
};

/** Checks `next`, then writes it as the next version of `current`. */
export async function saveConfig(
  tx: Tx,
  caller: Caller,
  project: Project,
  current: Config,
  next: ConfigState,
  o: SaveOptions,
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
  if (o.propose && !o.bypassApproval) {
    const changeRequest = await proposeIfGated(
      tx,
      caller,
      project,
      current,
      next,
      withComment(o.propose, o.comment),
      o.sensitive,
    );
    if (changeRequest) return { config: current, warnings, changeRequest };
  }
  return { config: await writeVersion(tx, caller, project, current, next, o), warnings };
}

/** A save's comment becomes the description of the change request it turns into. */
function withComment(p: Proposal, comment: string | undefined): Proposal {
  const why = comment?.trim();
  return why && !p.description?.trim() ? { ...p, description: why } : p;
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
  const bypassed = await passGate(tx, caller, project, current, next, o.bypassApproval ?? false);
  const comment = o.comment?.trim() || null;
  const extra = bypassed.length > 0 || comment !== null
    ? {
      ...o.auditExtra,
      ...(bypassed.length > 0 ? { approvalBypassed: bypassed } : {}),
      ...(comment !== null ? { comment } : {}),
    }
    : o.auditExtra;
  const sensitive = o.sensitive ?? current.sensitive === true;
  if (sensitive) requireMasterKey(tx, current.name);
  const saved = await tx.configs.update(
    current.id,
    stateOf(next),
    caller.audit.actor,
    current.version,
    o.sensitive,
    comment,
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
    ...withExtra(
      auditStates(
        { state: current, sensitive: current.sensitive === true },
        next,
        sensitive,
        stateJson,
      ),
      extra,
    ),
  });
  return saved;
}

const withExtra = (
  s: { before: Json | null; after: Json },
  extra: Record<string, Json> | undefined,
) => (extra ? { before: s.before, after: { ...(s.after as object), ...extra } } : s);

/** Sensitive values need a master key to be sealed under; without one the write is refused. */
export function requireMasterKey(tx: Tx, name: string): void {
  if (tx.dataKeys.configured) return;
  throw invalid(`mark config "${name}" sensitive`, [{
    path: "sensitive",
    message: `no master key is configured on this server; ${SET_KEY_HINT}`,
  }]);
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
  sensitive = false,
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
  return { config: await insertConfig(tx, caller, project, name, state, sensitive), warnings };
}

/** Creates a config without checking it (an import checks all of its configs first). */
export async function insertConfig(
  tx: Tx,
  caller: Caller,
  project: Project,
  name: string,
  state: ConfigState,
  sensitive = false,
): Promise<Config> {
  caller.allow("config.create", projectTarget(project));
  if (sensitive) requireMasterKey(tx, name);
  const config = await tx.configs.create(
    project.id,
    name,
    stateOf(state),
    caller.audit.actor,
    sensitive,
  );
  await audit(tx, caller.audit, {
    workspaceId: project.workspaceId,
    projectId: project.id,
    configName: name,
    action: "config.create",
    targetType: "config",
    targetId: config.id,
    after: auditStates(null, state, sensitive, stateJson).after,
  });
  return config;
}
