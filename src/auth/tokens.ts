import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const SESSION_TOKEN_BYTES = 32;
// Binds CSRF tokens to this purpose, so an HMAC under the same SECRET_KEY made for anything else
// can never pass as one.
const CSRF_CONTEXT = "dialtone/csrf/v1\0";

/** A new session token: 32 random bytes, base64url (43 chars). Store only sha256Hex(token). */
export function newSessionToken(): string {
  return randomBytes(SESSION_TOKEN_BYTES).toString("base64url");
}

/** Lowercase hex SHA-256 of the UTF-8 bytes of s. */
export function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/** The CSRF token for a session: HMAC-SHA256(secretKey, session token), base64url. Stateless. */
export function csrfToken(sessionToken: string, secretKey: string): string {
  if (secretKey === "") throw new Error("Cannot make a CSRF token: the secret key is empty");
  return createHmac("sha256", secretKey).update(CSRF_CONTEXT + sessionToken, "utf8").digest(
    "base64url",
  );
}

/** True when `given` is the CSRF token of this session; compares in constant time. */
export function checkCsrf(
  sessionToken: string,
  secretKey: string,
  given: string | null | undefined,
): boolean {
  if (!given) return false;
  const expected = new TextEncoder().encode(csrfToken(sessionToken, secretKey));
  const actual = new TextEncoder().encode(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
