// Envelope encryption for sensitive config values (docs/sensitive_values.md). Each project has
// data keys (random AES-256 keys); each data key is stored wrapped (AES-GCM) under a master key
// from ENCRYPTION_KEY. Values are sealed under a data key and name it: "dk1.<dataKeyId>.<iv>.<body>".
// Rotating the master key re-wraps the data keys only; no value is re-encrypted.
import { Buffer } from "node:buffer";
import { createHash, hkdfSync, randomBytes } from "node:crypto";
import { aesOpen, aesSeal } from "./secret_box.ts";

export type MasterKey = { id: string; key: Buffer };

/** A data key as stored: wrapped under the master key `masterKeyId`. */
export type WrappedDataKey = {
  id: string;
  projectId: string;
  wrapped: string;
  masterKeyId: string;
};

const SEALED = "dk1";

/** The master key made from ENCRYPTION_KEY's text; its id is a fingerprint, not the key. */
export function masterKey(secret: string): MasterKey {
  const key = Buffer.from(hkdfSync("sha256", secret, "dialtone", "dialtone/master-key", 32));
  const id = createHash("sha256").update("dialtone/master-key-id").update(key).digest("hex")
    .slice(0, 16);
  return { id, key };
}

/** The master keys this instance knows: the current one seals, every one can unwrap. */
export class KeyRing {
  readonly #byId = new Map<string, MasterKey>();
  readonly #plain = new Map<string, Buffer>();

  constructor(readonly current: MasterKey | null, previous: MasterKey[] = []) {
    for (const k of [...previous, ...(current ? [current] : [])]) this.#byId.set(k.id, k);
  }

  get configured(): boolean {
    return this.current !== null;
  }

  /** Ids of every master key known here, the current one first. */
  get ids(): string[] {
    return [...this.#byId.keys()].reverse();
  }

  /** A fresh data key for `projectId`, wrapped under the current master key. */
  newDataKey(projectId: string): WrappedDataKey {
    const id = `dk_${randomBytes(12).toString("base64url")}`;
    const plain = randomBytes(32);
    const wrapped = this.#wrap(id, projectId, plain);
    this.#plain.set(id, plain);
    return wrapped;
  }

  /** `k` wrapped under the current master key (rotation); null when it cannot be unwrapped. */
  rewrap(k: WrappedDataKey): WrappedDataKey | null {
    const plain = this.unwrap(k);
    return plain ? this.#wrap(k.id, k.projectId, plain) : null;
  }

  /** The data key's bytes, or null when no known master key wrapped it. */
  unwrap(k: WrappedDataKey): Buffer | null {
    const cached = this.#plain.get(k.id);
    if (cached) return cached;
    const master = this.#byId.get(k.masterKeyId);
    if (!master) return null;
    const plain = aesOpen(master.key, k.wrapped, wrapAad(k.id, k.projectId));
    if (plain) this.#plain.set(k.id, plain);
    return plain;
  }

  #wrap(id: string, projectId: string, plain: Buffer): WrappedDataKey {
    if (!this.current) throw new NoMasterKey("encrypt a sensitive value");
    const wrapped = aesSeal(this.current.key, plain, wrapAad(id, projectId));
    return { id, projectId, wrapped, masterKeyId: this.current.id };
  }
}

export const NO_KEYS: KeyRing = new KeyRing(null);

/** What to set, for refusals and startup errors. */
export const SET_KEY_HINT =
  "set ENCRYPTION_KEY (or ENCRYPTION_KEY_FILE) to a secret of at least 32 characters, " +
  "e.g. the output of `openssl rand -base64 32` (docs/sensitive_values.md)";

export class NoMasterKey extends Error {
  constructor(action: string) {
    super(`Cannot ${action}: no master key is configured; ${SET_KEY_HINT}`);
    this.name = "NoMasterKey";
  }
}

/**
 * A data key could not be unwrapped or a sealed value opened: a missing or wrong key. The HTTP
 * layer answers it 503 encryption_key_unavailable (src/http/errors.ts).
 */
export class CannotDecrypt extends Error {
  constructor(
    what: string,
    readonly dataKeyId: string | null = null,
    /** The fingerprint of the master key that wrapped the data key, when known. */
    readonly masterKeyId: string | null = null,
  ) {
    const under = masterKeyId === null ? "a master key" : `master key ${masterKeyId}`;
    super(
      `Cannot decrypt ${what}: its data key${dataKeyId === null ? "" : ` ${dataKeyId}`} is ` +
        `wrapped under ${under}, which this instance does not have; set ENCRYPTION_KEY (or ` +
        "ENCRYPTION_KEY_FILE) to that key, or keep it in ENCRYPTION_KEY_PREVIOUS during a rotation",
    );
    this.name = "CannotDecrypt";
  }
}

const wrapAad = (id: string, projectId: string) => `dialtone/data-key/${projectId}/${id}`;
const valueAad = (dataKeyId: string) => `dialtone/sensitive/${dataKeyId}`;

/** `plain` sealed under the data key `dataKeyId` (whose bytes are `key`). */
export function sealWith(dataKeyId: string, key: Uint8Array, plain: string): string {
  return `${SEALED}.${dataKeyId}.${aesSeal(key, plain, valueAad(dataKeyId))}`;
}

/** The data key id a sealed value names, or null when `sealed` is not one. */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split(".");
  return parts.length === 4 && parts[0] === SEALED && parts[1] ? parts[1] : null;
}

/** The plain text, or null when `key` did not seal it (or it was altered). */
export function openWith(key: Uint8Array, sealed: string): string | null {
  const id = sealedKeyId(sealed);
  if (id === null) return null;
  const body = sealed.slice(SEALED.length + id.length + 2);
  return aesOpen(key, body, valueAad(id))?.toString("utf8") ?? null;
}

export type KeySettings = {
  encryptionKey: string | undefined;
  encryptionKeyFile: string | undefined;
  encryptionKeyPrevious: string[];
};

/** The ring from the settings; ENCRYPTION_KEY_FILE is read here. */
export async function loadKeyRing(s: KeySettings): Promise<KeyRing> {
  let secret = s.encryptionKey;
  if (secret === undefined && s.encryptionKeyFile !== undefined) {
    secret = (await Deno.readTextFile(s.encryptionKeyFile)).trim();
    if (secret.length < 32) {
      throw new Error(
        `Cannot use ENCRYPTION_KEY_FILE ${s.encryptionKeyFile}: it holds fewer than 32 characters`,
      );
    }
  }
  if (secret === undefined && s.encryptionKeyPrevious.length > 0) {
    throw new Error("ENCRYPTION_KEY_PREVIOUS is set without ENCRYPTION_KEY: set the new key too");
  }
  return new KeyRing(
    secret === undefined ? null : masterKey(secret),
    s.encryptionKeyPrevious.map(masterKey),
  );
}
