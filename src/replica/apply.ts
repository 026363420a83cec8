// Applies change-feed rows to the replica (inside the replicator's transaction) and lists what
// SDKs must hear. Only rendered JSON that actually changed produces an event, so the same state
// is never sent twice; each change is applied on its own, so every intermediate state is sent.
import {
  type ConfigLookup,
  dependencies,
  renderJson,
  type TargetLookup,
} from "../domain/render.ts";
import { targetMaps } from "../domain/targeting/model.ts";
import { groupKey, prerequisiteKey, segmentKey } from "../domain/targeting/uses.ts";
import type { Change, FeedConfig } from "../store/changes.ts";
import type { ReplicaEvent } from "./events.ts";
import type { Replica } from "./replica.ts";

export function applyChange(r: Replica, change: Change, out: ReplicaEvent[]): void {
  const revision = change.revision;
  switch (change.kind) {
    case "config": {
      const c = change.config;
      const previous = r.configById(c.id);
      if (previous && (previous.name !== c.name || previous.projectId !== c.projectId)) {
        // A rename: the old name disappears from its project.
        const stale = [previous.name, ...users(r, previous.projectId, configKeys(previous.name))];
        r.deleteConfig(previous.projectId, previous.name);
        rerender(r, previous.projectId, r.environmentIds(previous.projectId), stale, revision, out);
      }
      r.putConfig(c, dependencies(c));
      const names = [c.name, ...users(r, c.projectId, configKeys(c.name))];
      rerender(r, c.projectId, r.environmentIds(c.projectId), names, revision, out);
      return;
    }
    case "configs":
      for (const c of change.changes) {
        applyChange(r, { ...c, revision, createdAt: change.createdAt }, out);
      }
      return;
    case "config_deleted": {
      r.deleteConfig(change.projectId, change.name);
      const names = [change.name, ...users(r, change.projectId, configKeys(change.name))];
      rerender(r, change.projectId, r.environmentIds(change.projectId), names, revision, out);
      return;
    }
    case "target":
    case "target_deleted": {
      // One revision re-renders every config that uses the segment or group, everywhere.
      const t = change.kind === "target"
        ? change.target
        : { projectId: change.projectId, kind: change.targetKind, name: change.name };
      if (change.kind === "target") r.putTarget(change.target);
      else r.deleteTarget(t.projectId, t.kind, t.name);
      const key = t.kind === "segment" ? segmentKey(t.name) : groupKey(t.name);
      const names = users(r, t.projectId, [key]);
      rerender(r, t.projectId, r.environmentIds(t.projectId), names, revision, out);
      return;
    }
    case "environment": {
      const e = change.environment;
      const known = r.environment(e.id) !== undefined;
      r.putEnvironment(e);
      if (!known) rerender(r, e.projectId, [e.id], r.configNames(e.projectId), revision, out);
      return;
    }
    case "environment_deleted":
      r.deleteEnvironment(change.id);
      out.push({ kind: "environment_revoked", environmentId: change.id });
      return;
    case "project_deleted":
      for (const id of r.environmentIds(change.id)) r.deleteEnvironment(id);
      r.deleteProjectConfigs(change.id);
      out.push({ kind: "project_revoked", projectId: change.id });
      return;
    case "sdk_key": {
      // Keys are immutable in the primary; a row that changed anyway revokes what it was.
      const old = r.findKey(change.key.id);
      r.putKey(change.key);
      if (
        old &&
        (old.keyHash !== change.key.keyHash || old.environmentId !== change.key.environmentId)
      ) {
        out.push({ kind: "key_revoked", keyId: old.id, environmentId: old.environmentId });
      }
      return;
    }
    case "data_key":
      r.putDataKey(change.key);
      return;
    case "sdk_key_deleted": {
      const key = r.findKey(change.id);
      r.deleteKey(change.id);
      if (key) out.push({ kind: "key_revoked", keyId: key.id, environmentId: key.environmentId });
      return;
    }
    default:
      // "project" (a rename) changes nothing SDKs see; unknown kinds come from newer primaries.
      return;
  }
}

/** What a change of config `name` can reach: references to it, and its prerequisite uses. */
const configKeys = (name: string) => [name, prerequisiteKey(name)];

/**
 * Configs whose rendered form may change when what `keys` name changes: their direct users,
 * then, transitively, every config that has one of those as a prerequisite (a prerequisite
 * expands the other config's overrides, so it changes whenever they render differently).
 */
export function users(r: Replica, projectId: string, keys: string[]): string[] {
  const found = new Set<string>();
  const queue = [...keys];
  for (let i = 0; i < queue.length; i++) {
    for (const from of r.dependents(projectId, queue[i]!)) {
      if (found.has(from)) continue;
      found.add(from);
      queue.push(prerequisiteKey(from));
    }
  }
  return [...found];
}

/**
 * Re-renders `names` in each environment and records what changed: a new wire JSON text, or a
 * deletion (with a tombstone) when the config no longer exists.
 */
export function rerender(
  r: Replica,
  projectId: string,
  environmentIds: string[],
  names: Iterable<string>,
  revision: number,
  out: ReplicaEvent[],
): void {
  const cache = new Map<string, FeedConfig | undefined>();
  const lookup = (name: string): FeedConfig | undefined => {
    if (!cache.has(name)) cache.set(name, r.config(projectId, name));
    return cache.get(name);
  };
  const unique = [...new Set(names)];
  if (unique.length === 0) return;
  // A plain config renders as if sensitive ones did not exist, so no reference or prerequisite
  // copies a sensitive value into what every SDK key receives.
  const plainLookup: ConfigLookup = (name) => {
    const c = lookup(name);
    return c?.sensitive ? undefined : c;
  };
  const { segments, groups } = targetMaps(r.targets(projectId));
  const targets: TargetLookup = { segment: (n) => segments.get(n), group: (n) => groups.get(n) };
  for (const environmentId of environmentIds) {
    for (const name of unique) {
      const config = lookup(name);
      const current = r.rendered(environmentId, name);
      if (config === undefined) {
        if (current === undefined) continue;
        r.deleteRendered(environmentId, name, revision);
        out.push({ kind: "config_delete", environmentId, name, revision });
        continue;
      }
      const sealed = config.sealed;
      const json = renderJson(config, environmentId, sealed ? lookup : plainLookup, targets);
      if (json === current && r.renderedSensitive(environmentId, name) === (sealed !== undefined)) {
        continue;
      }
      r.putRendered(environmentId, name, revision, json, sealed);
      out.push({ kind: "config", environmentId, name, revision, json, sensitive: !!sealed });
    }
  }
}
