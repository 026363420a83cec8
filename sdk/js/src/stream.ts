// One long-lived connection to the Replane replication stream, reopened until closed: resume
// with Last-Event-ID, exponential backoff with jitter between attempts, and a watchdog that
// drops a connection silent for longer than the heartbeat timeout (a half-open socket).
import { Backoff, type BackoffOptions } from "./backoff.ts";
import { SseParser } from "./sse.ts";

export class HttpError extends Error {
  constructor(readonly status: number, body: string) {
    super(
      `the server answered ${status}${body ? `: ${body.slice(0, 200)}` : ""}`,
    );
    this.name = "HttpError";
  }
}

export class StaleConnectionError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} for ${ms} ms`);
    this.name = "StaleConnectionError";
  }
}

export type StreamOptions = {
  url: string;
  sdkKey: string;
  headers: Record<string, string>;
  fetch: typeof fetch;
  connectTimeoutMs: number;
  heartbeatTimeoutMs: number;
  backoff?: BackoffOptions;
};

export type StreamHandlers = {
  /** The id to resume after, or null for a full start. */
  lastEventId(): string | null;
  /** The stream answered 200; `resuming` tells whether a Last-Event-ID went with it. */
  onOpen(resuming: boolean): void;
  onRecord(record: Record<string, unknown>, id: string | undefined): void;
  /** An attempt failed or ended; another follows after `retryInMs` unless closed. */
  onDrop(error: Error, retryInMs: number): void;
};

export class StreamLoop {
  #closed = false;
  #attempt: AbortController | null = null;
  #wake: (() => void) | null = null;
  readonly done: Promise<void>;

  constructor(
    private readonly options: StreamOptions,
    private readonly handlers: StreamHandlers,
  ) {
    this.done = this.#run();
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#attempt?.abort();
    this.#wake?.();
    return this.done;
  }

  async #run(): Promise<void> {
    const backoff = new Backoff(this.options.backoff);
    while (!this.#closed) {
      let opened = false;
      try {
        await this.#connect(() => {
          opened = true;
          backoff.reset();
        });
        throw new Error("the server ended the stream");
      } catch (error) {
        if (this.#closed) break;
        const delay = backoff.next();
        this.handlers.onDrop(asError(error, opened), delay);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = null;
      }
    }
  }

  async #connect(opened: () => void): Promise<void> {
    const { url, sdkKey, connectTimeoutMs, heartbeatTimeoutMs } = this.options;
    const attempt = new AbortController();
    this.#attempt = attempt;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stale: Error | null = null;
    const arm = (ms: number, what: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stale = new StaleConnectionError(what, ms);
        attempt.abort();
      }, ms);
    };
    const lastEventId = this.handlers.lastEventId();
    const headers: Record<string, string> = {
      ...this.options.headers,
      "Content-Type": "application/json",
      Accept: "text/event-stream",
      Authorization: `Bearer ${sdkKey}`,
    };
    if (lastEventId !== null) headers["Last-Event-ID"] = lastEventId;
    arm(connectTimeoutMs, "no answer from the server");
    try {
      const res = await this.options.fetch(
        `${url}/api/sdk/v1/replication/stream`,
        {
          method: "POST",
          headers,
          // No currentConfigs: the server's init is then its whole state, so a config deleted
          // while we were away is not resurrected by our own copy.
          body: JSON.stringify({ currentConfigs: [], requiredConfigs: [] }),
          signal: attempt.signal,
        },
      );
      if (res.status !== 200 || !res.body) {
        throw new HttpError(res.status, await res.text().catch(() => ""));
      }
      arm(heartbeatTimeoutMs, "no heartbeat from the server");
      opened();
      this.handlers.onOpen(lastEventId !== null);
      const parser = new SseParser();
      const reader = res.body.getReader();
      while (true) {
        const { value, done } = await reader.read();
        if (done) return;
        arm(heartbeatTimeoutMs, "no heartbeat from the server");
        for (const event of parser.push(value)) {
          if (event.kind !== "event") continue;
          let record: unknown;
          try {
            record = JSON.parse(event.data);
          } catch {
            continue; // not ours to understand
          }
          if (
            typeof record === "object" && record !== null &&
            !Array.isArray(record)
          ) {
            this.handlers.onRecord(record as Record<string, unknown>, event.id);
          }
        }
      }
    } catch (error) {
      throw stale ?? error;
    } finally {
      clearTimeout(timer);
      attempt.abort();
      this.#attempt = null;
    }
  }
}

function asError(error: unknown, opened: boolean): Error {
  const e = error instanceof Error ? error : new Error(String(error));
  if (
    !opened && !(e instanceof HttpError) && !(e instanceof StaleConnectionError)
  ) {
    return new Error(`Cannot reach the server: ${e.message}`, { cause: e });
  }
  return e;
}
