// What the replica keeps so that this instance can feed relays (docs/relay.md): each project's
// workspace, the relay keys, and a log of the changes it applied (the replication feed replays
// it after a relay's cursor). Written by the replicator's extension hook in the same SQLite
// transaction as the batch or resync, so the log and the replica never disagree.
import type { ReplicaExtension } from "../replica/replicator.ts";
import type { Replica } from "../replica/replica.ts";
import type { SourceSnapshot } from "../replica/replica_source.ts";
import type { Change } from "../store/changes.ts";
import type { AnyChange, FeedProject, FeedRelayKey, RelaySnapshotExtras } from "./relay_types.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS relay_projects (
  id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS relay_keys (
  id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, key_hash TEXT NOT NULL,
  project_ids TEXT, environment_ids TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS relay_log (
  revision INTEGER PRIMARY KEY, created_at TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL
);
`;

/** The log keeps this many newest changes; a relay further behind gets a full snapshot. */
export const LOG_KEEP = 10_000;
/** ... and at most this many bytes of them (large configs make large rows). */
export const LOG_MAX_BYTES = 64 * 1024 * 1024;

type KeyRow = {
  id: string;
  workspace_id: string;
  key_hash: string;
  project_ids: string | null;
  environment_ids: string | null;
};

export type RelayTables = ReturnType<typeof relayTables>;

/**
 * The tables, created if missing. A replica that was filled before they existed lacks their
 * rows: forgetting its database id makes the next contact with the source a full resync,
 * while the warm replica keeps serving.
 */
export function relayTables(r: Replica, keep = LOG_KEEP, maxBytes = LOG_MAX_BYTES) {
  const db = r.db;
  const existed = db.get(`SELECT 1 AS x FROM sqlite_master WHERE name = 'relay_log'`) !== undefined;
  db.transaction(() => {
    for (const statement of SCHEMA.split(";").map((s) => s.trim()).filter(Boolean)) {
      db.run(statement);
    }
    if (!existed && r.cursor() >= 0) {
      r.setDatabaseId("");
      setFloor(r.cursor());
    }
  });

  function floor(): number {
    return Number(
      db.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'relay_log_floor'`)?.value ??
        -1,
    );
  }
  function setFloor(revision: number) {
    db.run(
      `INSERT INTO meta (key, value) VALUES ('relay_log_floor', $1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      String(revision),
    );
  }
  const putKey = (k: FeedRelayKey) =>
    db.run(
      `INSERT INTO relay_keys (id, workspace_id, key_hash, project_ids, environment_ids)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET
       workspace_id = excluded.workspace_id, key_hash = excluded.key_hash,
       project_ids = excluded.project_ids, environment_ids = excluded.environment_ids`,
      k.id,
      k.workspaceId,
      k.keyHash,
      k.projectIds ? JSON.stringify(k.projectIds) : null,
      k.environmentIds ? JSON.stringify(k.environmentIds) : null,
    );
  const putProject = (p: FeedProject) =>
    db.run(
      `INSERT INTO relay_projects (id, workspace_id, deleted) VALUES ($1, $2, 0)
       ON CONFLICT (id) DO UPDATE SET workspace_id = excluded.workspace_id, deleted = 0`,
      p.id,
      p.workspaceId,
    );
  let sincePrune = 0;
  let sinceBytes = 0;

  return {
    /** The log holds every change applied after this revision (-1: none yet). */
    floor,

    findKey(id: string): FeedRelayKey | undefined {
      const row = db.get<KeyRow>(`SELECT * FROM relay_keys WHERE id = $1`, id);
      return row ? toKey(row) : undefined;
    },
    keys: (): FeedRelayKey[] => db.all<KeyRow>(`SELECT * FROM relay_keys`).map(toKey),

    /** A project's workspace; deleted projects are remembered, so their deletion can be routed. */
    workspaceOf: (projectId: string): string | undefined =>
      db.get<{ w: string }>(`SELECT workspace_id AS w FROM relay_projects WHERE id = $1`, projectId)
        ?.w,
    projects: (): (FeedProject & { deleted: boolean })[] =>
      db.all<{ id: string; workspace_id: string; deleted: number }>(
        `SELECT id, workspace_id, deleted FROM relay_projects`,
      ).map((p) => ({ id: p.id, workspaceId: p.workspace_id, deleted: p.deleted === 1 })),

    /** Logged changes after `revision`, oldest first. */
    after(revision: number, limit: number): AnyChange[] {
      return db.all<{ revision: number; created_at: string; kind: string; payload: string }>(
        `SELECT revision, created_at, kind, payload FROM relay_log WHERE revision > $1
         ORDER BY revision LIMIT $2`,
        revision,
        limit,
      ).map((row) => ({
        ...JSON.parse(row.payload),
        kind: row.kind,
        revision: Number(row.revision),
        createdAt: row.created_at,
      }));
    },

    /** The hooks the replicator calls inside its transactions. */
    extension(committed: () => void): ReplicaExtension {
      return {
        apply: (changes: Change[]) => {
          for (const change of changes as AnyChange[]) {
            applyOwn(change);
            if (change.kind === "checkpoint") continue;
            const { revision, createdAt, kind, ...payload } = change;
            const text = JSON.stringify(payload);
            sinceBytes += text.length;
            db.run(
              `INSERT INTO relay_log (revision, created_at, kind, payload) VALUES ($1, $2, $3, $4)
               ON CONFLICT (revision) DO NOTHING`,
              revision,
              createdAt,
              kind,
              text,
            );
          }
          sincePrune += changes.length;
          if (sincePrune >= Math.min(500, keep) || sinceBytes >= maxBytes / 16) prune();
        },
        reset: (snap: SourceSnapshot) => {
          const extras = snap as SourceSnapshot & RelaySnapshotExtras;
          db.run(`DELETE FROM relay_projects`);
          db.run(`DELETE FROM relay_keys`);
          db.run(`DELETE FROM relay_log`);
          for (const p of extras.projects ?? []) putProject(p);
          for (const k of extras.relayKeys ?? []) putKey(k);
          setFloor(snap.revision);
        },
        committed,
      };
    },
  };

  function applyOwn(change: AnyChange) {
    switch (change.kind) {
      case "project":
        putProject({ id: change.id, workspaceId: change.workspaceId });
        return;
      case "project_deleted":
        db.run(`UPDATE relay_projects SET deleted = 1 WHERE id = $1`, change.id);
        return;
      case "relay_key":
        putKey(change.key);
        return;
      case "relay_key_deleted":
        db.run(`DELETE FROM relay_keys WHERE id = $1`, change.id);
        return;
    }
  }

  function prune() {
    sincePrune = 0;
    sinceBytes = 0;
    const byCount = db.get<{ revision: number }>(
      `SELECT revision FROM relay_log ORDER BY revision DESC LIMIT 1 OFFSET $1`,
      keep,
    );
    const bySize = db.get<{ revision: number }>(
      `SELECT revision FROM (SELECT revision,
         sum(length(payload)) OVER (ORDER BY revision DESC) AS total FROM relay_log)
       WHERE total > $1 LIMIT 1`,
      maxBytes,
    );
    const cut = Math.max(Number(byCount?.revision ?? -1), Number(bySize?.revision ?? -1));
    if (cut < 0) return;
    db.run(`DELETE FROM relay_log WHERE revision <= $1`, cut);
    setFloor(cut);
  }
}

function toKey(row: KeyRow): FeedRelayKey {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    keyHash: row.key_hash,
    projectIds: row.project_ids === null ? null : JSON.parse(row.project_ids),
    environmentIds: row.environment_ids === null ? null : JSON.parse(row.environment_ids),
  };
}
