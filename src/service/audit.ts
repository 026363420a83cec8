// One audit row per change, written in the change's own transaction.
import type { Tx } from "../store/store.ts";
import type { NewAuditEntry } from "../store/types.ts";
import type { AuditContext } from "./caller.ts";

/** Appends an audit row; fields not given are null. */
export async function audit(
  tx: Tx,
  ctx: AuditContext,
  entry: Partial<Omit<NewAuditEntry, "actor" | "requestId">> & {
    action: string;
    targetType: string;
  },
): Promise<void> {
  await tx.audit.append({
    workspaceId: null,
    projectId: null,
    configName: null,
    targetId: null,
    before: null,
    after: null,
    ...entry,
    actor: ctx.actor,
    requestId: ctx.requestId,
  });
}
