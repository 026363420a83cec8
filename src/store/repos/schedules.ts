// Scheduled config changes (migration 0007): a full state to apply at a time. The scheduler
// claims a due one in the transaction that applies it (FOR UPDATE SKIP LOCKED in Postgres;
// SQLite has one writer), so each fires exactly once however many instances run.
import type { ConfigState } from "../../domain/config_state.ts";
import { type Db, fromJson, newId, nowIso, type Param, toJson } from "../db.ts";
import type { Actor } from "../types.ts";

export type ScheduleStatus = "pending" | "applied" | "failed" | "cancelled";
export type OnConflict = "apply" | "fail";

export type Schedule = {
  id: string;
  projectId: string;
  configId: string;
  configName: string;
  dueAt: string;
  state: ConfigState;
  baseVersion: number;
  onConflict: OnConflict;
  status: ScheduleStatus;
  comment: string;
  actor: Actor & { label: string };
  createdAt: string;
  updatedAt: string;
  firedAt: string | null;
  firedVersion: number | null;
  late: boolean;
  failure: string | null;
};

type Row = {
  id: string;
  project_id: string;
  config_id: string;
  config_name: string;
  due_at: string;
  state: string;
  base_version: number;
  on_conflict: OnConflict;
  status: ScheduleStatus;
  comment: string;
  actor_type: Actor["type"];
  actor_id: string | null;
  actor_label: string;
  created_at: string;
  updated_at: string;
  fired_at: string | null;
  fired_version: number | null;
  late: number | boolean;
  failure: string | null;
};

const toSchedule = (r: Row): Schedule => ({
  id: r.id,
  projectId: r.project_id,
  configId: r.config_id,
  configName: r.config_name,
  dueAt: r.due_at,
  state: fromJson(r.state),
  baseVersion: Number(r.base_version),
  onConflict: r.on_conflict,
  status: r.status,
  comment: r.comment,
  actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  firedAt: r.fired_at,
  firedVersion: r.fired_version === null ? null : Number(r.fired_version),
  late: Boolean(r.late),
  failure: r.failure,
});

/** `id` is given for a put-back, whose id derives from its change's (schedule_pairs.ts). */
export type NewSchedule =
  & Pick<
    Schedule,
    | "projectId"
    | "configId"
    | "configName"
    | "dueAt"
    | "state"
    | "baseVersion"
    | "onConflict"
    | "comment"
    | "actor"
  >
  & { id?: string };

export type ScheduleEdit = Partial<Pick<Schedule, "dueAt" | "state" | "onConflict" | "comment">>;

const doorbell = new Set<() => void>();

/** Calls `fn` after this process commits a new or changed schedule (its scheduler re-arms). */
export function onSchedulesChanged(fn: () => void): () => void {
  doorbell.add(fn);
  return () => doorbell.delete(fn);
}

export function ringSchedules(): void {
  for (const fn of doorbell) fn();
}

export function schedulesRepo(db: Db) {
  return {
    async create(s: NewSchedule): Promise<Schedule> {
      const now = nowIso();
      const row = await db.get<Row>(
        `INSERT INTO scheduled_changes (id, project_id, config_id, config_name, due_at, state,
         base_version, on_conflict, status, comment, actor_type, actor_id, actor_label,
         created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $11, $12, $13, $13)
         RETURNING *`,
        [
          s.id ?? newId(),
          s.projectId,
          s.configId,
          s.configName,
          s.dueAt,
          toJson(s.state),
          s.baseVersion,
          s.onConflict,
          s.comment,
          s.actor.type,
          s.actor.id,
          s.actor.label,
          now,
        ],
      );
      return toSchedule(row!);
    },

    async get(id: string): Promise<Schedule | null> {
      const row = await db.get<Row>(`SELECT * FROM scheduled_changes WHERE id = $1`, [id]);
      return row ? toSchedule(row) : null;
    },

    /** Which of `ids` exist. */
    async existing(ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const list = ids.map((_, i) => `$${i + 1}`).join(", ");
      const rows = await db.all<{ id: string }>(
        `SELECT id FROM scheduled_changes WHERE id IN (${list})`,
        ids,
      );
      return new Set(rows.map((r) => r.id));
    },

    /** The project's schedules by due time; `status` keeps one kind. */
    async list(projectId: string, status: ScheduleStatus | null, limit: number) {
      const params: Param[] = [projectId, limit];
      if (status) params.push(status);
      const rows = await db.all<Row>(
        `SELECT * FROM scheduled_changes WHERE project_id = $1
         ${status ? "AND status = $3" : ""} ORDER BY due_at, created_at, id LIMIT $2`,
        params,
      );
      return rows.map(toSchedule);
    },

    /** Changes a pending schedule; false when it is no longer pending. */
    async edit(id: string, e: ScheduleEdit): Promise<boolean> {
      const current = await this.get(id);
      if (!current || current.status !== "pending") return false;
      return await db.run(
        `UPDATE scheduled_changes SET due_at = $2, state = $3, on_conflict = $4, comment = $5,
         updated_at = $6 WHERE id = $1 AND status = 'pending'`,
        [
          id,
          e.dueAt ?? current.dueAt,
          toJson(e.state ?? current.state),
          e.onConflict ?? current.onConflict,
          e.comment ?? current.comment,
          nowIso(),
        ],
      ) > 0;
    },

    async cancel(id: string): Promise<boolean> {
      return await db.run(
        `UPDATE scheduled_changes SET status = 'cancelled', updated_at = $2
         WHERE id = $1 AND status = 'pending'`,
        [id, nowIso()],
      ) > 0;
    },

    /** When the next pending schedule is due (ISO time), or null. */
    async nextDue(): Promise<string | null> {
      const row = await db.get<{ t: string | null }>(
        `SELECT min(due_at) AS t FROM scheduled_changes WHERE status = 'pending'`,
      );
      return row?.t ?? null;
    },

    /**
     * The earliest pending schedule due by `now`, locked for this transaction; one another
     * transaction holds is skipped (Postgres), so instances never fire the same one.
     */
    async claimDue(now: string, skipLocked: boolean): Promise<Schedule | null> {
      const row = await db.get<Row>(
        `SELECT * FROM scheduled_changes WHERE status = 'pending' AND due_at <= $1
         ORDER BY due_at, created_at, id LIMIT 1 ${skipLocked ? "FOR UPDATE SKIP LOCKED" : ""}`,
        [now],
      );
      return row ? toSchedule(row) : null;
    },

    async finish(
      id: string,
      outcome: { status: "applied" | "failed"; version: number | null; late: boolean },
      failure: string | null,
    ): Promise<void> {
      const now = nowIso();
      await db.run(
        `UPDATE scheduled_changes SET status = $2, fired_at = $3, fired_version = $4,
         late = $5, failure = $6, updated_at = $3 WHERE id = $1 AND status = 'pending'`,
        [id, outcome.status, now, outcome.version, outcome.late, failure],
      );
    },
  };
}
