// A project's SDK keys: list, create (the full key is returned once, only its hash is
// stored), delete. One transaction each.
import { generateKey } from "../auth/keys.ts";
import { Invalid, invalid, NotFound } from "../domain/errors.ts";
import { LIMITS } from "../domain/limits.ts";
import type { Store } from "../store/store.ts";
import type { SdkKey } from "../store/types.ts";
import { audit } from "./audit.ts";
import { type Caller, projectTarget } from "./caller.ts";
import { projectOr404 } from "./lookup.ts";

export function listSdkKeys(store: Store, caller: Caller, projectId: string): Promise<SdkKey[]> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("sdk_key.read", projectTarget(p));
    return await tx.sdkKeys.list(p.id);
  });
}

export type NewSdkKey = {
  name: string;
  description: string;
  environmentId: string;
  /** May receive sensitive configs (default false). */
  readSensitive?: boolean;
};

/** The stored key and the full key, which is never available again. */
export function createSdkKey(
  store: Store,
  caller: Caller,
  projectId: string,
  input: NewSdkKey,
): Promise<{ sdkKey: SdkKey; key: string }> {
  const action = "create an SDK key";
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("sdk_key.write", projectTarget(p));
    const env = await tx.environments.get(input.environmentId);
    if (!env || env.projectId !== p.id) {
      throw invalid(action, [{
        path: "environmentId",
        message: `environmentId "${input.environmentId}" names no environment of this project`,
      }]);
    }
    const count = (await tx.sdkKeys.list(p.id)).length;
    if (count >= LIMITS.maxSdkKeysPerProject) {
      throw new Invalid(
        `Cannot ${action}: the project has ${count}; the limit is ${LIMITS.maxSdkKeysPerProject}`,
      );
    }
    const id = crypto.randomUUID();
    const generated = generateKey("sdk", id);
    const sdkKey = await tx.sdkKeys.create({
      id,
      projectId: p.id,
      environmentId: env.id,
      name: input.name,
      description: input.description,
      keyHash: generated.hash,
      keyPrefix: generated.prefix,
      keySuffix: generated.suffix,
      readSensitive: input.readSensitive === true,
    });
    await audit(tx, caller.audit, {
      workspaceId: p.workspaceId,
      projectId: p.id,
      action: "sdk_key.create",
      targetType: "sdk_key",
      targetId: id,
      after: { name: sdkKey.name, environmentId: env.id, prefix: sdkKey.keyPrefix },
    });
    return { sdkKey, key: generated.key };
  });
}

/** Deletes the key; streams using it are closed as the deletion reaches each instance. */
export function deleteSdkKey(
  store: Store,
  caller: Caller,
  projectId: string,
  sdkKeyId: string,
): Promise<void> {
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("sdk_key.write", projectTarget(p));
    const key = await tx.sdkKeys.get(sdkKeyId);
    if (!key || key.projectId !== p.id) {
      throw new NotFound("other", `SDK key "${sdkKeyId}" not found in project "${p.name}"`);
    }
    await tx.sdkKeys.delete(key.id);
    await audit(tx, caller.audit, {
      workspaceId: p.workspaceId,
      projectId: p.id,
      action: "sdk_key.delete",
      targetType: "sdk_key",
      targetId: key.id,
      before: { name: key.name, environmentId: key.environmentId, prefix: key.keyPrefix },
    });
  });
}
