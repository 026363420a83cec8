// Config use cases: list, read, create, replace (Replane's PUT), change part of (PATCH),
// delete. One transaction each.
import {
  type ConfigBody,
  type ConfigInput,
  deleteWarnings,
  stateJson,
  toState,
  type Variant,
} from "../domain/config_state.ts";
import { invalid } from "../domain/errors.ts";
import type { Issue } from "../domain/issues.ts";
import type { Store } from "../store/store.ts";
import type { Config, ConfigSummary } from "../store/types.ts";
import { audit } from "./audit.ts";
import { type Caller, configTarget, projectTarget } from "./caller.ts";
import { addConfig, saveConfig, type Saved } from "./config_write.ts";
import { type Proposal, unlessProposed } from "./approval_gate.ts";
import { configOr404, projectOr404 } from "./lookup.ts";

export async function listConfigs(
  store: Store,
  caller: Caller,
  projectId: string,
): Promise<ConfigSummary[]> {
  return await store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    return await tx.configs.list(p.id);
  });
}

export async function getConfig(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
): Promise<Config> {
  return await store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    return await configOr404(tx, p, name);
  });
}

export async function createConfig(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
  input: ConfigInput,
): Promise<Saved> {
  const action = `create config "${name}"`;
  const { state, issues } = toState(input, []);
  if (issues.length > 0) throw invalid(action, issues);
  return await store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    return await addConfig(tx, caller, p, name, state, action, input.sensitive === true);
  });
}

/**
 * Replaces the config's whole state (variants left out are deleted). A change that needs
 * approval is kept as a change request and answered with ApprovalRequired.
 */
export async function replaceConfig(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
  input: ConfigInput,
  baseVersion?: number,
  propose: Proposal = {},
): Promise<Saved> {
  const action = `update config "${name}"`;
  return unlessProposed(
    name,
    await store.write(async (tx) => {
      const p = await projectOr404(tx, projectId);
      caller.allow("config.read", projectTarget(p));
      const current = await configOr404(tx, p, name);
      const { state, issues } = toState(input, current.members);
      if (issues.length > 0) throw invalid(action, issues);
      return await saveConfig(tx, caller, p, current, state, {
        action,
        auditAction: "config.update",
        expectedVersion: baseVersion,
        propose,
        sensitive: input.sensitive,
      });
    }),
  );
}

/** The parts of a config a PATCH may change; what is left out stays. */
export type ConfigPatch = {
  description?: string;
  editors?: string[];
  maintainers?: string[];
  base?: Partial<ConfigBody>;
  variants?: Variant[];
  sensitive?: boolean;
};

export async function patchConfig(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
  patch: ConfigPatch,
  baseVersion?: number,
  propose: Proposal = {},
): Promise<Saved> {
  const action = `change config "${name}"`;
  return unlessProposed(
    name,
    await store.write(async (tx) => {
      const p = await projectOr404(tx, projectId);
      caller.allow("config.read", projectTarget(p));
      const current = await configOr404(tx, p, name);
      const input: ConfigInput = {
        description: patch.description ?? current.description,
        editors: patch.editors ??
          current.members.filter((m) => m.role === "editor").map((m) => m.email),
        maintainers: patch.maintainers,
        base: { ...current.base, ...definedOnly(patch.base ?? {}) },
        variants: patch.variants ?? current.variants,
      };
      const { state, issues } = toState(input, current.members);
      if (issues.length > 0) throw invalid(action, issues);
      return await saveConfig(tx, caller, p, current, state, {
        action,
        auditAction: "config.update",
        expectedVersion: baseVersion,
        propose,
        sensitive: patch.sensitive,
      });
    }),
  );
}

const definedOnly = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * Deletes the config. Configs whose overrides reference it are left as they are (Replane
 * does the same): their conditions stop matching, and the answer warns about each.
 */
export async function deleteConfig(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
): Promise<{ warnings: Issue[] }> {
  return await store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const current = await configOr404(tx, p, name);
    caller.allow("config.delete", configTarget(p, current));
    const warnings = deleteWarnings(current.name, await tx.configs.listFull(p.id));
    await tx.configs.delete(current.id);
    await audit(tx, caller.audit, {
      workspaceId: p.workspaceId,
      projectId: p.id,
      configName: current.name,
      action: "config.delete",
      targetType: "config",
      targetId: current.id,
      before: stateJson(current),
    });
    return { warnings };
  });
}
