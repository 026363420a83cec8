// Standard Webhooks signatures (https://www.standardwebhooks.com): the secret is "whsec_" and
// base64 bytes; the signature is base64 HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<body>"
// with the decoded secret, sent as "v1,<signature>". During a rotation both secrets sign, space
// separated, so receivers holding either one verify.
import { Buffer } from "node:buffer";
import { createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";
const SECRET_BYTES = 32;

export function newWebhookSecret(): string {
  return PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(
    secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret,
    "base64",
  );
  const mac = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`, "utf8").digest(
    "base64",
  );
  return `v1,${mac}`;
}

/** The three webhook-* headers for a message signed with each of `secrets`. */
export function signedHeaders(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": secrets.map((s) => signature(s, id, timestamp, body)).join(" "),
  };
}
