// A workspace's relay keys (rpr_…): what a relay instance presents to its upstream's replication
// feed (docs/relay.md). A key reads the whole workspace, or a list of its projects, or a list of
// environments. Create returns the full key once (only its hash is stored); keys are never
// edited, only deleted, and a deletion reaches every replica through the change feed, which
// closes the relay's feed stream. Only people (workspace admins) manage them. One transaction each.
import { generateKey } from "../auth/keys.ts";
import { Invalid, invalid, NotFound } from "../domain/errors.ts";
import type { Issue } from "../domain/issues.ts";
import { type RelayKey, relayKeysRepo } from "../store/repos/relay_keys.ts";
import type { Store, Tx } from "../store/store.ts";
import { audit } from "./audit.ts";
import type { Caller } from "./caller.ts";
import { workspaceOr404 } from "./lookup.ts";

export const MAX_RELAY_KEYS_PER_WORKSPACE = 100;

const repo = (tx: Tx) => relayKeysRepo(tx.db, tx.feed);

export function listRelayKeys(
  store: Store,
  caller: Caller,
  workspaceId: string,
): Promise<RelayKey[]> {
  return store.read(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("relay_keys.read", { workspaceId: w.id });
    return await repo(tx).list(w.id);
  });
}

export type NewRelayKey = {
  name: string;
  description: string;
  /** Set (non-empty) for a key that reads only these projects. */
  projectIds?: string[] | null;
  /** Set (non-empty) for a key that reads only these environments. */
  environmentIds?: string[] | null;
};

/** The stored key and the full key, which is never available again. */
export function createRelayKey(
  store: Store,
  caller: Caller,
  workspaceId: string,
  input: NewRelayKey,
): Promise<{ relayKey: RelayKey; key: string }> {
  const action = "create a relay key";
  return store.write(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("relay_keys.write", { workspaceId: w.id });
    const projectIds = input.projectIds ? [...new Set(input.projectIds)] : null;
    const environmentIds = input.environmentIds ? [...new Set(input.environmentIds)] : null;
    const issues = await scopeIssues(tx, w.id, projectIds, environmentIds);
    if (issues.length > 0) throw invalid(action, issues);
    const count = (await repo(tx).list(w.id)).length;
    if (count >= MAX_RELAY_KEYS_PER_WORKSPACE) {
      throw new Invalid(
        `Cannot ${action}: the workspace has ${count}; the limit is ${MAX_RELAY_KEYS_PER_WORKSPACE}`,
      );
    }
    const id = crypto.randomUUID();
    const generated = generateKey("relay", id);
    const relayKey = await repo(tx).create({
      id,
      workspaceId: w.id,
      name: input.name,
      description: input.description,
      keyHash: generated.hash,
      keyPrefix: generated.prefix,
      keySuffix: generated.suffix,
      projectIds,
      environmentIds,
      createdBy: caller.audit.actor.id,
    });
    await audit(tx, caller.audit, {
      workspaceId: w.id,
      action: "relay_key.create",
      targetType: "relay_key",
      targetId: id,
      after: auditView(relayKey),
    });
    return { relayKey, key: generated.key };
  });
}

/** Deletes the key; relays using it lose their feed as the deletion replicates. */
export function deleteRelayKey(
  store: Store,
  caller: Caller,
  workspaceId: string,
  relayKeyId: string,
): Promise<void> {
  return store.write(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("relay_keys.write", { workspaceId: w.id });
    const key = await repo(tx).get(relayKeyId);
    if (!key || key.workspaceId !== w.id) {
      throw new NotFound("other", `Relay key "${relayKeyId}" not found in workspace "${w.name}"`);
    }
    await repo(tx).delete(key);
    await audit(tx, caller.audit, {
      workspaceId: w.id,
      action: "relay_key.delete",
      targetType: "relay_key",
      targetId: key.id,
      before: auditView(key),
    });
  });
}

/** With a workspace, its relay keys go, each with its change-feed row (replicas forget them). */
export async function deleteWorkspaceRelayKeys(tx: Tx, workspaceId: string): Promise<void> {
  for (const key of await repo(tx).list(workspaceId)) await repo(tx).delete(key);
}

/** A scope names projects or environments of this workspace, not both, and not none. */
async function scopeIssues(
  tx: Tx,
  workspaceId: string,
  projectIds: string[] | null,
  environmentIds: string[] | null,
): Promise<Issue[]> {
  const issues: Issue[] = [];
  if (projectIds && environmentIds) {
    issues.push({
      path: "environmentIds",
      message: "give projectIds or environmentIds, not both (omit both for the whole workspace)",
    });
  }
  const lists = { projectIds, environmentIds };
  for (const [field, ids] of Object.entries(lists)) {
    if (ids?.length === 0) {
      issues.push({ path: field, message: `${field} is empty: omit it for the whole workspace` });
    }
  }
  const projects = new Set((await tx.projects.list(workspaceId)).map((p) => p.id));
  (projectIds ?? []).forEach((id, i) => {
    if (!projects.has(id)) {
      issues.push({
        path: `projectIds[${i}]`,
        message: `projectIds[${i}] "${id}" names no project of this workspace`,
      });
    }
  });
  for (const [i, id] of (environmentIds ?? []).entries()) {
    const env = await tx.environments.get(id);
    if (!env || !projects.has(env.projectId)) {
      issues.push({
        path: `environmentIds[${i}]`,
        message: `environmentIds[${i}] "${id}" names no environment of this workspace`,
      });
    }
  }
  return issues;
}

/** The key as its audit row records it: everything but the hash. */
const auditView = (k: RelayKey) => ({
  id: k.id,
  name: k.name,
  description: k.description,
  prefix: k.keyPrefix,
  suffix: k.keySuffix,
  projectIds: k.projectIds,
  environmentIds: k.environmentIds,
  createdBy: k.createdBy,
  createdAt: k.createdAt,
});
