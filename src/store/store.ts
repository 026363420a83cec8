// The primary store: the source of truth, in SQLite (embedded mode) or Postgres.
// Both implementations share every query (repos/); they differ only in how they
// open, migrate, run transactions and ring the doorbell for replicators.
import { type ChangeFeed, changeFeed } from "./changes.ts";
import type { Db } from "./db.ts";
import { apiKeysRepo } from "./repos/api_keys.ts";
import { auditRepo } from "./repos/audit.ts";
import { configsRepo } from "./repos/configs.ts";
import { dataKeysRepo } from "./repos/data_keys.ts";
import { type KeyRing, NO_KEYS } from "../auth/envelope.ts";
import { environmentsRepo } from "./repos/environments.ts";
import { evaluationsRepo } from "./repos/evaluations.ts";
import { idempotencyRepo } from "./repos/idempotency.ts";
import { identitiesRepo } from "./repos/identities.ts";
import { membersRepo, rolesRepo } from "./repos/members.ts";
import { projectsRepo } from "./repos/projects.ts";
import { sdkKeysRepo } from "./repos/sdk_keys.ts";
import { targetsRepo } from "./repos/targets.ts";
import { usersRepo } from "./repos/users.ts";
import { webhookDeliveriesRepo } from "./repos/webhook_deliveries.ts";
import { webhookEndpointsRepo } from "./repos/webhooks.ts";
import { withWebhookOutbox } from "./webhook_outbox.ts";
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
  /** Postgres only: LISTENs established so far, the first and each reconnect. */
  readonly listens?: number;
  close(): Promise<void>;
}

/** `ring`: the master keys for sensitive configs (none: they cannot be written or read). */
export function createTx(db: Db, ring: KeyRing = NO_KEYS) {
  const feed: ChangeFeed = changeFeed(db);
  const dataKeys = dataKeysRepo(db, feed, ring);
  const webhooks = webhookEndpointsRepo(db);
  const webhookDeliveries = webhookDeliveriesRepo(db);
  const commitHooks: (() => void)[] = [];
  const afterCommit = (fn: () => void) => void commitHooks.push(fn);
  return {
    db,
    feed,
    /** Runs `fn` once the transaction has committed (never when it rolls back). */
    afterCommit,
    commitHooks,
    workspaces: workspacesRepo(db, feed),
    workspaceMembers: membersRepo<WorkspaceRole>(db, "workspace_members"),
    projects: projectsRepo(db, feed),
    projectMembers: membersRepo<ProjectRole>(db, "project_members"),
    roles: rolesRepo(db),
    environments: environmentsRepo(db, feed),
    configs: configsRepo(db, feed, dataKeys),
    dataKeys,
    targets: targetsRepo(db, feed),
    sdkKeys: sdkKeysRepo(db, feed),
    apiKeys: apiKeysRepo(db),
    users: usersRepo(db),
    identities: identitiesRepo(db),
    audit: withWebhookOutbox(auditRepo(db), webhooks, webhookDeliveries, afterCommit),
    evaluations: evaluationsRepo(db),
    idempotency: idempotencyRepo(db),
    webhooks,
    webhookDeliveries,
  };
}

/** Called by the stores after a write transaction commits. */
export function runCommitHooks(tx: Tx): void {
  for (const fn of tx.commitHooks.splice(0)) fn();
}
