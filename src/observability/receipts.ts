// Delivery receipts: the newest revision each SDK client said it applied (POST
// /api/sdk/v1/ack), by SDK key and client id. In memory, per instance, bounded: the oldest
// client is forgotten when the map is full. A client is named by its X-Client-Id header when it
// sends a sane one, else by its address and user agent, on the stream and the ack alike.
export type Receipt = { revision: number; at: number };

const SANE_ID = /^[\w\-.:]{1,100}$/;

export function clientIdOf(header: string | null | undefined, address: string, userAgent: string) {
  return header && SANE_ID.test(header) ? header : `${address} ${userAgent}`;
}

export class Receipts {
  readonly #byClient = new Map<string, Receipt>();

  constructor(private readonly max = 100_000) {}

  /** Records that the client applied `revision` (an older one than it reported is ignored). */
  record(keyId: string, clientId: string, revision: number): void {
    const key = `${keyId}\0${clientId}`;
    const old = this.#byClient.get(key);
    if (old && old.revision > revision) return;
    this.#byClient.delete(key); // re-inserted last: the map stays in order of last receipt
    this.#byClient.set(key, { revision, at: Date.now() });
    if (this.#byClient.size > this.max) {
      this.#byClient.delete(this.#byClient.keys().next().value!);
    }
  }

  get(keyId: string, clientId: string): Receipt | undefined {
    return this.#byClient.get(`${keyId}\0${clientId}`);
  }

  get size(): number {
    return this.#byClient.size;
  }
}
