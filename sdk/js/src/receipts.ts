// Delivery receipts: after applying a revision the client tells the server (POST
// /api/sdk/v1/ack). Batched and rate-limited: at most one request per interval, carrying only
// the newest revision applied; a server without the endpoint (plain Replane) turns them off.

export type ReceiptOptions = {
  url: string;
  sdkKey: string;
  clientId: string;
  intervalMs: number;
  fetch: typeof fetch;
  headers: Record<string, string>;
  onError(error: Error): void;
};

export class ReceiptSender {
  #pending: number | null = null;
  #sent = -1;
  #lastAt = -Infinity;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #inFlight: Promise<void> | null = null;
  #disabled = false;

  constructor(private readonly options: ReceiptOptions) {}

  /** Notes that `revision` was applied; a request follows within the interval. */
  note(revision: number): void {
    if (this.#disabled || revision <= this.#sent) return;
    if (this.#pending === null || revision > this.#pending) {
      this.#pending = revision;
    }
    this.#schedule();
  }

  /** The newest revision the server acknowledged receiving. */
  get sentRevision(): number | null {
    return this.#sent < 0 ? null : this.#sent;
  }

  close(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#disabled = true;
  }

  #schedule(): void {
    if (this.#timer !== null || this.#inFlight !== null) return;
    const wait = Math.max(
      0,
      this.#lastAt + this.options.intervalMs - Date.now(),
    );
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#inFlight = this.#send().finally(() => {
        this.#inFlight = null;
        if (this.#pending !== null && !this.#disabled) this.#schedule();
      });
    }, wait);
  }

  async #send(): Promise<void> {
    const revision = this.#pending;
    if (revision === null) return;
    this.#pending = null;
    this.#lastAt = Date.now();
    const { url, sdkKey, clientId } = this.options;
    try {
      const res = await this.options.fetch(`${url}/api/sdk/v1/ack`, {
        method: "POST",
        headers: {
          ...this.options.headers,
          "Content-Type": "application/json",
          Authorization: `Bearer ${sdkKey}`,
        },
        body: JSON.stringify({ revision, clientId }),
      });
      await res.body?.cancel();
      if (res.status === 404 || res.status === 405) {
        this.#disabled = true; // the server has no receipts
        return;
      }
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      this.#sent = Math.max(this.#sent, revision);
    } catch (error) {
      // Tried again with the next revision, or now once the interval has passed.
      if (this.#pending === null) this.#pending = revision;
      this.options.onError(
        new Error(`Cannot send a receipt: ${(error as Error).message}`),
      );
    }
  }
}
