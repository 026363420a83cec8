import { type Db, fromJson, fromJsonOrNull, nowIso, toJson } from "../db.ts";
import type { AdminApiKey } from "../types.ts";

type Row = {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  key_hash: string;
  key_prefix: string;
  key_suffix: string;
  scopes: string;
  project_ids: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  created_by: string | null;
  created_at: string;
};
const COLUMNS = "id, workspace_id, name, description, key_hash, key_prefix, key_suffix, " +
  "scopes, project_ids, expires_at, last_used_at, created_by, created_at";

function toKey(r: Row): AdminApiKey {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    description: r.description,
    keyHash: r.key_hash,
    keyPrefix: r.key_prefix,
    keySuffix: r.key_suffix,
    scopes: fromJson(r.scopes),
    projectIds: fromJsonOrNull(r.project_ids),
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

/** Workspace admin API keys (`rpa_…`): only the hash of the key is kept. */
export function apiKeysRepo(db: Db) {
  return {
    async create(
      key: Omit<AdminApiKey, "createdAt" | "lastUsedAt">,
    ): Promise<AdminApiKey> {
      const created = { ...key, createdAt: nowIso(), lastUsedAt: null };
      await db.run(
        `INSERT INTO admin_api_keys (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12)`,
        [
          key.id,
          key.workspaceId,
          key.name,
          key.description,
          key.keyHash,
          key.keyPrefix,
          key.keySuffix,
          toJson(key.scopes),
          key.projectIds === null ? null : toJson(key.projectIds),
          key.expiresAt,
          key.createdBy,
          created.createdAt,
        ],
      );
      return created;
    },

    async get(id: string): Promise<AdminApiKey | null> {
      const r = await db.get<Row>(`SELECT ${COLUMNS} FROM admin_api_keys WHERE id = $1`, [id]);
      return r ? toKey(r) : null;
    },

    async list(workspaceId: string): Promise<AdminApiKey[]> {
      const rows = await db.all<Row>(
        `SELECT ${COLUMNS} FROM admin_api_keys WHERE workspace_id = $1
         ORDER BY created_at DESC, id`,
        [workspaceId],
      );
      return rows.map(toKey);
    },

    async touch(id: string, at: string = nowIso()): Promise<void> {
      await db.run(`UPDATE admin_api_keys SET last_used_at = $2 WHERE id = $1`, [id, at]);
    },

    async delete(id: string): Promise<boolean> {
      return await db.run(`DELETE FROM admin_api_keys WHERE id = $1`, [id]) > 0;
    },
  };
}
