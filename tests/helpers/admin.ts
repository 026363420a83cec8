// Helpers for admin API tests: an in-process server with SUPERUSER_API_KEY, a small JSON
// client, and users, sessions and API keys made directly in the store.
import { generateKey } from "../../src/auth/keys.ts";
import { csrfToken, newSessionToken, sha256Hex } from "../../src/auth/tokens.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { ApiKeyScope, WorkspaceRole } from "../../src/domain/permissions.ts";
import { SESSION_COOKIE } from "../../src/http/middleware/auth.ts";
import { silentLogger } from "../../src/log.ts";
import { type RunningServer, startServer } from "../../src/server.ts";

export const SUPERUSER_KEY = "superuser-test-key-0123456789";

export type AdminServer = RunningServer & { su: Api; stop(): Promise<void> };

export async function startAdminServer(env: Record<string, string> = {}): Promise<AdminServer> {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-admin-" });
  const loaded = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dir,
    SUPERUSER_API_KEY: SUPERUSER_KEY,
    ...env,
  });
  if (!loaded.ok) throw new Error(loaded.problems.join("; "));
  const server = await startServer(loaded.config, silentLogger);
  return {
    ...server,
    su: new Api(server.url, { bearer: SUPERUSER_KEY }),
    stop: async () => {
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

export type Reply = {
  status: number;
  body: Record<string, unknown> & { error?: string };
  text: string;
};

type Auth = { bearer?: string; session?: string; csrf?: string };

/** JSON over HTTP to /api/admin/v1 with one identity. */
export class Api {
  constructor(readonly base: string, readonly auth: Auth = {}) {}

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
    const res = await fetch(`${this.base}/api/admin/v1${path}`, {
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
}

/** A user with a signed-in session (made in the store, as login would). */
export async function userApi(
  server: RunningServer,
  email: string,
  workspace?: { id: string; role: WorkspaceRole },
): Promise<Api & { userId: string }> {
  const token = newSessionToken();
  const user = await server.store.write(async (tx) => {
    const user = await tx.users.getByEmail(email) ?? await tx.users.create(email, email);
    if (workspace) await tx.workspaceMembers.set(workspace.id, email, workspace.role);
    await tx.users.createSession({
      tokenHash: sha256Hex(token),
      userId: user.id,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      ip: "",
      userAgent: "test",
    });
    return user;
  });
  const api = new Api(server.url, {
    session: token,
    csrf: csrfToken(token, server.config.secretKey!),
  });
  return Object.assign(api, { userId: user.id });
}

/** An rpa_ key made in the store. */
export async function keyApi(
  server: RunningServer,
  workspaceId: string,
  scopes: ApiKeyScope[],
  options: { projectIds?: string[] | null; expiresAt?: string | null } = {},
): Promise<Api & { keyId: string }> {
  const id = crypto.randomUUID();
  const generated = generateKey("admin", id);
  await server.store.write((tx) =>
    tx.apiKeys.create({
      id,
      workspaceId,
      name: `key ${scopes.join(",")}`,
      description: "",
      keyHash: generated.hash,
      keyPrefix: generated.prefix,
      keySuffix: generated.suffix,
      scopes,
      projectIds: options.projectIds ?? null,
      expiresAt: options.expiresAt ?? null,
      createdBy: null,
    })
  );
  return Object.assign(new Api(server.url, { bearer: generated.key }), { keyId: id });
}

/** A workspace with one project (Production, Development), made through the API. */
export async function createWorld(su: Api, name = `ws-${crypto.randomUUID().slice(0, 8)}`) {
  const ws = await su.send("POST", "/workspaces", { name });
  if (ws.status !== 201) throw new Error(`create workspace: ${ws.text}`);
  const workspaceId = String(ws.body.id);
  const projects = await su.send("GET", `/workspaces/${workspaceId}/projects`);
  const projectId = String((projects.body.projects as { id: string }[])[0]!.id);
  const envs = await su.send("GET", `/projects/${projectId}/environments`);
  const env: Record<string, string> = {};
  for (const e of envs.body.environments as { id: string; name: string }[]) env[e.name] = e.id;
  return { workspaceId, projectId, env };
}
