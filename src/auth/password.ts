import { argon2id } from "hash-wasm";
import { timingSafeEqual } from "node:crypto";

export interface Argon2Params {
  /** Memory cost in KiB. */
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** OWASP's Argon2id minimum (m=19 MiB, t=2, p=1); about 0.1 s per hash. */
export const ARGON2_PARAMS: Readonly<Argon2Params> = Object.freeze({
  memoryKiB: 19456,
  iterations: 2,
  parallelism: 1,
});

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;

const SALT_BYTES = 16;
const HASH_BYTES = 32;
const ARGON2_VERSION = 19;

// A stored hash decides how much work verification does, so a tampered or corrupt row must not be
// able to make one login allocate gigabytes or spin for minutes.
const MAX_MEMORY_KIB = 262_144;
const MAX_ITERATIONS = 16;
const MAX_PARALLELISM = 16;

/**
 * Hash of a random, discarded password under ARGON2_PARAMS. verifyDummy() checks against it so that
 * a login for an unknown email costs the same as one for a known email. A test keeps its
 * parameters equal to ARGON2_PARAMS.
 */
export const DUMMY_PHC =
  "$argon2id$v=19$m=19456,t=2,p=1$K0lWi172q5OeuC3pgOx2bg$Zf+HmJupCPOyUdQgTAbs1P7W3zbB2Cl8PoOO0QikO9Q";

/** Returns a message saying what is wrong with a new password, or null when it is acceptable. */
export function checkPasswordStrength(pw: string): string | null {
  const length = [...pw].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return `Password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return `Password must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  }
  return null;
}

/** Hashes a password with Argon2id and a fresh random salt, as a PHC string. */
export async function hashPassword(
  pw: string,
  params: Readonly<Argon2Params> = ARGON2_PARAMS,
): Promise<string> {
  if (pw === "") throw new Error("Cannot hash password: it is empty");
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await compute(pw, salt, params, HASH_BYTES);
  return formatPhc(params, salt, hash);
}

/**
 * Checks a password against a PHC string made by hashPassword() (or any Argon2id v19 PHC string
 * within sane cost limits). Throws when the stored string is malformed, so that corrupt data is
 * reported instead of looking like a wrong password.
 */
export async function verifyPassword(pw: string, phc: string): Promise<boolean> {
  const parsed = parsePhc(phc);
  // hash-wasm refuses empty input; still do the work so "" costs what any wrong password costs.
  const actual = await compute(pw || "\0", parsed.salt, parsed.params, parsed.hash.length);
  return timingSafeEqual(actual, parsed.hash) && pw !== "";
}

/** Does the work of one verifyPassword() and always answers false (for unknown accounts). */
export async function verifyDummy(pw: string): Promise<false> {
  await verifyPassword(pw, DUMMY_PHC);
  return false;
}

/** True when a stored hash was made with other parameters than ARGON2_PARAMS. */
export function needsRehash(phc: string): boolean {
  const { params } = parsePhc(phc);
  return params.memoryKiB !== ARGON2_PARAMS.memoryKiB ||
    params.iterations !== ARGON2_PARAMS.iterations ||
    params.parallelism !== ARGON2_PARAMS.parallelism;
}

export interface ParsedPhc {
  params: Argon2Params;
  salt: Uint8Array;
  hash: Uint8Array;
}

const PHC_RE = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Parses an Argon2id PHC string; throws (without echoing the string) when it is not one we accept. */
export function parsePhc(phc: string): ParsedPhc {
  const m = PHC_RE.exec(phc);
  if (!m) throw new Error("Cannot verify password: stored hash is not an Argon2id PHC string");
  const [, version, memory, iterations, parallelism, salt64, hash64] = m;
  if (Number(version) !== ARGON2_VERSION) {
    throw new Error(`Cannot verify password: unsupported Argon2 version ${version}`);
  }
  const params: Argon2Params = {
    memoryKiB: Number(memory),
    iterations: Number(iterations),
    parallelism: Number(parallelism),
  };
  const p = params.parallelism;
  if (
    p < 1 || p > MAX_PARALLELISM ||
    params.iterations < 1 || params.iterations > MAX_ITERATIONS ||
    params.memoryKiB < 8 * p || params.memoryKiB > MAX_MEMORY_KIB
  ) {
    throw new Error(
      `Cannot verify password: stored hash has out-of-range parameters m=${memory},t=${iterations},p=${parallelism}`,
    );
  }
  const salt = decodeB64(salt64 ?? "");
  const hash = decodeB64(hash64 ?? "");
  if (
    !salt || salt.length < 8 || salt.length > 64 || !hash || hash.length < 16 || hash.length > 64
  ) {
    throw new Error("Cannot verify password: stored hash has a malformed salt or digest");
  }
  return { params, salt, hash };
}

async function compute(
  pw: string,
  salt: Uint8Array,
  params: Readonly<Argon2Params>,
  hashLength: number,
): Promise<Uint8Array> {
  return await argon2id({
    password: pw,
    salt,
    memorySize: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    hashLength,
    outputType: "binary",
  });
}

function formatPhc(params: Readonly<Argon2Params>, salt: Uint8Array, hash: Uint8Array): string {
  const { memoryKiB: m, iterations: t, parallelism: p } = params;
  return `$argon2id$v=${ARGON2_VERSION}$m=${m},t=${t},p=${p}$${encodeB64(salt)}$${encodeB64(hash)}`;
}

// PHC strings use standard base64 without padding.
function encodeB64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/=+$/, "");
}

function decodeB64(s: string): Uint8Array | null {
  if (s.length % 4 === 1) return null;
  const bin = atob(s + "=".repeat((4 - (s.length % 4)) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  // Reject non-canonical encodings (stray bits in the last character).
  return encodeB64(bytes) === s ? bytes : null;
}
