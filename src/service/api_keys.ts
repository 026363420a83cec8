// A workspace's admin API keys (rpa_…): list, create (the full key is returned once, only
// its hash is stored), delete. Only people manage them: the permission rules give keys no
// way to create or see keys. One transaction each.
import { generateKey } from "../auth/keys.ts";
import { Invalid, invalid, NotFound } from "../domain/errors.ts";
import type { Issue } from "../domain/issues.ts";
import { LIMITS } from "../domain/limits.ts";
import type { ApiKeyScope } from "../domain/permissions.ts";
import type { Store } from "../store/store.ts";
import type { AdminApiKey } from "../store/types.ts";
import { audit } from "./audit.ts";
import type { Caller } from "./caller.ts";
import { workspaceOr404 } from "./lookup.ts";

export function listApiKeys(
  store: Store,
  caller: Caller,
  workspaceId: string,
): Promise<AdminApiKey[]> {
  return store.read(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("api_keys.read", { workspaceId: w.id });
    return await tx.apiKeys.list(w.id);
  });
}

export type NewApiKey = {
  name: string;
  description: string;
  scopes: ApiKeyScope[];
  /** null or absent: every project of the workspace. */
  projectIds?: string[] | null;
  /** An ISO-8601 time in the future; null or absent: never. */
  expiresAt?: string | null;
};

/** The stored key and the full key, which is never available again. */
export function createApiKey(
  store: Store,
  caller: Caller,
  workspaceId: string,
  input: NewApiKey,
): Promise<{ apiKey: AdminApiKey; key: string }> {
  const action = "create an API key";
  return store.write(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("api_keys.write", { workspaceId: w.id });
    const issues: Issue[] = [];
    const projects = new Set((await tx.projects.list(w.id)).map((p) => p.id));
    (input.projectIds ?? []).forEach((id, i) => {
      if (!projects.has(id)) {
        issues.push({
          path: `projectIds[${i}]`,
          message: `projectIds[${i}] "${id}" names no project of this workspace`,
        });
      }
    });
    const expiresAt = input.expiresAt ? new Date(input.expiresAt).toISOString() : null;
    if (expiresAt !== null && Date.parse(expiresAt) <= Date.now()) {
      issues.push({ path: "expiresAt", message: `expiresAt "${input.expiresAt}" is in the past` });
    }
    if (issues.length > 0) throw invalid(action, issues);
    const count = (await tx.apiKeys.list(w.id)).length;
    if (count >= LIMITS.maxApiKeysPerWorkspace) {
      throw new Invalid(
        `Cannot ${action}: the workspace has ${count}; the limit is ${LIMITS.maxApiKeysPerWorkspace}`,
      );
    }
    const id = crypto.randomUUID();
    const generated = generateKey("admin", id);
    const apiKey = await tx.apiKeys.create({
      id,
      workspaceId: w.id,
      name: input.name,
      description: input.description,
      keyHash: generated.hash,
      keyPrefix: generated.prefix,
      keySuffix: generated.suffix,
      scopes: [...new Set(input.scopes)],
      projectIds: input.projectIds ? [...new Set(input.projectIds)] : null,
      expiresAt,
      createdBy: caller.audit.actor.id,
    });
    await audit(tx, caller.audit, {
      workspaceId: w.id,
      action: "api_key.create",
      targetType: "api_key",
      targetId: id,
      after: auditView(apiKey),
    });
    return { apiKey, key: generated.key };
  });
}

export function deleteApiKey(
  store: Store,
  caller: Caller,
  workspaceId: string,
  apiKeyId: string,
): Promise<void> {
  return store.write(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("api_keys.write", { workspaceId: w.id });
    const key = await tx.apiKeys.get(apiKeyId);
    if (!key || key.workspaceId !== w.id) {
      throw new NotFound("other", `API key "${apiKeyId}" not found in workspace "${w.name}"`);
    }
    await tx.apiKeys.delete(key.id);
    await audit(tx, caller.audit, {
      workspaceId: w.id,
      action: "api_key.delete",
      targetType: "api_key",
      targetId: key.id,
      before: { name: key.name, prefix: key.keyPrefix },
    });
  });
}

/** The key as its audit row records it: everything but the hash. */
const auditView = (k: AdminApiKey) => ({
  id: k.id,
  name: k.name,
  description: k.description,
  prefix: k.keyPrefix,
  suffix: k.keySuffix,
  scopes: k.scopes as string[],
  projectIds: k.projectIds,
  expiresAt: k.expiresAt,
  lastUsedAt: k.lastUsedAt,
  createdBy: k.createdBy,
  createdAt: k.createdAt,
});
