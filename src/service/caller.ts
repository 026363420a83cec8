// Who performs a use case: their roles (the domain Actor), how the audit log names them,
// and the one permission check every use case calls before it reads or changes anything.
import { Forbidden } from "../domain/errors.ts";
import {
  type Action,
  type Actor,
  authorize,
  type ConfigTarget,
  type ProjectTarget,
  type TargetFor,
} from "../domain/permissions.ts";
import type { Actor as AuditActor, Project } from "../store/types.ts";

/** Recorded with every audit row the use case writes. */
export type AuditContext = { actor: AuditActor & { label: string }; requestId: string | null };

export type Caller = {
  actor: Actor;
  audit: AuditContext;
  /** Throws Forbidden, naming what is missing, unless the caller may do `action` on `target`. */
  allow<A extends Action>(action: A, target: TargetFor<A>): void;
};

export function callerOf(actor: Actor, audit: AuditContext): Caller {
  return {
    actor,
    audit,
    allow(action, target) {
      const decision = authorize(actor, action, target);
      if (!decision.allowed) throw new Forbidden(decision.reason);
    },
  };
}

export const projectTarget = (p: Project): ProjectTarget => ({
  workspaceId: p.workspaceId,
  projectId: p.id,
});

export const configTarget = (p: Project, c: { id: string }): ConfigTarget => ({
  ...projectTarget(p),
  configId: c.id,
});
