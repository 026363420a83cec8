// Verifying the history: walks the hash chains of config versions and the audit log and reports
// the first broken link of each (docs/security.md). A workspace admin checks their workspace's
// chains over the admin API; `dialtone verify` checks every chain of the database.
import type { Store, Tx } from "../store/store.ts";
import { type AuditBreak, historyRepo, type VersionBreak } from "../store/repos/history_chain.ts";
import type { Caller } from "./caller.ts";
import { workspaceOr404 } from "./lookup.ts";

export type HistoryReport = {
  /** True when no chain has a broken link. */
  ok: boolean;
  /** Rows from before migration 0014 that this run hashed first (0 once all are sealed). */
  sealed: number;
  configVersions: { rows: number; chains: number; firstBroken: VersionBreak | null };
  auditLog: { rows: number; chains: number; firstBroken: AuditBreak | null };
};

/** Hashes rows written before the chains existed; run at start, and before each verify. */
export async function sealHistory(store: Store): Promise<number> {
  return await store.write((tx) => historyRepo(tx.db).sealAll());
}

async function walk(
  tx: Tx,
  projectIds: string[],
  auditChains: (string | null)[],
  sealed: number,
): Promise<HistoryReport> {
  const history = historyRepo(tx.db);
  const report: HistoryReport = {
    ok: true,
    sealed,
    configVersions: { rows: 0, chains: 0, firstBroken: null },
    auditLog: { rows: 0, chains: 0, firstBroken: null },
  };
  for (const id of projectIds) {
    const w = await history.walkVersions(id);
    report.configVersions.rows += w.rows;
    report.configVersions.chains += w.chains;
    if (w.broken) {
      report.configVersions.firstBroken = w.broken;
      break;
    }
  }
  for (const chain of auditChains) {
    const w = await history.walkAudit(chain);
    report.auditLog.rows += w.rows;
    report.auditLog.chains++;
    if (w.broken) {
      report.auditLog.firstBroken = w.broken;
      break;
    }
  }
  report.ok = !report.configVersions.firstBroken && !report.auditLog.firstBroken;
  return report;
}

/**
 * The chains of one workspace: the versions of its projects' configs (deleted configs
 * included, deleted projects not: those only `dialtone verify` reaches) and its audit log.
 */
export async function verifyWorkspaceHistory(
  store: Store,
  caller: Caller,
  workspaceId: string,
): Promise<HistoryReport> {
  await store.read(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("workspace.history.verify", { workspaceId: w.id });
  });
  const sealed = await sealHistory(store);
  return await store.read(async (tx) => {
    const projects = await tx.projects.list(workspaceId);
    return await walk(tx, projects.map((p) => p.id), [workspaceId], sealed);
  });
}

/** Every chain in the database (the operator's `dialtone verify`). */
export async function verifyAllHistory(store: Store): Promise<HistoryReport> {
  const sealed = await sealHistory(store);
  return await store.read(async (tx) => {
    const history = historyRepo(tx.db);
    return await walk(tx, await history.versionProjects(), await history.auditChains(), sealed);
  });
}
