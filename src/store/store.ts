// The primary store: the source of truth, in SQLite (embedded mode) or Postgres.
// Both implementations share every query (repos/); they differ only in how they
// open, migrate, run transactions and ring the doorbell for replicators.
import { type ChangeFeed, changeFeed } from "./changes.ts";
import type { Db } from "./db.ts";
import { apiKeysRepo } from "./repos/api_keys.ts";
import { auditRepo } from "./repos/audit.ts";
import { configsRepo } from "./repos/configs.ts";
import { environmentsRepo } from "./repos/environments.ts";
import { evaluationsRepo } from "./repos/evaluations.ts";
import { idempotencyRepo } from "./repos/idempotency.ts";
import { membersRepo, rolesRepo } from "./repos/members.ts";
import { projectsRepo } from "./repos/projects.ts";
import { sdkKeysRepo } from "./repos/sdk_keys.ts";
import { usersRepo } from "./repos/users.ts";
import { workspacesRepo } from "./repos/workspaces.ts";
import type { ProjectRole, WorkspaceRole } from "./types.ts";

export type Tx = ReturnType<typeof createTx>;

export interface Store {
  readonly dialect: "sqlite" | "postgres";
  /** Runs `fn` in a read-only view of the store. */
  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Calls `onChange` with the newest revision after changes commit (on any instance). */
  listen(onChange: (revision: number) => void): Promise<() => Promise<void>>;
  /** Postgres only: whether the LISTEN connection is up (undefined where there is none). */
  readonly listening?: boolean;
  close(): Promise<void>;
}

export function createTx(db: Db) {
  const feed: ChangeFeed = changeFeed(db);
  return {
    db,
    feed,
    workspaces: workspacesRepo(db, feed),
    workspaceMembers: membersRepo<WorkspaceRole>(db, "workspace_members"),
    projects: projectsRepo(db, feed),
    projectMembers: membersRepo<ProjectRole>(db, "project_members"),
    roles: rolesRepo(db),
    environments: environmentsRepo(db, feed),
    configs: configsRepo(db, feed),
    sdkKeys: sdkKeysRepo(db, feed),
    apiKeys: apiKeysRepo(db),
    users: usersRepo(db),
    audit: auditRepo(db),
    evaluations: evaluationsRepo(db),
    idempotency: idempotencyRepo(db),
  };
}
