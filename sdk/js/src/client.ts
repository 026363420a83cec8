// Dialtone's own SDK: every config of the key's environment in memory, evaluated locally with
// the server's own evaluator (src/domain/evaluate.ts), kept current over the Replane stream
// with resume, started offline from a snapshot, and reporting what it applied.
import { evaluateValue } from "../../../src/domain/evaluate.ts";
import { fnv1a32 } from "../../../src/domain/fnv1a.ts";
import type { Json, WireConfig } from "../../../src/domain/overrides.ts";
import type { BackoffOptions } from "./backoff.ts";
import { type ChangeEvent, ConfigSet, wireConfig } from "./configs.ts";
import { ReceiptSender } from "./receipts.ts";
import { decodeSnapshot, encodeSnapshot, type SnapshotStore } from "./snapshot.ts";
import { StreamLoop } from "./stream.ts";
import { SDK_VERSION } from "./version.ts";

export type Context = Record<string, unknown>;

/** connecting: nothing yet; stale: a snapshot or an earlier state, not live; live: streaming. */
export type Status = "connecting" | "stale" | "live" | "closed";

export type Logger = { warn(message: string): void };

export type DialtoneOptions = {
  baseUrl: string;
  sdkKey: string;
  /** Merged under every get()'s own context. */
  context?: Context;
  /** Where the last known state is kept for an offline start (fileSnapshot, localStorageSnapshot). */
  snapshot?: SnapshotStore;
  /** Delivery receipts (POST /api/sdk/v1/ack): on unless false; at most one per intervalMs. */
  receipts?: boolean | { intervalMs?: number };
  /** Names this client in the server's connections view; random when left out. */
  clientId?: string;
  /** How long `ready` waits for the server (or, with a snapshot, for the first attempt). */
  readyTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Reconnects after this long without a byte (the server pings at least every 15 s). */
  heartbeatTimeoutMs?: number;
  backoff?: BackoffOptions;
  fetch?: typeof fetch;
  logger?: Logger;
};

export type GetOptions<T> = { context?: Context; default?: T };

export type StatusListener = (status: Status, error: Error | null) => void;

export class ConfigNotFoundError extends Error {
  constructor(name: string) {
    super(
      `Config "${name}" not found (no such config in this environment, and no default)`,
    );
    this.name = "ConfigNotFoundError";
  }
}

const browser = typeof (globalThis as { document?: unknown }).document !== "undefined";

// deno-lint-ignore no-explicit-any
export class Dialtone<C extends Record<string, any> = Record<string, unknown>> {
  /** Resolves once live, or from the snapshot when the server cannot be reached at start. */
  readonly ready: Promise<void>;
  readonly clientId: string;
  #configs = new ConfigSet();
  #status: Status = "connecting";
  #error: Error | null = null;
  #lastEventId: string | null = null;
  #stream: StreamLoop | null = null;
  #receipts: ReceiptSender | null = null;
  #listeners = new Set<(changes: ChangeEvent[]) => void>();
  #statusListeners = new Set<StatusListener>();
  #settle: { resolve(): void; reject(e: Error): void } | null = null;
  #hasSnapshot = false;
  #saveTimer: ReturnType<typeof setTimeout> | null = null;
  #saving: Promise<void> = Promise.resolve();
  readonly #keyHash: string;
  readonly #options: DialtoneOptions;
  readonly #started: Promise<void>;

