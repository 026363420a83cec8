// Encryption at rest for what the server must read back: webhook signing secrets and stored
// idempotent answers (which can hold a key shown once). AES-256-GCM under a key derived from
// SECRET_KEY with HKDF, one derived key per purpose.
import { Buffer } from "node:buffer";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";

export type SecretBox = {
  seal(plain: string): string;
  /** The plain text, or null when `sealed` was not sealed by this key and purpose. */
  open(sealed: string): string | null;
};

export function secretBox(secretKey: string, purpose: string): SecretBox {
  if (secretKey === "") throw new Error(`Cannot derive the ${purpose} key: SECRET_KEY is empty`);
  const key = Buffer.from(hkdfSync("sha256", secretKey, "dialtone", `dialtone/${purpose}`, 32));
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([
        cipher.update(plain, "utf8"),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return `${VERSION}.${iv.toString("base64url")}.${body.toString("base64url")}`;
    },
    open(sealed) {
      const [version, iv, body] = sealed.split(".");
      if (version !== VERSION || !iv || !body) return null;
      try {
        const bytes = Buffer.from(body, "base64url");
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAuthTag(bytes.subarray(bytes.length - 16));
        const head = decipher.update(bytes.subarray(0, bytes.length - 16));
        return Buffer.concat([head, decipher.final()]).toString("utf8");
      } catch {
        return null;
      }
    },
  };
}
