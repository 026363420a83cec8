// The credential in an OFREP event stream URL. Browsers' EventSource cannot send headers, so
// the URL carries it; it is not the SDK key but HMAC(SECRET_KEY, key id + key hash), good only
// for change notifications of that key's environment and only while the key exists.
import { createHmac, timingSafeEqual } from "node:crypto";

// Binds these tokens to this purpose: no other HMAC under SECRET_KEY can pass as one.
const CONTEXT = "dialtone/ofrep-events/v1\0";
const encoder = new TextEncoder();

export function streamToken(secretKey: string, keyId: string, keyHash: string): string {
  return `${keyId}.${mac(secretKey, keyId, keyHash)}`;
}

/** The key id a token names, before it is checked; null when it has no token shape. */
export function tokenKeyId(token: string): string | null {
  const dot = token.indexOf(".");
  return dot === 36 ? token.slice(0, dot) : null;
}

/** Whether `token` is the stream token of this key; constant time in the MAC. */
export function checkStreamToken(
  token: string,
  secretKey: string,
  keyId: string,
  keyHash: string,
): boolean {
  const expected = encoder.encode(streamToken(secretKey, keyId, keyHash));
  const given = encoder.encode(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function mac(secretKey: string, keyId: string, keyHash: string): string {
  return createHmac("sha256", secretKey).update(`${CONTEXT}${keyId}\0${keyHash}`, "utf8")
    .digest("base64url");
}
