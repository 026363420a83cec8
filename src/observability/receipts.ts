// Delivery receipts: the newest revision each SDK client said it applied (POST
// /api/sdk/v1/ack), by SDK key and client id. In memory, per instance, bounded: the oldest
// client is forgotten when the map is full; new receipts are also stored in the primary by the
// next flush, so every instance sees them. A client is named by its X-Client-Id header when it
// sends a sane one, else by its address and user agent, on the stream and the ack alike.
import type { StoredReceipt } from "../store/repos/receipts.ts";

export type Receipt = { revision: number; at: number };

const SANE_ID = /^[\w\-.:]{1,100}$/;

export function clientIdOf(header: string | null | undefined, address: string, userAgent: string) {
  return header && SANE_ID.test(header) ? header : `${address} ${userAgent}`;
}

export class Receipts {
  readonly #byClient = new Map<string, Receipt>();
  /** Receipts not yet stored in the primary (see src/service/receipts.ts). */
  #dirty = new Map<string, StoredReceipt>();

  constructor(private readonly max = 100_000) {}

  /** Records that the client applied `revision` (an older one than it reported is ignored). */
  record(keyId: string, clientId: string, revision: number): void {
    const key = `${keyId}\0${clientId}`;
    const old = this.#byClient.get(key);
    if (old && old.revision > revision) return;
    this.#byClient.delete(key); // re-inserted last: the map stays in order of last receipt
    const at = Date.now();
    this.#byClient.set(key, { revision, at });
    this.#dirty.set(key, { keyId, clientId, revision, ackedMs: at });
    if (this.#dirty.size > this.max) this.#dirty.delete(this.#dirty.keys().next().value!);
    if (this.#byClient.size > this.max) {
      this.#byClient.delete(this.#byClient.keys().next().value!);
    }
  }

  get(keyId: string, clientId: string): Receipt | undefined {
    return this.#byClient.get(`${keyId}\0${clientId}`);
  }

  /** The receipts recorded since the last call. */
  takeDirty(): StoredReceipt[] {
    const taken = [...this.#dirty.values()];
    this.#dirty = new Map();
    return taken;
  }

  /** Puts back receipts a flush could not store (newer ones recorded meanwhile win). */
  restoreDirty(receipts: StoredReceipt[]): void {
    for (const r of receipts) {
      const key = `${r.keyId}\0${r.clientId}`;
      if (!this.#dirty.has(key)) this.#dirty.set(key, r);
    }
  }

  get size(): number {
    return this.#byClient.size;
  }
}
