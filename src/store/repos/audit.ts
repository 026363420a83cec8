import { type Db, fromJsonOrNull, nowIso, type Param, toJson } from "../db.ts";
import type { AuditEntry, AuditQuery, NewAuditEntry } from "../types.ts";
import { historyRepo } from "./history_chain.ts";

type Row = {
  id: number;
  workspace_id: string | null;
  project_id: string | null;
  config_name: string | null;
  actor_type: AuditEntry["actor"]["type"];
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
  request_id: string | null;
  created_at: string;
};

function toEntry(r: Row): AuditEntry {
  return {
    id: Number(r.id),
    workspaceId: r.workspace_id,
    projectId: r.project_id,
    configName: r.config_name,
    actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    before: fromJsonOrNull(r.before),
    after: fromJsonOrNull(r.after),
    requestId: r.request_id,
    createdAt: r.created_at,
  };
}

/**
 * The audit log: append-only (the database rejects UPDATE and DELETE), each row hash-chained
 * to the previous one of its workspace (history_chain.ts).
 */
export function auditRepo(db: Db) {
  const history = historyRepo(db);
  return {
    async append(e: NewAuditEntry): Promise<void> {
      await history.appendAudit({
        workspace_id: e.workspaceId,
        project_id: e.projectId,
        config_name: e.configName,
        actor_type: e.actor.type,
        actor_id: e.actor.id,
        actor_label: e.actor.label,
        action: e.action,
        target_type: e.targetType,
        target_id: e.targetId,
        before: e.before === null ? null : toJson(e.before),
        after: e.after === null ? null : toJson(e.after),
        request_id: e.requestId,
        created_at: nowIso(),
      });
    },

    /** Newest first; pass the last id seen as `before` for the next page. */
    async query(q: AuditQuery): Promise<AuditEntry[]> {
      const where: string[] = [];
      const params: Param[] = [];
      const add = (clause: string, value: Param | undefined) => {
        if (value === undefined) return;
        params.push(value);
        where.push(clause.replace("?", `$${params.length}`));
      };
      add("workspace_id = ?", q.workspaceId);
      add("project_id = ?", q.projectId);
      add("config_name = ?", q.configName);
      add("actor_id = ?", q.actorId);
      add("created_at >= ?", q.from);
      add("created_at < ?", q.to);
      add("id < ?", q.before);
      params.push(q.limit);
      const rows = await db.all<Row>(
        `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
         ORDER BY id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(toEntry);
    },
  };
}
