// Applies change-feed rows to the replica (inside the replicator's transaction) and lists what
// SDKs must hear. Only rendered JSON that actually changed produces an event, so the same state
// is never sent twice; each change is applied on its own, so every intermediate state is sent.
import { type ConfigLookup, dependencies, renderJson } from "../domain/render.ts";
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
        const stale = [previous.name, ...r.dependents(previous.projectId, previous.name)];
        r.deleteConfig(previous.projectId, previous.name);
        rerender(r, previous.projectId, r.environmentIds(previous.projectId), stale, revision, out);
      }
      r.putConfig(c, dependencies(c));
      const names = [c.name, ...r.dependents(c.projectId, c.name)];
      rerender(r, c.projectId, r.environmentIds(c.projectId), names, revision, out);
      return;
    }
    case "config_deleted": {
      r.deleteConfig(change.projectId, change.name);
      const names = [change.name, ...r.dependents(change.projectId, change.name)];
      rerender(r, change.projectId, r.environmentIds(change.projectId), names, revision, out);
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
  const lookup: ConfigLookup = (name) => {
    if (!cache.has(name)) cache.set(name, r.config(projectId, name));
    return cache.get(name);
  };
  const unique = [...new Set(names)];
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
      const json = renderJson(config, environmentId, lookup);
      if (json === current) continue;
      r.putRendered(environmentId, name, revision, json);
      out.push({ kind: "config", environmentId, name, revision, json });
    }
  }
}
