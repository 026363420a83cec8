// Segments and exclusion groups ("targets", migration 0006): one table, told apart by kind.
// Every create, update and delete writes a version snapshot (not for deletes) and a
// change-feed row in the caller's transaction, so replicas re-render what uses them.
import type { ChangeFeed } from "../changes.ts";
import { type Db, fromJson, newId, nowIso, toJson } from "../db.ts";
import type { Actor, Target, TargetKind, TargetVersion } from "../types.ts";

type Row = {
  id: string;
  project_id: string;
  kind: TargetKind;
  name: string;
  description: string;
  data: string;
  version: number;
  created_at: string;
  updated_at: string;
};
const COLUMNS = "id, project_id, kind, name, description, data, version, created_at, updated_at";

type VersionRow = {
  target_id: string;
  kind: TargetKind;
  name: string;
  version: number;
  snapshot: string;
  actor_type: Actor["type"];
  actor_id: string | null;
  created_at: string;
};

const toTarget = (r: Row): Target => ({
  id: r.id,
  projectId: r.project_id,
  kind: r.kind,
  name: r.name,
  description: r.description,
  data: fromJson(r.data),
  version: Number(r.version),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toVersion = (r: VersionRow): TargetVersion => ({
  targetId: r.target_id,
  kind: r.kind,
  name: r.name,
  version: Number(r.version),
  ...fromJson<{ description: string; data: Target["data"] }>(r.snapshot),
  actor: { type: r.actor_type, id: r.actor_id },
  createdAt: r.created_at,
});

export function targetsRepo(db: Db, feed: ChangeFeed) {
  async function record(t: Target, actor: Actor) {
    await db.run(
      `INSERT INTO target_versions
       (id, target_id, project_id, kind, name, version, snapshot, actor_type, actor_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        newId(),
        t.id,
        t.projectId,
        t.kind,
        t.name,
        t.version,
        toJson({ description: t.description, data: t.data }),
        actor.type,
        actor.id,
        t.updatedAt,
      ],
    );
    await feed.append({
      kind: "target",
      target: { id: t.id, projectId: t.projectId, kind: t.kind, name: t.name, data: t.data },
    });
  }

  return {
    async list(projectId: string, kind?: TargetKind): Promise<Target[]> {
      const rows = kind
        ? await db.all<Row>(
          `SELECT ${COLUMNS} FROM targets WHERE project_id = $1 AND kind = $2 ORDER BY name`,
          [projectId, kind],
        )
        : await db.all<Row>(
          `SELECT ${COLUMNS} FROM targets WHERE project_id = $1 ORDER BY kind, name`,
          [projectId],
        );
      return rows.map(toTarget);
    },

    async get(projectId: string, kind: TargetKind, name: string): Promise<Target | null> {
      const row = await db.get<Row>(
        `SELECT ${COLUMNS} FROM targets WHERE project_id = $1 AND kind = $2 AND name = $3`,
        [projectId, kind, name],
      );
      return row ? toTarget(row) : null;
    },

    async create(
      projectId: string,
      kind: TargetKind,
      name: string,
      fields: Pick<Target, "description" | "data">,
      actor: Actor,
    ): Promise<Target> {
      const now = nowIso();
      const t: Target = {
        id: newId(),
        projectId,
        kind,
        name,
        ...fields,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await db.run(
        `INSERT INTO targets (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)`,
        [t.id, projectId, kind, name, t.description, toJson(t.data), now],
      );
      await record(t, actor);
      return t;
    },

    /** Replaces description and data and bumps the version. */
    async update(
      current: Target,
      fields: Pick<Target, "description" | "data">,
      actor: Actor,
    ): Promise<Target> {
      const now = nowIso();
      const t: Target = { ...current, ...fields, version: current.version + 1, updatedAt: now };
      await db.run(
        `UPDATE targets SET description = $2, data = $3, version = $4, updated_at = $5
         WHERE id = $1`,
        [t.id, t.description, toJson(t.data), t.version, now],
      );
      await record(t, actor);
      return t;
    },

    async delete(t: Target): Promise<void> {
      await db.run(`DELETE FROM targets WHERE id = $1`, [t.id]);
      await feed.append({
        kind: "target_deleted",
        id: t.id,
        projectId: t.projectId,
        targetKind: t.kind,
        name: t.name,
      });
    },

    /** Versions of every target that has had this kind and name in the project, newest first. */
    async versions(projectId: string, kind: TargetKind, name: string): Promise<TargetVersion[]> {
      const rows = await db.all<VersionRow>(
        `SELECT target_id, kind, name, version, snapshot, actor_type, actor_id, created_at
         FROM target_versions WHERE project_id = $1 AND kind = $2 AND name = $3
         ORDER BY created_at DESC, version DESC`,
        [projectId, kind, name],
      );
      return rows.map(toVersion);
    },
  };
}
