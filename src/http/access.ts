// Turns the authenticated principal into a domain Actor (their roles) and into the actor
// the audit log records.
import type { Actor } from "../domain/permissions.ts";
import type { Store } from "../store/store.ts";
import type { Actor as AuditActor } from "../store/types.ts";
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
