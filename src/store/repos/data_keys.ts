// Per-project data keys for sensitive configs (src/auth/envelope.ts). A project's first
// sensitive write makes its data key; the key's wrapped form travels on the change feed so
// replicas (which must serve SDKs without the primary) can unwrap it with their own master key.
import {
  CannotDecrypt,
  type KeyRing,
  NoMasterKey,
  openWith,
  sealedKeyId,
  sealWith,
  type WrappedDataKey,
} from "../../auth/envelope.ts";
import type { ChangeFeed } from "../changes.ts";
import { type Db, nowIso } from "../db.ts";

type Row = { id: string; project_id: string; wrapped: string; master_key_id: string };

const toKey = (r: Row): WrappedDataKey => ({
  id: r.id,
  projectId: r.project_id,
  wrapped: r.wrapped,
  masterKeyId: r.master_key_id,
});

export type DataKeys = ReturnType<typeof dataKeysRepo>;

export function dataKeysRepo(db: Db, feed: ChangeFeed, ring: KeyRing) {
  const byId = async (id: string) => {
    const row = await db.get<Row>(
      `SELECT id, project_id, wrapped, master_key_id FROM data_keys WHERE id = $1`,
      [id],
    );
    return row ? toKey(row) : undefined;
  };

  return {
    ring,

    /** True when this instance can seal (ENCRYPTION_KEY is set). */
    get configured(): boolean {
      return ring.configured;
    },

    /** `plain` sealed under the project's data key, which is made on first use. */
    async seal(projectId: string, plain: string): Promise<string> {
      if (!ring.configured) throw new NoMasterKey("encrypt a sensitive config");
      const row = await db.get<Row>(
        `SELECT id, project_id, wrapped, master_key_id FROM data_keys WHERE project_id = $1
         ORDER BY created_at DESC, id LIMIT 1`,
        [projectId],
      );
      let key = row ? toKey(row) : null;
      if (!key) {
        key = ring.newDataKey(projectId);
        await db.run(
          `INSERT INTO data_keys (id, project_id, wrapped, master_key_id, created_at)
           VALUES ($1, $2, $3, $4, $5)`,
          [key.id, key.projectId, key.wrapped, key.masterKeyId, nowIso()],
        );
        await feed.append({ kind: "data_key", projectId, key });
      }
      const bytes = ring.unwrap(key);
      if (!bytes) {
        throw new CannotDecrypt(`the data key of project ${projectId}`, key.id, key.masterKeyId);
      }
      return sealWith(key.id, bytes, plain);
    },

    /** The plain text of a sealed value; throws CannotDecrypt without the right master key. */
    async open(sealed: string): Promise<string> {
      const id = sealedKeyId(sealed);
      const key = id === null ? undefined : await byId(id);
      const bytes = key ? ring.unwrap(key) : null;
      const plain = bytes ? openWith(bytes, sealed) : null;
      if (plain === null) {
        throw new CannotDecrypt("a sensitive value", id, key?.masterKeyId ?? null);
      }
      return plain;
    },

    async list(): Promise<WrappedDataKey[]> {
      const rows = await db.all<Row>(
        `SELECT id, project_id, wrapped, master_key_id FROM data_keys ORDER BY created_at, id`,
      );
      return rows.map(toKey);
    },

    /** Stores a re-wrapped key and tells the replicas. */
    async replace(key: WrappedDataKey): Promise<void> {
      await db.run(
        `UPDATE data_keys SET wrapped = $2, master_key_id = $3, rotated_at = $4 WHERE id = $1`,
        [key.id, key.wrapped, key.masterKeyId, nowIso()],
      );
      await feed.append({ kind: "data_key", projectId: key.projectId, key });
    },
  };
}
