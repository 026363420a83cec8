// Sensitive configs in an encrypted export (docs/sensitive_values.md#exports). Each export
// derives its own key from the project's data key and a random salt, and seals every config's
// values with the config's name bound in: "dx1.<iv>.<ciphertext>". The file carries the data
// key wrapped under the master key, so only a server with that ENCRYPTION_KEY can open it.
// The export key and the associated data differ from those of stored values, so ciphertext
// from a database, a backup or a relay feed cannot be passed through an import to be opened.
import { Buffer } from "node:buffer";
import { hkdfSync, randomBytes } from "node:crypto";
import { aesOpen, aesSeal } from "./secret_box.ts";

const PREFIX = "dx1";

export type ExportKey = { salt: string; key: Buffer };

const derive = (dataKey: Uint8Array, salt: string): Buffer =>
  Buffer.from(
    hkdfSync("sha256", dataKey, Buffer.from(salt, "base64url"), "dialtone/export-key", 32),
  );

/** A fresh export key from a project's data key (its bytes). */
export function newExportKey(dataKey: Uint8Array): ExportKey {
  const salt = randomBytes(16).toString("base64url");
  return { salt, key: derive(dataKey, salt) };
}

/** The export key an export with `salt` used, from the same data key. */
export const exportKeyOf = (dataKey: Uint8Array, salt: string): ExportKey => ({
  salt,
  key: derive(dataKey, salt),
});

const aad = (salt: string, name: string) => `dialtone/export/${salt}/${name}`;

/** `plain` (a config's values as JSON text) sealed for the config named `name`. */
export function sealExported(k: ExportKey, name: string, plain: string): string {
  return `${PREFIX}.${aesSeal(k.key, plain, aad(k.salt, name))}`;
}

/** The plain text, or null when `sealed` is not this export's value of `name` (or altered). */
export function openExported(k: ExportKey, name: string, sealed: string): string | null {
  if (!sealed.startsWith(`${PREFIX}.`)) return null;
  return aesOpen(k.key, sealed.slice(PREFIX.length + 1), aad(k.salt, name))?.toString("utf8") ??
    null;
}
