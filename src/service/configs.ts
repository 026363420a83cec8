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
import { applyTags, checkTags, type Tagged, tagsOf, withTags } from "./config_tags.ts";

export async function listConfigs(
  store: Store,
  caller: Caller,
  projectId: string,
  /** Only the configs with this tag. */
  tag?: string,
): Promise<Tagged<ConfigSummary>[]> {
  return await store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const list = await withTags(tx, p.id, await tx.configs.list(p.id));
    if (tag === undefined) return list;
    const wanted = tag.trim().toLowerCase();
    return list.filter((c) => c.tags.includes(wanted));
  });
}

export async function getConfig(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
): Promise<Tagged<Config>> {
  return await store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    return await tagsOf(tx, await configOr404(tx, p, name));
  });
}

export async function createConfig(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
  input: ConfigInput & { tags?: string[] },
): Promise<Saved> {
  const action = `create config "${name}"`;
  const { state, issues } = toState(input, []);
  if (issues.length > 0) throw invalid(action, issues);
  const tags = input.tags && checkTags(action, input.tags);
  return await store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    const saved = await addConfig(tx, caller, p, name, state, action, input.sensitive === true);
    return { ...saved, config: await applyTags(tx, caller, p, saved.config, tags, true) };
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
  input: ConfigInput & { comment?: string; tags?: string[] },
  baseVersion?: number,
  propose: Proposal = {},
): Promise<Saved> {
  const action = `update config "${name}"`;
  const tags = input.tags && checkTags(action, input.tags);
  return unlessProposed(
    name,
    await store.write(async (tx) => {
      const p = await projectOr404(tx, projectId);
      caller.allow("config.read", projectTarget(p));
      const current = await configOr404(tx, p, name);
      const { state, issues } = toState(input, current.members);
      if (issues.length > 0) throw invalid(action, issues);
      const saved = await saveConfig(tx, caller, p, current, state, {
        action,
        auditAction: "config.update",
        expectedVersion: baseVersion,
        propose,
        sensitive: input.sensitive,
        comment: input.comment,
      });
      return { ...saved, config: await applyTags(tx, caller, p, saved.config, tags) };
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
  /** Why: kept on the new version (not a part of the config). */
  comment?: string;
  /** Metadata, not versioned (config_tags.ts). */
  tags?: string[];
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
  const tags = patch.tags && checkTags(action, patch.tags);
  return unlessProposed(
    name,
    await store.write(async (tx) => {
      const p = await projectOr404(tx, projectId);
      caller.allow("config.read", projectTarget(p));
      const current = await configOr404(tx, p, name);
      if (onlyTags(patch)) {
        return { config: await applyTags(tx, caller, p, current, tags), warnings: [] };
      }
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
      const saved = await saveConfig(tx, caller, p, current, state, {
        action,
        auditAction: "config.update",
        expectedVersion: baseVersion,
        propose,
        sensitive: patch.sensitive,
        comment: patch.comment,
      });
      return { ...saved, config: await applyTags(tx, caller, p, saved.config, tags) };
    }),
  );
}

/** A PATCH of the tags alone makes no version. */
const onlyTags = (patch: ConfigPatch) =>
  patch.tags !== undefined &&
  Object.entries(patch).every(([k, v]) => k === "tags" || k === "comment" || v === undefined);

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
