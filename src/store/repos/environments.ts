import type { ChangeFeed } from "../changes.ts";
import { type Db, newId, nowIso } from "../db.ts";
import type { Environment } from "../types.ts";

type Row = {
  id: string;
  project_id: string;
  name: string;
  position: number;
  created_at: string;
  updated_at: string;
};
const COLUMNS = "id, project_id, name, position, created_at, updated_at";

function toEnvironment(r: Row): Environment {
  return {
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    position: Number(r.position),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function environmentsRepo(db: Db, feed: ChangeFeed) {
  const announce = (e: Environment) =>
    feed.append({
      kind: "environment",
      environment: { id: e.id, projectId: e.projectId, name: e.name },
    });

  return {
    /** Appends the environment after the project's last one. */
    async create(projectId: string, name: string): Promise<Environment> {
      const last = await db.get<{ p: number | null }>(
        `SELECT max(position) AS p FROM environments WHERE project_id = $1`,
        [projectId],
      );
      const now = nowIso();
      const e: Environment = {
        id: newId(),
        projectId,
        name,
        position: Number(last?.p ?? 0) + 1,
        createdAt: now,
        updatedAt: now,
      };
      await db.run(`INSERT INTO environments (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
        e.id,
        projectId,
        name,
        e.position,
        now,
        now,
      ]);
      await announce(e);
      return e;
    },

    async get(id: string): Promise<Environment | null> {
      const row = await db.get<Row>(`SELECT ${COLUMNS} FROM environments WHERE id = $1`, [id]);
      return row ? toEnvironment(row) : null;
    },

    async list(projectId: string): Promise<Environment[]> {
      const rows = await db.all<Row>(
        `SELECT ${COLUMNS} FROM environments WHERE project_id = $1 ORDER BY position, id`,
        [projectId],
      );
      return rows.map(toEnvironment);
    },

    async rename(id: string, name: string): Promise<Environment | null> {
      const current = await this.get(id);
      if (!current) return null;
      const next = { ...current, name, updatedAt: nowIso() };
      await db.run(`UPDATE environments SET name = $2, updated_at = $3 WHERE id = $1`, [
        id,
        name,
        next.updatedAt,
      ]);
      await announce(next);
      return next;
    },

    /** Sets positions 1..n in the given order; `ids` must be exactly the project's environments. */
    async reorder(projectId: string, ids: string[]): Promise<boolean> {
      const current = await this.list(projectId);
      const known = new Set(current.map((e) => e.id));
      if (ids.length !== known.size || new Set(ids).size !== ids.length) return false;
      if (!ids.every((id) => known.has(id))) return false;
      const now = nowIso();
      for (const [i, id] of ids.entries()) {
        await db.run(`UPDATE environments SET position = $2, updated_at = $3 WHERE id = $1`, [
          id,
          i + 1,
          now,
        ]);
      }
      return true;
    },

    /** Deletes the environment, its variants and its SDK keys (by cascade). */
    async delete(id: string): Promise<boolean> {
      const current = await this.get(id);
      if (!current) return false;
      await db.run(`DELETE FROM environments WHERE id = $1`, [id]);
      await feed.append({ kind: "environment_deleted", id, projectId: current.projectId });
      return true;
    },
  };
}
