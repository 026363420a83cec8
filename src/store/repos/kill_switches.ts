// Kill switches (migration 0007): what was switched off, why, and the state it replaced, so
// an undo can put it back. An active one has no undone_at.
import type { ConfigState } from "../../domain/config_state.ts";
import type { Json } from "../../domain/overrides.ts";
import { type Db, fromJson, newId, nowIso, toJson } from "../db.ts";

export type KillSwitch = {
  id: string;
  projectId: string;
  configId: string;
  configName: string;
  /** null: every environment. */
  environmentId: string | null;
  value: Json;
  reason: string;
  /** The config's state just before the kill. */
  before: ConfigState;
  killedVersion: number;
  actorLabel: string;
  createdAt: string;
  undoneAt: string | null;
  undoneBy: string | null;
  undoneVersion: number | null;
};

type Row = {
  id: string;
  project_id: string;
  config_id: string;
  config_name: string;
  environment_id: string | null;
  value: string;
  reason: string;
  before: string;
  killed_version: number;
  actor_label: string;
  created_at: string;
  undone_at: string | null;
  undone_by: string | null;
  undone_version: number | null;
};

const toKillSwitch = (r: Row): KillSwitch => ({
  id: r.id,
  projectId: r.project_id,
  configId: r.config_id,
  configName: r.config_name,
  environmentId: r.environment_id,
  value: fromJson(r.value),
  reason: r.reason,
  before: fromJson(r.before),
  killedVersion: Number(r.killed_version),
  actorLabel: r.actor_label,
  createdAt: r.created_at,
  undoneAt: r.undone_at,
  undoneBy: r.undone_by,
  undoneVersion: r.undone_version === null ? null : Number(r.undone_version),
});

export type NewKillSwitch = Omit<
  KillSwitch,
  "id" | "createdAt" | "undoneAt" | "undoneBy" | "undoneVersion"
>;

export function killSwitchesRepo(db: Db) {
  return {
    async create(k: NewKillSwitch): Promise<KillSwitch> {
      const row = await db.get<Row>(
        `INSERT INTO kill_switches (id, project_id, config_id, config_name, environment_id,
         value, reason, before, killed_version, actor_label, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
        [
          newId(),
          k.projectId,
          k.configId,
          k.configName,
          k.environmentId,
          toJson(k.value),
          k.reason,
          toJson(k.before),
          k.killedVersion,
          k.actorLabel,
          nowIso(),
        ],
      );
      return toKillSwitch(row!);
    },

    async get(id: string): Promise<KillSwitch | null> {
      const row = await db.get<Row>(`SELECT * FROM kill_switches WHERE id = $1`, [id]);
      return row ? toKillSwitch(row) : null;
    },

    /** The config's kill switches still in force, newest first. */
    async activeFor(configId: string): Promise<KillSwitch[]> {
      const rows = await db.all<Row>(
        `SELECT * FROM kill_switches WHERE config_id = $1 AND undone_at IS NULL
         ORDER BY created_at DESC, id`,
        [configId],
      );
      return rows.map(toKillSwitch);
    },

    /** The project's kill switches, newest first; `active` keeps those still in force. */
    async list(projectId: string, active: boolean, limit: number): Promise<KillSwitch[]> {
      const rows = await db.all<Row>(
        `SELECT * FROM kill_switches WHERE project_id = $1
         ${active ? "AND undone_at IS NULL" : ""}
         ORDER BY created_at DESC, id LIMIT $2`,
        [projectId, limit],
      );
      return rows.map(toKillSwitch);
    },

    async markUndone(id: string, by: string, version: number | null): Promise<boolean> {
      const changed = await db.run(
        `UPDATE kill_switches SET undone_at = $2, undone_by = $3, undone_version = $4
         WHERE id = $1 AND undone_at IS NULL`,
        [id, nowIso(), by, version],
      );
      return changed > 0;
    },
  };
}
