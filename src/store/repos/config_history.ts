// A project's configs as they were at a point in time, read from the append-only version
// history and the audit log's deletions: what a project rollback restores.
import type { ConfigState } from "../../domain/config_state.ts";
import { type Db, fromJson } from "../db.ts";

export type ConfigAt = { configId: string; name: string; version: number; state: ConfigState };

export function configHistoryRepo(db: Db) {
  return {
    /** Each config of the project that existed at `at` (ISO time), in its latest version then. */
    async at(projectId: string, at: string): Promise<ConfigAt[]> {
      const rows = await db.all<
        { config_id: string; config_name: string; version: number; snapshot: string }
      >(
        `SELECT v.config_id, v.config_name, v.version, v.snapshot FROM config_versions v
         WHERE v.project_id = $1 AND v.created_at <= $2
         AND v.version = (SELECT max(w.version) FROM config_versions w
                          WHERE w.config_id = v.config_id AND w.created_at <= $2)
         AND NOT EXISTS (SELECT 1 FROM audit_log a
                         WHERE a.project_id = $1 AND a.action = 'config.delete'
                         AND a.target_id = v.config_id AND a.created_at <= $2)
         ORDER BY v.config_name`,
        [projectId, at],
      );
      return rows.map((r) => ({
        configId: r.config_id,
        name: r.config_name,
        version: Number(r.version),
        state: fromJson<ConfigState>(r.snapshot),
      }));
    },
  };
}
