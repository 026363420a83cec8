// Sealing sensitive configs into an encrypted export and opening them on import
// (docs/sensitive_values.md#exports). The crypto is in src/auth/export_seal.ts.
import { CannotDecrypt, type KeyRing } from "../auth/envelope.ts";
import { exportKeyOf, newExportKey, openExported, sealExported } from "../auth/export_seal.ts";
import type { ExportedConfig } from "../domain/import_plan.ts";
import type { Issue } from "../domain/issues.ts";
import { quote } from "../domain/names.ts";
import {
  type ExportEncryption,
  parseSealedValues,
  type SealedEntry,
  sealedValuesOf,
} from "../domain/sealed_export.ts";
import type { Store, Tx } from "../store/store.ts";
import { audit } from "./audit.ts";
import type { Caller } from "./caller.ts";
import { projectOr404 } from "./lookup.ts";

/** The sensitive configs of `projectId`, sealed under a fresh export key from its data key. */
export async function sealForExport(
  tx: Tx,
  projectId: string,
  configs: ExportedConfig[],
): Promise<{ sensitiveConfigs: SealedEntry[]; encryption?: ExportEncryption }> {
  if (configs.length === 0) return { sensitiveConfigs: [] };
  const ring = tx.dataKeys.ring;
  const stored = (await tx.dataKeys.list()).filter((k) => k.projectId === projectId).at(-1);
  if (!stored) throw new CannotDecrypt(`the data key of project ${projectId}`);
  const bytes = ring.unwrap(stored);
  if (!bytes) {
    throw new CannotDecrypt(`the data key of project ${projectId}`, stored.id, stored.masterKeyId);
  }
  // Under the current master key, so a server that has finished a rotation can open it.
  const dataKey = (ring.configured ? ring.rewrap(stored) : null) ?? stored;
  const key = newExportKey(bytes);
  return {
    sensitiveConfigs: configs.map((c) => ({
      name: c.name,
      description: c.description,
      environmentNames: c.variants.map((v) => v.environmentName),
      sealed: sealExported(key, c.name, JSON.stringify(sealedValuesOf(c))),
    })),
    encryption: {
      salt: key.salt,
      dataKey: {
        id: dataKey.id,
        projectId: dataKey.projectId,
        masterKeyId: dataKey.masterKeyId,
        wrapped: dataKey.wrapped,
      },
    },
  };
}

/**
 * The audit row of an encrypted export, which hands out key-wrapped secret values. An export is
 * a read, so the row is written after it, in a small write of its own.
 */
export async function auditSealedExport(
  store: Store,
  caller: Caller,
  projectId: string,
  names: string[],
): Promise<void> {
  await store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    await audit(tx, caller.audit, {
      workspaceId: p.workspaceId,
      projectId: p.id,
      action: "project.export",
      targetType: "project",
      targetId: p.id,
      after: { sensitive: "encrypted", configs: names },
    });
  });
}

const OR_OMIT = "or export the project again with sensitive=omit and import that file";

/**
 * The entries opened into exported configs. Without the master key that wrapped the file's
 * data key the whole import is refused, naming the key: an import writes all or nothing.
 */
export function openForImport(
  ring: KeyRing,
  entries: readonly SealedEntry[],
  encryption: ExportEncryption | undefined,
): { configs: ExportedConfig[]; issues: Issue[] } {
  if (entries.length === 0) return { configs: [], issues: [] };
  const refuse = (path: string, message: string) => ({ configs: [], issues: [{ path, message }] });
  if (!encryption) {
    return refuse(
      "data.encryption",
      "encryption is required with sensitiveConfigs (the export's salt and data key)",
    );
  }
  const k = encryption.dataKey;
  const path = "data.encryption.dataKey.masterKeyId";
  if (!ring.configured) {
    return refuse(
      path,
      `the sensitive configs are encrypted under master key ${quote(k.masterKeyId)} ` +
        `(data key ${quote(k.id)}) and this server has no master key: set ENCRYPTION_KEY ` +
        `(or ENCRYPTION_KEY_FILE) to the exporting server's key, ${OR_OMIT}`,
    );
  }
  if (!ring.ids.includes(k.masterKeyId)) {
    return refuse(
      path,
      `the sensitive configs are encrypted under master key ${quote(k.masterKeyId)} ` +
        `(data key ${quote(k.id)}), which this server does not have: set ENCRYPTION_KEY ` +
        `(or ENCRYPTION_KEY_PREVIOUS) to the exporting server's key, ${OR_OMIT}`,
    );
  }
  const bytes = ring.unwrap(k);
  if (!bytes) {
    return refuse(
      "data.encryption.dataKey.wrapped",
      `data key ${quote(k.id)} does not open under master key ${quote(k.masterKeyId)}: ` +
        "the file was altered",
    );
  }
  const key = exportKeyOf(bytes, encryption.salt);
  const configs: ExportedConfig[] = [];
  const issues: Issue[] = [];
  entries.forEach((e, i) => {
    const root = `data.sensitiveConfigs[${i}].sealed`;
    const plain = openExported(key, e.name, e.sealed);
    if (plain === null) {
      issues.push({
        path: root,
        message: `sealed does not open: the file was altered, or this value was exported ` +
          `under another name than ${quote(e.name)}`,
      });
      return;
    }
    const parsed = parseSealedValues(e, plain, root);
    if (parsed.ok) configs.push(parsed.config);
    else issues.push(...parsed.issues);
  });
  return { configs, issues };
}
