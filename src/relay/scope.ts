// What a relay key may see, resolved against this instance's replica: which projects and
// environments, and the change-feed rows and snapshot rows that fall inside. Configs keep their
// base value and overrides (every environment renders from them) but only the variants of
// environments in scope, so a relay's replica holds nothing of environments outside it.
import type { Replica } from "../replica/replica.ts";
import type { SourceSnapshot } from "../replica/replica_source.ts";
import type { WrappedDataKey } from "../auth/envelope.ts";
import type { SealedBody } from "../domain/sensitive.ts";
import type { FeedConfig, FeedTarget } from "../store/changes.ts";
import type { RelayTables } from "./relay_tables.ts";
import type { AnyChange, FeedRelayKey, RelayScope } from "./relay_types.ts";

export type Scope = {
  key: FeedRelayKey;
  hasProject(projectId: string): boolean;
  hasEnvironment(environmentId: string, projectId: string): boolean;
  /** Whether every part of `inner` is inside this scope. */
  covers(inner: RelayScope): boolean;
  /** The config with only the variants of environments in scope. */
  trim(c: FeedConfig): FeedConfig;
};

export function resolveScope(r: Replica, t: RelayTables, key: FeedRelayKey): Scope {
  const projectList = key.projectIds ? new Set(key.projectIds) : null;
  const envList = key.environmentIds ? new Set(key.environmentIds) : null;
  const projectOfEnv = (id: string) => r.environment(id)?.projectId;
  const envProjects = () => {
    const out = new Set<string>();
    for (const id of envList ?? []) {
      const p = projectOfEnv(id);
      if (p) out.add(p);
    }
    return out;
  };
  const hasProject = (projectId: string): boolean => {
    if (envList) return envProjects().has(projectId);
    if (projectList) return projectList.has(projectId);
    return t.workspaceOf(projectId) === key.workspaceId;
  };
  const hasEnvironment = (environmentId: string, projectId: string) =>
    envList ? envList.has(environmentId) : hasProject(projectId);
  return {
    key,
    hasProject,
    hasEnvironment,
    trim: (c) => trim(r, c, (id) => hasEnvironment(id, c.projectId)),
    covers(inner) {
      if (inner.workspaceId !== key.workspaceId) return false;
      if (!projectList && !envList) return true;
      if (envList) return inner.environmentIds?.every((id) => envList.has(id)) ?? false;
      if (inner.projectIds) return inner.projectIds.every((id) => projectList!.has(id));
      if (inner.environmentIds) {
        return inner.environmentIds.every((id) => {
          const p = projectOfEnv(id);
          return p !== undefined && projectList!.has(p);
        });
      }
      return false;
    },
  };
}

/**
 * The config with only the variants of environments in scope. A sensitive config's variants are
 * inside its ciphertext: they are trimmed and sealed again under the same data key when this
 * instance can open it, and passed on as they are when it cannot (still ciphertext).
 */
function trim(r: Replica, c: FeedConfig, inScope: (environmentId: string) => boolean): FeedConfig {
  const variants = c.variants.filter((v) => inScope(v.environmentId));
  if (c.sealed === undefined) return { ...c, variants };
  const plain = r.open(c.sealed);
  if (plain === null) return { ...c, variants };
  const body = JSON.parse(plain) as SealedBody;
  const kept = body.variants.filter((v) => inScope(v.environmentId));
  if (kept.length === body.variants.length) return { ...c, variants };
  return {
    ...c,
    variants,
    sealed: r.sealLike(c.sealed, JSON.stringify({ ...body, variants: kept })),
  };
}

/** The change as the relay may see it, or null when it is outside the scope. */
export function scopeChange(scope: Scope, change: AnyChange): AnyChange | null {
  switch (change.kind) {
    case "config":
      return scope.hasProject(change.config.projectId)
        ? { ...change, config: scope.trim(change.config) }
        : null;
    case "config_deleted":
    case "target":
    case "target_deleted":
    case "sdk_key_deleted": {
      const projectId = change.kind === "target" ? change.target.projectId : change.projectId;
      return scope.hasProject(projectId) ? change : null;
    }
    case "data_key":
      // Wrapped under the master key; a relay without that key keeps it unopened.
      return scope.hasProject(change.projectId) ? change : null;
    case "environment":
      return scope.hasEnvironment(change.environment.id, change.environment.projectId)
        ? change
        : null;
    case "environment_deleted":
      return scope.hasEnvironment(change.id, change.projectId) ? change : null;
    case "project":
    case "project_deleted":
      return scope.hasProject(change.id) ? change : null;
    case "sdk_key":
      return scope.hasEnvironment(change.key.environmentId, change.key.projectId) ? change : null;
    case "relay_key":
    case "relay_key_deleted":
      return scope.covers(change.key) ? change : null;
    case "checkpoint":
      return null;
    default:
      return scopeGrouped(scope, change);
  }
}

/** Kinds this module does not list: config groups (one revision for several configs). */
function scopeGrouped(scope: Scope, change: AnyChange): AnyChange | null {
  const c = change as unknown as { kind: string; projectId?: unknown; changes?: unknown };
  if (typeof c.projectId !== "string" || !scope.hasProject(c.projectId)) return null;
  if (!Array.isArray(c.changes)) {
    // Unknown to this version: passed on only where it cannot carry another environment.
    return scope.key.environmentIds ? null : change;
  }
  const inner = c.changes.map((x: { kind: string; config?: FeedConfig }) =>
    x.kind === "config" && x.config ? { ...x, config: scope.trim(x.config) } : x
  );
  return { ...change, changes: inner } as AnyChange;
}

/** Everything in scope, as a snapshot the relay's replicator applies (replica_source.ts). */
export function scopeSnapshot(r: Replica, t: RelayTables, scope: Scope): SourceSnapshot {
  const environments = r.environmentIds(null).map((id) => r.environment(id)!)
    .filter((e) => scope.hasEnvironment(e.id, e.projectId));
  const projects = t.projects().filter((p) => !p.deleted && scope.hasProject(p.id))
    .map(({ id, workspaceId }) => ({ id, workspaceId }));
  const projectIds = new Set([
    ...projects.map((p) => p.id),
    ...environments.map((e) => e.projectId),
  ]);
  const configs: FeedConfig[] = [];
  const targets: FeedTarget[] = [];
  const dataKeys: WrappedDataKey[] = [];
  for (const projectId of projectIds) {
    if (!scope.hasProject(projectId)) continue;
    // As stored: a sensitive config stays sealed, its data key wrapped.
    for (const name of r.configNames(projectId)) {
      configs.push(scope.trim(r.storedConfig(projectId, name)!));
    }
    dataKeys.push(...r.dataKeys(projectId));
    targets.push(
      ...r.db.all<{ id: string; kind: FeedTarget["kind"]; name: string; data: string }>(
        `SELECT id, kind, name, data FROM targets WHERE project_id = $1`,
        projectId,
      ).map((row) => ({ ...row, projectId, data: JSON.parse(row.data) })),
    );
  }
  const sdkKeys = r.keyIds().map((id) => r.findKey(id)!)
    .filter((k) => scope.hasEnvironment(k.environmentId, k.projectId));
  return {
    databaseId: r.databaseId() ?? "",
    revision: r.cursor(),
    environments,
    configs,
    sdkKeys,
    targets,
    dataKeys,
    projects,
    relayKeys: t.keys().filter((k) => scope.covers(k)),
  };
}
