// Encryption at rest for what the server must read back: webhook signing secrets and stored
// idempotent answers (which can hold a key shown once). AES-256-GCM under a key derived from
// SECRET_KEY with HKDF, one derived key per purpose. aesSeal/aesOpen are the one AES-GCM
// implementation; envelope.ts (sensitive config values) uses them too.
import { Buffer } from "node:buffer";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";

export type SecretBox = {
  seal(plain: string): string;
  /** The plain text, or null when `sealed` was not sealed by this key and purpose. */
  open(sealed: string): string | null;
};

/** AES-256-GCM of `plain` under the 32-byte `key`: "iv.body+tag", both base64url. */
export function aesSeal(key: Uint8Array, plain: string | Uint8Array, aad = ""): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  if (aad) cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([
    typeof plain === "string" ? cipher.update(plain, "utf8") : cipher.update(plain),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return `${iv.toString("base64url")}.${body.toString("base64url")}`;
}

/** The bytes aesSeal sealed, or null when `sealed` is not from this key (or was altered). */
export function aesOpen(key: Uint8Array, sealed: string, aad = ""): Buffer | null {
  const [iv, body, extra] = sealed.split(".");
  if (!iv || !body || extra !== undefined) return null;
  try {
    const bytes = Buffer.from(body, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    if (aad) decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const head = decipher.update(bytes.subarray(0, bytes.length - 16));
    return Buffer.concat([head, decipher.final()]);
  } catch {
    return null;
  }
}

export function secretBox(secretKey: string, purpose: string): SecretBox {
  if (secretKey === "") throw new Error(`Cannot derive the ${purpose} key: SECRET_KEY is empty`);
  const key = Buffer.from(hkdfSync("sha256", secretKey, "dialtone", `dialtone/${purpose}`, 32));
  return {
    seal: (plain) => `${VERSION}.${aesSeal(key, plain)}`,
    open(sealed) {
      const dot = sealed.indexOf(".");
      if (dot < 0 || sealed.slice(0, dot) !== VERSION) return null;
      return aesOpen(key, sealed.slice(dot + 1))?.toString("utf8") ?? null;
    },
  };
}
