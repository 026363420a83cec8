// A full resync: replaces the replica's contents with a snapshot of the primary, and emits the
// difference against what the replica held, so open streams see exactly what changed.
import { dependencies } from "../domain/render.ts";
import type { FeedSnapshot } from "../store/changes.ts";
import { rerender } from "./apply.ts";
import type { ReplicaEvent } from "./events.ts";
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
  for (const k of snap.dataKeys ?? []) r.putDataKey(k);

  r.db.run(`DELETE FROM configs`);
  r.db.run(`DELETE FROM config_refs`);
  r.db.run(`DELETE FROM targets`);
  for (const t of snap.targets ?? []) r.putTarget(t);
  for (const c of snap.configs) r.putConfig(c, dependencies(c));

  const environmentsOf = new Map<string, string[]>();
  for (const e of environments.values()) {
    environmentsOf.set(e.projectId, [...environmentsOf.get(e.projectId) ?? [], e.id]);
  }
  for (const [projectId, environmentIds] of environmentsOf) {
    // What exists now, and what was rendered before (rerender deletes what no longer exists).
    const names = new Set(r.configNames(projectId));
    for (const id of environmentIds) for (const name of r.renderedNames(id)) names.add(name);
    rerender(r, projectId, environmentIds, names, revision, out);
  }
  r.setCursor(revision);
}
