// Identities for admin API tests: users with sessions and API keys made directly in the store,
// each with its own client, on a socket server (server.ts) or an in-process app (app.ts).
import { generateKey } from "../../src/auth/keys.ts";
import { csrfToken, newSessionToken, sha256Hex } from "../../src/auth/tokens.ts";
import type { Config } from "../../src/config/config.ts";
import type { ApiKeyScope, WorkspaceRole } from "../../src/domain/permissions.ts";
import type { Store } from "../../src/store/store.ts";
import { Api, type Endpoint } from "./api.ts";

export { Api, createWorld, type Reply, SUPERUSER_KEY } from "./api.ts";
export { startTestServer as startAdminServer } from "./server.ts";

/** What the admin helpers need of a server or an app. */
export type AdminServer = Endpoint & {
  config: Config;
  store: Store;
  su: Api;
  stop(): Promise<void>;
};

type Host = Endpoint & { config: Config; store: Store };

/** A user with a signed-in session (made in the store, as login would). */
export async function userApi(
  server: Host,
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
  const api = new Api(server, {
    session: token,
    csrf: csrfToken(token, server.config.secretKey),
  });
  return Object.assign(api, { userId: user.id });
}

/** An rpa_ key made in the store. */
export async function keyApi(
  server: Host,
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
  return Object.assign(new Api(server, { bearer: generated.key }), { keyId: id });
}
