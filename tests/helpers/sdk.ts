// Helpers for SDK stream tests: an in-process server, data written through the admin API, and a
// raw SSE reader that records every frame (ids, comments and record types the SDK hides).
import { loadConfig } from "../../src/config/config.ts";
import type { Json, Override } from "../../src/domain/overrides.ts";
import { silentLogger } from "../../src/log.ts";
import { type RunningServer, type ServerOptions, startServer } from "../../src/server.ts";
import type { Actor, ConfigState, Variant } from "../../src/store/types.ts";

export const ACTOR: Actor = { type: "system", id: null };

export type TestServer = RunningServer & { dir: string; stop(): Promise<void> };

export async function startTestServer(
  options: ServerOptions = {},
  dir?: string,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const dataDir = dir ?? await Deno.makeTempDir({ prefix: "dialtone-sdk-" });
  const loaded = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    TESTING_MODE: "true",
    SUPERUSER_API_KEY: SUPERUSER_KEY,
    ...env,
  });
  if (!loaded.ok) throw new Error(loaded.problems.join("; "));
  const server = await startServer(loaded.config, silentLogger, options);
  return {
    ...server,
    dir: dataDir,
    stop: async () => {
      await server.shutdown();
      if (!dir) await Deno.remove(dataDir, { recursive: true });
    },
  };
}

export type World = {
  workspaceId: string;
  projectId: string;
  /** Environment ids by name: Production, Development. */
  env: Record<string, string>;
};

/** The superuser key every test server starts with; data is written through the admin API. */
export const SUPERUSER_KEY = "sdk-tests-superuser-key-0123456789";

async function admin<T>(
  server: RunningServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}/api/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${SUPERUSER_KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function adminOk<T>(
  server: RunningServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const reply = await admin<T>(server, method, path, body);
  if (reply.status >= 300) {
    throw new Error(`${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
  return reply.body;
}

export async function createWorld(server: RunningServer): Promise<World> {
  const ws = await adminOk<{ id: string }>(server, "POST", "/workspaces", {
    name: `ws-${crypto.randomUUID()}`,
  });
  const project = await adminOk<{ id: string }>(server, "POST", `/workspaces/${ws.id}/projects`, {
    name: "Project",
    description: "",
  });
  const { environments } = await adminOk<{ environments: { id: string; name: string }[] }>(
    server,
    "GET",
    `/projects/${project.id}/environments`,
  );
  const env = Object.fromEntries(environments.map((e) => [e.name, e.id]));
  return { workspaceId: ws.id, projectId: project.id, env };
}

/** Creates an SDK key for the environment and returns the full key. */
export async function createSdkKey(
  server: RunningServer,
  projectId: string,
  environmentId: string,
): Promise<{ id: string; key: string }> {
  return await adminOk<{ id: string; key: string }>(
    server,
    "POST",
    `/projects/${projectId}/sdk-keys`,
    { name: "test key", environmentId },
  );
}

export function state(
  value: Json,
  overrides: Override[] = [],
  variants: Omit<Variant, "schema" | "useBaseSchema">[] = [],
): ConfigState {
  return {
    description: "",
    base: { value, schema: null, overrides },
    variants: variants.map((v) => ({ ...v, schema: null, useBaseSchema: false })),
    members: [],
  };
}

/** Creates or replaces a config through the admin API (Replane's POST and PUT). */
export async function putConfig(
  server: RunningServer,
  projectId: string,
  name: string,
  s: ConfigState,
): Promise<string> {
  const body = {
    description: s.description,
    editors: [],
    base: s.base,
    variants: s.variants,
  };
  const path = `/projects/${projectId}/configs`;
  const existing = await admin<{ id: string }>(server, "GET", `${path}/${name}`);
  if (existing.status === 404) {
    return (await adminOk<{ id: string }>(server, "POST", path, { name, ...body })).id;
  }
  return (await adminOk<{ id: string }>(server, "PUT", `${path}/${name}`, body)).id;
}

/**
 * Writes a state the admin API refuses on purpose (a reference to a config that does not
 * exist), straight into the store, to test how the stream renders it.
 */
export async function putConfigUnchecked(
  server: RunningServer,
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

export async function deleteConfig(server: RunningServer, projectId: string, name: string) {
  const reply = await admin(server, "DELETE", `/projects/${projectId}/configs/${name}`);
  if (reply.status !== 204 && reply.status !== 404) {
    throw new Error(`DELETE ${name} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
}

/** POST /api/sdk/v1/testing/sync: waits until the replica has every committed change. */
export async function sync(server: RunningServer): Promise<void> {
  const res = await fetch(`${server.url}/api/sdk/v1/testing/sync`, { method: "POST" });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`sync failed: ${res.status} ${JSON.stringify(body)}`);
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
  server: RunningServer,
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
