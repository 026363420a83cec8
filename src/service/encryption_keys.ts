// Master-key rotation for sensitive configs (docs/sensitive_values.md): every data key wrapped
// under an older master key is re-wrapped under the current one (ENCRYPTION_KEY), in one
// transaction, each with a change-feed row so replicas follow. Values are not re-encrypted, so
// it is quick and nothing stops serving; the older key is needed only until it has run.
import type { WrappedDataKey } from "../auth/envelope.ts";
import { Invalid } from "../domain/errors.ts";
import type { Store, Tx } from "../store/store.ts";
import { audit } from "./audit.ts";
import type { Caller } from "./caller.ts";
import { workspaceOr404 } from "./lookup.ts";
import { SET_KEY_HINT } from "../auth/envelope.ts";

export type KeyStatus = {
  /** The master key new data keys are wrapped under (a fingerprint), or null when none is set. */
  currentKeyId: string | null;
  /** Every master key this server has (ENCRYPTION_KEY and ENCRYPTION_KEY_PREVIOUS). */
  knownKeyIds: string[];
  dataKeys: number;
  /** Data keys still wrapped under an older master key: rotation is not complete. */
  pending: number;
  /** Data keys wrapped under a master key this server does not have. */
  unreadable: number;
};

export type RotationResult = KeyStatus & { rewrapped: number };

async function keysOf(tx: Tx, workspaceId: string | null): Promise<WrappedDataKey[]> {
  const all = await tx.dataKeys.list();
  if (workspaceId === null) return all;
  const projects = new Set((await tx.projects.list(workspaceId)).map((p) => p.id));
  return all.filter((k) => projects.has(k.projectId));
}

function status(tx: Tx, keys: WrappedDataKey[]): KeyStatus {
  const ring = tx.dataKeys.ring;
  const current = ring.current?.id ?? null;
  const known = new Set(ring.ids);
  return {
    currentKeyId: current,
    knownKeyIds: ring.ids,
    dataKeys: keys.length,
    pending: keys.filter((k) => k.masterKeyId !== current).length,
    unreadable: keys.filter((k) => !known.has(k.masterKeyId)).length,
  };
}

/** How far the data keys of the workspace's projects are from the current master key. */
export function encryptionKeyStatus(
  store: Store,
  caller: Caller,
  workspaceId: string,
): Promise<KeyStatus> {
  return store.read(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("encryption_keys.rotate", { workspaceId: w.id });
    return status(tx, await keysOf(tx, w.id));
  });
}

/** Re-wraps the workspace's data keys (the CLI passes null: every workspace's). */
export function rotateEncryptionKeys(
  store: Store,
  caller: Caller | null,
  workspaceId: string | null,
): Promise<RotationResult> {
  return store.write(async (tx) => {
    const w = workspaceId === null ? null : await workspaceOr404(tx, workspaceId);
    if (caller && w) caller.allow("encryption_keys.rotate", { workspaceId: w.id });
    const ring = tx.dataKeys.ring;
    const keys = await keysOf(tx, w?.id ?? null);
    if (keys.length === 0) return { ...status(tx, keys), rewrapped: 0 };
    if (!ring.current) throw new Invalid(`Cannot rotate the encryption keys: ${SET_KEY_HINT}`);
    const stale = keys.filter((k) => k.masterKeyId !== ring.current!.id);
    const missing = stale.filter((k) => ring.unwrap(k) === null);
    if (missing.length > 0) {
      const ids = [...new Set(missing.map((k) => k.masterKeyId))].join(", ");
      throw new Invalid(
        `Cannot rotate the encryption keys: ${missing.length} data key(s) are wrapped under ` +
          `master key ${ids}, which this server does not have; set it in ` +
          "ENCRYPTION_KEY_PREVIOUS and run the rotation again",
      );
    }
    for (const k of stale) await tx.dataKeys.replace(ring.rewrap(k)!);
    if (caller && stale.length > 0) {
      await audit(tx, caller.audit, {
        workspaceId: w?.id ?? null,
        action: "encryption_keys.rotate",
        targetType: "workspace",
        targetId: w?.id ?? null,
        after: { masterKeyId: ring.current.id, rewrapped: stale.length },
      });
    }
    const after = await keysOf(tx, w?.id ?? null);
    return { ...status(tx, after), rewrapped: stale.length };
  });
}
