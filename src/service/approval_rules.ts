// Approval rules per environment (docs/safe_changes.md): list them, require approval (N
// approvals from a minimum role, optionally only the config's own members), switch it off.
// Project admins decide; API keys never do (a key that could switch approval off could write
// past it).
import type { Requirement } from "../domain/approval.ts";
import { changeRequestsRepo, type StoredRule } from "../store/repos/change_requests.ts";
import type { Store } from "../store/store.ts";
import { audit } from "./audit.ts";
import { type Caller, projectTarget } from "./caller.ts";
import { environmentOr404, projectOr404 } from "./lookup.ts";

export type { StoredRule };

export function listApprovalRules(
  store: Store,
  caller: Caller,
  projectId: string,
): Promise<StoredRule[]> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("environment.read", projectTarget(p));
    return await changeRequestsRepo(tx.db, tx.dataKeys).rules(p.id);
  });
}

/** Sets the environment's rule, or removes it (requirement null): its edits are direct again. */
export function setApprovalRule(
  store: Store,
  caller: Caller,
  projectId: string,
  environmentId: string,
  requirement: Requirement | null,
): Promise<StoredRule | null> {
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("approval.write", projectTarget(p));
    const env = await environmentOr404(tx, p, environmentId);
    const repo = changeRequestsRepo(tx.db, tx.dataKeys);
    const before = (await repo.rules(p.id)).find((r) => r.environmentId === env.id) ?? null;
    if (requirement === null) {
      await repo.deleteRule(env.id);
    } else {
      await repo.setRule(p.id, { ...requirement, environmentId: env.id }, caller.audit.actor.label);
    }
    const after = (await repo.rules(p.id)).find((r) => r.environmentId === env.id) ?? null;
    const json = (r: StoredRule | null) =>
      r && {
        environmentId: r.environmentId,
        requiredApprovals: r.requiredApprovals,
        minRole: r.minRole,
        configMembersOnly: r.configMembersOnly,
      };
    await audit(tx, caller.audit, {
      workspaceId: p.workspaceId,
      projectId: p.id,
      action: requirement === null ? "approval_rule.delete" : "approval_rule.update",
      targetType: "environment",
      targetId: env.id,
      before: json(before),
      after: json(after),
    });
    return after;
  });
}