  constructor(options: DialtoneOptions) {
    this.#options = {
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
    };
    this.clientId = options.clientId ?? randomId();
    this.#keyHash = fnv1a32(options.sdkKey).toString(16);
    this.ready = new Promise<void>((
      resolve,
      reject,
    ) => (this.#settle = { resolve, reject }));
    this.ready.catch(() => {}); // a caller that never awaits it must not crash the process
    const timeout = options.readyTimeoutMs ?? 10_000;
    const timer = setTimeout(() => {
      const why = this.#error ? `: ${this.#error.message}` : "";
      this.#fail(new Error(`Dialtone is not ready after ${timeout} ms${why}`));
    }, timeout);
    this.ready.finally(() => clearTimeout(timer)).catch(() => {});
    this.#started = this.#start();
  }

  get status(): Status {
    return this.#status;
  }

  /** True until the client is live (serving a snapshot or a state from before a disconnect). */
  get stale(): boolean {
    return this.#status !== "live";
  }

  /** The context every get() starts from. */
  get defaultContext(): Context {
    return this.#options.context ?? {};
  }

  /** The stream id of the last frame applied (Dialtone's revision), null against plain Replane. */
  get lastEventId(): string | null {
    return this.#lastEventId;
  }

  /** The value `name` has for `context` (merged over the client's), or `default` when missing. */
  get<K extends keyof C & string>(name: K, options?: GetOptions<C[K]>): C[K];
  get<T>(name: string, options?: GetOptions<T>): T;
  get(name: string, options: GetOptions<unknown> = {}): unknown {
    const config = this.#configs.get(name);
    if (!config) {
      if ("default" in options) return options.default;
      throw new ConfigNotFoundError(name);
    }
    const base = this.#options.context;
    const context = options.context
      ? (base ? { ...base, ...options.context } : options.context)
      : base;
    return evaluateValue(config, context ?? {});
  }

  /** The config as the stream delivered it (value and rendered overrides). */
  config(name: string): WireConfig | undefined {
    return this.#configs.get(name);
  }

  names(): string[] {
    return this.#configs.names();
  }

  /** Calls `listener` with what each stream record changed; returns the unsubscribe. */
  subscribe(listener: (changes: ChangeEvent[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls `listener` when `name` changes or is deleted; read the new value with get(). */
  onChange(name: string, listener: (change: ChangeEvent) => void): () => void {
    return this.subscribe((changes) => {
      for (const change of changes) if (change.name === name) listener(change);
    });
  }

  /** Calls `listener` on every status change (with the error that caused it, if any). */
  onStatus(listener: StatusListener): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Stops streaming and receipts; writes the snapshot one last time. */
  async close(): Promise<void> {
    if (this.#status === "closed") return;
    this.#setStatus("closed", null);
    this.#fail(new Error("The Dialtone client was closed"));
    await this.#started;
    this.#receipts?.close();
    await this.#stream?.close();
    if (this.#saveTimer !== null) clearTimeout(this.#saveTimer);
    this.#saveTimer = null;
    // Always, as a listener may close the client before the change it heard was scheduled.
    if (this.#configs.names().length > 0) this.#save();
    await this.#saving;
  }

  async #start(): Promise<void> {
    const o = this.#options;
    if (o.snapshot) {
      try {
        const snapshot = decodeSnapshot(await o.snapshot.load());
        if (snapshot && snapshot.keyHash === this.#keyHash) {
          this.#configs.replace(snapshot.configs);
          this.#lastEventId = snapshot.lastEventId;
          this.#hasSnapshot = true;
        }
      } catch (error) {
        this.#warn(`Cannot read the snapshot: ${(error as Error).message}`);
      }
    }
    if (this.#status === "closed") return;
    const fetcher = o.fetch ?? globalThis.fetch.bind(globalThis);
    const headers: Record<string, string> = { "X-Client-Id": this.clientId };
    // Browsers do not let a page set User-Agent.
    if (!browser) headers["User-Agent"] = `dialtone-js-sdk/${SDK_VERSION}`;
    if (o.receipts !== false) {
      this.#receipts = new ReceiptSender({
        url: o.baseUrl,
        sdkKey: o.sdkKey,
        clientId: this.clientId,
        intervalMs: (typeof o.receipts === "object" ? o.receipts.intervalMs : undefined) ?? 1_000,
        fetch: fetcher,
        headers,
        onError: (e) => this.#warn(e.message),
      });
    }
    this.#stream = new StreamLoop({
      url: o.baseUrl,
      sdkKey: o.sdkKey,
      headers,
      fetch: fetcher,
      connectTimeoutMs: o.connectTimeoutMs ?? 5_000,
      heartbeatTimeoutMs: o.heartbeatTimeoutMs ?? 30_000,
      backoff: o.backoff,
    }, {
      lastEventId: () => this.#lastEventId,
      onOpen: (resuming) => {
        // A resume that has nothing to send sends nothing: the connection itself says "live".
        if (resuming) this.#live();
      },
      onRecord: (record, id) => this.#apply(record, id),
      onDrop: (error) => {
        this.#error = error;
        if (this.#status === "closed") return;
        if (this.#status === "live" || this.#hasSnapshot) {
          this.#setStatus("stale", error);
        } else this.#emitStatus(error);
        if (this.#hasSnapshot) this.#settle?.resolve();
      },
    });
  }

  #apply(record: Record<string, unknown>, id: string | undefined): void {
    let changes: ChangeEvent[] = [];
    if (record.type === "init" && Array.isArray(record.configs)) {
      const configs = record.configs.map(wireConfig).filter((c) => c !== null);
      changes = this.#configs.replace(configs);
    } else if (record.type === "config_change") {
      const config = wireConfig(record.config);
      if (config) changes = this.#configs.set(config);
    } else if (
      record.type === "config_delete" && typeof record.name === "string"
    ) {
      changes = this.#configs.delete(record.name);
    } else {
      return; // a record type this SDK does not know
    }
    if (id !== undefined) this.#lastEventId = id;
    if (record.type === "init") this.#live();
    if (changes.length > 0) {
      for (const listener of [...this.#listeners]) listener(changes);
    }
    const revision = id === undefined ? NaN : Number(id);
    if (Number.isSafeInteger(revision)) this.#receipts?.note(revision);
    this.#scheduleSave();
  }

  #live(): void {
    this.#error = null;
    this.#setStatus("live", null);
    this.#settle?.resolve();
    this.#scheduleSave();
  }

  #setStatus(status: Status, error: Error | null): void {
    if (this.#status === status || this.#status === "closed") return;
    this.#status = status;
    this.#emitStatus(error);
  }

  #emitStatus(error: Error | null): void {
    for (const listener of [...this.#statusListeners]) {
      listener(this.#status, error);
    }
  }

  #fail(error: Error): void {
    this.#settle?.reject(error);
    this.#settle = null;
  }

  #scheduleSave(): void {
    if (
      !this.#options.snapshot || this.#saveTimer !== null ||
      this.#status === "closed"
    ) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = null;
      this.#save();
    }, 100);
  }

  #save(): void {
    const store = this.#options.snapshot;
    if (!store) return;
    const text = encodeSnapshot(
      this.#keyHash,
      this.#lastEventId,
      this.#configs.all(),
    );
    this.#saving = this.#saving
      .then(() => store.save(text))
      .catch((e) => this.#warn(`Cannot write the snapshot: ${(e as Error).message}`));
  }

  #warn(message: string): void {
    this.#options.logger?.warn(message);
  }
}

export type { ChangeEvent, Json };

function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return Array.from(
    { length: 4 },
    () => Math.random().toString(36).slice(2, 10),
  ).join("-");
}
