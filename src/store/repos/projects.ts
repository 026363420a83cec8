import type { ChangeFeed } from "../changes.ts";
import { type Db, newId, nowIso } from "../db.ts";
import type { Project } from "../types.ts";

type Row = {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
};
const COLUMNS = "id, workspace_id, name, description, created_at, updated_at";

function toProject(r: Row): Project {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    description: r.description,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function projectsRepo(db: Db, feed: ChangeFeed) {
  const announce = (p: Project) =>
    feed.append({ kind: "project", id: p.id, workspaceId: p.workspaceId, name: p.name });

  return {
    async create(workspaceId: string, name: string, description = ""): Promise<Project> {
      const now = nowIso();
      const p = { id: newId(), workspaceId, name, description, createdAt: now, updatedAt: now };
      await db.run(`INSERT INTO projects (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
        p.id,
        workspaceId,
        name,
        description,
        now,
        now,
      ]);
      await announce(p);
      return p;
    },

    async get(id: string): Promise<Project | null> {
      const row = await db.get<Row>(`SELECT ${COLUMNS} FROM projects WHERE id = $1`, [id]);
      return row ? toProject(row) : null;
    },

    async getByName(workspaceId: string, name: string): Promise<Project | null> {
      const row = await db.get<Row>(
        `SELECT ${COLUMNS} FROM projects WHERE workspace_id = $1 AND name = $2`,
        [workspaceId, name],
      );
      return row ? toProject(row) : null;
    },

    /** Projects of one workspace, or of every workspace when `workspaceId` is null. */
    async list(workspaceId: string | null): Promise<Project[]> {
      const rows = workspaceId === null
        ? await db.all<Row>(`SELECT ${COLUMNS} FROM projects ORDER BY name, id`)
        : await db.all<Row>(
          `SELECT ${COLUMNS} FROM projects WHERE workspace_id = $1 ORDER BY name, id`,
          [workspaceId],
        );
      return rows.map(toProject);
    },

    async update(
      id: string,
      patch: { name?: string; description?: string },
    ): Promise<Project | null> {
      const current = await this.get(id);
      if (!current) return null;
      const next = { ...current, ...patch, updatedAt: nowIso() };
      await db.run(
        `UPDATE projects SET name = $2, description = $3, updated_at = $4 WHERE id = $1`,
        [id, next.name, next.description, next.updatedAt],
      );
      await announce(next);
      return next;
    },

    async delete(id: string): Promise<boolean> {
      const deleted = await db.run(`DELETE FROM projects WHERE id = $1`, [id]) > 0;
      if (deleted) await feed.append({ kind: "project_deleted", id });
      return deleted;
    },
  };
}
