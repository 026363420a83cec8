// Turns the caller into a domain Actor and asks the one permission module. Every route
// that reads or changes something calls `allow` (or `can`) first.
import { type Action, type Actor, authorize, type TargetFor } from "../domain/permissions.ts";
import type { Store } from "../store/store.ts";
import type { Actor as AuditActor } from "../store/types.ts";
import { forbidden } from "./errors.ts";
import type { Principal } from "./middleware/auth.ts";

export async function actorOf(store: Store, principal: Principal): Promise<Actor> {
  switch (principal.kind) {
    case "superuser":
      return { kind: "superuser" };
    case "api_key":
      return {
        kind: "api_key",
        keyId: principal.key.id,
        workspaceId: principal.key.workspaceId,
        scopes: principal.key.scopes,
        projectIds: principal.key.projectIds,
      };
    case "user": {
      const roles = await store.read((tx) => tx.roles.forEmail(principal.user.email));
      return {
        kind: "user",
        email: principal.user.email,
        workspaces: new Map(roles.workspaces.map((r) => [r.workspaceId, r.role])),
        projects: new Map(roles.projects.map((r) => [r.projectId, r.role])),
        configs: new Map(roles.configs.map((r) => [r.configId, r.role])),
      };
    }
  }
}

/** Throws a 403 naming what is missing unless `actor` may do `action` on `target`. */
export function allow<A extends Action>(actor: Actor, action: A, target: TargetFor<A>): void {
  const decision = authorize(actor, action, target);
  if (!decision.allowed) throw forbidden(decision.reason);
}

/** Who to record in the audit log and version history. */
export function auditActor(principal: Principal): AuditActor & { label: string } {
  switch (principal.kind) {
    case "superuser":
      return { type: "superuser", id: null, label: "superuser" };
    case "api_key":
      return { type: "api_key", id: principal.key.id, label: `API key ${principal.key.name}` };
    case "user":
      return { type: "user", id: principal.user.id, label: principal.user.email };
  }
}
