import type { ChangeFeed } from "../changes.ts";
import { type Db, newId, nowIso } from "../db.ts";
import type { Workspace } from "../types.ts";

type Row = { id: string; name: string; created_at: string; updated_at: string };
const COLUMNS = "id, name, created_at, updated_at";

function toWorkspace(r: Row): Workspace {
  return { id: r.id, name: r.name, createdAt: r.created_at, updatedAt: r.updated_at };
}

export function workspacesRepo(db: Db, feed: ChangeFeed) {
  return {
    async create(name: string): Promise<Workspace> {
      const now = nowIso();
      const w = { id: newId(), name, createdAt: now, updatedAt: now };
      await db.run(`INSERT INTO workspaces (${COLUMNS}) VALUES ($1, $2, $3, $4)`, [
        w.id,
        w.name,
        now,
        now,
      ]);
      return w;
    },

    async get(id: string): Promise<Workspace | null> {
      const row = await db.get<Row>(`SELECT ${COLUMNS} FROM workspaces WHERE id = $1`, [id]);
      return row ? toWorkspace(row) : null;
    },

    async list(): Promise<Workspace[]> {
      const rows = await db.all<Row>(`SELECT ${COLUMNS} FROM workspaces ORDER BY name, id`);
      return rows.map(toWorkspace);
    },

    /** Workspaces where this (normalized) email is a member. */
    async listForEmail(email: string): Promise<Workspace[]> {
      const rows = await db.all<Row>(
        `SELECT w.id, w.name, w.created_at, w.updated_at FROM workspaces w
         JOIN workspace_members m ON m.workspace_id = w.id
         WHERE m.email = $1 ORDER BY w.name, w.id`,
        [email],
      );
      return rows.map(toWorkspace);
    },

    async rename(id: string, name: string): Promise<boolean> {
      return await db.run(`UPDATE workspaces SET name = $2, updated_at = $3 WHERE id = $1`, [
        id,
        name,
        nowIso(),
      ]) > 0;
    },

    /** Deletes the workspace and, by cascade, its projects; replicas hear of each project. */
    async delete(id: string): Promise<boolean> {
      const projects = await db.all<{ id: string }>(
        `SELECT id FROM projects WHERE workspace_id = $1`,
        [id],
      );
      for (const p of projects) await feed.append({ kind: "project_deleted", id: p.id });
      return await db.run(`DELETE FROM workspaces WHERE id = $1`, [id]) > 0;
    },
  };
}
