// A full resync: replaces the replica's contents with a snapshot of the primary, and emits the
// difference against what the replica held, so open streams see exactly what changed.
import type { FeedConfig, FeedSnapshot } from "../store/changes.ts";
import type { ReplicaEvent } from "./events.ts";
import { dependencies, renderJson } from "./render.ts";
import type { Replica } from "./replica.ts";

export function applySnapshot(r: Replica, snap: FeedSnapshot, out: ReplicaEvent[]): void {
  const revision = snap.revision;
  const environments = new Map(snap.environments.map((e) => [e.id, e]));
  for (const id of r.environmentIds(null)) {
    if (environments.has(id)) continue;
    r.deleteEnvironment(id);
    out.push({ kind: "environment_revoked", environmentId: id });
  }
  const keys = new Map(snap.sdkKeys.map((k) => [k.id, k]));
  for (const id of r.keyIds()) {
    if (keys.has(id)) continue;
    const key = r.findKey(id)!;
    r.deleteKey(id);
    out.push({ kind: "key_revoked", keyId: id, environmentId: key.environmentId });
  }
  for (const e of environments.values()) r.putEnvironment(e);
  for (const k of keys.values()) r.putKey(k);

  r.db.run(`DELETE FROM configs`);
  r.db.run(`DELETE FROM config_refs`);
  const byProject = new Map<string, Map<string, FeedConfig>>();
  for (const c of snap.configs) {
    r.putConfig(c, dependencies(c));
    let configs = byProject.get(c.projectId);
    if (!configs) byProject.set(c.projectId, configs = new Map());
    configs.set(c.name, c);
  }

  for (const e of environments.values()) {
    const configs = byProject.get(e.projectId) ?? new Map<string, FeedConfig>();
    const lookup = (name: string) => configs.get(name);
    const stale = new Set(r.renderedNames(e.id));
    for (const c of configs.values()) {
      stale.delete(c.name);
      const json = renderJson(c, e.id, lookup);
      if (json === r.rendered(e.id, c.name)) continue;
      r.putRendered(e.id, c.name, revision, json);
      out.push({ kind: "config", environmentId: e.id, name: c.name, revision, json });
    }
    for (const name of stale) {
      r.deleteRendered(e.id, name, revision);
      out.push({ kind: "config_delete", environmentId: e.id, name, revision });
    }
  }
  r.setCursor(revision);
}
