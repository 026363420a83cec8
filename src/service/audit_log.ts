// Reading the audit log: newest first, a page at a time. Pages are keyset-paginated: the id
// of a page's last entry, passed as `before`, starts the next one.
import { invalid } from "../domain/errors.ts";
import { LIMITS } from "../domain/limits.ts";
import type { Store, Tx } from "../store/store.ts";
import type { AuditEntry, AuditQuery } from "../store/types.ts";
import { type Caller, projectTarget } from "./caller.ts";
import { projectOr404, workspaceOr404 } from "./lookup.ts";

export const DEFAULT_AUDIT_PAGE_SIZE = 50;

export type AuditFilters = {
  /** ISO-8601 times: entries at or after `from`, before `to`. */
  from?: string;
  to?: string;
  actorId?: string;
  configName?: string;
  /** The nextCursor of the previous page. */
  before?: number;
  limit?: number;
};

/** `nextCursor` is null on the last page. */
export type AuditPage = { entries: AuditEntry[]; nextCursor: number | null };

/** The workspace's log, every project's entries included unless `projectId` narrows it. */
export async function workspaceAuditLog(
  store: Store,
  caller: Caller,
  workspaceId: string,
  filters: AuditFilters & { projectId?: string },
): Promise<AuditPage> {
  return await store.read(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("workspace.audit.read", { workspaceId: w.id });
    return await page(tx, filters, { workspaceId: w.id, projectId: filters.projectId });
  });
}

export async function projectAuditLog(
  store: Store,
  caller: Caller,
  projectId: string,
  filters: AuditFilters,
): Promise<AuditPage> {
  return await store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("audit.read", projectTarget(p));
    return await page(tx, filters, { projectId: p.id });
  });
}

async function page(
  tx: Tx,
  f: AuditFilters,
  scope: Pick<AuditQuery, "workspaceId" | "projectId">,
): Promise<AuditPage> {
  const limit = f.limit ?? DEFAULT_AUDIT_PAGE_SIZE;
  if (limit > LIMITS.maxAuditPageSize) {
    throw invalid("read the audit log", [{
      path: "limit",
      message: `limit ${limit} must be at most ${LIMITS.maxAuditPageSize}`,
    }]);
  }
  const query: AuditQuery = { ...scope, limit };
  if (f.from !== undefined) query.from = new Date(f.from).toISOString();
  if (f.to !== undefined) query.to = new Date(f.to).toISOString();
  if (f.actorId !== undefined) query.actorId = f.actorId;
  if (f.configName !== undefined) query.configName = f.configName;
  if (f.before !== undefined) query.before = f.before;
  const entries = await tx.audit.query(query);
  const last = entries.at(-1);
  return { entries, nextCursor: entries.length === limit && last ? last.id : null };
}
