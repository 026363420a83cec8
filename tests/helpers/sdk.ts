// Helpers for SDK tests: the published SDK, snapshots, a raw SSE reader that records every
// frame (ids, comments and record types the SDK hides), and writes the admin API would refuse.
import { Replane, type ReplaneLogger } from "@replanejs/sdk";
import type { Store } from "../../src/store/store.ts";
import type { Actor, ConfigState } from "../../src/store/types.ts";

export const ACTOR: Actor = { type: "system", id: null };

/** A logger for the published SDK that prints nothing. */
export const QUIET: ReplaneLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** The published SDK, connected to the server at `url`, logging nothing. */
export async function connectSdk(url: string, sdkKey: string): Promise<Replane> {
  const client = new Replane({ logger: QUIET });
  await client.connect({ baseUrl: url, sdkKey, connectTimeoutMs: 3_000 });
  return client;
}

/** GET /api/sdk/v1/configs as name → value. */
export async function snapshot(url: string, sdkKey: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/api/sdk/v1/configs`, {
    headers: { authorization: `Bearer ${sdkKey}` },
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`snapshot ${url}: ${res.status} ${JSON.stringify(body)}`);
  const configs = body.configs as { name: string; value: unknown }[];
  return Object.fromEntries(configs.map((c) => [c.name, c.value]));
}

/**
 * Writes a state the admin API refuses on purpose (a reference to a config that does not
 * exist), straight into the store, to test how the stream renders it.
 */
export async function putConfigUnchecked(
  server: { store: Store },
  projectId: string,
  name: string,
  s: ConfigState,
): Promise<string> {
  return await server.store.write(async (tx) => {
    const existing = await tx.configs.get(projectId, name);
    if (!existing) return (await tx.configs.create(projectId, name, s, ACTOR)).id;
    const updated = await tx.configs.update(existing.id, s, ACTOR);
    if (updated === null || updated === "conflict") throw new Error(`Cannot update ${name}`);
    return existing.id;
  });
}

/** POST /api/sdk/v1/testing/sync: waits until the replica has every committed change. */
export async function sync(server: { url: string }): Promise<void> {
  const res = await fetch(`${server.url}/api/sdk/v1/testing/sync`, { method: "POST" });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`sync ${server.url} failed: ${res.status} ${text}`);
}

export type SseFrame = { id?: string; data?: unknown; comment?: string };

/** A raw SSE client: parses frames as they arrive; `cancel()` closes it. */
export class SseReader {
  readonly frames: SseFrame[] = [];
  done = false;
  error: unknown = null;
  readonly finished: Promise<void>;
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #waiters: (() => void)[] = [];

  constructor(readonly response: Response, autoRead = true) {
    this.#reader = response.body!.getReader();
    this.finished = autoRead ? this.#pump() : Promise.resolve();
  }

  /** Data records (parsed JSON), in order. */
  get records(): { type: string; [k: string]: unknown }[] {
    return this.frames.filter((f) => f.data !== undefined).map((f) => f.data as { type: string });
  }

  /** Waits until `predicate` holds (checked on each frame), or fails after `timeoutMs`. */
  async until(predicate: (r: SseReader) => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (this.done) throw new Error(`Stream ended first: ${JSON.stringify(this.frames)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out; frames: ${JSON.stringify(this.frames)}`);
      const { promise, resolve } = Promise.withResolvers<void>();
      this.#waiters.push(resolve);
      const timer = setTimeout(resolve, Math.min(left, 100));
      await promise;
      clearTimeout(timer);
    }
  }

  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
    await this.finished;
  }

  async #pump(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      while (true) {
        const { value, done } = await this.#reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          this.frames.push(parseFrame(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
        }
        this.#notify();
      }
    } catch (error) {
      this.error = error;
    } finally {
      this.done = true;
      this.#notify();
    }
  }

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}

function parseFrame(text: string): SseFrame {
  const frame: SseFrame = {};
  for (const line of text.split("\n")) {
    if (line.startsWith(":")) frame.comment = line.slice(1).trim();
    else if (line.startsWith("id: ")) frame.id = line.slice(4);
    else if (line.startsWith("data: ")) frame.data = JSON.parse(line.slice(6));
  }
  return frame;
}

/** Opens a stream with a raw fetch. */
export async function openStream(
  server: { url: string },
  key: string | null,
  body: unknown = { currentConfigs: [], requiredConfigs: [] },
  headers: Record<string, string> = {},
): Promise<Response> {
  return await fetch(`${server.url}/api/sdk/v1/replication/stream`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "text/event-stream",
      ...(key === null ? {} : { Authorization: `Bearer ${key}` }),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
