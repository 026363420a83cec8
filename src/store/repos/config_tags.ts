// Config tags (migration 0016): metadata beside a config, deleted with it; not versioned.
import type { Db } from "../db.ts";

export function configTagsRepo(db: Db) {
  return {
    /** Tags by config id, for the project's configs that have any. */
    async ofProject(projectId: string): Promise<Map<string, string[]>> {
      const rows = await db.all<{ config_id: string; tag: string }>(
        `SELECT t.config_id, t.tag FROM config_tags t JOIN configs c ON c.id = t.config_id
         WHERE c.project_id = $1 ORDER BY t.config_id, t.tag`,
        [projectId],
      );
      const out = new Map<string, string[]>();
      for (const r of rows) {
        const list = out.get(r.config_id);
        if (list) list.push(r.tag);
        else out.set(r.config_id, [r.tag]);
      }
      return out;
    },
    async of(configId: string): Promise<string[]> {
      const rows = await db.all<{ tag: string }>(
        `SELECT tag FROM config_tags WHERE config_id = $1 ORDER BY tag`,
        [configId],
      );
      return rows.map((r) => r.tag);
    },
    /** Replaces the config's tags with `tags`. */
    async set(configId: string, tags: readonly string[]): Promise<void> {
      await db.run(`DELETE FROM config_tags WHERE config_id = $1`, [configId]);
      for (const tag of tags) {
        await db.run(`INSERT INTO config_tags (config_id, tag) VALUES ($1, $2)`, [configId, tag]);
      }
    },
  };
}
