// For the service tests: a real SQLite store in a temp directory and callers with chosen roles.
import type { ApiKeyScope, ProjectRole, WorkspaceRole } from "../domain/permissions.ts";
import { openSqliteStore } from "../store/sqlite/sqlite_store.ts";
import type { Store } from "../store/store.ts";
import { type Caller, callerOf } from "./caller.ts";

export type TestStore = { store: Store; su: Caller; [Symbol.asyncDispose](): Promise<void> };

export async function openTestStore(): Promise<TestStore> {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-service-" });
  const store = await openSqliteStore(`${dir}/dialtone.db`);
  return {
    store,
    su: callerOf({ kind: "superuser" }, {
      actor: { type: "superuser", id: null, label: "superuser" },
      requestId: "req-1",
    }),
    async [Symbol.asyncDispose]() {
      await store.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** A signed-in user with these workspace and project roles. */
export function userCaller(
  email: string,
  workspaces: Record<string, WorkspaceRole>,
  projects: Record<string, ProjectRole> = {},
): Caller {
  return callerOf({
    kind: "user",
    email,
    workspaces: new Map(Object.entries(workspaces)),
    projects: new Map(Object.entries(projects)),
    configs: new Map(),
  }, { actor: { type: "user", id: `id-${email}`, label: email }, requestId: null });
}

/** A workspace API key with these scopes; projectIds null: every project. */
export function keyCaller(
  workspaceId: string,
  scopes: ApiKeyScope[],
  projectIds: string[] | null = null,
): Caller {
  return callerOf(
    { kind: "api_key", keyId: "key-1", workspaceId, scopes, projectIds },
    { actor: { type: "api_key", id: "key-1", label: "test key" }, requestId: null },
  );
}
