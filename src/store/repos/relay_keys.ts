import type { FeedRelayKey, RelayScope } from "../changes.ts";
import type { ChangeFeed } from "../changes.ts";
import { type Db, fromJsonOrNull, nowIso, toJson } from "../db.ts";

/** A relay key (`rpr_…`) as stored: only the hash of the key is kept. */
export type RelayKey = RelayScope & {
  id: string;
  name: string;
  description: string;
  keyHash: string;
  keyPrefix: string;
  keySuffix: string;
  createdBy: string | null;
  createdAt: string;
};

type Row = {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  key_hash: string;
  key_prefix: string;
  key_suffix: string;
  project_ids: string | null;
  environment_ids: string | null;
  created_by: string | null;
  created_at: string;
};
const COLUMNS = "id, workspace_id, name, description, key_hash, key_prefix, key_suffix, " +
  "project_ids, environment_ids, created_by, created_at";

function toKey(r: Row): RelayKey {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    description: r.description,
    keyHash: r.key_hash,
    keyPrefix: r.key_prefix,
    keySuffix: r.key_suffix,
    projectIds: fromJsonOrNull(r.project_ids),
    environmentIds: fromJsonOrNull(r.environment_ids),
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

/** The form replicas keep (changes.ts). */
export const toFeedRelayKey = (k: RelayKey): FeedRelayKey => ({
  id: k.id,
  workspaceId: k.workspaceId,
  projectIds: k.projectIds,
  environmentIds: k.environmentIds,
  keyHash: k.keyHash,
});

/** Relay keys; creation and deletion go on the change feed, so every replica can check them. */
export function relayKeysRepo(db: Db, feed: ChangeFeed) {
  return {
    async create(key: Omit<RelayKey, "createdAt">): Promise<RelayKey> {
      const created = { ...key, createdAt: nowIso() };
      await db.run(
        `INSERT INTO relay_keys (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          key.id,
          key.workspaceId,
          key.name,
          key.description,
          key.keyHash,
          key.keyPrefix,
          key.keySuffix,
          key.projectIds === null ? null : toJson(key.projectIds),
          key.environmentIds === null ? null : toJson(key.environmentIds),
          key.createdBy,
          created.createdAt,
        ],
      );
      await feed.append(
        { kind: "relay_key", id: key.id, projectId: null, key: toFeedRelayKey(created) },
      );
      return created;
    },

    async get(id: string): Promise<RelayKey | null> {
      const r = await db.get<Row>(`SELECT ${COLUMNS} FROM relay_keys WHERE id = $1`, [id]);
      return r ? toKey(r) : null;
    },

    /** Newest first. */
    async list(workspaceId: string): Promise<RelayKey[]> {
      const rows = await db.all<Row>(
        `SELECT ${COLUMNS} FROM relay_keys WHERE workspace_id = $1 ORDER BY created_at DESC, id`,
        [workspaceId],
      );
      return rows.map(toKey);
    },

    /** Every key, as replicas keep them (for a snapshot). */
    async all(): Promise<FeedRelayKey[]> {
      return (await db.all<Row>(`SELECT ${COLUMNS} FROM relay_keys`)).map((r) =>
        toFeedRelayKey(toKey(r))
      );
    },

    async delete(key: RelayKey): Promise<void> {
      await db.run(`DELETE FROM relay_keys WHERE id = $1`, [key.id]);
      const { keyHash: _, ...scope } = toFeedRelayKey(key);
      await feed.append(
        { kind: "relay_key_deleted", id: key.id, projectId: null, key: scope },
      );
    },
  };
}
