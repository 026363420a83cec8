import { type Db, nowIso } from "../db.ts";
import type { ConfigRole, Member, ProjectRole, WorkspaceRole } from "../types.ts";

type Table = "workspace_members" | "project_members";
const OWNER: Record<Table, string> = {
  workspace_members: "workspace_id",
  project_members: "project_id",
};

/** Members of a workspace or a project, by normalized email. (Config members live with the config.) */
export function membersRepo<R extends string>(db: Db, table: Table) {
  const owner = OWNER[table];
  return {
    async list(ownerId: string): Promise<Member<R>[]> {
      const rows = await db.all<{ email: string; role: R; created_at: string }>(
        `SELECT email, role, created_at FROM ${table} WHERE ${owner} = $1 ORDER BY email`,
        [ownerId],
      );
      return rows.map((r) => ({ email: r.email, role: r.role, createdAt: r.created_at }));
    },

    async get(ownerId: string, email: string): Promise<Member<R> | null> {
      const r = await db.get<{ email: string; role: R; created_at: string }>(
        `SELECT email, role, created_at FROM ${table} WHERE ${owner} = $1 AND email = $2`,
        [ownerId, email],
      );
      return r ? { email: r.email, role: r.role, createdAt: r.created_at } : null;
    },

    /** Adds the member, or changes the role of an existing one. */
    async set(ownerId: string, email: string, role: R): Promise<void> {
      await db.run(
        `INSERT INTO ${table} (${owner}, email, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (${owner}, email) DO UPDATE SET role = excluded.role`,
        [ownerId, email, role, nowIso()],
      );
    },

    async remove(ownerId: string, email: string): Promise<boolean> {
      return await db.run(`DELETE FROM ${table} WHERE ${owner} = $1 AND email = $2`, [
        ownerId,
        email,
      ]) > 0;
    },
  };
}

/** Every role an email holds, for the permission checks. */
export function rolesRepo(db: Db) {
  return {
    async forEmail(email: string) {
      const [workspaces, projects, configs] = await Promise.all([
        db.all<{ workspace_id: string; role: WorkspaceRole }>(
          `SELECT workspace_id, role FROM workspace_members WHERE email = $1`,
          [email],
        ),
        db.all<{ project_id: string; workspace_id: string; role: ProjectRole }>(
          `SELECT m.project_id, p.workspace_id, m.role FROM project_members m
           JOIN projects p ON p.id = m.project_id WHERE m.email = $1`,
          [email],
        ),
        db.all<{ config_id: string; project_id: string; name: string; role: ConfigRole }>(
          `SELECT m.config_id, c.project_id, c.name, m.role FROM config_members m
           JOIN configs c ON c.id = m.config_id WHERE m.email = $1`,
          [email],
        ),
      ]);
      return {
        workspaces: workspaces.map((r) => ({ workspaceId: r.workspace_id, role: r.role })),
        projects: projects.map((r) => ({
          projectId: r.project_id,
          workspaceId: r.workspace_id,
          role: r.role,
        })),
        configs: configs.map((r) => ({
          configId: r.config_id,
          projectId: r.project_id,
          configName: r.name,
          role: r.role,
        })),
      };
    },
  };
}
