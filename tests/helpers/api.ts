// One admin API client for every test, whether the server listens on a socket or runs in-process
// (app.request()), and the data most tests start from: a workspace, a project, configs, SDK keys.
import type { Json, Override } from "../../src/domain/overrides.ts";
import { SESSION_COOKIE } from "../../src/http/middleware/auth.ts";
import type { ConfigState, Variant } from "../../src/store/types.ts";

/** The superuser key every test server and app starts with. */
export const SUPERUSER_KEY = "superuser-test-key-0123456789";

/** Where requests go: `fetch` is the global one for a socket, app.request() for an app. */
export type Endpoint = { url: string; fetch: typeof fetch };

/** A server reached over a socket. */
export function socket(url: string): Endpoint {
  return { url, fetch: (input, init) => fetch(input, init) };
}

export type Reply = {
  status: number;
  body: Record<string, unknown> & { error?: string };
  text: string;
};

export type Auth = { bearer?: string; session?: string; csrf?: string };

/** JSON to /api/admin/v1 with one identity. */
export class Api {
  constructor(readonly endpoint: Endpoint, readonly auth: Auth = {}) {}

  get base(): string {
    return this.endpoint.url;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { ...extra };
    if (this.auth.bearer) h.authorization = `Bearer ${this.auth.bearer}`;
    if (this.auth.session) h.cookie = `${SESSION_COOKIE}=${this.auth.session}`;
    if (this.auth.csrf) h["x-csrf-token"] = this.auth.csrf;
    return h;
  }

  async send(method: string, path: string, body?: unknown): Promise<Reply> {
    return await this.raw(method, path, body === undefined ? undefined : JSON.stringify(body), {
      "content-type": "application/json",
    });
  }

  async raw(
    method: string,
    path: string,
    body?: BodyInit,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const res = await this.endpoint.fetch(`${this.base}/api/admin/v1${path}`, {
      method,
      headers: this.headers(headers),
      body,
    });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text === "" ? {} : JSON.parse(text);
    } catch {
      parsed = { unparsable: text };
    }
    return { status: res.status, body: parsed, text };
  }

  /** send(), failing unless the answer is a 2xx. */
  async ok(method: string, path: string, body?: unknown): Promise<Reply> {
    const reply = await this.send(method, path, body);
    if (reply.status < 200 || reply.status >= 300) {
      throw new Error(`${method} ${path} answered ${reply.status}: ${reply.text}`);
    }
    return reply;
  }
}

export type World = {
  workspaceId: string;
  projectId: string;
  /** Environment ids by name: Production, Development. */
  env: Record<string, string>;
};

/** A workspace with its first project (Production, Development), made through the API. */
export async function createWorld(
  su: Api,
  name = `ws-${crypto.randomUUID().slice(0, 8)}`,
): Promise<World> {
  const ws = await su.send("POST", "/workspaces", { name });
  if (ws.status !== 201) throw new Error(`create workspace: ${ws.text}`);
  const workspaceId = String(ws.body.id);
  const projects = await su.ok("GET", `/workspaces/${workspaceId}/projects`);
  const projectId = String((projects.body.projects as { id: string }[])[0]!.id);
  const envs = await su.ok("GET", `/projects/${projectId}/environments`);
  const env: Record<string, string> = {};
  for (const e of envs.body.environments as { id: string; name: string }[]) env[e.name] = e.id;
  return { workspaceId, projectId, env };
}

/** A config state with a base value and, optionally, overrides and per-environment variants. */
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

/** The Replane create body for a config in state `s`. */
export function configBody(name: string, s: ConfigState) {
  return { name, description: s.description, editors: [], base: s.base, variants: s.variants };
}

/** Creates or replaces a config (Replane's PUT, then POST on 404); the status says which. */
export async function writeConfig(
  su: Api,
  projectId: string,
  name: string,
  s: ConfigState,
): Promise<Reply> {
  const { name: _, ...update } = configBody(name, s);
  const put = await su.send("PUT", `/projects/${projectId}/configs/${name}`, update);
  if (put.status !== 404) return put;
  return await su.send("POST", `/projects/${projectId}/configs`, configBody(name, s));
}

/** writeConfig(), failing unless it worked; answers the config id. */
export async function putConfig(
  su: Api,
  projectId: string,
  name: string,
  s: ConfigState,
): Promise<string> {
  const reply = await writeConfig(su, projectId, name, s);
  if (reply.status >= 300) {
    throw new Error(`Cannot write config ${name}: ${reply.status} ${reply.text}`);
  }
  return String(reply.body.id);
}

/** Deletes a config; one that is already gone is fine. */
export async function deleteConfig(su: Api, projectId: string, name: string): Promise<void> {
  const reply = await su.send("DELETE", `/projects/${projectId}/configs/${name}`);
  if (reply.status !== 204 && reply.status !== 404) {
    throw new Error(`DELETE ${name} answered ${reply.status}: ${reply.text}`);
  }
}

/** Creates an SDK key for the environment; answers its id and the full key. */
export async function createSdkKey(
  su: Api,
  projectId: string,
  environmentId: string,
): Promise<{ id: string; key: string }> {
  const res = await su.send("POST", `/projects/${projectId}/sdk-keys`, {
    name: "test key",
    environmentId,
  });
  if (res.status !== 201) throw new Error(`create SDK key: ${res.status} ${res.text}`);
  return { id: String(res.body.id), key: String(res.body.key) };
}
