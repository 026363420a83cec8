import type { ChangeFeed } from "../changes.ts";
import { type Db, nowIso } from "../db.ts";
import type { SdkKey } from "../types.ts";

type Row = {
  id: string;
  project_id: string;
  environment_id: string;
  name: string;
  description: string;
  key_hash: string;
  key_prefix: string;
  key_suffix: string;
  created_at: string;
  read_sensitive: number | boolean;
};
const COLUMNS = "id, project_id, environment_id, name, description, key_hash, key_prefix, " +
  "key_suffix, created_at, read_sensitive";

function toKey(r: Row): SdkKey {
  return {
    id: r.id,
    projectId: r.project_id,
    environmentId: r.environment_id,
    name: r.name,
    description: r.description,
    keyHash: r.key_hash,
    keyPrefix: r.key_prefix,
    keySuffix: r.key_suffix,
    createdAt: r.created_at,
    readSensitive: Boolean(r.read_sensitive),
  };
}

/** SDK keys: only the hash of the key is kept. */
export function sdkKeysRepo(db: Db, feed: ChangeFeed) {
  return {
    async create(key: Omit<SdkKey, "createdAt">): Promise<SdkKey> {
      const created = { ...key, createdAt: nowIso() };
      await db.run(
        `INSERT INTO sdk_keys (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          key.id,
          key.projectId,
          key.environmentId,
          key.name,
          key.description,
          key.keyHash,
          key.keyPrefix,
          key.keySuffix,
          created.createdAt,
          key.readSensitive === true,
        ],
      );
      await feed.append({
        kind: "sdk_key",
        key: {
          id: key.id,
          projectId: key.projectId,
          environmentId: key.environmentId,
          keyHash: key.keyHash,
          readSensitive: key.readSensitive === true,
        },
      });
      return created;
    },

    async get(id: string): Promise<SdkKey | null> {
      const r = await db.get<Row>(`SELECT ${COLUMNS} FROM sdk_keys WHERE id = $1`, [id]);
      return r ? toKey(r) : null;
    },

    /** Newest first. */
    async list(projectId: string): Promise<SdkKey[]> {
      const rows = await db.all<Row>(
        `SELECT ${COLUMNS} FROM sdk_keys WHERE project_id = $1 ORDER BY created_at DESC, id`,
        [projectId],
      );
      return rows.map(toKey);
    },

    async delete(id: string): Promise<boolean> {
      const current = await this.get(id);
      if (!current) return false;
      await db.run(`DELETE FROM sdk_keys WHERE id = $1`, [id]);
      await feed.append({ kind: "sdk_key_deleted", id, projectId: current.projectId });
      return true;
    },
  };
}
