// The Dialtone client's status and changes as OpenFeature provider events, for both providers
// (their SDKs name the events alike: PROVIDER_READY, PROVIDER_STALE, PROVIDER_ERROR,
// PROVIDER_CONFIGURATION_CHANGED).
import type { Dialtone } from "../client.ts";
import { HttpError } from "../stream.ts";

export type ProviderEvent =
  | "PROVIDER_READY"
  | "PROVIDER_STALE"
  | "PROVIDER_ERROR"
  | "PROVIDER_CONFIGURATION_CHANGED";

export type Emit = (
  event: ProviderEvent,
  details: { message?: string; flagsChanged?: string[] },
) => void;

export class EventBridge {
  #initialized = false;
  readonly #off: (() => void)[];

  constructor(private readonly client: Dialtone, private readonly emit: Emit) {
    this.#off = [
      client.subscribe((changes) => {
        if (!this.#initialized) return;
        emit("PROVIDER_CONFIGURATION_CHANGED", {
          flagsChanged: changes.map((c) => c.name),
        });
      }),
      client.onStatus((status, error) => {
        if (!this.#initialized) return;
        // A refused key will not heal by waiting: that is an error, not just staleness.
        if (
          error instanceof HttpError &&
          (error.status === 401 || error.status === 403)
        ) {
          emit("PROVIDER_ERROR", { message: error.message });
        } else if (status === "stale") {
          emit("PROVIDER_STALE", {
            message: error?.message ?? "Disconnected from Dialtone",
          });
        } else if (status === "live") {
          emit("PROVIDER_READY", {});
        }
      }),
    ];
  }

  /** For the provider's initialize(): resolves when the client is ready, rejects if it fails. */
  async initialize(): Promise<void> {
    await this.client.ready;
    this.#initialized = true;
    if (this.client.stale) {
      // The SDK announces READY once initialize() resolves; STALE has to come after that.
      setTimeout(() => {
        if (this.client.stale) {
          this.emit("PROVIDER_STALE", { message: "Started from a snapshot" });
        }
      });
    }
  }

  close(): void {
    for (const off of this.#off) off();
  }
}
