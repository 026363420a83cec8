import { randomBytes, timingSafeEqual } from "node:crypto";
import { sha256Hex } from "./tokens.ts";

/**
 * SDK keys (`rp_`) and workspace admin API keys (`rpa_`), REPLANE_COMPAT.md §1.1 and §3, and
 * our relay keys (`rpr_`, docs/relay.md), all in one shape:
 * prefix + hex(24 random bytes ++ the 16 bytes of the key row's UUID). Only sha256Hex(key) is
 * stored; the UUID finds the row and the hash comparison authenticates.
 */
export type KeyKind = "sdk" | "admin" | "relay";

export const KEY_PREFIXES: Readonly<Record<KeyKind, string>> = Object.freeze({
  sdk: "rp_",
  admin: "rpa_",
  relay: "rpr_",
});

export interface GeneratedKey {
  /** The full key, shown to the user once. */
  key: string;
  /** sha256 hex of the full key; the only form that is stored. */
  hash: string;
  /** Display prefix, e.g. "rp_1a2b". */
  prefix: string;
  /** Display suffix: the last 4 characters of the key. */
  suffix: string;
}

const RANDOM_BYTES = 24;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BODY_RE = /^[0-9a-f]{80}$/;

/** Makes a new key of `kind` for the key row with UUID `id`. */
export function generateKey(kind: KeyKind, id: string): GeneratedKey {
  if (!UUID_RE.test(id)) {
    throw new Error(`Cannot generate ${kind} key for id "${id}": id must be a UUID`);
  }
  const body = randomBytes(RANDOM_BYTES).toString("hex") + id.replaceAll("-", "").toLowerCase();
  const key = KEY_PREFIXES[kind] + body;
  return {
    key,
    hash: hashKey(key),
    prefix: KEY_PREFIXES[kind] + body.slice(0, 4),
    suffix: key.slice(-4),
  };
}

/** Checks a key's shape and returns the UUID of its row, or null when it is not a `kind` key. */
export function parseKey(kind: KeyKind, key: string): { id: string } | null {
  const prefix = KEY_PREFIXES[kind];
  if (!key.startsWith(prefix)) return null;
  const body = key.slice(prefix.length);
  if (!BODY_RE.test(body)) return null;
  const u = body.slice(RANDOM_BYTES * 2);
  return {
    id: `${u.slice(0, 8)}-${u.slice(8, 12)}-${u.slice(12, 16)}-${u.slice(16, 20)}-${u.slice(20)}`,
  };
}

/** The stored form of a key: lowercase sha256 hex of the full key. */
export function hashKey(key: string): string {
  return sha256Hex(key);
}

/** Compares two hashes in constant time (their lengths are not secret). */
export function sameHash(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
