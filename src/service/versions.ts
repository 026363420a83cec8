// Config history: list, read, compare and restore versions. History outlives the config:
// after a delete, the versions of the last config with that name can still be read.
import type { ConfigState } from "../domain/config_state.ts";
import { NotFound } from "../domain/errors.ts";
import { diffJson, type JsonChange } from "../domain/json_diff.ts";
import type { Json } from "../domain/overrides.ts";
import type { Store, Tx } from "../store/store.ts";
import type { ConfigVersion, Project } from "../store/types.ts";
import { type Caller, projectTarget } from "./caller.ts";
import { saveConfig, type Saved } from "./config_write.ts";
import { unlessProposed } from "./approval_gate.ts";
import { configOr404, projectOr404 } from "./lookup.ts";
import { withPropagation } from "./receipts.ts";
import { MASK, type Masked, maskState, valuesChange } from "../domain/sensitive.ts";

/**
 * The id whose history `name` shows: the live config, else the last deleted one; and whether
 * its values are masked (the live config is sensitive: every version of it is shown masked).
 */
async function historyId(
  tx: Tx,
  project: Project,
  name: string,
): Promise<{ id: string; sensitive: boolean }> {
  const live = await tx.configs.get(project.id, name);
  if (live) return { id: live.id, sensitive: live.sensitive === true };
  const [last] = await tx.configs.historyIds(project.id, name);
  if (!last) throw new NotFound("config", `Config "${name}" not found, and has no history`);
  return { id: last, sensitive: false };
}

/** A version as history shows it: masked when sensitive, with whether its values changed. */
export type ShownVersion = ConfigVersion & { values?: Masked };

const isMasked = (v: ConfigVersion, sensitive: boolean) => sensitive || v.sealed === true;

function shown(v: ConfigVersion, previous: ConfigVersion | null, sensitive: boolean) {
  if (!isMasked(v, sensitive)) return v;
  const values = valuesChange(previous?.state ?? null, v.state);
  return { ...v, state: maskState(v.state), values };
}

async function versionOr404(tx: Tx, configId: string, name: string, version: number) {
  const v = await tx.configs.version(configId, version);
  if (!v) throw new NotFound("other", `Config "${name}" has no version ${version}`);
  return v;
}

/** Runs `read` on the history of `name` after the permission check. */
function inHistory<T>(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
  read: (tx: Tx, historyId: string, sensitive: boolean) => Promise<T>,
): Promise<T> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const { id, sensitive } = await historyId(tx, p, name);
    return await read(tx, id, sensitive);
  });
}

/** The versions, newest first, each with its propagation summary per environment. */
export function listVersions(store: Store, caller: Caller, projectId: string, name: string) {
  return inHistory(
    store,
    caller,
    projectId,
    name,
    async (tx, id, sensitive) => {
      const list = await tx.configs.versions(id);
      const masked = list.map((v, i) => shown(v, list[i + 1] ?? null, sensitive));
      return await withPropagation(tx, id, masked);
    },
  );
}

export function getVersion(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
  version: number,
): Promise<ShownVersion> {
  return inHistory(store, caller, projectId, name, async (tx, id, sensitive) => {
    const v = await versionOr404(tx, id, name, version);
    const previous = isMasked(v, sensitive) && version > 1
      ? await tx.configs.version(id, version - 1)
      : null;
    return shown(v, previous, sensitive);
  });
}

/** Variants and members keyed by environment id and email, so a diff shows what changed. */
function diffable(s: ConfigState | null): Json {
  if (s === null) return {};
  return {
    description: s.description,
    base: s.base,
    variants: Object.fromEntries(s.variants.map(({ environmentId, ...v }) => [environmentId, v])),
    members: Object.fromEntries(s.members.map((m) => [m.email, m.role])),
  } as unknown as Json;
}

/** What changed from version `from` (0: before the first) to version `to`. */
export function diffVersions(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
  to: number,
  from: number,
): Promise<{ from: number; to: number; changes: JsonChange[] }> {
  return inHistory(store, caller, projectId, name, async (tx, id, sensitive) => {
    const after = await versionOr404(tx, id, name, to);
    const before = from === 0 ? null : await versionOr404(tx, id, name, from);
    if (!isMasked(after, sensitive) && !(before && isMasked(before, sensitive))) {
      return {
        from,
        to: after.version,
        changes: diffJson(diffable(before?.state ?? null), diffable(after.state)),
      };
    }
    // Sensitive: what changed around the values, and only whether the values did.
    const mask = (s: ConfigState | null) => s && maskState(s);
    const changes = diffJson(diffable(mask(before?.state ?? null)), diffable(mask(after.state)));
    if (valuesChange(before?.state ?? null, after.state) === "changed") {
      changes.push({ path: "values", kind: "changed", before: MASK, after: MASK });
    }
    return { from, to: after.version, changes };
  });
}

/** Writes version `version`'s state as the config's next version. */
export async function restoreVersion(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
  version: number,
  baseVersion?: number,
  comment?: string,
): Promise<Saved> {
  const action = `restore version ${version} of config "${name}"`;
  return unlessProposed(
    name,
    await store.write(async (tx) => {
      const p = await projectOr404(tx, projectId);
      caller.allow("config.read", projectTarget(p));
      const current = await configOr404(tx, p, name);
      const old = await versionOr404(tx, current.id, name, version);
      // Variants of environments deleted since then cannot come back.
      const envs = new Set((await tx.environments.list(p.id)).map((e) => e.id));
      const state: ConfigState = {
        ...old.state,
        variants: old.state.variants.filter((v) => envs.has(v.environmentId)),
      };
      return await saveConfig(tx, caller, p, current, state, {
        action,
        auditAction: "config.restore",
        auditExtra: { restoredFromVersion: old.version },
        expectedVersion: baseVersion,
        comment,
        propose: { title: `Restore version ${old.version} of "${name}"` },
      });
    }),
  );
}
